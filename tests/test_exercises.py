"""Self-checking exercises: answers computed from data, feedback printed."""

from __future__ import annotations

import numpy as np
import pytest

import mlhelpers as ml
from mlhelpers.exercises import EXERCISES


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
