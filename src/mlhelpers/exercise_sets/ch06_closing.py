"""Exercises of chapters 6 (general practice, keys ``gp-``) and 7 (voices and what next, keys ``next-``).

Each answer is fixed as written; ``compute`` recomputes it from the book's
curated data for ``tests/test_exercises.py`` only (see :mod:`mlhelpers.exercises`).
"""

from __future__ import annotations

from ..data import load
from ..exercises import Exercise


def _gp_year(word: str) -> int:
    gp = load("gp_leadership")
    hits = gp[gp["item"].str.contains(word, case=False, regex=False)]
    if hits.empty:
        raise LookupError(f"no item in gp_leadership mentions {word!r}")
    return int(hits["year"].iloc[0])


EXERCISES: dict[str, Exercise] = {
    "gp-common-styles": Exercise(
        "How many of the leadership styles in leadership_styles are ones the review found common?",
        4,
        lambda: int(load("leadership_styles")["frequency"].eq("common").sum()),
        "Count the rows of ml.load('leadership_styles') whose 'frequency' is 'common'.",
    ),
    "gp-years-apart": Exercise(
        "How many years separate the county survey of GPs from the analysis of GP federations?",
        9,
        lambda: _gp_year("federations") - _gp_year("county"),
        "Find the two rows of ml.load('gp_leadership') by a word in 'item' (str.contains) and subtract their years.",
    ),
    "gp-secondary-items": Exercise(
        "How many items in gp_leadership are known only through a secondary report?",
        4,
        lambda: int(load("gp_leadership")["confidence"].eq("secondary").sum()),
        "Count the rows whose 'confidence' is 'secondary'.",
    ),
    "next-positive-studies": Exercise(
        "How many studies in the evidence map report a positive association?",
        5,
        lambda: int(load("evidence_map")["direction"].eq("positive").sum()),
        "Count the rows of ml.load('evidence_map') whose 'direction' is 'positive'.",
    ),
    "next-size-not-reported": Exercise(
        "How many studies in the evidence map have no sample size recorded?",
        7,
        lambda: int(load("evidence_map")["sample_size"].isna().sum()),
        "Missing sample sizes are <NA> after ml.load; count them with .isna().sum().",
    ),
    "next-doctor-speakers": Exercise(
        "How many different speakers in the voices dataset are doctors?",
        3,
        lambda: int(load("voices").loc[lambda v: v["speaker_group"].eq("doctor"), "speaker"].nunique()),
        "Keep the rows whose 'speaker_group' is 'doctor', then count distinct speakers with nunique().",
    ),
}
