"""Exercise answers that check themselves in a running notebook.

A chapter's exercise cell reads::

    answer = None   # replace None with your answer
    ml.check("timeline-reports", answer)

How to write an exercise (the API)
----------------------------------
::

    Exercise(
        question="What share of GDP did the UK spend on health in 2022, to one decimal place?",
        answer=11.1,                       # the right answer, FIXED when the exercise is written
        compute=lambda: uk_spending(2022), # recomputes it from today's data (tests only)
        hint="Filter ml.country_indicators() to the UK and 2022.",
        decimals=1,                        # the precision the question asks for
    )

- ``answer`` is a literal stored with the exercise: an ``int``, a ``str`` or a
  ``float``. Answers are **never** recomputed when a student checks, so a
  damaged data file cannot move the right answer.
- ``compute`` is called only by ``tests/test_exercises.py``, which asserts that
  today's data still give ``answer`` (rounded to ``decimals``). When data
  change, that test fails and tells you to re-check the exercise and its text.
- ``decimals`` is required for a real-valued answer and must be ``None`` for an
  ``int`` or ``str``. An answer is right only if it rounds (half away from zero)
  to ``answer`` at that precision: for 21.67 asked to one decimal, -21.7 and
  -21.67 pass, -21.6 and -21.8 fail. The question must state the precision
  ("to one decimal place", "to two decimal places").
- Text answers compare without case or surrounding spaces; a country may be
  named by any of its usual English names ("UK", "United Kingdom").
- Feedback names the mistakes it recognises: text instead of a number, a
  Series or array instead of a value, a fraction instead of a percentage, a
  sign error, a country code instead of a name, the wrong precision.

Chapter 1's exercises live here. Each later chapter keeps its own in a module
of :mod:`mlhelpers.exercise_sets` that defines a dict ``EXERCISES``; they are
merged into one registry on first use, and a key defined twice is an error.
"""

from __future__ import annotations

import importlib
import math
import numbers
import pkgutil
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any, Callable

from .data import load

_WORDS = {0: "a whole number", 1: "one decimal place", 2: "two decimal places", 3: "three decimal places"}

#: Usual English names and ISO codes of the countries the book compares,
#: so that "UK" and "United Kingdom" are the same answer and "GBR" is
#: recognised as a code.
COUNTRIES: dict[str, tuple[str, ...]] = {
    "AUS": ("Australia",),
    "BRA": ("Brazil",),
    "CAN": ("Canada",),
    "DNK": ("Denmark",),
    "FRA": ("France",),
    "DEU": ("Germany",),
    "IND": ("India",),
    "ITA": ("Italy",),
    "NLD": ("Netherlands", "The Netherlands"),
    "NZL": ("New Zealand",),
    "NOR": ("Norway",),
    "SWE": ("Sweden",),
    "GBR": ("United Kingdom", "UK", "Great Britain", "Britain"),
    "USA": ("United States", "USA", "US", "United States of America"),
}
_ISO2 = {"AUS": "AU", "BRA": "BR", "CAN": "CA", "DNK": "DK", "FRA": "FR", "DEU": "DE", "IND": "IN",
         "ITA": "IT", "NLD": "NL", "NZL": "NZ", "NOR": "NO", "SWE": "SE", "GBR": "GB", "USA": "US"}


def _country_of(name: str) -> str | None:
    """The ISO3 code of a country named ``name`` (any usual name), else None."""
    key = name.strip().lower()
    for iso, names in COUNTRIES.items():
        if key in (n.lower() for n in names):
            return iso
    return None


def _is_code(text: str) -> str | None:
    """The ISO3 code if ``text`` is an ISO2/ISO3 code of a known country (and not one of its names)."""
    key = text.strip().upper()
    if _country_of(text) is not None:
        return None
    if key in COUNTRIES:
        return key
    for iso, two in _ISO2.items():
        if key == two:
            return iso
    return None


def describe_precision(decimals: int) -> str:
    """``1`` -> ``'one decimal place'``: the words a question uses for a precision."""
    return _WORDS.get(decimals, f"{decimals} decimal places")


