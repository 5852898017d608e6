"""Tidy loaders for the real external datasets, and one trust x year panel.

Every loader fetches its file(s) with :func:`mlhelpers.fetch` (sha256 verified,
cached, offline through ``$MLHELPERS_DATA_DIR``), checks the file against its
schema in ``data/datapackage.json`` (cells stripped of spaces, the schema's
``missingValues`` read as missing), and returns a tidy :class:`pandas.DataFrame`
with lower-case column names documented in its docstring.

Conventions shared by all loaders:

- ``org_code`` is an ODS code with surrounding spaces removed.
- ``year`` in the hospital_management files is the compiling study's YEAR,
  which its code book defines as the financial year: ``2018`` is April 2018 to
  March 2019. The NHS Staff Survey runs in the autumn of that year.
- Columns ending in ``_pct`` are percentages on a 0-100 scale (files that
  store fractions are multiplied by 100); ``_fte`` are full-time
  equivalents; ``_index`` are mean scores on the scale stated; ``_gbp_k``
  are thousands of pounds sterling.
- Each file is parsed once per process; every call returns a fresh copy, so
  changing a returned frame never changes what the next call returns.

Rows are never dropped silently: where a loader drops or recodes rows it says
how many in ``DataFrame.attrs`` (documented per loader), and
:func:`trust_panel` reports how many trusts each join keeps and loses
(:func:`coverage`).
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Callable, Iterable
from functools import lru_cache, wraps
from typing import Any, ParamSpec

import pandas as pd

from .datapackage import external_resource
from .errors import DatasetNotFoundError, DataValidationError, EmptySelectionError, MlhelpersError
from .fetch import fetch
from .validate import as_str_list, validate_table

P = ParamSpec("P")

HM = "hospital_management/"
CQC, CQC_LOOKUP = HM + "CQC_ratings.csv", HM + "CQC_ratings_lookup.csv"
SS, SS_QUESTIONS = HM + "NHS_SS_management.csv", HM + "NHS_SS_questions.csv"
CONSULTANTS, MANAGERS, ALL_STAFF = (HM + f"{k}_simple_def.csv" for k in ("consultants", "managers", "all_staff"))
PROVIDER, HEE = HM + "nhs_provider.csv", HM + "hee_region.csv"
SHMI, AE = HM + "shmi.csv", HM + "AE.csv"
RTT, FINANCES, BEDS = HM + "RTT.csv", HM + "financial_positions.csv", HM + "beds.csv"
STABILITY, INPATIENT = HM + "stability.csv", HM + "inpatient_data.csv"
MEDICAL_STAFF = HM + "medical_staff_2017-09.csv"
WELLBEING = "nhs_wellbeing/data.NHS.2012_2019.csv"
GENDER = "nhs_gender/trusts_wellbeing_organisational_2021_2024.csv"
GEO, CONCEPTS = "gapminder/geo_country.csv", "gapminder/concepts.csv"

#: Code books of the hospital_management study that :func:`codebook` reads: name -> file key.
CODEBOOKS: dict[str, str] = {
    "variables": HM + "variable_definitions.csv",
    "main_staff_group": HM + "main_staff_group.csv",
    "staff_group_1": HM + "staff_group_1.csv",
    "staff_group_2": HM + "staff_group_2.csv",
}

#: Gapminder indicators that :func:`country_indicators` offers, with their units.
INDICATORS: dict[str, str] = {
    "medical_doctors_per_1000_people": "doctors per 1,000 people (World Bank SH.MED.PHYS.ZS)",
    "total_health_spending_percent_of_gdp": "% of GDP (WHO)",
    "government_share_of_total_health_spending_percent": "% of total health spending (WHO)",
    "total_health_spending_per_person_us": "current US$ per person (WHO)",
    "life_expectancy_at_birth_data_from_ihme": "years (IHME)",
    "infant_mortality_rate_per_1000_births": "deaths under 1 year per 1,000 live births",
}

#: Default countries of :func:`country_indicators` (Gapminder ids = lower-case ISO3).
DEFAULT_COUNTRIES: tuple[str, ...] = (
    "gbr", "dnk", "usa", "deu", "fra", "ita", "swe", "nld", "nor", "can", "aus", "nzl",
)

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

#: The seven NHS England regions (used to repair the swapped 2021 columns of the NHS-Gender file).
NHS_REGIONS: tuple[str, ...] = (
    "East of England", "London", "Midlands", "North East and Yorkshire", "North West", "South East", "South West",
)


# -- reading -------------------------------------------------------------------------
@lru_cache(maxsize=64)
def _parse(key: str, digest: str, path: str) -> pd.DataFrame:
    """Read and validate one verified file. Cached: ``digest`` pins its bytes."""
    schema = external_resource(key).get("schema", {})
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, UnicodeDecodeError) as exc:
        raise DataValidationError(f"{key}: not a readable UTF-8 CSV ({exc}).") from None
    raw.columns = [str(c).strip() for c in raw.columns]
    raw = raw.apply(lambda col: col.str.strip())
    raw = raw.mask(raw.isin(schema.get("missingValues", [""])))
    return validate_table(raw, schema, key)


def _table(key: str) -> pd.DataFrame:
    """The verified, validated file ``key`` as typed columns (a fresh copy)."""
    path = fetch(key)
    return _parse(key, external_resource(key)["hash"], str(path)).copy()


#: Text dtype of the returned frames: pandas' default string dtype from pandas 3, object before.
_TEXT: Any = "str" if int(pd.__version__.split(".")[0]) >= 3 else object


def _tidy(loader: Callable[P, pd.DataFrame]) -> Callable[P, pd.DataFrame]:
    """Decorator: give every text column of the result one dtype (``str`` on pandas 3)."""

    @wraps(loader)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> pd.DataFrame:
        df = loader(*args, **kwargs)
        for col in df.columns:
            if df[col].dtype == object and df[col].dropna().map(type).eq(str).all():
                df[col] = df[col].astype(_TEXT)
        return df

    return wrapper


def _fy(dates: pd.Series) -> pd.Series:
    """Financial year starting in April: 2018-05-01 -> 2018, 2019-02-28 -> 2018."""
    return (dates.dt.year - (dates.dt.month < 4).astype(int)).astype("int64")


# -- hospital_management -------------------------------------------------------------
@_tidy
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
    prov = _table(PROVIDER).merge(_table(HEE), on="HEE_REGION_CODE", how="left", validate="many_to_one")
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


@_tidy
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
    raw = _table(CQC)
    lookup = _table(CQC_LOOKUP).sort_values("SCORE")
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
        "org_code": kept["ORG_CODE"], "date": date, "year": _fy(date),
        "population": kept["POPULATION"], "question": kept["QUESTION"],
        "score": kept["RATING_SCORE"].astype("int64"), "rating": labels,
    }).sort_values(["org_code", "date", "population", "question"], ignore_index=True)
    out.attrs["dropped"] = dropped
    return out


@_tidy
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
    wide = _table(SS)
    wording = _table(SS_QUESTIONS).set_index("QUESTION")["DESCRIPTION"]
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


@_tidy
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
        t = _table(key)
        value = [c for c in t.columns if c not in ("ORG_CODE", "YEAR")][0]
        t = pd.DataFrame({"org_code": t["ORG_CODE"], "year": t["YEAR"].astype("int64"), name: t[value]})
        out = t if out is None else out.merge(t, on=["org_code", "year"], how="outer", validate="one_to_one")
    return out.sort_values(["org_code", "year"], ignore_index=True)


@_tidy
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
    t = _table(SHMI)
    return pd.DataFrame({"org_code": t["ORG_CODE"], "year": t["YEAR"].astype("int64"), "shmi": t["SHMI"]}).sort_values(
        ["org_code", "year"], ignore_index=True)


@_tidy
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
    t = _table(AE)
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


@_tidy
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
    t = _table(RTT)
    date = pd.to_datetime(t["DATE"], format="%d/%m/%Y")
    if not (_fy(date).eq(t["YEAR"].astype("int64")).all() and date.dt.strftime("%m-%d").eq("03-31").all()):
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


@_tidy
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
    t = _table(FINANCES)
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


@_tidy
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
    t = _table(BEDS)
    n_beds = t["BEDS"].astype("int64")
    occupancy = (t["BEDS_OCCUPIED_PERCENT"] * 100).round(6)  # 0.57 * 100 is 56.99999999999999
    out = pd.DataFrame({
        "org_code": t["ORG_CODE"], "year": t["YEAR"].astype("int64"), "beds": n_beds,
        "occupancy_pct": occupancy.where(n_beds > 0),
    }).sort_values(["org_code", "year"], ignore_index=True)
    out.attrs["recoded"] = int(n_beds.eq(0).sum())
    return out


@_tidy
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
    t = _table(STABILITY)
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


@_tidy
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
    t = _table(INPATIENT)
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


@_tidy
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
    t = _table(MEDICAL_STAFF)
    order = t[["GRADE_SORT_ORDER", "GRADE"]].drop_duplicates()
    if order["GRADE"].duplicated().any() or order["GRADE_SORT_ORDER"].duplicated().any():
        raise DataValidationError(f"{MEDICAL_STAFF}: GRADE and GRADE_SORT_ORDER no longer match one to one.")
    grades = list(order.sort_values("GRADE_SORT_ORDER")["GRADE"])
    date = pd.to_datetime(t["DATE"], format="%d/%m/%Y")
    return pd.DataFrame({
        "org_code": t["ORG_CODE"], "date": date, "year": _fy(date),
        "grade": pd.Categorical(t["GRADE"], categories=grades, ordered=True),
        "specialty_group": t["SPECIALITY_GROUP"], "specialty": t["SPECIALTY"], "fte": t["FTE"],
    }).sort_values(["org_code", "grade", "specialty_group", "specialty"], ignore_index=True)


@_tidy
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
    t = _table(CODEBOOKS[name])
    if name == "variables":
        return t[["code", "variable", "label"]].reset_index(drop=True)
    code, label = t.columns
    return pd.DataFrame({"code": t[code].astype("int64"), "name": t[label]}).sort_values("code", ignore_index=True)


# -- NHS-wellbeing and NHS-Gender ------------------------------------------------------
@_tidy
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
    t = _table(WELLBEING)
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


@_tidy
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
    t = _table(GENDER)
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


# -- Gapminder -------------------------------------------------------------------------
@_tidy
def indicator_info() -> pd.DataFrame:
    """The Gapminder indicators that :func:`country_indicators` offers, for captions.

    Columns: ``indicator`` (id), ``name``, ``unit``, ``description``,
    ``source`` (publisher, where Gapminder names one), ``source_url``.
    """
    c = _table(CONCEPTS).set_index("concept").loc[list(INDICATORS)]
    return pd.DataFrame({
        "indicator": list(INDICATORS), "name": c["name"].to_numpy(), "unit": list(INDICATORS.values()),
        "description": c["description"].to_numpy(), "source": c["source"].to_numpy(),
        "source_url": c["source_url"].to_numpy(),
    })


def _resolve_countries(wanted: list[str], geo: pd.DataFrame) -> list[str]:
    """Gapminder ids of ``wanted`` (ids, ISO3 codes or names, any case), or a named error."""
    lookup: dict[str, str] = {}
    for gid, iso3, name in zip(geo["country"], geo["iso3166_1_alpha3"], geo["name"]):
        lookup[gid.lower()] = gid
        lookup[name.lower()] = gid
        if isinstance(iso3, str):
            lookup[iso3.lower()] = gid
    out, unknown = [], []
    for w in wanted:
        gid = lookup.get(w.strip().lower())
        (out if gid else unknown).append(gid or w)
    if unknown:
        hints = {u: difflib.get_close_matches(u.lower(), list(lookup), n=3) for u in unknown}
        hint = "; ".join(f"{u!r}: did you mean {', '.join(map(repr, h))}?" for u, h in hints.items() if h)
        raise EmptySelectionError(
            f"Unknown country {', '.join(map(repr, unknown))}. {hint + '. ' if hint else ''}"
            "Valid choices are the Gapminder ids in gapminder/geo_country.csv (column 'country', "
            "lower-case ISO3 such as 'gbr', 'usa', 'deu'), their ISO3 codes or their names "
            f"(e.g. 'UK', 'USA'). The defaults are {list(DEFAULT_COUNTRIES)}."
        )
    return list(dict.fromkeys(out))


@_tidy
def country_indicators(
    countries: str | Iterable[str] | None = None, indicators: str | Iterable[str] | None = None
) -> pd.DataFrame:
    """Gapminder health-system series for selected countries, as one long table.

    Parameters
    ----------
    countries:
        Gapminder ids (lower-case ISO3, e.g. ``"gbr"``), ISO3 codes
        (``"GBR"``) or Gapminder names (``"UK"``). Default
        :data:`DEFAULT_COUNTRIES`: UK, Denmark, USA, Germany, France, Italy,
        Sweden, Netherlands, Norway, Canada, Australia, New Zealand.
    indicators:
        Keys of :data:`INDICATORS` (default: all six). Units and sources:
        :func:`indicator_info`. Series mix definitions and have breaks; label
        the source on every figure.

    Returns
    -------
    DataFrame with columns ``geo`` (Gapminder id), ``iso3`` (upper-case
    ISO 3166-1 alpha-3), ``country`` (name as Gapminder writes it),
    ``year`` (calendar year), ``indicator`` (key), ``value`` (float, in the
    indicator's unit), sorted by indicator, country and year.

    Raises
    ------
    EmptySelectionError
        Unknown country or indicator (the message names the valid choices),
        an empty list, or a selection with no data points.
    """
    wanted_ind = as_str_list(indicators, INDICATORS, "indicators")
    unknown = [i for i in wanted_ind if i not in INDICATORS]
    if unknown:
        raise EmptySelectionError(f"Unknown indicator(s) {unknown}. Valid choices: {list(INDICATORS)}.")
    geo = _table(GEO)
    ids = _resolve_countries(as_str_list(countries, DEFAULT_COUNTRIES, "countries"), geo)
    parts = []
    for ind in dict.fromkeys(wanted_ind):
        t = _table(f"gapminder/{ind}.csv")
        t = t[t["geo"].isin(ids)]
        parts.append(pd.DataFrame({
            "geo": t["geo"], "year": t["time"].astype("int64"), "indicator": ind, "value": t[ind],
        }))
    out = pd.concat(parts, ignore_index=True)
    if out.empty:
        raise EmptySelectionError(f"No data points for countries {ids} and indicators {wanted_ind}.")
    names = geo.set_index("country")
    out.insert(1, "iso3", out["geo"].map(names["iso3166_1_alpha3"]))
    out.insert(2, "country", out["geo"].map(names["name"]))
    return out.sort_values(["indicator", "country", "year"], ignore_index=True)


# -- the trust panel -------------------------------------------------------------------
def _survey_wide(years: list[int]) -> pd.DataFrame:
    """Staff Survey % positive per trust-year: items 8a-8d, their mean, and the mean of 7a-7g."""
    ss = staff_survey_managers()
    ss = ss[ss["year"].isin(years)]
    wide = ss.pivot(index=["org_code", "year"], columns="question", values="pct_positive")
    out = pd.DataFrame(index=wide.index)
    for q in ("8a", "8b", "8c", "8d"):
        out[f"ss_{q}"] = wide[q]
    out["ss_8_mean"] = wide[["8a", "8b", "8c", "8d"]].mean(axis=1, skipna=False)
    out["ss_7_mean"] = wide[[q for q in SS_ITEMS if q.startswith("7") and q in wide.columns]].mean(axis=1)
    return out.reset_index()


def _cqc_in_force(skeleton: pd.DataFrame) -> pd.DataFrame:
    """Trust-level Overall and Well-led ratings in force at the end of each financial year."""
    cqc = cqc_ratings()
    cqc = cqc[cqc["population"].eq("Overall")]
    left = skeleton[["org_code", "year"]].assign(cutoff=pd.to_datetime(skeleton["year"].add(1).astype(str) + "-03-31"))
    left = left.sort_values("cutoff")
    out = left[["org_code", "year"]].copy()
    for question, name in (("Overall", "cqc_overall"), ("Well-led", "cqc_well_led")):
        right = cqc.loc[cqc["question"].eq(question), ["org_code", "date", "score", "rating"]].sort_values("date")
        got = pd.merge_asof(left, right, left_on="cutoff", right_on="date", by="org_code", direction="backward")
        out[name] = got["rating"].to_numpy()
        out[f"{name}_score"] = got["score"].to_numpy()
        if question == "Overall":
            out["cqc_date"] = got["date"].to_numpy()
    for name in ("cqc_overall", "cqc_well_led"):
        out[name] = pd.Categorical(out[name], categories=cqc["rating"].cat.categories, ordered=True)
        out[f"{name}_score"] = out[f"{name}_score"].astype("Int64")
    return out


def _step(panel: pd.DataFrame, step: str, cols: list[str], source_codes: set[str] | None, note: str) -> dict[str, Any]:
    """One coverage record: panel trusts with / without a value in ``cols``."""
    has = panel[cols].notna().all(axis=1)
    kept = set(panel.loc[has, "org_code"])
    trusts = set(panel["org_code"])
    unmatched = None if source_codes is None else len(source_codes - trusts)
    return {
        "step": step, "trusts_kept": len(kept), "trusts_lost": len(trusts - kept),
        "trust_years": int(has.sum()), "codes_not_in_panel": unmatched, "note": note,
    }


def _check_selection(values: Iterable[Any], valid: Iterable[Any], what: str) -> list[Any]:
    """``values`` without repeats, if all are ``valid`` and there is at least one."""
    chosen = list(values)
    valid = list(valid)
    bad = [v for v in chosen if v not in valid]
    if bad:
        raise EmptySelectionError(f"Unknown {what} {bad}. Valid choices: {valid}.")
    if not chosen:
        raise EmptySelectionError(f"No {what} selected. Valid choices: {valid}.")
    return list(dict.fromkeys(chosen))


@_tidy
def trust_panel(years: Iterable[int] | None = None, org_types: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per NHS trust and financial year: management, staff survey, CQC, SHMI and A&E.

    The panel is balanced: every trust of the selected types in
    :func:`providers` appears in every selected year, with missing values
    where a source has nothing. Trusts absent from the provider list (e.g.
    trusts merged away before it was compiled) are not in the panel; each
    source's count of such codes is in the coverage report.

    Parameters
    ----------
    years:
        Financial years (default :data:`PANEL_YEARS`, 2012-2018, where staff
        survey, SHMI and A&E all have data).
    org_types:
        Trust types from :data:`TRUST_TYPES` (default: all four).

    Columns
    -------
    org_code, name, type, hee_region, specialist
        From :func:`providers`.
    year : int
        Financial year (2018 = April 2018 to March 2019).
    managers_fte, consultants_fte : float
        From :func:`workforce_fte`.
    managers_per_consultant : float
        ``managers_fte / consultants_fte`` (ratio of FTEs); missing where
        either is missing or consultants_fte is 0. Meaningful for acute
        trusts (0.06-1.6, median 0.48); ambulance and some community trusts
        employ under one consultant FTE, which gives ratios in the hundreds.
    ss_8a, ss_8b, ss_8c, ss_8d : float
        Staff Survey, senior-manager items: % positive (agree or strongly
        agree), 0-100 (wording in :func:`staff_survey_managers`).
    ss_8_mean : float
        Mean of ss_8a-ss_8d (missing unless all four are present).
    ss_7_mean : float
        Mean % positive of the immediate-manager items available that year
        (7a-7e before 2015, 7a-7g from 2015).
    cqc_overall, cqc_well_led : ordered categorical
        Trust-level (population "Overall") CQC rating **in force at the end
        of the financial year**: the latest rating dated on or before 31
        March of ``year + 1``, carried forward to later years. Because the
        CQC file holds only each trust's latest rating (see
        :func:`cqc_ratings`), years before that rating are missing rather
        than filled with a rating the data do not show. For a trust's latest
        rating regardless of year, filter :func:`cqc_ratings` to population
        and question ``Overall``.
    cqc_overall_score, cqc_well_led_score : Int64
        The same as scores 0-3.
    cqc_date : datetime64
        Date of the overall rating used.
    shmi : float
        From :func:`shmi` (ratio).
    ae_4h_pct : float
        From :func:`ae_performance` (%, 0-100).

    The coverage report is ``panel.attrs["coverage"]`` (records); read it as
    a table with :func:`coverage`.

    Raises
    ------
    EmptySelectionError
        Unknown or empty ``years`` or ``org_types``.
    """
    years = _check_selection(PANEL_YEARS if years is None else years, PANEL_YEARS, "years")
    types = _check_selection(TRUST_TYPES if org_types is None else org_types, TRUST_TYPES, "org_types")
    prov = providers()
    base = prov[prov["type"].isin(types)][["org_code", "name", "type", "hee_region", "specialist"]]
    panel = base.merge(pd.DataFrame({"year": years}), how="cross")
    records = [{
        "step": "providers", "trusts_kept": len(base), "trusts_lost": len(prov) - len(base),
        "trust_years": len(panel), "codes_not_in_panel": None,
        "note": f"organisations of type {', '.join(types)} in the provider list; 'lost' = the other organisations",
    }]

    def join(table: pd.DataFrame, step: str, cols: list[str], note: str) -> pd.DataFrame:
        table = table[table["year"].isin(years)]
        out = panel.merge(table, on=["org_code", "year"], how="left", validate="one_to_one")
        present = table[table[cols].notna().all(axis=1)]
        records.append(_step(out, step, cols, set(present["org_code"]), note))
        return out

    wf = workforce_fte()[["org_code", "year", "managers_fte", "consultants_fte"]]
    wf["managers_per_consultant"] = wf["managers_fte"] / wf["consultants_fte"].where(wf["consultants_fte"] > 0)
    panel = join(wf, "workforce: managers per consultant", ["managers_per_consultant"],
                 "managers_fte and consultants_fte both present")
    panel = join(_survey_wide(years), "staff survey 8a-8d", ["ss_8_mean"], "all four senior-manager items present")
    cq = cqc_ratings()
    trust_level = cq[cq["population"].eq("Overall") & cq["question"].eq("Overall") & cq["year"].le(max(years))]
    panel = panel.merge(_cqc_in_force(panel), on=["org_code", "year"], how="left", validate="one_to_one")
    records.append(_step(
        panel, "CQC overall rating in force", ["cqc_overall"], set(trust_level["org_code"]),
        f"cqc_ratings() dropped {cq.attrs['dropped']['rows']} rows of {cq.attrs['dropped']['providers']} "
        "providers keyed by CQC provider ids before this join",
    ))
    panel = join(shmi(), "shmi", ["shmi"], "")
    ae = ae_performance()
    panel = join(ae, "A&E 4-hour", ["ae_4h_pct"], f"{ae.attrs['recoded']} rows of the file recoded from a -X suffix")
    core = ["managers_per_consultant", "ss_8_mean", "cqc_overall", "shmi", "ae_4h_pct"]
    records.append(_step(panel, "all measures", core, None, "trust-years with every measure above present"))
    order = ["org_code", "name", "type", "hee_region", "specialist", "year", "managers_fte", "consultants_fte",
             "managers_per_consultant", "ss_8a", "ss_8b", "ss_8c", "ss_8d", "ss_8_mean", "ss_7_mean",
             "cqc_overall", "cqc_overall_score", "cqc_well_led", "cqc_well_led_score", "cqc_date", "shmi", "ae_4h_pct"]
    panel = panel[order].sort_values(["org_code", "year"], ignore_index=True)
    panel.attrs["coverage"] = records
    return panel


def coverage(panel: pd.DataFrame) -> pd.DataFrame:
    """How many trusts each join of :func:`trust_panel` kept and lost, as a table.

    Columns
    -------
    step : str
        ``providers`` (the panel's trusts), then one row per source joined,
        then ``all measures``.
    trusts_kept : int
        Panel trusts with at least one year holding the step's measure (for
        ``providers``: trusts in the panel).
    trusts_lost : int
        Panel trusts with no value from the step in any selected year; they
        stay in the panel with missing values (for ``providers``: the other
        organisations in the provider list, left out by type).
    trust_years : int
        Panel rows holding the step's measure.
    codes_not_in_panel : Int64
        Organisation codes with data in the source (selected years) that are
        not panel trusts: other organisation types, or codes missing from the
        provider list (such as merged trusts). Their data are not used.
    note : str
        What the step counts.

    The report describes the panel as :func:`trust_panel` built it; a row
    selection of the panel keeps the same report. The records live in
    ``panel.attrs["coverage"]`` as a list of dicts rather
    than a DataFrame, because pandas compares ``attrs`` when concatenating
    frames and cannot compare DataFrames that way.
    """
    records = getattr(panel, "attrs", {}).get("coverage")
    if not records:
        raise MlhelpersError(
            "This frame has no coverage report: pass the frame returned by trust_panel() "
            "(or a row selection of it), not a copy rebuilt from its values."
        )
    out = pd.DataFrame.from_records(records)
    out["codes_not_in_panel"] = out["codes_not_in_panel"].astype("Int64")
    return out


# -- which loader reads which file -------------------------------------------------------
#: Every external file (its key in ``data/datapackage.json``) -> the public mlhelpers
#: function that turns it into a tidy table. Lookup files and code books map to the
#: loader that uses them (``CQC_ratings_lookup.csv`` -> ``cqc_ratings``).
LOADERS: dict[str, str] = {
    CQC: "cqc_ratings", CQC_LOOKUP: "cqc_ratings",
    SS: "staff_survey_managers", SS_QUESTIONS: "staff_survey_managers",
    CONSULTANTS: "workforce_fte", MANAGERS: "workforce_fte", ALL_STAFF: "workforce_fte",
    PROVIDER: "providers", HEE: "providers",
    SHMI: "shmi", AE: "ae_performance", RTT: "rtt_performance", FINANCES: "finances", BEDS: "beds",
    STABILITY: "staff_stability", INPATIENT: "inpatient_admissions", MEDICAL_STAFF: "medical_staff_2017",
    **{key: "codebook" for key in CODEBOOKS.values()},
    WELLBEING: "engagement_index", GENDER: "staff_wellbeing_2021_2024",
    **{f"gapminder/{ind}.csv": "country_indicators" for ind in INDICATORS},
    GEO: "country_indicators", CONCEPTS: "indicator_info",
}


def loader_call(key: str) -> str | None:
    """The call that loads external file ``key`` tidily, e.g. ``mlhelpers.cqc_ratings()``.

    Code books and Gapminder indicator files get their argument
    (``mlhelpers.codebook("staff_group_1")``); None if no loader reads ``key``.
    """
    name = LOADERS.get(key)
    if name is None:
        return None
    if name == "codebook":
        return f'mlhelpers.codebook("{next(k for k, v in CODEBOOKS.items() if v == key)}")'
    indicator = key.removeprefix("gapminder/").removesuffix(".csv")
    if name == "country_indicators" and indicator in INDICATORS:
        return f'mlhelpers.country_indicators(indicators="{indicator}")'
    return f"mlhelpers.{name}()"
