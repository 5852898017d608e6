"""Source: the LSE hospital-management files (github.com/miqdadasaria/hospital_management).

Compiled for Asaria and colleagues' study of management and hospital
performance from CQC, NHS Digital, NHS England and NHS Staff Survey
publications (Open Government Licence v3.0; repository licence LGPL-3).
Trust codes are ODS codes; ``year`` is the study's financial year
(``2018`` = April 2018 to March 2019; the staff survey runs in the autumn
of that year).
"""

from __future__ import annotations

import difflib

import pandas as pd

from ..errors import DatasetNotFoundError, DataValidationError
from ._reader import fiscal_year, table, tidy

HM = "hospital_management/"
CQC, CQC_LOOKUP = HM + "CQC_ratings.csv", HM + "CQC_ratings_lookup.csv"
SS, SS_QUESTIONS = HM + "NHS_SS_management.csv", HM + "NHS_SS_questions.csv"
CONSULTANTS, MANAGERS, ALL_STAFF = (HM + f"{k}_simple_def.csv" for k in ("consultants", "managers", "all_staff"))
PROVIDER, HEE = HM + "nhs_provider.csv", HM + "hee_region.csv"
SHMI, AE = HM + "shmi.csv", HM + "AE.csv"
RTT, FINANCES, BEDS = HM + "RTT.csv", HM + "financial_positions.csv", HM + "beds.csv"
STABILITY, INPATIENT = HM + "stability.csv", HM + "inpatient_data.csv"
MEDICAL_STAFF = HM + "medical_staff_2017-09.csv"

#: Code books of the hospital_management study that :func:`codebook` reads: name -> file key.
CODEBOOKS: dict[str, str] = {
    "variables": HM + "variable_definitions.csv",
    "main_staff_group": HM + "main_staff_group.csv",
    "staff_group_1": HM + "staff_group_1.csv",
    "staff_group_2": HM + "staff_group_2.csv",
}


#: Organisation types in :func:`providers` (``type`` column); all but "ccg" are trusts.
ORG_TYPES: dict[str, str] = {
    "Acute": "acute",
    "Mental Health": "mental health",
    "Community Provider Trust": "community",
    "Ambulance": "ambulance",
    "Clinical Commissioning Group": "ccg",
}
TRUST_TYPES: tuple[str, ...] = ("acute", "mental health", "community", "ambulance")

#: Years of :func:`trust_panel`: where staff survey, SHMI and A&E all have data.
PANEL_YEARS: tuple[int, ...] = tuple(range(2012, 2019))

#: Staff Survey items: 7a-7g about the immediate manager, 8a-8d about senior managers.
SS_ITEMS: tuple[str, ...] = ("7a", "7b", "7c", "7d", "7e", "7f", "7g", "8a", "8b", "8c", "8d")
_ANSWERS = {"SD": "strongly_disagree", "D": "disagree", "NAND": "neither", "A": "agree", "SA": "strongly_agree"}



@tidy
def providers() -> pd.DataFrame:
    """NHS providers and CCGs with type, HEE region and specialist flag.

    One row per organisation (431: 233 trusts and 198 CCGs).

    Columns
    -------
    org_code : str
        ODS code (the file's trailing spaces removed).
    name : str
        Organisation name.
    type : str
        ``acute``, ``mental health``, ``community`` (community provider
        trust), ``ambulance`` or ``ccg`` (clinical commissioning group).
    hee_region_code : str
        Health Education England region code (``YDF21`` ...).
    hee_region : str
        Its name without the prefix "Health Education" (e.g. ``North West``).
    specialist : bool
        True for specialist trusts (e.g. orthopaedic, cancer, children's).
    """
    prov = table(PROVIDER).merge(table(HEE), on="HEE_REGION_CODE", how="left", validate="many_to_one")
    if prov["HEE_REGION_NAME"].isna().any():
        bad = sorted(prov.loc[prov["HEE_REGION_NAME"].isna(), "HEE_REGION_CODE"].unique())
        raise DataValidationError(f"{PROVIDER}: HEE region code(s) {bad} are not in {HEE}.")
    return pd.DataFrame({
        "org_code": prov["ORG_CODE"],
        "name": prov["ORG_NAME"],
        "type": prov["ORG_TYPE"].map(ORG_TYPES),
        "hee_region_code": prov["HEE_REGION_CODE"],
        "hee_region": prov["HEE_REGION_NAME"].str.removeprefix("Health Education ").str.strip(),
        "specialist": prov["SPECIALIST"].astype(bool),
    }).sort_values("org_code", ignore_index=True)


