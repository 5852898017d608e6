"""Source: ebmgt/NHS-Gender (repository licence GPL-3).

NHS Staff Survey 2021-2024 by organisation (NHS Staff Survey, Open
Government Licence v3.0): trust type, region, ICS and a selection of
wellbeing and harassment rates.
"""

from __future__ import annotations


import pandas as pd

from ._reader import table, tidy

GENDER = "nhs_gender/trusts_wellbeing_organisational_2021_2024.csv"

#: The seven NHS England regions (used to repair the swapped 2021 columns of the NHS-Gender file).
NHS_REGIONS: tuple[str, ...] = (
    "East of England", "London", "Midlands", "North East and Yorkshire", "North West", "South East", "South West",
)




_GENDER_PCT: dict[str, str] = {  # output column -> NHS-Gender column (see the docstring below)
    "med_dental_pct": "Med_Dental_rate",
    "patient_facing_pct": "Patient_facing_rate",
    "female_pct": "Female_rate",
    "ethnic_minority_pct": "Ethnic_minority_rate",
    "burnout_pct": "Burned_out_rate",
    "exhausted_pct": "Emotionally_exhausting_rate",
    "frustrated_pct": "Frustration_rate",
    "work_stress_pct": "Stress_rate",
    "autonomy_pct": "Autonomy_rate",
    "time_demands_pct": "Time_demands_meet_rate",
    "enough_staff_pct": "Enough_staff_rate",
    "valued_by_team_pct": "Membership_rate",
    "makes_difference_pct": "Mastery_meaning_rate",
    "harassment_manager_pct": "Emotional_manager_rate",
    "harassment_colleagues_pct": "Emotional_colleagues_rate",
    "harassment_public_pct": "Emotional_public_rate",
    "violence_manager_pct": "Physical_manager_rate",
    "violence_colleagues_pct": "Physical_colleagues_rate",
    "violence_public_pct": "Physical_public_rate",
    "discrimination_colleagues_pct": "Discrimination_internal_rate",
    "discrimination_public_pct": "Discrimination_public_rate",
}


def _first_named(frame: pd.DataFrame, columns: list[str], regions: bool) -> pd.Series:
    """Per row, the first of ``columns`` holding a region (``regions``) or a non-region name."""
    out = pd.Series(pd.NA, index=frame.index, dtype="object")
    for col in columns:
        vals = frame[col].where(frame[col].ne("-"))
        ok = vals.notna() & (vals.isin(NHS_REGIONS) == regions) & out.isna()
        out = out.mask(ok, vals)
    return out


@tidy
def staff_wellbeing_2021_2024() -> pd.DataFrame:
    """NHS Staff Survey 2021-2024 by organisation: a tidy selection of the NHS-Gender file.

    One row per organisation and survey year (1,075; trusts, CCGs/ICBs,
    CSUs, social enterprises). In 2021 the file's Region and ICS/STP columns
    are swapped; the loader takes the region from whichever holds one of the
    seven NHS England regions. ``-`` is read as missing.

    Columns
    -------
    org_code : str
        ODS code (a few sector sub-units such as ``R1F1`` and merged CCGs
        joined by ``/``).
    year : int
        Survey year, 2021-2024.
    name, benchmarking_group : str
        Organisation name; survey benchmarking group (organisation type,
        e.g. ``Acute and Acute & Community Trusts``).
    region : str
        NHS England region (missing for bodies without one).
    ics : str
        Integrated care system (STP in 2021), where given.
    weighting : str
        ``Occupation Group`` (trusts) or ``Unweighted``.
    respondents : int
        Largest number of respondents answering any selected item. (The
        file's own Respondents column is a row maximum over percentages too,
        so it reads 100 for small organisations; it is not used.)
    *_pct : float
        Respondents (%, 0-100) who: ``med_dental_pct`` are medical or dental
        staff; ``patient_facing_pct`` have face-to-face patient contact;
        ``female_pct``; ``ethnic_minority_pct`` are not in a White group;
        ``burnout_pct`` feel burnt out often or always (Q12b);
        ``exhausted_pct`` find work emotionally exhausting often or always;
        ``frustrated_pct`` feel frustrated by work often or always;
        ``work_stress_pct`` felt unwell from work-related stress in the last
        12 months; ``autonomy_pct`` can make improvements happen in their
        area (agree); ``time_demands_pct`` can meet the conflicting demands
        on their time; ``enough_staff_pct`` say there are enough staff;
        ``valued_by_team_pct``; ``makes_difference_pct`` say their role makes
        a difference to patients; ``harassment_{manager,colleagues,public}_pct``
        experienced harassment, bullying or abuse from managers / colleagues /
        the public at least once in 12 months; ``violence_*_pct`` physical
        violence likewise; ``discrimination_{colleagues,public}_pct``
        discrimination from a manager or colleagues / from the public.
    """
    t = table(GENDER)
    bases = [c for c in t.columns if c.endswith("_base")]
    out = pd.DataFrame({
        "org_code": t["ODS code"], "year": t["Year"].astype("int64"), "name": t["Organisation name"],
        "benchmarking_group": t["Benchmarking group"],
        "region": _first_named(t, ["Region", "ICS/STP"], regions=True),
        "ics": _first_named(t, ["ICS", "ICS/STP", "Region"], regions=False),
        "weighting": t["Weighting"],
        "respondents": t[bases].max(axis=1).astype("int64"),
    })
    for name, col in _GENDER_PCT.items():
        out[name] = t[col]
    return out.sort_values(["org_code", "year"], ignore_index=True)


