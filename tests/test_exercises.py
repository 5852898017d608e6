"""Self-checking exercises: fixed answers, strict precision, feedback that names the mistake."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mlhelpers as ml
from mlhelpers import exercises
from mlhelpers.exercises import Exercise, judge, plain, registry

EXERCISES = registry()


@pytest.fixture
def extra(monkeypatch):
    """Register throw-away exercises in chapter 1's dict for one test."""

    def add(key: str, ex: Exercise) -> None:
        monkeypatch.setitem(exercises.CHAPTER1, key, ex)
        registry.cache_clear()

    yield add
    registry.cache_clear()


def _neighbour(ex: Exercise) -> object:
    """A wrong answer one step away from the right one."""
    if isinstance(ex.answer, str):
        return ex.answer + "x"
    if ex.decimals is None:
        return ex.answer + 1
    return round(ex.answer + 10.0 ** -ex.decimals, ex.decimals)


# -- every exercise in the book -----------------------------------------------------------
@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_every_exercise_verdicts(key):
    """Right answer passes; one step away, the other side, and the right value as text fail."""
    ex = EXERCISES[key]
    assert ml.is_correct(key, ex.answer)
    assert not ml.is_correct(key, _neighbour(ex))
    if isinstance(ex.answer, str):
        assert ml.is_correct(key, f"  {ex.answer.upper()} ")
        assert not ml.is_correct(key, None)
    else:
        assert not ml.is_correct(key, str(ex.answer))
        assert "text" in judge(key, str(ex.answer))[1]
        assert not ml.is_correct(key, pd.Series([ex.answer]))
        if ex.decimals is not None:
            step = 10.0 ** -ex.decimals
            assert not ml.is_correct(key, round(ex.answer - step, ex.decimals))
            # just inside half a step passes, just outside fails
            assert ml.is_correct(key, ex.answer + 0.49 * step) and ml.is_correct(key, ex.answer - 0.49 * step)
            assert not ml.is_correct(key, ex.answer + 0.51 * step)
            assert not ml.is_correct(key, ex.answer - 0.51 * step)


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_every_answer_still_follows_from_the_data(key):
    ex = EXERCISES[key]
    ok, value = ex.agrees_with_data()
    assert ok, (
        f"Exercise {key!r}: today's data give {plain(value)} but the stored answer is {plain(ex.answer)}. "
        "The data changed: re-check the exercise (question, answer, solution in the chapter) and update "
        "answer= in its module if the new value is right."
    )


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_every_question_states_its_precision(key):
    ex = EXERCISES[key]
    if ex.decimals is not None:
        assert exercises.describe_precision(ex.decimals) in ex.question
    else:
        assert isinstance(ex.answer, (int, str)) and not isinstance(ex.answer, bool)


def test_years_in_questions_are_not_typed_into_compute():
    """The chapter-5 questions name the chapter's span of years; compute derives it."""
    from mlhelpers.exercise_sets import ch05_international as c5

    first, last = c5._span()
    assert (first, last) == (2000, 2022), "the chapter's span changed: update the two intl- questions"
    assert str(last) in EXERCISES["intl-uk-spending-2022"].question
    assert f"{first} to {last}" in EXERCISES["intl-uk-doctor-rise"].question


# -- the boundary cases of the issue --------------------------------------------------------
@pytest.mark.parametrize(
    "given, right",
    [(-21.7, True), (-21.67, True), (-21.66, True), (-21.6, False), (-21.8, False), (-21.75, False), (-21.0, False)],
)
def test_one_decimal_boundary(extra, given, right):
    extra("zz-one", Exercise("Change, to one decimal place?", -21.7, lambda: -21.67, "h", decimals=1))
    assert ml.is_correct("zz-one", given) is right


@pytest.mark.parametrize("given, right", [(-0.41, True), (-0.4147, True), (-0.40, False), (-0.42, False), (-0.4, False)])
def test_two_decimal_boundary(extra, given, right):
    extra("zz-two", Exercise("r, to two decimal places?", -0.41, lambda: -0.4147, "h", decimals=2))
    assert ml.is_correct("zz-two", given) is right


@pytest.mark.parametrize("given, right", [(5.3, True), (5.2, False), (5.4, False), (5.25, True), (5.349, True), (5.35, False)])
def test_half_step_not_one_step(extra, given, right):
    extra("zz-half", Exercise("Change, to one decimal place?", 5.3, lambda: 5.2549, "h", decimals=1))
    assert ml.is_correct("zz-half", given) is right