@tidy
def cqc_ratings() -> pd.DataFrame:
    """CQC ratings of NHS trusts, 2013-2019, with their labels.

    One row per trust, date, population (service) and question (domain).
    The file is a snapshot of the *latest* ratings when it was compiled, not
    a history: each trust has exactly one trust-level rating (population
    ``Overall``), dated 2014-2019, and earlier ratings are absent.
    About 7% of the file's rows are keyed by CQC provider ids (``1-...``)
    rather than ODS codes; the data hold no mapping from those ids to ODS
    codes, so they are dropped. How many is recorded, not printed:
    ``df.attrs["dropped"]`` is ``{"rows": 606, "providers": 23, "reason": ...}``.

    Columns
    -------
    org_code : str
        ODS code of the trust.
    date : datetime64
        Date attached to the rating in the source.
    year : int
        Financial year of ``date`` (April to March; 2018 = 2018/19), as the
        compiling study defines it.
    population : str
        Service rated; ``Overall`` is the rating of the whole trust.
    question : str
        ``Safe``, ``Effective``, ``Caring``, ``Responsive``, ``Well-led`` or
        ``Overall``.
    score : int
        0 Inadequate, 1 Requires improvement, 2 Good, 3 Outstanding.
    rating : ordered categorical
        The label of ``score``, from the lookup file.
    """
    raw = table(CQC)
    lookup = table(CQC_LOOKUP).sort_values("SCORE")
    provider_id = raw["ORG_CODE"].str.startswith("1-")
    dropped = {
        "rows": int(provider_id.sum()),
        "providers": int(raw.loc[provider_id, "ORG_CODE"].nunique()),
        "reason": "keyed by CQC provider ids (1-...), which the data cannot map to ODS codes",
    }
    kept = raw[~provider_id]
    date = pd.to_datetime(kept["DATE"], format="%d/%m/%Y")
    labels = pd.Categorical(
        kept["RATING_SCORE"].map(dict(zip(lookup["SCORE"], lookup["RATING"]))),
        categories=list(lookup["RATING"]), ordered=True,
    )
    out = pd.DataFrame({
        "org_code": kept["ORG_CODE"], "date": date, "year": fiscal_year(date),
        "population": kept["POPULATION"], "question": kept["QUESTION"],
        "score": kept["RATING_SCORE"].astype("int64"), "rating": labels,
    }).sort_values(["org_code", "date", "population", "question"], ignore_index=True)
    out.attrs["dropped"] = dropped
    return out


