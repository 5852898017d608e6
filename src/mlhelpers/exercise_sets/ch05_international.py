"""Exercises of chapter 5, International comparisons (keys start with ``intl-``).

Every expected answer is computed from the data when it is checked.
"""

from __future__ import annotations

from ..data import load
from ..exercises import Exercise
from ..sources import country_indicators
from .. import international as intl


def _value(country: str, indicator: str, year: int) -> float:
    d = country_indicators(indicators=indicator)
    row = d[(d["country"] == country) & (d["year"] == year)]
    return float(row["value"].iloc[0])


def _wms_top() -> str:
    m = load("management_international")
    wms = m[m["measure"].str.startswith("Overall hospital management score")]
    return str(wms.loc[wms["value"].idxmax(), "country"])


def _uk_doctor_rise() -> float:
    return round(_value("UK", intl.ALIASES["doctors"], 2022) - _value("UK", intl.ALIASES["doctors"], 2000), 2)


def _biggest_doctor_jump() -> str:
    b = intl.flag_breaks(country_indicators(indicators=intl.ALIASES["doctors"]))
    return str(b.loc[b["change_pct"].abs().idxmax(), "country"])


def _lowest_government_share_2022() -> str:
    d = country_indicators(indicators=intl.ALIASES["government_share"])
    d = d[d["year"] == 2022]
    return str(d.loc[d["value"].idxmin(), "country"])


EXERCISES: dict[str, Exercise] = {
    "intl-wms-top": Exercise(
        "Which country has the highest overall World Management Survey hospital score in the book's data?",
        _wms_top,
        "Load ml.load('management_international'), keep the rows whose measure starts with "
        "'Overall hospital management score', and find the row with the largest value.",
    ),
    "intl-uk-spending-2022": Exercise(
        "What share of GDP did the UK spend on health in 2022 (to one decimal place)?",
        lambda: round(_value("UK", intl.ALIASES["spending"], 2022), 1),
        "Filter the spending rows of ml.country_indicators() to country 'UK' and year 2022.",
        tolerance=0.05,
    ),
    "intl-uk-doctor-rise": Exercise(
        "By how many doctors per 1,000 people did the UK's figure rise from 2000 to 2022 (to two decimals)?",
        _uk_doctor_rise,
        "Take the UK's doctors per 1,000 people in 2022 and subtract the value for 2000.",
        tolerance=0.005,
    ),
    "intl-biggest-jump": Exercise(
        "Which country's doctors-per-1,000 series has the largest one-year jump flagged by flag_breaks?",
        _biggest_doctor_jump,
        "Run international.flag_breaks on the doctors rows and look for the largest absolute change_pct.",
    ),
    "intl-lowest-government-share": Exercise(
        "Which of the twelve countries had the lowest government share of health spending in 2022?",
        _lowest_government_share_2022,
        "Keep the government-share rows for 2022 and find the smallest value with idxmin().",
    ),
}