def test_whole_number_precision(extra):
    extra("zz-whole", Exercise("How much, to a whole number?", 12.0, lambda: 12.4, "h", decimals=0))
    assert ml.is_correct("zz-whole", 12) and ml.is_correct("zz-whole", 12.4)
    assert not ml.is_correct("zz-whole", 12.5) and not ml.is_correct("zz-whole", 11)


# -- feedback -------------------------------------------------------------------------------
def test_unanswered_gives_instructions(capsys):
    assert ml.check("timeline-reports", None) is None
    assert "replace None" in capsys.readouterr().out
    assert ml.is_correct("timeline-reports", None) is False


def test_integer_answers(capsys):
    right = EXERCISES["timeline-reports"].answer
    assert ml.is_correct("timeline-reports", right)
    assert ml.is_correct("timeline-reports", np.int64(right))
    assert ml.is_correct("timeline-reports", float(right))
    for wrong in (right + 1, right + 0.5, str(right), True, np.nan, float("inf")):
        assert not ml.is_correct("timeline-reports", wrong), wrong
    ml.check("timeline-reports", right)
    assert capsys.readouterr().out == f"Correct: {right}.\n"
    ml.check("timeline-reports", right + 1)
    assert "Hint:" in capsys.readouterr().out
    assert "whole number" in judge("timeline-reports", right + 0.5)[1]
    assert "True/False" in judge("timeline-reports", True)[1]
    assert "NaN" in judge("timeline-reports", np.nan)[1]


def test_text_instead_of_a_number(toy, capsys):
    ml.check("zz-n", "13")
    out = capsys.readouterr().out
    assert "'13' is text" in out and "write 13 without quotes" in out
    assert "write numbers without quotes" in judge("zz-n", "14")[1]
    assert "write the number without quotes" in judge("zz-n", "thirteen")[1]


def test_series_or_array_instead_of_a_value(toy):
    ok, msg = judge("zz-n", pd.Series([13]))
    assert not ok and ".item()" in msg and "Series" in msg and "value inside is right" in msg
    ok, msg = judge("zz-n", np.array([14]))
    assert not ok and "NumPy array" in msg and "value inside" not in msg
    ok, msg = judge("zz-n", pd.Series([13, 6]))
    assert not ok and "of 2 values" in msg
    ok, msg = judge("timeline-busiest-decade", pd.Series(["2010s"]))
    assert not ok and ".item()" in msg
    assert ml.is_correct("zz-n", np.array(13))  # a 0-d array is a value


def test_fraction_sign_and_precision(extra):
    extra("zz-pct", Exercise("Percent change, to one decimal place?", -21.7, lambda: -21.67, "h", decimals=1))
    assert "fraction" in judge("zz-pct", -0.217)[1] and "multiply by 100" in judge("zz-pct", -0.217)[1]
    assert "wrong sign" in judge("zz-pct", 21.7)[1]
    assert "rounded too far" in judge("zz-pct", -22)[1]
    assert "one decimal place" in judge("zz-pct", -22)[1]
    near = judge("zz-pct", -21.6)[1]
    assert near.startswith("Close") and "round(x, 1)" in near
    assert judge("zz-pct", -21.67) == (True, "Correct: -21.67, which is -21.7 to one decimal place.")
    assert judge("zz-pct", -30.0)[1].startswith("Not quite: -30.0 is not the answer.")


def test_values_are_printed_plainly(capsys):
    ml.check("intl-uk-spending-2022", np.float64(11.1))
    assert capsys.readouterr().out == "Correct: 11.1.\n"
    ml.check("intl-uk-spending-2022", np.float64(12.1))
    out = capsys.readouterr().out
    assert "12.1" in out and "np.float64" not in out
    assert plain(np.int64(3)) == "3" and plain("x") == "'x'" and plain(2.0) == "2.0"
    assert plain(pd.DataFrame({"a": [1]})) == "a DataFrame of shape (1, 1)"


def test_country_names_and_codes():
    assert ml.is_correct("intl-lowest-government-share", "United States")
    assert ml.is_correct("intl-lowest-government-share", "usa")
    assert ml.is_correct("intl-wms-top", "USA")
    ok, msg = judge("intl-wms-top", "gbr")
    assert not ok and "country code" in msg
    ok, msg = judge("intl-wms-top", "US ")
    assert ok and "United States" in msg
    ok, msg = judge("intl-biggest-jump", "ITA")
    assert not ok and "country code" in msg and "right country" in msg
    assert not ml.is_correct("intl-biggest-jump", "Germany")