@tidy
def staff_survey_managers() -> pd.DataFrame:
    """NHS Staff Survey items on managers, per organisation, year and item.

    Items 7a-7g are about the immediate manager, 8a-8d about senior managers;
    7f and 7g are absent from the file for 2012-2014, so those rows do not
    exist. 2012-2015 and 2018 cover acute trusts only; 2016-2017 all NHS
    organisations (a few codes are trust sub-units such as ``R1F1`` or groups
    of CCGs such as ``09C/09E``).

    Columns
    -------
    org_code : str
        ODS code.
    year : int
        Survey year (2012-2018; the survey runs in the autumn).
    question : str
        Item, ``7a`` ... ``8d``.
    group : str
        ``immediate manager`` (7a-7g) or ``senior managers`` (8a-8d).
    wording : str
        The statement respondents rated, from the questions file.
    pct_strongly_disagree, pct_disagree, pct_neither, pct_agree, pct_strongly_agree : float
        Share of respondents giving each answer (%, 0-100; the five sum to
        100 up to the source's rounding).
    pct_positive : float
        ``pct_agree + pct_strongly_agree`` (%, 0-100).
    n : int
        Respondents who answered the item.
    """
    wide = table(SS)
    wording = table(SS_QUESTIONS).set_index("QUESTION")["DESCRIPTION"]
    parts = []
    for q in SS_ITEMS:
        part = pd.DataFrame({"org_code": wide["ORG_CODE"], "year": wide["YEAR"].astype("int64"), "question": q})
        for code, name in _ANSWERS.items():
            part[f"pct_{name}"] = wide[f"{q}_{code}"]
        part["pct_positive"] = part["pct_agree"] + part["pct_strongly_agree"]
        part["n"] = wide[f"{q}_N"]
        parts.append(part[part["n"].notna()])
    out = pd.concat(parts, ignore_index=True)
    out["n"] = out["n"].astype("int64")
    out.insert(3, "group", out["question"].str[0].map({"7": "immediate manager", "8": "senior managers"}))
    out.insert(4, "wording", out["question"].map(wording))
    return out.sort_values(["org_code", "year", "question"], ignore_index=True)


@tidy
def workforce_fte() -> pd.DataFrame:
    """Consultant, manager and all-staff full-time equivalents by organisation and year.

    Wide: one row per organisation and year present in any of the three
    files (an outer join). The files cover trusts and, for managers, also
    CCGs and older bodies (primary care trusts, special health authorities).

    Columns
    -------
    org_code : str
        ODS code.
    year : int
        2009-2018 (financial year as labelled by the compiling study).
    consultants_fte : float
        Consultants (senior doctors), FTE, the study's basic definition;
        missing where the file has no row.
    managers_fte : float
        Managers and senior managers, FTE, the study's basic definition.
    all_staff_fte : float
        All staff, FTE. **Only 2009-2015**: missing from 2016.
    """
    cols = {CONSULTANTS: "consultants_fte", MANAGERS: "managers_fte", ALL_STAFF: "all_staff_fte"}
    out = None
    for key, name in cols.items():
        t = table(key)
        value = [c for c in t.columns if c not in ("ORG_CODE", "YEAR")][0]
        t = pd.DataFrame({"org_code": t["ORG_CODE"], "year": t["YEAR"].astype("int64"), name: t[value]})
        out = t if out is None else out.merge(t, on=["org_code", "year"], how="outer", validate="one_to_one")
    return out.sort_values(["org_code", "year"], ignore_index=True)


@tidy
def shmi() -> pd.DataFrame:
    """Summary Hospital-level Mortality Indicator by trust and year (2012-2018).

    Columns
    -------
    org_code : str
        ODS code (acute trusts, plus the Isle of Wight trust).
    year : int
        Financial year as labelled by the compiling study.
    shmi : float
        Observed deaths divided by expected deaths (ratio; 1 = as expected).
    """
    t = table(SHMI)
    return pd.DataFrame({"org_code": t["ORG_CODE"], "year": t["YEAR"].astype("int64"), "shmi": t["SHMI"]}).sort_values(
        ["org_code", "year"], ignore_index=True)


@tidy
def ae_performance() -> pd.DataFrame:
    """Share of A&E attendances dealt with within four hours, by provider and year (2012-2018).

    The file codes about 18 trusts a year with a ``-X`` suffix (``RJ1-X``),
    never alongside the plain code in the same year; the suffix is removed so
    that they join to other data. ``df.attrs["recoded"]`` counts those rows
    (123). Besides trusts, the file holds other A&E providers (walk-in
    centres, independent sector).

    Columns
    -------
    org_code : str
        ODS code.
    year : int
        Financial year as labelled by the compiling study.
    ae_4h_pct : float
        Attendances seen within 4 hours (%, 0-100; the source gives a
        fraction rounded to two decimals).
    """
    t = table(AE)
    suffixed = t["ORG_CODE"].str.endswith("-X")
    out = pd.DataFrame({
        "org_code": t["ORG_CODE"].str.removesuffix("-X"),
        "year": t["YEAR"].astype("int64"),
        "ae_4h_pct": t["AE_SCORE"] * 100,
    })
    if out.duplicated(["org_code", "year"]).any():
        raise DataValidationError(f"{AE}: removing the -X suffix made org_code x year repeat; review the loader.")
    out = out.sort_values(["org_code", "year"], ignore_index=True)
    out.attrs["recoded"] = int(suffixed.sum())
    return out


