"""Tests for mlcourse.metrics."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from mlcourse.metrics import (
    accuracy,
    classification_report,
    confusion_matrix,
    most_confident_mistakes,
    precision_recall_f1,
)

# A small 3-class example worked out by hand.
#
#                predicted
#                0   1   2
#   true 0  [    3,  1,  0 ]   4 examples
#   true 1  [    0,  2,  0 ]   2 examples
#   true 2  [    1,  1,  1 ]   3 examples
#   column sums  4   4   1
Y_TRUE = [0, 0, 0, 0, 1, 1, 2, 2, 2]
Y_PRED = [0, 0, 0, 1, 1, 1, 2, 0, 1]


# ---------------------------------------------------------------------------
# Known values
# ---------------------------------------------------------------------------


def test_accuracy_by_hand():
    assert accuracy(Y_TRUE, Y_PRED) == pytest.approx(6 / 9)
    assert isinstance(accuracy(Y_TRUE, Y_PRED), float)


def test_accuracy_extremes():
    assert accuracy([1, 2, 3], [1, 2, 3]) == 1.0
    assert accuracy([1, 2, 3], [0, 0, 0]) == 0.0


def test_confusion_matrix_by_hand():
    cm = confusion_matrix(Y_TRUE, Y_PRED)
    expected = np.array([[3, 1, 0], [0, 2, 0], [1, 1, 1]])
    np.testing.assert_array_equal(cm, expected)
    assert cm.dtype == np.int64
    assert cm.sum() == len(Y_TRUE)


def test_confusion_matrix_rows_are_true_columns_are_predicted():
    # One example of true class 0 predicted as class 1.
    cm = confusion_matrix([0], [1])
    np.testing.assert_array_equal(cm, [[0, 1], [0, 0]])


def test_confusion_matrix_n_classes_pads_missing_classes():
    cm = confusion_matrix([0, 1], [0, 1], n_classes=4)
    assert cm.shape == (4, 4)
    np.testing.assert_array_equal(np.diag(cm), [1, 1, 0, 0])


def test_precision_recall_f1_by_hand():
    precision, recall, f1, support = precision_recall_f1(Y_TRUE, Y_PRED)
    np.testing.assert_allclose(precision, [3 / 4, 2 / 4, 1 / 1])
    np.testing.assert_allclose(recall, [3 / 4, 2 / 2, 1 / 3])
    # F1 = 2 p r / (p + r)
    np.testing.assert_allclose(f1, [0.75, 2 / 3, 0.5])
    np.testing.assert_array_equal(support, [4, 2, 3])
    assert support.dtype == np.int64


def test_classification_report_exact_text():
    report = classification_report(Y_TRUE, Y_PRED, class_names=["cat", "dog", "bird"])
    expected = "\n".join(
        [
            "           precision     recall   f1-score    support",
            "",
            "      cat      0.750      0.750      0.750          4",
            "      dog      0.500      1.000      0.667          2",
            "     bird      1.000      0.333      0.500          3",
            "",
            " accuracy                            0.667          9",
            "macro avg      0.750      0.694      0.639          9",
        ]
    )
    assert report == expected


def test_classification_report_defaults_and_digits():
    report = classification_report(Y_TRUE, Y_PRED, digits=2)
    lines = report.splitlines()
    # header, blank, 3 classes, blank, accuracy, macro avg
    assert len(lines) == 8
    assert lines[2].split() == ["0", "0.75", "0.75", "0.75", "4"]
    assert lines[6].split() == ["accuracy", "0.67", "9"]
    assert lines[7].split() == ["macro", "avg", "0.75", "0.69", "0.64", "9"]
    # Same input, same text.
    assert report == classification_report(Y_TRUE, Y_PRED, digits=2)


def test_classification_report_class_names_add_missing_classes():
    report = classification_report([0, 1], [0, 1], class_names=["a", "b", "c"])
    row_c = report.splitlines()[4].split()
    assert row_c == ["c", "0.000", "0.000", "0.000", "0"]


# ---------------------------------------------------------------------------
# Agreement with a plain loop
# ---------------------------------------------------------------------------


def brute_force_confusion(y_true, y_pred, n_classes):
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    for t, p in zip(y_true, y_pred, strict=True):
        cm[t, p] += 1
    return cm


def brute_force_scores(y_true, y_pred, n_classes):
    precision, recall, f1, support = [], [], [], []
    for c in range(n_classes):
        tp = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == c and p == c)
        predicted = sum(1 for p in y_pred if p == c)
        actual = sum(1 for t in y_true if t == c)
        prec = tp / predicted if predicted else 0.0
        rec = tp / actual if actual else 0.0
        precision.append(prec)
        recall.append(rec)
        f1.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
        support.append(actual)
    return precision, recall, f1, support


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_agrees_with_brute_force(seed):
    rng = np.random.default_rng(seed)
    n_classes = 7
    y_true = rng.integers(0, n_classes, size=300)
    # Mostly right, sometimes wrong, and class 6 never predicted.
    y_pred = np.where(rng.random(300) < 0.6, y_true, rng.integers(0, 6, size=300))
    y_pred[y_pred == 6] = 5

    cm = confusion_matrix(y_true, y_pred, n_classes)
    np.testing.assert_array_equal(cm, brute_force_confusion(y_true, y_pred, n_classes))

    expected = brute_force_scores(y_true, y_pred, n_classes)
    got = precision_recall_f1(y_true, y_pred, n_classes)
    for want, have in zip(expected, got, strict=True):
        np.testing.assert_allclose(have, want)

    assert accuracy(y_true, y_pred) == pytest.approx(np.mean(y_true == y_pred))


def test_confusion_matrix_many_labels():
    rng = np.random.default_rng(3)
    y_true = rng.integers(0, 10, size=10_000)
    y_pred = rng.integers(0, 10, size=10_000)
    cm = confusion_matrix(y_true, y_pred, n_classes=10)
    np.testing.assert_array_equal(cm, brute_force_confusion(y_true, y_pred, 10))
    np.testing.assert_array_equal(cm.sum(axis=1), np.bincount(y_true, minlength=10))


def test_accepts_whole_floats_and_lists():
    assert accuracy([0.0, 1.0, 2.0], np.array([0, 1, 1])) == pytest.approx(2 / 3)


# ---------------------------------------------------------------------------
# Zero division
# ---------------------------------------------------------------------------


def test_zero_division_gives_zero_without_warnings():
    # Class 2 is never predicted (precision 0/0); class 3 never appears (all 0/0).
    y_true = [0, 1, 2, 2]
    y_pred = [0, 1, 0, 1]
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        precision, recall, f1, support = precision_recall_f1(y_true, y_pred, 4)
        report = classification_report(y_true, y_pred, class_names=list("abcd"))
    for scores in (precision, recall, f1):
        assert not np.any(np.isnan(scores))
    np.testing.assert_allclose(precision, [0.5, 0.5, 0.0, 0.0])
    np.testing.assert_allclose(recall, [1.0, 1.0, 0.0, 0.0])
    np.testing.assert_allclose(f1, [2 / 3, 2 / 3, 0.0, 0.0])
    np.testing.assert_array_equal(support, [1, 1, 2, 0])
    assert "nan" not in report


# ---------------------------------------------------------------------------
# Bad inputs
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("func", [accuracy, confusion_matrix, precision_recall_f1])
@pytest.mark.parametrize(
    ("y_true", "y_pred", "error", "words"),
    [
        ([[0, 1], [1, 0]], [0, 1, 1, 0], ValueError, ["y_true", "dimension"]),
        ([0, 1, 1], [[0, 1, 1]], ValueError, ["y_pred", "dimension"]),
        ([0, -1, 1], [0, 1, 1], ValueError, ["y_true", "negative"]),
        ([0, 1, 1], [0, 1.5, 1], ValueError, ["y_pred", "whole"]),
        ([0, 1, 1], [0, 1], ValueError, ["y_true", "y_pred", "length"]),
        ("012", [0, 1, 2], TypeError, ["y_true"]),
        ([0, 1, 2], ["0", "1", "2"], TypeError, ["y_pred"]),
        ([], [], ValueError, ["y_true", "empty"]),
        ([0, np.nan], [0, 1], ValueError, ["y_true", "NaN"]),
        (None, [0, 1], TypeError, ["y_true"]),
    ],
)
def test_bad_labels_raise_with_argument_name(func, y_true, y_pred, error, words):
    with pytest.raises(error) as info:
        func(y_true, y_pred)
    for word in words:
        assert word in str(info.value)


@pytest.mark.parametrize("func", [confusion_matrix, precision_recall_f1])
def test_labels_must_be_below_n_classes(func):
    with pytest.raises(ValueError, match="y_pred must be below 3"):
        func([0, 1, 2], [0, 1, 3], n_classes=3)
    with pytest.raises(ValueError, match="y_true must be below 2"):
        func([0, 1, 2], [0, 1, 1], n_classes=2)


@pytest.mark.parametrize(
    ("n_classes", "error"), [(0, ValueError), (2.5, TypeError), ("3", TypeError)]
)
def test_bad_n_classes(n_classes, error):
    with pytest.raises(error, match="n_classes"):
        confusion_matrix([0, 1], [0, 1], n_classes=n_classes)


def test_classification_report_bad_arguments():
    with pytest.raises(TypeError, match="class_names"):
        classification_report([0, 1], [0, 1], class_names="ab")
    with pytest.raises(TypeError, match="class_names"):
        classification_report([0, 1], [0, 1], class_names=[0, 1])
    with pytest.raises(ValueError, match="class_names"):
        classification_report([0, 1], [0, 1], class_names=[])
    with pytest.raises(ValueError, match="y_true must be below 2"):
        classification_report([0, 2], [0, 1], class_names=["a", "b"])
    with pytest.raises(ValueError, match="digits"):
        classification_report([0, 1], [0, 1], digits=0)
    with pytest.raises(TypeError, match="digits"):
        classification_report([0, 1], [0, 1], digits=2.0)


# ---------------------------------------------------------------------------
# Most confident mistakes
# ---------------------------------------------------------------------------


def test_most_confident_mistakes_order():
    proba = np.array(
        [
            [0.9, 0.1, 0.0],  # predicted 0, true 0: right
            [0.2, 0.7, 0.1],  # predicted 1, true 0: wrong, 0.7
            [0.1, 0.0, 0.9],  # predicted 2, true 1: wrong, 0.9
            [0.5, 0.4, 0.1],  # predicted 0, true 2: wrong, 0.5
            [0.0, 1.0, 0.0],  # predicted 1, true 1: right (most confident overall)
        ]
    )
    y_true = [0, 0, 1, 2, 1]
    indices = most_confident_mistakes(proba, y_true)
    np.testing.assert_array_equal(indices, [2, 1, 3])
    assert indices.dtype == np.int64
    np.testing.assert_array_equal(most_confident_mistakes(proba, y_true, n=2), [2, 1])


def test_most_confident_mistakes_ties_keep_index_order_and_none_wrong():
    proba = np.array([[0.2, 0.8], [0.2, 0.8], [0.8, 0.2]])
    np.testing.assert_array_equal(most_confident_mistakes(proba, [0, 0, 1]), [0, 1, 2])
    result = most_confident_mistakes(proba, [1, 1, 0])
    assert result.shape == (0,)


def test_most_confident_mistakes_bad_arguments():
    proba = np.full((3, 2), 0.5)
    with pytest.raises(ValueError, match="proba"):
        most_confident_mistakes(np.ones(3), [0, 1, 0])
    with pytest.raises(ValueError, match="y_true has 2 labels"):
        most_confident_mistakes(proba, [0, 1])
    with pytest.raises(ValueError, match="y_true must be below 2"):
        most_confident_mistakes(proba, [0, 1, 2])
    with pytest.raises(ValueError, match="n must be at least 1"):
        most_confident_mistakes(proba, [0, 1, 0], n=0)
