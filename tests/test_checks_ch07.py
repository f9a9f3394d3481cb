"""Chapter 7's questions on reading the confusion matrix (check_answer)."""

import numpy as np
import pytest

from mlcourse import checks
from mlcourse.checks import check_answer
from mlcourse.datasets import load_mnist
from mlcourse.metrics import confusion_matrix
from mlcourse.weights import load_pretrained


@pytest.fixture(scope="module")
def pretrained_cm():
    X_test, y_test = load_mnist("test")
    return confusion_matrix(y_test, load_pretrained().predict(X_test), n_classes=10)


def test_7_4_the_answer_is_the_recall_of_3_in_the_printed_matrix(pretrained_cm):
    recall_3 = 100 * pretrained_cm[3, 3] / pretrained_cm[3].sum()
    assert checks.ANSWERS["7.4"].value == pytest.approx(recall_3)
    precision_3 = 100 * pretrained_cm[3, 3] / pretrained_cm[:, 3].sum()
    assert precision_3 in [wrong for wrong, _ in checks.ANSWERS["7.4"].mistakes]


@pytest.mark.parametrize("answer", [98.22, 98.2178, 100 * 992 / 1010])
def test_7_4_the_right_answer_passes_to_two_decimals(answer):
    assert check_answer("7.4", answer).passed


@pytest.mark.parametrize(
    "wrong, words",
    [
        (99.10, "precision"),
        (98.85, "accuracy over all ten digits"),
        (1.78, "missed"),
        (0.9822, "percentage"),
        (97.0, "row 3"),
    ],
)
def test_7_4_each_mistake_gets_its_own_hint(wrong, words):
    result = check_answer("7.4", wrong)
    assert not result.passed
    assert words in result.message


def test_7_4_and_7_5_none_is_not_done_yet():
    for question in ("7.4", "7.5"):
        result = check_answer(question, None)
        assert not result.passed and "not done yet" in result.message


@pytest.mark.parametrize("letter", ["a", "A", " a "])
def test_7_5_the_right_cell_passes(letter):
    assert check_answer("7.5", letter).passed


@pytest.mark.parametrize(
    "letter, words",
    [("b", "a true 5"), ("c", "diagonal"), ("d", "both directions")],
)
def test_7_5_each_wrong_cell_gets_its_hint(letter, words):
    result = check_answer("7.5", letter)
    assert not result.passed
    assert words in result.message


def test_7_5_the_right_cell_holds_the_8_of_the_pair_table(pretrained_cm):
    # "3 / 5  14  (8, 6)": 8 true 3s called 5, 6 true 5s called 3
    assert pretrained_cm[3, 5] == 8 and pretrained_cm[5, 3] == 6
    assert np.sum(pretrained_cm) == 10_000