@tidy
def rtt_performance() -> pd.DataFrame:
    """Patients waiting no more than 18 weeks from referral to treatment, by trust and year (2012-2018).

    One row per provider and financial year (1,331 rows, 213 providers,
    mostly acute trusts, also mental health and community trusts). Each row
    is a snapshot of the waiting list on 31 March, at the end of the
    financial year (incomplete pathways: patients still waiting), not a
    count over the year. The operational standard was 92% within 18 weeks.
    One trust-year reports no pathways at all (RT2 in 2018): the file gives
    it a share of 0, which is really 0/0, so ``rtt_18w_pct`` is missing
    there; ``df.attrs["recoded"]`` counts such rows (1).

    Columns
    -------
    org_code : str
        ODS code of the provider.
    year : int
        Financial year as labelled by the compiling study (2018 = April 2018
        to March 2019).
    date : datetime64
        Date of the snapshot: 31 March closing ``year``.
    waiting : int
        Patients waiting on incomplete referral-to-treatment pathways (count).
    waiting_within_18w : int
        Of those, patients waiting no more than 18 weeks (count).
    rtt_18w_pct : float
        ``waiting_within_18w / waiting`` (%, 0-100; the source gives the
        fraction); missing where ``waiting`` is 0.
    """
    t = table(RTT)
    date = pd.to_datetime(t["DATE"], format="%d/%m/%Y")
    if not (fiscal_year(date).eq(t["YEAR"].astype("int64")).all() and date.dt.strftime("%m-%d").eq("03-31").all()):
        raise DataValidationError(f"{RTT}: DATE is no longer 31 March closing financial year YEAR; review the loader.")
    waiting = t["N_TOTAL"].astype("int64")
    within = t["N_18_WEEKS"].astype("int64")
    out = pd.DataFrame({
        "org_code": t["ORG_CODE"], "year": t["YEAR"].astype("int64"), "date": date,
        "waiting": waiting, "waiting_within_18w": within,
        "rtt_18w_pct": (within / waiting.where(waiting > 0) * 100).astype("float64"),
    }).sort_values(["org_code", "year"], ignore_index=True)
    out.attrs["recoded"] = int(waiting.eq(0).sum())
    return out


@tidy
def finances() -> pd.DataFrame:
    """Trusts' surplus or deficit, operating income and operating cost, by year (2010-2018).

    In GBP thousands (``_gbp_k``: 1,000 = GBP 1 million), from the trusts'
    annual accounts as compiled by the study; 2,181 rows, 261 trusts.

    - ``surplus_gbp_k`` is the net financial position after finance costs,
      dividends and other items below the operating line, so it is **not**
      ``operating_income_gbp_k - operating_cost_gbp_k`` (it is typically a
      few GBP million lower).
    - The file records operating cost as a negative number; it is returned
      as a positive amount.
    - Two rows hold zero in all three columns (RBB and RD7 in 2015, the
      year after both trusts were absorbed by others): placeholders, not
      accounts, so they are dropped. ``df.attrs["dropped"]`` is
      ``{"rows": 2, "orgs": ["RBB", "RD7"], "reason": ...}``. Mid
      Staffordshire (RJD, dissolved in 2014) keeps its 2015 and 2016 rows,
      with no income and small winding-up costs.
    - About 940 of the 6,543 values carry decimals although the unit is
      thousands (as in the source; they are kept).

    Columns
    -------
    org_code : str
        ODS code of the trust.
    year : int
        Financial year as labelled by the compiling study (2018 = 2018/19).
    surplus_gbp_k : float
        Net surplus (positive) or deficit (negative), GBP thousands.
    operating_income_gbp_k : float
        Operating income, GBP thousands (0 or more).
    operating_cost_gbp_k : float
        Operating expenses, GBP thousands, as a positive amount.
    """
    t = table(FINANCES)
    money = ["FINANCIAL_POSITION", "OP_INCOME", "OP_COST"]
    empty = t[money].eq(0).all(axis=1)
    kept = t[~empty]
    out = pd.DataFrame({
        "org_code": kept["ORG_CODE"], "year": kept["YEAR"].astype("int64"),
        "surplus_gbp_k": kept["FINANCIAL_POSITION"], "operating_income_gbp_k": kept["OP_INCOME"],
        "operating_cost_gbp_k": -kept["OP_COST"] + 0.0,  # + 0.0 turns -0.0 into 0.0
    }).sort_values(["org_code", "year"], ignore_index=True)
    out.attrs["dropped"] = {
        "rows": int(empty.sum()),
        "orgs": sorted(t.loc[empty, "ORG_CODE"].unique()),
        "reason": "surplus, operating income and operating cost all zero: placeholders for trusts no longer reporting",
    }
    return out