def test_text_answers():
    expected = EXERCISES["timeline-busiest-decade"].answer
    assert ml.is_correct("timeline-busiest-decade", f" {expected.upper()} ")
    ok, msg = judge("timeline-busiest-decade", int(expected[:4]))
    assert not ok and "in quotes" in msg and "'1970s'" in msg


def test_unknown_exercise():
    with pytest.raises(KeyError, match="timeline-reports"):
        ml.check("nope", 1)
    with pytest.raises(KeyError, match="Did you mean 'timeline-reports'"):
        ml.is_correct("timeline-report", 1)
    with pytest.raises(TypeError, match="key as text"):
        ml.check(3, 1)


# -- rules for authors ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        (dict(answer=1.5), ValueError, "decimals="),
        (dict(answer=1.55, decimals=1), ValueError, "more decimals"),
        (dict(answer="x", decimals=1), ValueError, "only for numeric"),
        (dict(answer=1.5, decimals=-1), ValueError, "whole number >= 0"),
        (dict(answer=[1]), TypeError, "literal"),
        (dict(answer=True), TypeError, "literal"),
        (dict(answer=float("nan"), decimals=1), ValueError, "finite number"),
    ],
)
def test_badly_written_exercises_are_refused(kwargs, error, words):
    base = dict(question="How much, to one decimal place?", compute=lambda: 1, hint="h")
    with pytest.raises(error, match=words):
        Exercise(**{**base, **kwargs})


def test_question_must_state_precision():
    with pytest.raises(ValueError, match="to two decimal places"):
        Exercise("How much?", 1.25, lambda: 1.25, "h", decimals=2)
    with pytest.raises(TypeError, match="compute must be a function"):
        Exercise("How many?", 3, 3, "h")


def test_agrees_with_data_detects_a_moved_answer():
    assert Exercise("n?", 3, lambda: np.int64(3), "h").agrees_with_data() == (True, 3)
    assert Exercise("n?", 3, lambda: 4, "h").agrees_with_data()[0] is False
    assert Exercise("n?", 3, lambda: "3", "h").agrees_with_data()[0] is False
    assert Exercise("v, to one decimal place?", 2.3, lambda: 2.26, "h", decimals=1).agrees_with_data()[0]
    assert not Exercise("v, to one decimal place?", 2.3, lambda: 2.24, "h", decimals=1).agrees_with_data()[0]
    assert not Exercise("v, to one decimal place?", 2.3, lambda: float("nan"), "h", decimals=1).agrees_with_data()[0]
    assert Exercise("t?", "a", lambda: "a", "h").agrees_with_data()[0]
    assert not Exercise("t?", "a", lambda: "A", "h").agrees_with_data()[0]


def test_damaged_data_cannot_move_the_answer(monkeypatch):
    """is_correct never calls compute: a broken data layer leaves the verdict unchanged."""
    monkeypatch.setattr(exercises, "load", lambda name: (_ for _ in ()).throw(AssertionError("loaded")))
    right = EXERCISES["timeline-reports"].answer
    assert ml.is_correct("timeline-reports", right)
    assert not ml.is_correct("timeline-reports", 0)


def test_chapter_modules_are_merged_and_duplicates_refused(monkeypatch, tmp_path):
    import sys

    from mlhelpers import exercise_sets

    pkg = tmp_path / "sets"
    pkg.mkdir()
    (pkg / "a_one.py").write_text(
        "from mlhelpers.exercises import Exercise\n"
        "EXERCISES = {'zz-new': Exercise('q', 3, lambda: 3, 'h')}\n"
    )
    monkeypatch.setattr(exercise_sets, "__path__", [str(pkg)])
    monkeypatch.delitem(sys.modules, "mlhelpers.exercise_sets.a_one", raising=False)
    registry.cache_clear()
    try:
        assert ml.is_correct("zz-new", 3) and "timeline-reports" in registry()
        (pkg / "b_two.py").write_text(
            "from mlhelpers.exercises import Exercise\n"
            "EXERCISES = {'timeline-reports': Exercise('q', 1, lambda: 1, 'h')}\n"
        )
        registry.cache_clear()
        with pytest.raises(ValueError, match="defined twice"):
            registry()
        (pkg / "b_two.py").write_text("EXERCISES = {'zz-bad': 3}\n")
        sys.modules.pop("mlhelpers.exercise_sets.b_two", None)
        registry.cache_clear()
        with pytest.raises(TypeError, match="not an Exercise"):
            registry()
    finally:
        sys.modules.pop("mlhelpers.exercise_sets.a_one", None)
        sys.modules.pop("mlhelpers.exercise_sets.b_two", None)
        registry.cache_clear()


