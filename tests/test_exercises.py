"""Self-checking exercises: answers computed from data, feedback printed."""

from __future__ import annotations

import numpy as np
import pytest

import mlhelpers as ml
from mlhelpers.exercises import EXERCISES


def test_unanswered_gives_instructions(capsys):
    assert ml.check("timeline-reports", None) is False
    assert "replace None" in capsys.readouterr().out


def test_right_and_wrong_answers(capsys):
    right = int((ml.load("timeline")["kind"] == "report").sum())
    assert ml.check("timeline-reports", right) is True
    assert ml.check("timeline-reports", np.int64(right)) is True
    assert ml.check("timeline-reports", float(right)) is True
    assert ml.check("timeline-reports", right + 1) is False
    assert ml.check("timeline-reports", right + 0.5) is False
    assert ml.check("timeline-reports", str(right)) is False
    assert ml.check("timeline-reports", True) is False
    assert "Hint:" in capsys.readouterr().out


def test_decade_answer_is_text():
    expected = EXERCISES["timeline-busiest-decade"].expected()
    assert expected.endswith("0s") and len(expected) == 5
    assert ml.check("timeline-busiest-decade", f" {expected.upper()} ")
    assert not ml.check("timeline-busiest-decade", int(expected[:4]))


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_every_exercise_computes_an_answer(name):
    assert EXERCISES[name].expected() not in (None, 0, "")


def test_unknown_exercise():
    with pytest.raises(KeyError, match="timeline-reports"):
        ml.check("nope", 1)
