"""Tests for mlcourse._validation (messages name the argument) and for the
progress-bar switch in mlcourse.progress."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse._validation import (
    TrainingDivergedError,
    check_array,
    check_choice,
    check_finite_cost,
    check_float,
    check_int,
    check_labels,
    check_matrix,
    check_same_length,
    check_seed,
)
from mlcourse.progress import progress_bar, progress_enabled

# ---------------------------------------------------------------------------
# check_array / check_matrix
# ---------------------------------------------------------------------------


def test_check_array_converts_and_keeps_float_dtype():
    out = check_array([[1, 2], [3, 4]], "A")
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [[1.0, 2.0], [3.0, 4.0]])
    f32 = np.ones(3, dtype=np.float32)
    assert check_array(f32, "A").dtype == np.float32
    assert check_array(f32, "A", dtype=np.float64).dtype == np.float64
    assert check_array(np.array([True, False]), "A").dtype == np.float64
    assert check_array(np.zeros((0, 2)), "A", allow_empty=True).shape == (0, 2)


@pytest.mark.parametrize(
    "value, kwargs, error, pattern",
    [
        ("abc", {}, TypeError, "^weights must be a numeric array, got str"),
        (b"abc", {}, TypeError, "^weights must be a numeric array, got bytes"),
        (None, {}, TypeError, "^weights must be a numeric array, got NoneType"),
        ([[1, 2], [3]], {}, TypeError, "^weights must be a numeric array"),
        (np.array(["a"]), {}, TypeError, "^weights must hold numbers"),
        (np.array([1, "a"], dtype=object), {}, TypeError, "^weights must hold numbers"),
        (np.array([1j]), {}, TypeError, "^weights must hold real numbers"),
        (np.zeros(3), {"ndim": 2}, ValueError, r"^weights must have 2 dimension"),
        (
            np.zeros((1, 1, 1)),
            {"ndim": (1, 2)},
            ValueError,
            "^weights must have 1 or 2",
        ),
        (np.zeros((0, 3)), {}, ValueError, r"^weights is empty \(shape \(0, 3\)\)"),
        (np.array([1.0, np.nan]), {}, ValueError, "^weights contains NaN"),
        (np.array([-np.inf]), {}, ValueError, "^weights contains NaN or infinite"),
    ],
)
def test_check_array_errors_name_the_argument(value, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        check_array(value, "weights", **kwargs)


def test_check_matrix():
    assert check_matrix([[1, 2, 3]], "X", n_features=3).shape == (1, 3)
    with pytest.raises(
        ValueError, match=r"^X_test must have 3 features \(columns\), got 2"
    ):
        check_matrix(np.zeros((4, 2)), "X_test", n_features=3)
    with pytest.raises(ValueError, match="^X_test must have 2 dimension"):
        check_matrix(np.zeros(4), "X_test")


# ---------------------------------------------------------------------------
# check_labels / check_same_length
# ---------------------------------------------------------------------------


def test_check_labels_accepts_whole_numbers():
    out = check_labels(np.array([0.0, 2.0, 1.0]), "y", n_classes=3, n_examples=3)
    assert out.dtype == np.int64
    np.testing.assert_array_equal(out, [0, 2, 1])
    np.testing.assert_array_equal(check_labels([True, False], "y"), [1, 0])


@pytest.mark.parametrize(
    "value, kwargs, error, pattern",
    [
        ("012", {}, TypeError, "^labels must be an array of integer labels"),
        (None, {}, TypeError, "^labels must be an array"),
        (np.array(["0", "1"]), {}, TypeError, "^labels must hold integer labels"),
        (np.zeros((2, 2)), {}, ValueError, "^labels must have 1 dimension, got 2"),
        (np.array([], dtype=int), {}, ValueError, "^labels is empty"),
        (np.array([0.0, np.nan]), {}, ValueError, "^labels contains NaN"),
        (np.array([0.0, 1.5]), {}, ValueError, "^labels must hold whole numbers.*1.5"),
        (np.array([0, -2]), {}, ValueError, "^labels must not be negative, got -2"),
        (
            np.array([0, 5]),
            {"n_classes": 3},
            ValueError,
            r"^labels must be below 3 \(the number of classes\), got 5",
        ),
        (
            np.array([0, 1]),
            {"n_examples": 3},
            ValueError,
            "^labels has 2 labels but there are 3 examples",
        ),
    ],
)
def test_check_labels_errors_name_the_argument(value, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        check_labels(value, "labels", **kwargs)


def test_check_same_length():
    check_same_length(np.zeros(3), "a", np.zeros((3, 2)), "b")  # no error
    with pytest.raises(
        ValueError, match="^X_valid and y_valid must have the same length, got 3 and 2"
    ):
        check_same_length(np.zeros(3), "X_valid", np.zeros(2), "y_valid")


# ---------------------------------------------------------------------------
# Scalars
# ---------------------------------------------------------------------------


def test_check_int():
    assert check_int(5, "epochs", minimum=1) == 5
    assert type(check_int(np.int64(7), "epochs")) is int
    with pytest.raises(TypeError, match="^epochs must be an integer, got True"):
        check_int(True, "epochs")
    with pytest.raises(TypeError, match="^epochs must be an integer, got 2.0"):
        check_int(2.0, "epochs")
    with pytest.raises(TypeError, match="^epochs must be an integer"):
        check_int("3", "epochs")
    with pytest.raises(ValueError, match="^epochs must be at least 1, got 0"):
        check_int(0, "epochs", minimum=1)


def test_check_float():
    assert check_float(3, "eta") == 3.0
    assert type(check_float(np.float32(0.5), "eta")) is float
    assert check_float(0.0, "l2", non_negative=True) == 0.0
    with pytest.raises(TypeError, match="^eta must be a number, got False"):
        check_float(False, "eta")
    with pytest.raises(TypeError, match="^eta must be a number, got '0.1'"):
        check_float("0.1", "eta")
    with pytest.raises(ValueError, match="^eta must be finite, got nan"):
        check_float(float("nan"), "eta")
    with pytest.raises(ValueError, match="^eta must be finite, got inf"):
        check_float(float("inf"), "eta")
    with pytest.raises(ValueError, match="^eta must be positive, got 0.0"):
        check_float(0.0, "eta", positive=True)
    with pytest.raises(ValueError, match="^l2 must not be negative, got -1.0"):
        check_float(-1, "l2", non_negative=True)
    with pytest.raises(ValueError, match="^dropout must be below 1, got 1.0"):
        check_float(1.0, "dropout", below_one=True)
    assert check_float(0.999, "dropout", below_one=True) == 0.999


def test_check_choice():
    assert check_choice("adam", "optimizer", ("sgd", "adam")) == "adam"
    with pytest.raises(
        ValueError, match=r"^optimizer must be one of \['adam', 'sgd'\], got 'nadam'"
    ):
        check_choice("nadam", "optimizer", ("sgd", "adam"))
    with pytest.raises(TypeError, match="^optimizer must be a string"):
        check_choice(3, "optimizer", ("sgd", "adam"))


def test_check_seed():
    assert check_seed(None) is None
    assert check_seed(0) == 0
    with pytest.raises(ValueError, match="^seed must be at least 0"):
        check_seed(-1)
    with pytest.raises(TypeError, match="^random_state must be an integer"):
        check_seed(1.5, "random_state")


def test_check_finite_cost():
    check_finite_cost(1e300, 3)  # finite: nothing happens
    with pytest.raises(TrainingDivergedError) as info:
        check_finite_cost(float("nan"), 7, "learning_rate")
    message = str(info.value)
    assert "epoch 7" in message
    assert "cost became nan" in message
    assert "smaller learning rate (learning_rate)" in message
    with pytest.raises(TrainingDivergedError, match=r"epoch 2: .*inf.*\(eta\)"):
        check_finite_cost(float("inf"), 2)
    assert issubclass(TrainingDivergedError, FloatingPointError)


# ---------------------------------------------------------------------------
# Progress bars
# ---------------------------------------------------------------------------


def test_progress_enabled_follows_the_environment(monkeypatch):
    monkeypatch.delenv("MLCOURSE_PROGRESS", raising=False)
    assert progress_enabled() is True
    assert progress_enabled(False) is False
    monkeypatch.setenv("MLCOURSE_PROGRESS", "0")
    assert progress_enabled() is False
    assert progress_enabled(True) is False
    monkeypatch.setenv("MLCOURSE_PROGRESS", "1")
    assert progress_enabled() is True


def test_progress_bar_is_disabled_by_the_environment(monkeypatch):
    monkeypatch.setenv("MLCOURSE_PROGRESS", "0")
    bar = progress_bar(5, "epochs", enabled=True)
    try:
        assert bar.disable
    finally:
        bar.close()
    monkeypatch.delenv("MLCOURSE_PROGRESS")
    bar = progress_bar(5, "epochs", enabled=False)
    try:
        assert bar.disable
    finally:
        bar.close()
    bar = progress_bar(5, "epochs", enabled=True)
    try:
        assert not bar.disable
        assert bar.total == 5
    finally:
        bar.close()
