"""Self-checking exercises: answers computed from data, feedback printed."""

from __future__ import annotations

import numpy as np
import pytest

import mlhelpers as ml
from mlhelpers import exercises
from mlhelpers.exercises import Exercise, registry

EXERCISES = registry()


def test_unanswered_gives_instructions(capsys):
    assert ml.check("timeline-reports", None) is None
    assert "replace None" in capsys.readouterr().out
    assert ml.is_correct("timeline-reports", None) is False


def test_right_and_wrong_answers(capsys):
    right = int((ml.load("timeline")["kind"] == "report").sum())
    assert ml.is_correct("timeline-reports", right)
    assert ml.is_correct("timeline-reports", np.int64(right))
    assert ml.is_correct("timeline-reports", float(right))
    for wrong in (right + 1, right + 0.5, str(right), True):
        assert not ml.is_correct("timeline-reports", wrong), wrong
    ml.check("timeline-reports", right)
    assert capsys.readouterr().out.startswith("Correct")
    ml.check("timeline-reports", right + 1)
    assert "Hint:" in capsys.readouterr().out


def test_decade_answer_is_text():
    expected = EXERCISES["timeline-busiest-decade"].expected()
    assert expected.endswith("0s") and len(expected) == 5
    assert ml.is_correct("timeline-busiest-decade", f" {expected.upper()} ")
    assert not ml.is_correct("timeline-busiest-decade", int(expected[:4]))


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_every_exercise_computes_an_answer(name):
    assert EXERCISES[name].expected() not in (None, 0, "")


def test_unknown_exercise():
    with pytest.raises(KeyError, match="timeline-reports"):
        ml.check("nope", 1)
    with pytest.raises(KeyError):
        ml.is_correct("nope", 1)


def test_real_answers_use_the_tolerance(monkeypatch):
    monkeypatch.setitem(exercises.CHAPTER1, "share", Exercise("?", lambda: 22.74, "h", tolerance=0.05))
    registry.cache_clear()
    try:
        assert ml.is_correct("share", 22.7) and ml.is_correct("share", 22.78)
        assert not ml.is_correct("share", 22.6) and not ml.is_correct("share", "22.7")
    finally:
        registry.cache_clear()


def test_chapter_modules_are_merged_and_duplicates_refused(monkeypatch, tmp_path):
    import sys

    from mlhelpers import exercise_sets

    pkg = tmp_path / "sets"
    pkg.mkdir()
    (pkg / "a_one.py").write_text(
        "from mlhelpers.exercises import Exercise\n"
        "EXERCISES = {'zz-new': Exercise('q', lambda: 3, 'h')}\n"
    )
    monkeypatch.setattr(exercise_sets, "__path__", [str(pkg)])
    monkeypatch.delitem(sys.modules, "mlhelpers.exercise_sets.a_one", raising=False)
    registry.cache_clear()
    try:
        assert ml.is_correct("zz-new", 3) and "timeline-reports" in registry()
        (pkg / "b_two.py").write_text(
            "from mlhelpers.exercises import Exercise\n"
            "EXERCISES = {'timeline-reports': Exercise('q', lambda: 1, 'h')}\n"
        )
        registry.cache_clear()
        with pytest.raises(ValueError, match="defined twice"):
            registry()
    finally:
        sys.modules.pop("mlhelpers.exercise_sets.a_one", None)
        sys.modules.pop("mlhelpers.exercise_sets.b_two", None)
        registry.cache_clear()