def _round(value: float, decimals: int) -> Decimal:
    """Round as people do (half away from zero), from the shortest repr so 2.675 -> 2.68."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def plain(value: Any) -> str:
    """A value as a student would write it: ``11.1``, ``'UK'``, never ``np.float64(11.1)``."""
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:
        value = value.item()
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)
    if isinstance(value, (numbers.Number, bool)):
        return str(value)
    shape = getattr(value, "shape", None)
    if shape is not None:
        return f"a {type(value).__name__} of shape {shape}"
    return repr(value)


@dataclass(frozen=True)
class Exercise:
    """One checkable exercise: its question, fixed answer, how to recompute it, and a hint.

    See the module docstring for the rules; they are enforced here so that a
    badly written exercise fails when the registry is built, not in a lesson.
    """

    question: str
    answer: Any
    compute: Callable[[], Any]
    hint: str
    decimals: int | None = None

    def __post_init__(self) -> None:
        a = self.answer
        if not callable(self.compute):
            raise TypeError(f"Exercise {self.question!r}: compute must be a function of no arguments, "
                            "e.g. compute=lambda: ..., not its result.")
        if isinstance(a, bool) or not isinstance(a, (int, float, str)):
            raise TypeError(f"Exercise {self.question!r}: answer must be a literal int, float or str, "
                            f"not {type(a).__name__}; write the value itself, e.g. answer=13.")
        if self.decimals is not None and (isinstance(self.decimals, bool) or not isinstance(self.decimals, int)
                                          or self.decimals < 0):
            raise ValueError(f"Exercise {self.question!r}: decimals must be a whole number >= 0 "
                             f"or None, not {self.decimals!r}.")
        if isinstance(a, float):
            if self.decimals is None:
                raise ValueError(f"Exercise {self.question!r}: a real-valued answer needs decimals= "
                                 "(the precision the question asks for), e.g. decimals=1.")
            if not math.isfinite(a):
                raise ValueError(f"Exercise {self.question!r}: answer must be a finite number, not {a!r}.")
            if float(_round(a, self.decimals)) != a:
                raise ValueError(f"Exercise {self.question!r}: answer {a!r} has more decimals than "
                                 f"decimals={self.decimals}; store it rounded, e.g. {float(_round(a, self.decimals))}.")
        if self.decimals is not None:
            if not isinstance(a, (int, float)):
                raise ValueError(f"Exercise {self.question!r}: decimals is only for numeric answers; "
                                 "leave it out for a text answer.")
            words = describe_precision(self.decimals)
            if words not in self.question and f"{self.decimals} decimal" not in self.question:
                raise ValueError(f"Exercise {self.question!r}: the question must state the precision "
                                 f"it asks for; add 'to {words}'.")

    def agrees_with_data(self) -> tuple[bool, Any]:
        """Recompute from today's data: (does it still give ``answer``?, the recomputed value)."""
        value = self.compute()
        if hasattr(value, "item") and getattr(value, "ndim", None) == 0:
            value = value.item()
        if self.decimals is not None:
            ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value) \
                and _round(value, self.decimals) == _round(self.answer, self.decimals)
        elif isinstance(self.answer, int):
            ok = isinstance(value, numbers.Integral) and not isinstance(value, bool) and int(value) == self.answer
        else:
            ok = isinstance(value, str) and value == self.answer
        return ok, value


def _timeline_kind_count(kind: str) -> Callable[[], int]:
    return lambda: int((load("timeline")["kind"] == kind).sum())


def _mlcf():
    frameworks = load("frameworks")
    return frameworks[frameworks["framework"].str.startswith("Medical Leadership Competency")]


