"""Exercise answers that check themselves in a running notebook.

A chapter's exercise cell reads::

    answer = None   # replace None with your answer
    ml.check("timeline-reports", answer)

Expected answers are *computed from the book's data* when checked, never
typed in, so an exercise stays right when the data are corrected.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any, Callable

from .data import load


@dataclass(frozen=True)
class Exercise:
    """One checkable exercise: how to compute its answer and a hint."""

    question: str
    expected: Callable[[], Any]
    hint: str


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


EXERCISES: dict[str, Exercise] = {
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


def _same(answer: Any, expected: Any) -> bool:
    """Compare without silently rounding: 22.7 is not 22, "22" is not 22."""
    if isinstance(expected, bool) or isinstance(answer, bool):
        return answer is expected
    if isinstance(expected, int):
        if isinstance(answer, numbers.Integral):
            return int(answer) == expected
        return isinstance(answer, numbers.Real) and float(answer).is_integer() and int(answer) == expected
    if isinstance(expected, str):
        return isinstance(answer, str) and answer.strip().lower() == expected.lower()
    return answer == expected


def is_correct(exercise: str, answer: Any) -> bool:
    """True if ``answer`` is the answer to ``exercise`` (computed from the data now)."""
    if exercise not in EXERCISES:
        raise KeyError(f"No exercise {exercise!r}; known: {', '.join(sorted(EXERCISES))}.")
    return answer is not None and _same(answer, EXERCISES[exercise].expected())


def check(exercise: str, answer: Any) -> None:
    """Print feedback on ``answer`` to ``exercise``: right, not yet, or a hint."""
    right = is_correct(exercise, answer)
    if answer is None:
        print("Not answered yet: replace None with your answer and run the cell again.")
    elif right:
        print(f"Correct: {answer!r}.")
    else:
        print(f"Not quite: {answer!r} is not the answer. Hint: {EXERCISES[exercise].hint}")