@tidy
def beds() -> pd.DataFrame:
    """Available beds and bed occupancy by organisation and year (2010-2018).

    One row per organisation and financial year (2,089 rows): trusts and,
    up to 2012, primary care trusts (codes ``5..``). The yearly totals fall
    from about 144,000 beds (2010) to 128,000 (2018), in line with NHS
    England's count of overnight beds (the compiling study does not say
    which beds it counts).

    **Occupancy is returned on a 0-100 scale.** The file's
    ``BEDS_OCCUPIED_PERCENT`` is, despite its name, a fraction (0-1) rounded
    to two decimals; ``occupancy_pct`` is that fraction times 100, so it
    holds whole percentages. Twelve rows report 0 beds with occupancy 0;
    the occupancy of no beds is undefined, so ``occupancy_pct`` is missing
    there and ``df.attrs["recoded"]`` counts those rows (12).

    Columns
    -------
    org_code : str
        ODS code.
    year : int
        Financial year as labelled by the compiling study (2018 = 2018/19).
    beds : int
        Average number of available beds (count).
    occupancy_pct : float
        Share of available beds occupied (%, 0-100, whole numbers); missing
        where ``beds`` is 0.
    """
    t = table(BEDS)
    n_beds = t["BEDS"].astype("int64")
    occupancy = (t["BEDS_OCCUPIED_PERCENT"] * 100).round(6)  # 0.57 * 100 is 56.99999999999999
    out = pd.DataFrame({
        "org_code": t["ORG_CODE"], "year": t["YEAR"].astype("int64"), "beds": n_beds,
        "occupancy_pct": occupancy.where(n_beds > 0),
    }).sort_values(["org_code", "year"], ignore_index=True)
    out.attrs["recoded"] = int(n_beds.eq(0).sum())
    return out


@tidy
def staff_stability() -> pd.DataFrame:
    """Staff stability index by organisation, financial year 2017 only.

    One row per organisation (429: 231 trusts, 198 CCGs). Stability is the
    share of staff in post a year earlier who are still in post, so a low
    value means high turnover. Twenty-one organisations show 0: all were
    merged into others by April 2018 (18 CCGs, such as the three Leeds
    CCGs; RW3 and RM2, which formed Manchester University NHS Foundation
    Trust in October 2017; RR1, Heart of England). For them 0 means no
    staff left to count, not that everyone left, so ``stability_pct`` is
    missing; ``df.attrs["recoded"]`` counts those rows (21). Small CCGs
    reach 100.

    Columns
    -------
    org_code : str
        ODS code of the trust or CCG.
    year : int
        2017 (financial year as labelled by the compiling study, 2017/18).
    stability_pct : float
        Staff stability index (%, 0-100); missing where the file gives 0.
    """
    t = table(STABILITY)
    zero = t["STABILITY"].eq(0)
    out = pd.DataFrame({
        "org_code": t["ORG_CODE"], "year": t["YEAR"].astype("int64"),
        "stability_pct": t["STABILITY"].where(~zero),
    }).sort_values(["org_code", "year"], ignore_index=True)
    out.attrs["recoded"] = int(zero.sum())
    return out


