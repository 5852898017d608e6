"""Exercises of chapter 7, from medical leadership to the regulation of management (keys ``reg-``).

Each answer is fixed as written; ``compute`` recomputes it from the data for
``tests/test_exercises.py`` only (see :mod:`mlhelpers.exercises`).
"""

from __future__ import annotations

from ..data import load
from ..exercises import Exercise


def _recent():
    from .. import regulation

    return regulation.recent_events(load("timeline"))


def _gap() -> float:
    from .. import regulation

    return regulation.agreement_gap(load("consultation_results"), "senior managers and leaders")


EXERCISES: dict[str, Exercise] = {
    "reg-recent-events": Exercise(
        "How many events in the timeline are dated 2019 or later?",
        15,
        lambda: len(_recent()),
        "Use regulation.recent_events(timeline), which keeps the events from regulation.SINCE on, and count its rows with len().",
    ),
    "reg-recent-commonest-kind": Exercise(
        "Which kind of event is the most common among the recent events (e.g. 'law')?",
        "report",
        lambda: str(_recent()["kind"].value_counts().idxmax()),
        "Count the kinds of regulation.recent_events(timeline) with value_counts() and take idxmax().",
    ),
    "reg-recent-secondary": Exercise(
        "How many of the recent events rest only on a secondary report?",
        2,
        lambda: int(_recent()["confidence"].eq("secondary").sum()),
        "Count the rows of regulation.recent_events(timeline) whose 'confidence' is 'secondary'.",
    ),
    "reg-agreement-gap": Exercise(
        "By how many percentage points did senior managers and leaders agree less often than all responses "
        "that NHS managers should be regulated? Give a whole number.",
        13.0,
        _gap,
        "Use regulation.agreement_gap(results, 'senior managers and leaders'), or subtract the two agree_pct values.",
        decimals=0,
    ),
}