CHAPTER1: dict[str, Exercise] = {
    "timeline-reports": Exercise(
        "How many events in the timeline are reports?",
        19,
        _timeline_kind_count("report"),
        "Filter ml.load('timeline') on the 'kind' column and count the rows.",
    ),
    "timeline-frameworks": Exercise(
        "How many events in the timeline are frameworks?",
        9,
        _timeline_kind_count("framework"),
        "Count the rows whose 'kind' is 'framework'.",
    ),
    "timeline-busiest-decade": Exercise(
        "In which decade does the timeline record the most events (e.g. '1970s')?",
        "2010s",
        lambda: str((load("timeline")["date"].str[:3] + "0s").value_counts().sort_index().idxmax()),
        "Make a decade label with timeline['date'].str[:3] + '0s', then count with value_counts().",
    ),
    "mlcf-elements": Exercise(
        "How many elements does the Medical Leadership Competency Framework have in all?",
        20,
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


def _exercise(key: str) -> Exercise:
    if not isinstance(key, str):
        raise TypeError(f"The exercise must be named by its key as text, e.g. ml.check('timeline-reports', answer), "
                        f"not {plain(key)}.")
    known = registry()
    if key not in known:
        from .validate import suggest

        raise KeyError(f"No exercise {key!r}.{suggest(key, known)} Known: {', '.join(sorted(known))}.")
    return known[key]


def _number_matches(ex: Exercise, value: float) -> bool:
    """Does the real number ``value`` count as ``ex.answer``?"""
    if not math.isfinite(value):
        return False
    if ex.decimals is None:  # an int answer: only that whole number
        return float(value).is_integer() and int(value) == ex.answer
    return _round(value, ex.decimals) == _round(ex.answer, ex.decimals)


def judge(key: str, answer: Any) -> tuple[bool, str]:
    """The verdict on ``answer`` to exercise ``key`` and the feedback to print."""
    ex = _exercise(key)
    expected = ex.answer
    if answer is None:
        return False, "Not answered yet: replace None with your answer and run the cell again."
    hint = f" Hint: {ex.hint}"
    numeric = isinstance(expected, (int, float))
    # containers: a Series, an array, a one-row frame, a list
    if not isinstance(answer, (str, bytes)) and (hasattr(answer, "__len__") or hasattr(answer, "shape")) \
            and getattr(answer, "ndim", 1) != 0:
        try:
            size = int(getattr(answer, "size", len(answer)))
        except TypeError:
            size = -1
        kind = {"ndarray": "NumPy array"}.get(type(answer).__name__, type(answer).__name__)
        if size == 1:
            inner = answer.item() if hasattr(answer, "item") else list(answer)[0]
            ok_inside = judge(key, inner)[0]
            note = " The value inside is right." if ok_inside else ""
            how = "[0]" if isinstance(answer, (list, tuple)) else ".item()"
            return False, (f"Not quite: that is a {kind} holding one value ({plain(inner)}), not the value itself: "
                           f"take the value out of the {kind} with {how}.{note}")
        return False, (f"Not quite: that is a {kind} of {size} values; the answer is a single "
                       f"{'number' if numeric else 'text'}. Pick the one value the question asks for.{hint}")
    if hasattr(answer, "item") and getattr(answer, "ndim", None) == 0:
        answer = answer.item()
    shown = plain(answer)
    if isinstance(answer, bool):
        return False, f"Not quite: {shown} is True/False; the answer is {_kind_of(expected)}.{hint}"
    if numeric:
        if isinstance(answer, str):
            try:
                as_number = float(answer.strip().rstrip("%").replace(",", ""))
            except ValueError:
                return False, (f"Not quite: {shown} is text, and the answer is a number; "
                               f"write the number without quotes.{hint}")
            if _number_matches(ex, as_number):
                return False, (f"Almost: {shown} is text, not a number: write {answer.strip().rstrip('%')} "
                               "without quotes.")
            return False, f"Not quite: {shown} is text, not a number: write numbers without quotes.{hint}"
        if not isinstance(answer, numbers.Real):
            return False, f"Not quite: {shown} is not a number.{hint}"
        value = float(answer)
        if math.isnan(value):
            return False, f"Not quite: the answer is NaN (not a number); check for missing data.{hint}"
        if _number_matches(ex, value):
            if ex.decimals is not None and float(_round(value, ex.decimals)) != value:
                return True, f"Correct: {shown}, which is {plain(float(_round(value, ex.decimals)))} " \
                             f"to {describe_precision(ex.decimals)}."
            return True, f"Correct: {shown}."
        return False, _near_miss(ex, value, shown) + hint
    # a text answer
    if not isinstance(answer, str):
        return False, (f"Not quite: {shown} is a number, but the answer is text; "
                       f"give it in quotes, e.g. {_example_text(expected)}.{hint}")
    given = answer.strip().lower()
    if given == expected.strip().lower():
        return True, f"Correct: {shown}."
    right_country = _country_of(expected)
    if right_country is not None:
        if _country_of(answer) == right_country:
            return True, f"Correct: {shown} (the data call it {expected!r})."
        code = _is_code(answer)
        if code is not None:
            return False, (f"Not quite: {shown} is a country code, not a name: give the country's name "
                           f"as the data spell it in the 'country' column.{' That is the right country.' if code == right_country else hint}")
    return False, f"Not quite: {shown} is not the answer.{hint}"


def _kind_of(expected: Any) -> str:
    if isinstance(expected, int):
        return "a whole number"
    if isinstance(expected, float):
        return "a number"
    return "text"


def _example_text(expected: str) -> str:
    """An example of the form of a text answer (never the answer itself)."""
    if expected.endswith("0s") and expected[:4].isdigit():
        return "'1970s'"
    if _country_of(expected) is not None:
        return "'Denmark'" if _country_of(expected) == "SWE" else "'Sweden'"
    return "'7a'" if len(expected) <= 3 else "'some text'"


def _near_miss(ex: Exercise, value: float, shown: str) -> str:
    """Name the mistake behind a wrong number when it is one we recognise."""
    expected = float(ex.answer)
    if _number_matches(ex, -value):
        return f"Not quite: {shown} has the wrong sign. A fall is a negative number and a rise a positive one."
    if ex.decimals is not None and abs(value) < 1 <= abs(expected) and _number_matches(ex, value * 100):
        return (f"Not quite: {shown} looks like a fraction; the answer is a percentage "
                "(21.7, not 0.217): multiply by 100.")
    if ex.decimals is not None:
        words = describe_precision(ex.decimals)
        shorter = [d for d in range(ex.decimals) if float(_round(expected, d)) == value]
        if shorter:
            return f"Not quite: {shown} is rounded too far; give the answer to {words}."
        steps = abs(_round(value, ex.decimals) - _round(expected, ex.decimals)).scaleb(ex.decimals)
        if steps == 1:  # one step of the precision asked for away: a rounding slip or a near miss
            return (f"Close, but {shown} does not round to the answer at {words}: round (do not cut off) "
                    f"to {words}, e.g. round(x, {ex.decimals}), and check the calculation.")
    elif isinstance(ex.answer, int) and not float(value).is_integer():
        return f"Not quite: {shown} is not a whole number, and the answer is one (a count or a year)."
    return f"Not quite: {shown} is not the answer."


def is_correct(exercise: str, answer: Any) -> bool:
    """True if ``answer`` is the answer to ``exercise`` (the answer stored with it)."""
    return judge(exercise, answer)[0]


def check(exercise: str, answer: Any) -> None:
    """Print feedback on ``answer`` to ``exercise``: right, not yet, or what kind of mistake and a hint."""
    print(judge(exercise, answer)[1])