# -- the exact feedback (what a student reads) -------------------------------------------------
@pytest.fixture
def toy(extra):
    extra("zz-pct", Exercise("Percent change, to one decimal place?", -21.7, lambda: -21.67, "H.", decimals=1))
    extra("zz-n", Exercise("How many?", 13, lambda: 13, "H."))
    extra("zz-t", Exercise("Which decade?", "2010s", lambda: "2010s", "H."))
    extra("zz-c", Exercise("Which country?", "UK", lambda: "UK", "H."))


@pytest.mark.parametrize("key, given, verdict, message", [
    ("zz-pct", -21.7, True, "Correct: -21.7."),
    ("zz-pct", -21.67, True, "Correct: -21.67, which is -21.7 to one decimal place."),
    ("zz-pct", -21.6, False, "Close, but -21.6 does not round to the answer at one decimal place: round (do not cut off) "
                             "to one decimal place, e.g. round(x, 1), and check the calculation. Hint: H."),
    ("zz-pct", 21.7, False, "Not quite: 21.7 has the wrong sign. A fall is a negative number and a rise a positive one. Hint: H."),
    ("zz-pct", -0.217, False, "Not quite: -0.217 looks like a fraction; the answer is a percentage (21.7, not 0.217): "
                              "multiply by 100. Hint: H."),
    ("zz-pct", -22, False, "Not quite: -22 is rounded too far; give the answer to one decimal place. Hint: H."),
    ("zz-pct", -30.0, False, "Not quite: -30.0 is not the answer. Hint: H."),
    ("zz-pct", "-21.7", False, "Almost: '-21.7' is text, not a number: write -21.7 without quotes."),
    ("zz-pct", " 21.7% ", False, "Not quite: ' 21.7% ' is text, not a number: write numbers without quotes. Hint: H."),
    ("zz-pct", "x", False, "Not quite: 'x' is text, and the answer is a number; write the number without quotes. Hint: H."),
    ("zz-pct", np.nan, False, "Not quite: the answer is NaN (not a number); check for missing data. Hint: H."),
    ("zz-pct", pd.Series([-21.7]), False, "Not quite: that is a Series holding one value (-21.7), not the value itself: "
                                          "take the value out of the Series with .item(). The value inside is right."),
    ("zz-pct", pd.Series([1.0, 2.0]), False, "Not quite: that is a Series of 2 values; the answer is a single number. "
                                             "Pick the one value the question asks for. Hint: H."),
    ("zz-n", 13, True, "Correct: 13."),
    ("zz-n", "13", False, "Almost: '13' is text, not a number: write 13 without quotes."),
    ("zz-n", 13.5, False, "Not quite: 13.5 is not a whole number, and the answer is one (a count or a year). Hint: H."),
    ("zz-n", True, False, "Not quite: True is True/False; the answer is a whole number. Hint: H."),
    ("zz-n", None, False, "Not answered yet: replace None with your answer and run the cell again."),
    ("zz-n", [13], False, "Not quite: that is a list holding one value (13), not the value itself: take the value out of "
                          "the list with [0]. The value inside is right."),
    ("zz-n", [14], False, "Not quite: that is a list holding one value (14), not the value itself: take the value out of "
                          "the list with [0]."),
    ("zz-n", [], False, "Not quite: that is a list of 0 values; the answer is a single number. "
                        "Pick the one value the question asks for. Hint: H."),
    ("zz-n", 1j, False, "Not quite: 1j is not a number. Hint: H."),
    ("zz-t", "2010s", True, "Correct: '2010s'."),
    ("zz-t", ["x", "y"], False, "Not quite: that is a list of 2 values; the answer is a single text. "
                                "Pick the one value the question asks for. Hint: H."),
    ("zz-t", 2010, False, "Not quite: 2010 is a number, but the answer is text; give it in quotes, e.g. '1970s'. Hint: H."),
    ("zz-t", "1990s", False, "Not quite: '1990s' is not the answer. Hint: H."),
    ("zz-c", "United Kingdom", True, "Correct: 'United Kingdom' (the data call it 'UK')."),
    ("zz-c", "GBR", False, "Not quite: 'GBR' is a country code, not a name: give the country's name as the data spell it "
                           "in the 'country' column. That is the right country."),
    ("zz-c", "gb", False, "Not quite: 'gb' is a country code, not a name: give the country's name as the data spell it "
                          "in the 'country' column. That is the right country."),
    ("zz-c", "SWE", False, "Not quite: 'SWE' is a country code, not a name: give the country's name as the data spell it "
                           "in the 'country' column. Hint: H."),
    ("zz-c", "USA", False, "Not quite: 'USA' is not the answer. Hint: H."),
    ("zz-c", 3, False, "Not quite: 3 is a number, but the answer is text; give it in quotes, e.g. 'Sweden'. Hint: H."),
])
def test_exact_feedback(toy, key, given, verdict, message):
    assert judge(key, given) == (verdict, message)
    assert ml.is_correct(key, given) is verdict


