"""The numeric answers of chapters 1-3 (check_answer): right answers pass,
every named wrong answer gets its own hint, missing answers say "not done"."""

import numpy as np
import pytest

from mlcourse import checks
from mlcourse.checks import check_answer

RIGHT = {
    "1.4": 0.02,
    "2.6": 784 * 100 + 100 + 100 * 10 + 10,
    "2.7": 3 / 4 * (1 - 3 / 4),
    "3.5": -np.log(0.2),
    "3.6": 0.2 - 1.0,
}


@pytest.mark.parametrize("question", sorted(RIGHT))
def test_the_right_answer_passes(question):
    result = check_answer(question, RIGHT[question])
    assert result.passed
    assert "is right" in result.message


@pytest.mark.parametrize("question", sorted(RIGHT))
def test_none_is_not_done_yet(question):
    result = check_answer(question, None)
    assert not result.passed
    assert "not done yet" in result.message


@pytest.mark.parametrize(
    "question, wrong",
    [(q, w) for q in sorted(RIGHT) for w, _ in checks.ANSWERS[q].mistakes],
)
def test_each_named_mistake_gets_its_hint(question, wrong):
    hint = dict(checks.ANSWERS[question].mistakes)[wrong]
    result = check_answer(question, wrong)
    assert not result.passed
    assert hint[1:] in result.message  # the first letter may be capitalised


def test_a_count_is_shown_as_a_whole_number():
    assert "79510 is right" in check_answer("2.6", 79510).message
    assert "79400 is not right" in check_answer("2.6", 79400).message


def test_an_unlisted_wrong_number_gets_the_general_hint():
    result = check_answer("3.5", 3.0)
    assert not result.passed
    assert "only the true class's probability counts" in result.message.lower()


def test_check_accuracy_on_none_says_not_done_yet():
    X = np.zeros((3, 2))
    result = checks.check_accuracy(None, X, np.array([0, 1, 0]), target=0.5)
    assert not result.passed
    assert "not done yet" in result.message


def test_under_nbgrader_a_failed_check_raises(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(AssertionError, match="not done yet"):
        check_answer("3.6", None)
    with pytest.raises(AssertionError, match="is not right"):
        check_answer("3.6", 0.8)
    assert check_answer("3.6", -0.8).passed  # a right answer still returns


def test_without_nbgrader_a_failed_check_returns(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert not check_answer("3.6", 0.8).passed
