"""Source: ebmgt/NHS-wellbeing (repository licence AGPL-3).

Acute trusts x year, 2012-2019: the NHS Staff Survey engagement index (1-5)
and related scores, with SHMI (NHS Staff Survey and NHS Digital, Open
Government Licence v3.0).
"""

from __future__ import annotations


import pandas as pd

from ..errors import DataValidationError
from ._reader import table, tidy

WELLBEING = "nhs_wellbeing/data.NHS.2012_2019.csv"


@tidy
def engagement_index() -> pd.DataFrame:
    """Acute trusts x year: staff engagement and related survey measures, with SHMI (2012-2019).

    From the ebmgt/NHS-wellbeing compilation. Its FreedomSpeak.Index and
    Openness.Index columns are all zero, and X is empty: the loader checks
    this (raising :class:`~mlhelpers.errors.DataValidationError` if not) and
    drops them. Its region codes do not follow the HEE code book (one code
    carries several names), so only the region name is kept.

    Columns
    -------
    org_code : str
        ODS code of the acute trust.
    year : int
        Year as labelled by the compilation (2012-2019).
    name : str
        Trust name (missing for 18 rows).
    hee_region : str
        HEE region name without "Health Education" and without the
        "(North)"/"(South)" suffix.
    north_south : str
        ``North`` or ``South``.
    responses : Int64
        Staff Survey respondents (missing for 11 rows, whose survey
        measures are all missing too).
    clinical_pct : float
        Respondents in clinical roles (%, 0-100).
    engagement_index : float
        Staff engagement score (mean, 1-5 scale).
    engagement_pct : float
        Favourable answers to the engagement items (%, 0-100).
    recommend_work_index, recommend_care_index : float
        Would recommend as a place to work / be happy with the standard of
        care for a friend or relative (mean, 1-5 scale).
    recommend_work_pct, recommend_care_pct : float
        Agree or strongly agree with those items (%, 0-100).
    work_stress_pct : float
        Felt unwell because of work-related stress in the last 12 months
        (%, 0-100).
    shmi, shmi_previous : float
        SHMI of the year and of the year before (ratio; 1 = as expected).
    """
    t = table(WELLBEING)
    for col in ("FreedomSpeak.Index", "Openness.Index"):
        if not (t[col].isna() | t[col].eq(0)).all():
            raise DataValidationError(
                f"{WELLBEING}: {col} is no longer all zero. The loader drops it as unusable; "
                "check the file and update engagement_index()."
            )
    if t["X"].notna().any():
        raise DataValidationError(f"{WELLBEING}: column X is no longer empty; update engagement_index().")
    region = t["HEE.region.name"].str.replace(r"\s*\((North|South)\)$", "", regex=True)
    return pd.DataFrame({
        "org_code": t["Code"], "year": t["Year.Index"].astype("int64"), "name": t["Name"],
        "hee_region": region.str.removeprefix("Health Education ").str.strip(),
        "north_south": t["North.v.South"], "responses": t["Responses"],
        "clinical_pct": t["Survey.clinical.proportion"] * 100,
        "engagement_index": t["Engagement.Index"], "engagement_pct": t["Engagement.Index.dichot"] * 100,
        "recommend_work_index": t["RecommendWork.Index"], "recommend_work_pct": t["RecommendWork.Index.dichot"] * 100,
        "recommend_care_index": t["RecommendCare.Index"], "recommend_care_pct": t["RecommendCare.Index.dichot"] * 100,
        "work_stress_pct": t["WorkStress.Index"] * 100,
        "shmi": t["SHMI.Index"], "shmi_previous": t["SHMI.before"],
    }).sort_values(["org_code", "year"], ignore_index=True)

