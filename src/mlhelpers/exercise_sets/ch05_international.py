"""Exercises of chapter 5, International comparisons (keys start with ``intl-``).

Each answer is fixed as written; ``compute`` recomputes it from the data for
``tests/test_exercises.py`` only (see :mod:`mlhelpers.exercises`). The years
the chapter's questions name (its ``first_year`` and ``last_year``) are
computed here the same way the chapter computes them, never typed in.
"""

from __future__ import annotations

from ..data import load
from ..exercises import Exercise


def _panel():
    from .. import international as intl
    from ..sources import country_indicators

    return country_indicators(indicators=list(intl.DEFAULT_INDICATORS))


def _span() -> tuple[int, int]:
    """The chapter's first and last year: the span of its coverage table."""
    from .. import international as intl

    cov = intl.coverage_table(_panel())
    return int(cov["first_year"].min()), int(cov["last_year"].max())


def _value(country: str, alias: str, year: int) -> float:
    from .. import international as intl
    from ..sources import country_indicators

    d = country_indicators(indicators=intl.ALIASES[alias])
    row = d[(d["country"] == country) & (d["year"] == year)]
    if len(row) != 1:
        raise LookupError(f"{len(row)} rows of {alias} for {country} in {year}; re-check this exercise.")
    return float(row["value"].iloc[0])


def _wms_top() -> str:
    m = load("management_international")
    wms = m[m["measure"].str.startswith("Overall hospital management score")]
    return str(wms.loc[wms["value"].idxmax(), "country"])


def _uk_spending_last_year() -> float:
    return _value("UK", "spending", _span()[1])


def _uk_doctor_rise() -> float:
    first, last = _span()
    return _value("UK", "doctors", last) - _value("UK", "doctors", first)


def _biggest_doctor_jump() -> str:
    from .. import international as intl
    from ..sources import country_indicators

    b = intl.flag_breaks(country_indicators(indicators=intl.ALIASES["doctors"]))
    return str(b.loc[b["change_pct"].abs().idxmax(), "country"])


def _lowest_government_share_2022() -> str:
    from .. import international as intl
    from ..sources import country_indicators

    d = country_indicators(indicators=intl.ALIASES["government_share"])
    d = d[d["year"] == 2022]
    return str(d.loc[d["value"].idxmin(), "country"])


EXERCISES: dict[str, Exercise] = {
    "intl-wms-top": Exercise(
        "Which country has the highest overall World Management Survey hospital score in the book's data?",
        "United States",
        _wms_top,
        "Load ml.load('management_international'), keep the rows whose measure starts with "
        "'Overall hospital management score', and find the row with the largest value.",
    ),
    # The key keeps its old name (chapters use it); the year is the chapter's last year of data.
    "intl-uk-spending-2022": Exercise(
        "What share of GDP did the UK spend on health in the latest year of the chapter's data (2022)? "
        "Give it to one decimal place.",
        11.1,
        _uk_spending_last_year,
        "Filter the spending rows of ml.country_indicators() to country 'UK' and the latest year, "
        "then round with round(x, 1).",
        decimals=1,
    ),
    "intl-uk-doctor-rise": Exercise(
        "By how many doctors per 1,000 people did the UK's figure rise from the chapter's first to its last "
        "year of data (2000 to 2022)? Give it to two decimal places.",
        1.16,
        _uk_doctor_rise,
        "Take the UK's doctors per 1,000 people in the last year and subtract the value for the first year; "
        "round with round(x, 2).",
        decimals=2,
    ),
    "intl-biggest-jump": Exercise(
        "Which country's doctors-per-1,000 series has the largest one-year jump flagged by flag_breaks?",
        "Italy",
        _biggest_doctor_jump,
        "Run international.flag_breaks on the doctors rows and look for the largest absolute change_pct.",
    ),
    "intl-lowest-government-share": Exercise(
        "Which of the twelve countries had the lowest government share of health spending in 2022?",
        "USA",
        _lowest_government_share_2022,
        "Keep the government-share rows for 2022 and find the smallest value with idxmin().",
    ),
}
