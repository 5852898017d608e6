"""Exercises of chapter 2, medical leadership as a professionalization project.

Each answer is fixed as written; ``compute`` recomputes it from the data for
``tests/test_exercises.py`` only (see :mod:`mlhelpers.exercises`).
"""

from __future__ import annotations

from ..data import load
from ..exercises import Exercise


def _totals(coverage: str):
    from .. import sources as external
    from .. import professions

    workforce = external.workforce_fte()
    providers = external.providers() if coverage == "same trusts" else None
    return professions.fte_totals(workforce, providers, coverage=coverage)


def _pct(coverage: str, what: str):
    from .. import professions

    return lambda: float(professions.pct_change(_totals(coverage), what))


def _lowest_manager_year() -> int:
    t = _totals("all")
    return int(t.loc[t["managers_fte"].idxmin(), "year"])


EXERCISES: dict[str, Exercise] = {
    "prof-managers-change-all": Exercise(
        "By what percentage did manager FTE change from the first to the last year, summed over all organisations "
        "in the files? Give a fall as a negative number, to one decimal place.",
        -21.7,
        _pct("all", "managers"),
        "Use professions.fte_totals(ml.workforce_fte()) and professions.pct_change(totals, 'managers'); "
        "a fall is a negative number. Round with round(x, 1).",
        decimals=1,
    ),
    "prof-managers-change-same": Exercise(
        "By what percentage did manager FTE change from the first to the last year in the same trusts every year? "
        "Give it to one decimal place.",
        25.8,
        _pct("same trusts", "managers"),
        "Pass ml.providers() and coverage='same trusts' to professions.fte_totals, then use pct_change. "
        "Round with round(x, 1).",
        decimals=1,
    ),
    "prof-managers-lowest-year": Exercise(
        "In which year was manager FTE lowest, summed over all organisations in the files?",
        2016,
        _lowest_manager_year,
        "Find the row of professions.fte_totals(ml.workforce_fte()) with the smallest managers_fte (idxmin) and read its year.",
    ),
    "prof-concepts-secondary": Exercise(
        "How many concepts in the concept map rest on a secondary source?",
        18,
        lambda: int(load("professions_concepts")["confidence"].eq("secondary").sum()),
        "Count the rows of ml.load('professions_concepts') whose confidence is 'secondary'.",
    ),
}
