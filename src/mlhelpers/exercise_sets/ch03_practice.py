"""Exercises of chapter 3, *Medical leadership as practice* (keys start with ``practice-``).

Each answer is fixed as written; ``compute`` recomputes it from the data for
``tests/test_exercises.py`` only (see :mod:`mlhelpers.exercises`).
"""

from __future__ import annotations

from ..data import load
from ..exercises import Exercise


def _reported_cells() -> int:
    return int((load("practice_anatomy")["basis"] == "reported in source").sum())


def _valuing_gap() -> float:
    s = load("undergraduate_leadership_surveys")
    valued = s[(s["source"] == "stringfellow2015defining") & (s["topic"] == "valuing the teaching")]
    by = valued.set_index("respondents")["pct"]
    return float(by["students"] - by["medical schools"])


def _acute(year: int | None = None):
    from .. import sources as external
    from ..practice import survey_by_type

    tidy = survey_by_type(external.staff_survey_managers(), external.providers())
    tidy = tidy[tidy["type"] == "acute"]
    return tidy if year is None else tidy[tidy["year"] == year]


def _latest_full_year() -> int:
    """The latest survey year in which every trust type has data."""
    from .. import sources as external
    from ..practice import coverage_by_year, survey_by_type

    cover = coverage_by_year(survey_by_type(external.staff_survey_managers(), external.providers()))
    return int(max(y for y, row in cover.iterrows() if (row > 0).all()))


def _lowest_item_latest_full_year() -> str:
    return str(_acute(_latest_full_year()).groupby("question")["pct_positive"].median().idxmin())


def _change_8c() -> float:
    med = _acute().query("question == '8c'").groupby("year")["pct_positive"].median()
    return float(med.iloc[-1] - med.iloc[0])


EXERCISES: dict[str, Exercise] = {
    "practice-reported-cells": Exercise(
        "How many cells of the practice anatomy are reported in a source rather than the book's teaching analysis?",
        6,
        _reported_cells,
        "Count the rows of ml.load('practice_anatomy') whose 'basis' is 'reported in source'.",
    ),
    "practice-valuing-gap": Exercise(
        "In Stringfellow et al.'s survey, by how many percentage points did the share of students who valued "
        "leadership and management teaching exceed the share of medical schools? Give it to one decimal place.",
        28.2,
        _valuing_gap,
        "Keep the Stringfellow rows whose topic is 'valuing the teaching' and subtract the schools' pct from the students'.",
        decimals=1,
    ),
    "practice-lowest-item": Exercise(
        "In the latest year that covers all trust types, on which item (e.g. '7a') was the median acute "
        "trust's % positive lowest?",
        "8d",
        _lowest_item_latest_full_year,
        "Filter the survey table to acute trusts in that year (spread_year), group by 'question' and take the median of 'pct_positive'; "
        "idxmin() gives the item.",
    ),
    "practice-8c-change": Exercise(
        "By how many percentage points did the median acute trust's % positive on item 8c change from the first "
        "to the last survey year? Give it to one decimal place.",
        5.3,
        _change_8c,
        "Keep acute trusts and item 8c, take the median of 'pct_positive' per year, and subtract the first year's from the last's "
        "(a rise is positive; round with round(x, 1)).",
        decimals=1,
    ),
}