def test_check_prints_the_feedback(toy, capsys):
    ml.check("zz-n", "13")
    assert capsys.readouterr().out == "Almost: '13' is text, not a number: write 13 without quotes.\n"


def test_plain_and_precision_words():
    assert exercises.describe_precision(0) == "a whole number"
    assert exercises.describe_precision(1) == "one decimal place"
    assert exercises.describe_precision(2) == "two decimal places"
    assert exercises.describe_precision(3) == "three decimal places"
    assert exercises.describe_precision(4) == "4 decimal places"
    assert plain(np.float64(11.1)) == "11.1" and plain(np.bool_(True)) == "True" and plain(1e20) == "1e+20"
    assert plain([1]) == "[1]" and plain(np.array([1, 2])) == "a ndarray of shape (2,)"
    assert str(exercises._round(2.675, 2)) == "2.68" and str(exercises._round(-0.125, 2)) == "-0.13"
    assert str(exercises._round(5.25, 1)) == "5.3" and str(exercises._round(12.5, 0)) == "13"


def test_country_helpers():
    assert exercises._country_of(" united kingdom ") == "GBR" and exercises._country_of("Narnia") is None
    assert exercises._is_code("gbr") == "GBR" and exercises._is_code("GB") == "GBR"
    assert exercises._is_code("UK") is None  # a name, not a code
    assert exercises._is_code("XX") is None


def test_text_examples_never_give_the_answer():
    assert exercises._example_text("2010s") == "'1970s'"
    assert exercises._example_text("Sweden") == "'Denmark'" and exercises._example_text("UK") == "'Sweden'"
    assert exercises._example_text("8d") == "'7a'" and exercises._example_text("report") == "'some text'"


@pytest.mark.parametrize("given, kind", [
    (-21.6, "Close"), (-21.8, "Close"), (-21.64, "Close"), (-21.9, "Not quite: -21.9 is not"), (-21.5, "Not quite: -21.5 is not"),
    (-0.217, "fraction"), (-0.2167, "fraction"), (-1.0, "Not quite: -1.0 is not"), (21.67, "wrong sign"),
    (-20.0, "Not quite: -20.0 is not"), (-22.0, "rounded too far"),
])
def test_near_miss_kinds(toy, given, kind):
    ok, message = judge("zz-pct", given)
    assert not ok and kind in message, message


def test_fraction_feedback_needs_a_percentage_sized_answer(extra):
    extra("zz-small", Exercise("r, to two decimal places?", 0.5, lambda: 0.5, "H.", decimals=2))
    assert "fraction" not in judge("zz-small", 0.005)[1]
    extra("zz-one", Exercise("v, to one decimal place?", 1.0, lambda: 1.0, "H.", decimals=1))
    assert "fraction" in judge("zz-one", 0.01)[1]
    assert "fraction" not in judge("zz-one", 1.0 / 100 + 1)[1]


def test_near_miss_two_decimals(extra):
    extra("zz-r", Exercise("r, to two decimal places?", -0.41, lambda: -0.4147, "H.", decimals=2))
    assert judge("zz-r", -0.42)[1].startswith("Close, but -0.42") and "two decimal places" in judge("zz-r", -0.42)[1]
    assert judge("zz-r", -0.43)[1].startswith("Not quite: -0.43 is not")
    assert judge("zz-r", -0.4)[1].startswith("Not quite: -0.4 is rounded too far")
    assert judge("zz-r", 0.41)[1].startswith("Not quite: 0.41 has the wrong sign")