_AGE_GROUPS: dict[str, str] = {  # output column -> inpatient_data.csv column
    "age_0_14": "0-14", "age_15_29": "15-29", "age_30_44": "30-44", "age_45_59": "45-59",
    "age_60_74": "60-74", "age_75_89": "75-89", "age_90_plus": "90+",
}


@tidy
def inpatient_admissions() -> pd.DataFrame:
    """Inpatient episodes and admissions by provider and year, with sex and age (2012-2018).

    From Hospital Episode Statistics as compiled by the study: 3,245 rows,
    one per provider and financial year. Providers include NHS trusts,
    independent-sector providers and their sites (five-character codes such
    as ``NT427``) and, early on, primary care trusts. Things to know:

    - About 20 large trusts are coded with a ``-X`` suffix (``RJ1-X``) in
      2012, 2013 and 2015-2017; the suffix is removed, as the compiling study
      does, so that they join to other data. ``df.attrs["recoded"]`` counts
      those rows (96). **These trusts have no row at all in 2014 and 2018**
      (e.g. RJ1, RRK), so totals over trusts dip in those years.
    - ``male`` and ``female`` count *episodes* up to 2015 (they add up to
      ``episodes``) but *admissions* from 2016 (they add up to
      ``admissions``), though the file calls both MALE/FEMALE_ADMISSIONS.
      Compare sexes across years only through ``female_pct``.
    - From 2016 every count is a multiple of 5 (HES rounding for
      disclosure control). Small counts are suppressed and appear as 0:
      16 rows have episodes but 0 male and 0 female (mostly small
      independent-sector sites with 10 episodes), and about 40 have
      episodes but no ages.
    - 34 rows are zero throughout (providers with no activity that year);
      they are kept.

    Columns
    -------
    org_code : str
        ODS code of the provider or site.
    year : int
        Financial year as labelled by the compiling study (2018 = 2018/19).
    episodes : int
        Finished consultant episodes (count; one admission can span several).
    admissions : int
        Inpatient admissions (count).
    male, female : int
        Episodes (2012-2015) or admissions (2016-2018) of male / female
        patients (count).
    female_pct : float
        ``female / (male + female)`` (%, 0-100); missing where both are 0
        (50 rows).
    age_0_14, age_15_29, age_30_44, age_45_59, age_60_74, age_75_89, age_90_plus : int
        Episodes by patient age group (count). Together they are usually
        99% of ``episodes`` or more (the rest of unknown age), but only 70%
        in two rows (NV313 in 2013, RX1 in 2016).
    """
    t = table(INPATIENT)
    suffixed = t["ORG_CODE"].str.endswith("-X")
    male, female = t["MALE_ADMISSIONS"].astype("int64"), t["FEMALE_ADMISSIONS"].astype("int64")
    both = male + female
    out = pd.DataFrame({
        "org_code": t["ORG_CODE"].str.removesuffix("-X"), "year": t["YEAR"].astype("int64"),
        "episodes": t["TOTAL_EPISODES"].astype("int64"), "admissions": t["ADMISSIONS"].astype("int64"),
        "male": male, "female": female, "female_pct": (female / both.where(both > 0) * 100).astype("float64"),
    })
    for name, col in _AGE_GROUPS.items():
        out[name] = t[col].astype("int64")
    if out.duplicated(["org_code", "year"]).any():
        raise DataValidationError(
            f"{INPATIENT}: removing the -X suffix made org_code x year repeat; review the loader."
        )
    out = out.sort_values(["org_code", "year"], ignore_index=True)
    out.attrs["recoded"] = int(suffixed.sum())
    return out


