"""The sources wing: one module per source compilation of real external data.

- :mod:`.hospital_management`: the LSE hospital-management files (CQC,
  staff survey 2012-2018, workforce, SHMI, A&E, RTT, finances, ...).
- :mod:`.nhs_wellbeing`: the engagement index 2012-2019.
- :mod:`.nhs_gender`: the staff survey 2021-2024 selection.
- :mod:`.staff_survey_2024`: NHS England's 2024 staff survey workbook (.xlsx).
- :mod:`.gapminder`: country indicators.
- :mod:`.trust_panel`: the trust x year panel joining them, and its coverage.
- :mod:`._reader`: the one shared reader (fetch, verify, parse once, validate).

To add a source, add a module here that reads its files with
:func:`._reader.table`, register its files in ``data/datapackage.json``, map
them to their loader in :data:`LOADERS` and export the loader below.

Tidy loaders for the real external datasets, and one trust x year panel.

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

from .gapminder import CONCEPTS, DEFAULT_COUNTRIES, GEO, INDICATORS, country_indicators, indicator_info
from .hospital_management import (
    AE, ALL_STAFF, BEDS, CODEBOOKS, CONSULTANTS, CQC, CQC_LOOKUP, FINANCES, HEE, INPATIENT, MANAGERS,
    MEDICAL_STAFF, ORG_TYPES, PROVIDER, RTT, SHMI, SS, SS_ITEMS, SS_QUESTIONS, STABILITY, TRUST_TYPES,
    ae_performance, beds, codebook, cqc_ratings, finances, inpatient_admissions, medical_staff_2017,
    providers, rtt_performance, shmi, staff_stability, staff_survey_managers, workforce_fte,
)
from .nhs_gender import GENDER, NHS_REGIONS, staff_wellbeing_2021_2024
from .nhs_wellbeing import WELLBEING, engagement_index
from .staff_survey_2024 import SS24, staff_survey_2024
from .trust_panel import PANEL_YEARS, coverage, trust_panel

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
    WELLBEING: "engagement_index", GENDER: "staff_wellbeing_2021_2024", SS24: "staff_survey_2024",
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


__all__ = [
    "providers", "cqc_ratings", "staff_survey_managers", "workforce_fte", "shmi", "ae_performance",
    "rtt_performance", "finances", "beds", "staff_stability", "inpatient_admissions", "medical_staff_2017",
    "codebook", "engagement_index", "staff_wellbeing_2021_2024", "staff_survey_2024", "country_indicators", "indicator_info",
    "trust_panel", "coverage", "LOADERS", "loader_call",
    "CODEBOOKS", "INDICATORS", "DEFAULT_COUNTRIES", "ORG_TYPES", "TRUST_TYPES", "PANEL_YEARS", "SS_ITEMS",
    "NHS_REGIONS",
]