def test_authors_messages_name_the_exercise():
    with pytest.raises(ValueError, match=r"Exercise 'How much\?': a real-valued answer needs decimals="):
        Exercise("How much?", 1.5, lambda: 1.5, "h")
    with pytest.raises(ValueError, match=r"store it rounded, e.g. 1.6"):
        Exercise("How much, to one decimal place?", 1.55, lambda: 1.55, "h", decimals=1)
    with pytest.raises(ValueError, match=r"decimals must be a whole number >= 0 or None, not True"):
        Exercise("How much, to one decimal place?", 1.5, lambda: 1.5, "h", decimals=True)
    with pytest.raises(ValueError, match=r"not 1.0"):
        Exercise("How much, to one decimal place?", 1.5, lambda: 1.5, "h", decimals=1.0)
    with pytest.raises(TypeError, match=r"not list; write the value itself, e.g. answer=13"):
        Exercise("How many?", [1], lambda: 1, "h")
    assert Exercise("How many, to one decimal place?", 3, lambda: 3.04, "h", decimals=1).agrees_with_data()[0]
    assert Exercise("How much, to 4 decimal places?", 1.2345, lambda: 1.2345, "h", decimals=4).decimals == 4
    assert Exercise("How much, to a whole number?", 12.0, lambda: 12.4, "h", decimals=0).agrees_with_data() == (True, 12.4)


def test_more_exact_feedback(toy, extra):
    assert judge("zz-pct", "-21.7%") == (False, "Almost: '-21.7%' is text, not a number: write -21.7 without quotes.")
    extra("zz-big", Exercise("How many?", 1300, lambda: 1300, "H."))
    assert judge("zz-big", "1,300") == (False, "Almost: '1,300' is text, not a number: write 1,300 without quotes.")
    assert judge("zz-pct", True) == (False, "Not quite: True is True/False; the answer is a number. Hint: H.")
    assert judge("zz-t", True) == (False, "Not quite: True is True/False; the answer is text. Hint: H.")
    assert judge("zz-n", np.array([14])) == (False, "Not quite: that is a NumPy array holding one value (14), not the "
                                                    "value itself: take the value out of the NumPy array with .item().")
    assert judge("zz-n", pd.DataFrame({"a": [13], "b": [1]})) == (
        False, "Not quite: that is a DataFrame of 2 values; the answer is a single number. "
               "Pick the one value the question asks for. Hint: H.")
    extra("zz-100", Exercise("Share, to one decimal place?", 100.0, lambda: 100.0, "H.", decimals=1))
    assert judge("zz-100", 1.0) == (False, "Not quite: 1.0 is not the answer. Hint: H.")
    assert "fraction" in judge("zz-100", 0.9999)[1]


def test_unknown_key_messages_exactly():
    with pytest.raises(TypeError) as info:
        ml.check(3, 1)
    assert str(info.value) == ("The exercise must be named by its key as text, e.g. "
                               "ml.check('timeline-reports', answer), not 3.")
    with pytest.raises(KeyError) as info:
        ml.check("zzzzzz-none", 1)
    assert info.value.args[0].startswith("No exercise 'zzzzzz-none'. Known: gp-common-styles, gp-secondary-items, ")


def test_authors_messages_exactly():
    with pytest.raises(TypeError) as info:
        Exercise("Q?", 3, 3, "h")
    assert str(info.value) == ("Exercise 'Q?': compute must be a function of no arguments, e.g. compute=lambda: ..., "
                               "not its result.")
    with pytest.raises(ValueError) as info:
        Exercise("Q?", 1.5, lambda: 1.5, "h")
    assert str(info.value) == ("Exercise 'Q?': a real-valued answer needs decimals= (the precision the question asks "
                               "for), e.g. decimals=1.")
    with pytest.raises(ValueError) as info:
        Exercise("Q, to one decimal place?", "x", lambda: "x", "h", decimals=1)
    assert str(info.value) == "Exercise 'Q, to one decimal place?': decimals is only for numeric answers; leave it out for a text answer."
    with pytest.raises(ValueError) as info:
        Exercise("Q?", 1.5, lambda: 1.5, "h", decimals=1)
    assert str(info.value) == "Exercise 'Q?': the question must state the precision it asks for; add 'to one decimal place'."


def test_text_example_edges():
    assert exercises._example_text("2019x") == "'some text'"  # digits but not a decade
    assert exercises._example_text("the 70s") == "'some text'"
    assert exercises._example_text("abc") == "'7a'" and exercises._example_text("abcd") == "'some text'"