@tidy
def medical_staff_2017() -> pd.DataFrame:
    """Doctors' full-time equivalents by organisation, grade and specialty, 30 September 2017.

    A single census (NHS Digital hospital and community health services
    workforce statistics), from an earlier commit of the compiling
    repository than its other files. One row per organisation, grade and
    specialty with any doctors: 19,094 rows, 357 organisations (all acute,
    mental health and community trusts, and a few doctors employed by
    ambulance trusts and CCGs). The FTE add up to about 109,000.

    Columns
    -------
    org_code : str
        ODS code.
    date : datetime64
        Census date, 2017-09-30.
    year : int
        Financial year of ``date`` (2017 = 2017/18), for joins with the
        yearly tables.
    grade : ordered categorical
        One of 10 grades, in the file's order (GRADE_SORT_ORDER 1-10):
        Consultant (including Directors of Public Health), Associate
        Specialist, Specialty Doctor, Staff Grade, Specialty Registrar, Core
        Training, Foundation Doctor Year 2, Foundation Doctor Year 1,
        Hospital Practitioner / Clinical Assistant, Other and Local HCHS
        Doctor Grades. Consultants are the first grade.
    specialty_group : str
        One of 12 groups (e.g. ``General medicine group``, ``Surgical
        group``); the file spells the column SPECIALITY_GROUP.
    specialty : str
        One of 84 specialties, each in a single group.
    fte : float
        Doctors in that grade and specialty, full-time equivalent.
    """
    t = table(MEDICAL_STAFF)
    order = t[["GRADE_SORT_ORDER", "GRADE"]].drop_duplicates()
    if order["GRADE"].duplicated().any() or order["GRADE_SORT_ORDER"].duplicated().any():
        raise DataValidationError(f"{MEDICAL_STAFF}: GRADE and GRADE_SORT_ORDER no longer match one to one.")
    grades = list(order.sort_values("GRADE_SORT_ORDER")["GRADE"])
    date = pd.to_datetime(t["DATE"], format="%d/%m/%Y")
    return pd.DataFrame({
        "org_code": t["ORG_CODE"], "date": date, "year": fiscal_year(date),
        "grade": pd.Categorical(t["GRADE"], categories=grades, ordered=True),
        "specialty_group": t["SPECIALITY_GROUP"], "specialty": t["SPECIALTY"], "fte": t["FTE"],
    }).sort_values(["org_code", "grade", "specialty_group", "specialty"], ignore_index=True)


@tidy
def codebook(name: str) -> pd.DataFrame:
    """One of the hospital_management study's code books.

    Parameters
    ----------
    name:
        A key of :data:`CODEBOOKS`:

        - ``"variables"``: the study's variable names and labels. Columns
          ``code`` (short name in its app), ``variable`` (column name in its
          data), ``label`` (with units in brackets). It defines ``YEAR`` as
          the financial year, which the loaders above follow. Many of its
          variables are derived in the study and are not in these files.
        - ``"main_staff_group"`` (4 codes), ``"staff_group_1"`` (12) and
          ``"staff_group_2"`` (32): staff groups of the NHS workforce
          statistics. Columns ``code`` (int) and ``name``. The files hold no
          link between the levels, and staff_group_2 repeats names under
          different codes (``Clerical & administrative`` five times) because
          the same name sits under different level-1 groups. No file
          registered here is coded with them.

    Raises
    ------
    DatasetNotFoundError
        ``name`` is not a code book (the message names the valid choices).
    """
    if not isinstance(name, str) or name not in CODEBOOKS:
        close = difflib.get_close_matches(str(name), list(CODEBOOKS), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise DatasetNotFoundError(f"No code book {name!r}.{hint} Valid choices: {list(CODEBOOKS)}.")
    t = table(CODEBOOKS[name])
    if name == "variables":
        return t[["code", "variable", "label"]].reset_index(drop=True)
    code, label = t.columns
    return pd.DataFrame({"code": t[code].astype("int64"), "name": t[label]}).sort_values("code", ignore_index=True)


