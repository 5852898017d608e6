"""Exercise answers that check themselves in a running notebook.

A chapter's exercise cell reads::

    answer = None   # replace None with your answer
    ml.check("timeline-reports", answer)

Expected answers are *computed from the book's data* when checked, never
typed in, so an exercise stays right when the data are corrected.

Chapter 1's exercises live here. Each later chapter keeps its own in a module
of :mod:`mlhelpers.exercise_sets` that defines a dict ``EXERCISES``; they are
merged into one registry on first use, and a key defined twice is an error.
"""

from __future__ import annotations

import importlib
import numbers
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from .data import load


@dataclass(frozen=True)
class Exercise:
    """One checkable exercise: how to compute its answer and a hint."""

    question: str
    expected: Callable[[], Any]
    hint: str
    #: for a real-valued answer, how far from the expected value still counts
    #: as right (say 0.05 for "to one decimal place"); 0 means exact.
    tolerance: float = 0.0


def _timeline_kind_count(kind: str) -> Callable[[], int]:
    return lambda: int((load("timeline")["kind"] == kind).sum())


def _first_year_with(word: str) -> Callable[[], int]:
    def compute() -> int:
        t = load("timeline")
        hits = t[t["event"].str.contains(word, case=False)]
        return int(hits["date"].str[:4].astype(int).min())

    return compute


def _mlcf():
    frameworks = load("frameworks")
    return frameworks[frameworks["framework"].str.startswith("Medical Leadership Competency")]


CHAPTER1: dict[str, Exercise] = {
    "timeline-reports": Exercise(
        "How many events in the timeline are reports?",
        _timeline_kind_count("report"),
        "Filter ml.load('timeline') on the 'kind' column and count the rows.",
    ),
    "timeline-frameworks": Exercise(
        "How many events in the timeline are frameworks?",
        _timeline_kind_count("framework"),
        "Count the rows whose 'kind' is 'framework'.",
    ),
    "timeline-busiest-decade": Exercise(
        "In which decade does the timeline record the most events (e.g. '1970s')?",
        lambda: str((load("timeline")["date"].str[:3] + "0s").value_counts().sort_index().idxmax()),
        "Make a decade label with timeline['date'].str[:3] + '0s', then count with value_counts().",
    ),
    "mlcf-elements": Exercise(
        "How many elements does the Medical Leadership Competency Framework have in all?",
        lambda: int(_mlcf()["element"].notna().sum()),
        "Load ml.load('frameworks'), keep the MLCF rows and count the elements.",
    ),
}


@lru_cache(maxsize=1)
def registry() -> dict[str, Exercise]:
    """Every exercise in the book: chapter 1's plus each module in ``exercise_sets``."""
    from . import exercise_sets

    merged = dict(CHAPTER1)
    for info in sorted(pkgutil.iter_modules(exercise_sets.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{exercise_sets.__name__}.{info.name}")
        for key, exercise in getattr(module, "EXERCISES", {}).items():
            if key in merged:
                raise ValueError(f"Exercise key {key!r} is defined twice (again in exercise_sets/{info.name}.py).")
            if not isinstance(exercise, Exercise):
                raise TypeError(f"exercise_sets/{info.name}.py: {key!r} is not an Exercise.")
            merged[key] = exercise
    return merged


def _same(answer: Any, expected: Any, tolerance: float = 0.0) -> bool:
    """Compare without silently rounding: 22.7 is not 22, "22" is not 22."""
    if isinstance(expected, bool) or isinstance(answer, bool):
        return answer is expected
    if isinstance(expected, float) and not isinstance(expected, bool):
        return isinstance(answer, numbers.Real) and abs(float(answer) - expected) <= tolerance
    if isinstance(expected, int):
        if isinstance(answer, numbers.Integral):
            return int(answer) == expected
        return isinstance(answer, numbers.Real) and float(answer).is_integer() and int(answer) == expected
    if isinstance(expected, str):
        return isinstance(answer, str) and answer.strip().lower() == expected.lower()
    return answer == expected


def is_correct(exercise: str, answer: Any) -> bool:
    """True if ``answer`` is the answer to ``exercise`` (computed from the data now)."""
    known = registry()
    if exercise not in known:
        raise KeyError(f"No exercise {exercise!r}; known: {', '.join(sorted(known))}.")
    ex = known[exercise]
    return answer is not None and _same(answer, ex.expected(), ex.tolerance)


def check(exercise: str, answer: Any) -> None:
    """Print feedback on ``answer`` to ``exercise``: right, not yet, or a hint."""
    right = is_correct(exercise, answer)
    if answer is None:
        print("Not answered yet: replace None with your answer and run the cell again.")
    elif right:
        print(f"Correct: {answer!r}.")
    else:
        print(f"Not quite: {answer!r} is not the answer. Hint: {registry()[exercise].hint}")
