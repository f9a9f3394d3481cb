"""Hostile arguments to the models: flags, labels, huge numbers, one class.

One place for every way a careless or hostile caller can hand the models a
wrong value before any training happens:

* flags: every True/False argument goes through one check, which refuses
  strings such as "False" (``bool("False")`` is True), numbers and None;
* labels: their range is checked on the values as given, before the cast to
  int64 (which would turn 2**63 into a negative number);
* finite numbers too large for float32 are reported as an overflow, not as
  "NaN or infinite values";
* a training set with a single class is refused.

Every test asserts the error's type and what its message says.
"""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse import plotting, progress
from mlcourse._validation import (
    check_bool,
    check_classes,
    check_labels,
    check_matrix,
)
from mlcourse.linear import Adaline, Perceptron
from mlcourse.mlp import MAX_CLASSES, MLP, NeuralNetMLP
from mlcourse.recipes import train_best_mlp
from mlcourse.widgets import AdalineExplorer

X4 = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
Y4 = np.array([0, 1, 1, 0])

# ---------------------------------------------------------------------------
# Flags
# ---------------------------------------------------------------------------

NOT_FLAGS = ["False", "no", "off", 0, 1, None, 0.0, [True]]


@pytest.mark.parametrize("value", NOT_FLAGS)
def test_check_bool_refuses_everything_but_true_and_false(value):
    with pytest.raises(TypeError) as info:
        check_bool(value, "shuffle")
    assert str(info.value).startswith(f"shuffle must be True or False, got {value!r}")


def test_check_bool_accepts_python_and_numpy_booleans():
    assert check_bool(True, "flag") is True
    assert check_bool(False, "flag") is False
    assert check_bool(np.True_, "flag") is True
    assert check_bool(np.bool_(False), "flag") is False


def fit_mlp(**kwargs):
    MLP([2, 3, 2], seed=0).fit(X4, Y4, epochs=1, **kwargs)


#: every flag of the training code, as (argument name, call with that value)
FLAG_CALLS = {
    "Perceptron(shuffle)": ("shuffle", lambda v: Perceptron(shuffle=v)),
    "Adaline(shuffle)": ("shuffle", lambda v: Adaline(shuffle=v)),
    "Adaline(stop_on_divergence)": (
        "stop_on_divergence",
        lambda v: Adaline(stop_on_divergence=v),
    ),
    "NeuralNetMLP(shuffle)": ("shuffle", lambda v: NeuralNetMLP(shuffle=v)),
    "NeuralNetMLP(progress)": ("progress", lambda v: NeuralNetMLP(progress=v)),
    "MLP.fit(shuffle)": ("shuffle", lambda v: fit_mlp(shuffle=v, progress=False)),
    "MLP.fit(progress)": ("progress", lambda v: fit_mlp(progress=v)),
    "MLP.fit(evaluate_train)": (
        "evaluate_train",
        lambda v: fit_mlp(evaluate_train=v, progress=False),
    ),
    "train_best_mlp(progress)": (
        "progress",
        lambda v: train_best_mlp(np.zeros((4, 784)), Y4, epochs=1, progress=v),
    ),
}


@pytest.mark.parametrize("value", ["False", "no", 0, None])
@pytest.mark.parametrize("call", FLAG_CALLS, ids=str)
def test_every_flag_refuses_non_booleans(call, value):
    name, function = FLAG_CALLS[call]
    with pytest.raises(TypeError) as info:
        function(value)
    assert str(info.value).startswith(f"{name} must be True or False, got {value!r}")


@pytest.mark.parametrize(
    "call",
    [c for c in FLAG_CALLS if not c.startswith("train_best_mlp")],
    ids=str,
)
def test_every_flag_accepts_numpy_booleans(call):
    _, function = FLAG_CALLS[call]
    function(np.False_)  # no error


# ---------------------------------------------------------------------------
# Labels: the range is checked before the cast
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "shown"),
    [
        (np.array([0.0, 1e20]), "1e+20"),
        (np.array([0, 2**63], dtype=np.uint64), "9223372036854775808"),
        (np.array([0, 2**64 - 1], dtype=np.uint64), "18446744073709551615"),
        (np.array([0.0, 2.0**63]), "9.22337e+18"),
    ],
)
def test_huge_labels_are_reported_as_they_are(labels, shown):
    with pytest.raises(ValueError) as info:
        check_labels(labels, "y")
    message = str(info.value)
    assert message.startswith(f"y has the label {shown}, too large for a class label")
    assert "negative" not in message and "-922" not in message
    with pytest.raises(ValueError) as info:
        check_labels(labels, "y", n_classes=10)
    assert str(info.value) == f"y must be below 10 (the number of classes), got {shown}"


def test_negative_labels_keep_their_value():
    with pytest.raises(ValueError, match="^y must not be negative, got -1e\\+20$"):
        check_labels(np.array([0.0, -1e20]), "y")
    with pytest.raises(ValueError, match="^y must not be negative, got -3$"):
        check_labels(np.array([0.0, -3.0]), "y")
    with pytest.raises(ValueError, match="^y must not be negative, got -3$"):
        check_labels(np.array([0, -3], dtype=np.int8), "y")


def test_the_largest_int64_label_is_still_a_label():
    out = check_labels(np.array([0, 2**63 - 1], dtype=np.uint64), "y")
    assert out.dtype == np.int64 and out[1] == 2**63 - 1


@pytest.mark.parametrize(
    ("model", "fit"),
    [
        (
            "NeuralNetMLP",
            lambda y: NeuralNetMLP(epochs=1, progress=False).fit(X4, y, X4, Y4),
        ),
        ("MLP", lambda y: MLP([2, 3, 2]).fit(X4, y, epochs=1, progress=False)),
        ("Adaline", lambda y: Adaline(epochs=1).fit(X4, y)),
        ("Perceptron", lambda y: Perceptron(epochs=1).fit(X4, y)),
    ],
)
def test_models_report_huge_labels_by_their_value(model, fit):
    y = np.array([0.0, 1.0, 1e20, 0.0])
    with pytest.raises(ValueError) as info:
        fit(y)
    assert "1e+20" in str(info.value)
    assert "negative" not in str(info.value)


def test_neuralnetmlp_refuses_labels_that_would_need_a_huge_output_layer():
    y = np.array([0, 1, 10**12, 0])
    with pytest.raises(ValueError) as info:
        NeuralNetMLP(epochs=1, progress=False).fit(X4, y, X4, Y4)
    assert str(info.value) == (
        "y_train's largest label is 1000000000000: that would make "
        f"1000000000001 classes (labels are 0 .. n_classes - 1, at most "
        f"{MAX_CLASSES:,} classes)"
    )


# ---------------------------------------------------------------------------
# Overflow: finite numbers too large for float32
# ---------------------------------------------------------------------------


def test_values_too_large_for_float32_are_an_overflow():
    X = np.array([[1e39, 1.0], [2.0, -3e39]])  # finite in float64
    with pytest.raises(ValueError) as info:
        check_matrix(X, "X", dtype=np.float32)
    message = str(info.value)
    assert message.startswith("X has values too large for float32 (overflow)")
    assert "the largest magnitude is 3e+39" in message
    assert "float32 holds at most 3.403e+38" in message
    assert "NaN" not in message
    # the same values in float64 are fine, and NaN is still called NaN
    assert check_matrix(X, "X", dtype=np.float64).dtype == np.float64
    with pytest.raises(ValueError, match="^X contains NaN or infinite values$"):
        check_matrix(np.array([[np.nan, 1.0]]), "X", dtype=np.float32)


def test_models_report_the_overflow_with_the_argument_name():
    X = X4.copy()
    X[2, 1] = 1e39
    with pytest.raises(ValueError, match=r"^X_train has values too large for float32"):
        NeuralNetMLP(epochs=1, progress=False).fit(X, Y4, X4, Y4)
    with pytest.raises(ValueError, match=r"^X has values too large for float32"):
        MLP([2, 3, 2]).fit(X, Y4, epochs=1, progress=False)
    model = MLP([2, 3, 2])
    with pytest.raises(ValueError, match=r"^X has values too large for float32"):
        model.predict(X)


# ---------------------------------------------------------------------------
# One class is not a classification problem
# ---------------------------------------------------------------------------


def test_neuralnetmlp_refuses_labels_that_are_all_one_class():
    net = NeuralNetMLP(epochs=1, progress=False)
    with pytest.raises(ValueError) as info:
        net.fit(X4, np.ones(4, dtype=int), X4, Y4)
    assert str(info.value) == (
        "y_train must contain at least two different classes to learn from, "
        "got only class 1 (4 labels)"
    )
    assert not hasattr(net, "W_h")  # refused before any network was built
    with pytest.raises(ValueError, match="got only class 0"):
        net.fit(X4, np.zeros(4, dtype=int), X4, Y4)


def test_mlp_refuses_a_single_class():
    with pytest.raises(ValueError, match="^y must contain at least two different"):
        MLP([2, 3, 2]).fit(X4, np.zeros(4, dtype=int), epochs=1, progress=False)


def test_check_classes_counts_the_classes():
    assert check_classes(np.array([0, 2, 1]), "y") == 3
    assert check_classes(np.array([0, 2]), "y", max_classes=3) == 3
    with pytest.raises(ValueError, match="^y's largest label is 3: that would make 4"):
        check_classes(np.array([0, 3]), "y", max_classes=3)


# ---------------------------------------------------------------------------
# Flags outside the models: one checker everywhere
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: plotting.plot_cost([1.0, 0.5], log="yes"), "log"),
        (
            lambda: plotting.plot_learning_curves(
                {"cost": [1.0], "train_acc": [0.5]}, log="no"
            ),
            "log",
        ),
        (
            lambda: plotting.plot_confusion_matrix(np.eye(2, dtype=int), normalize=1),
            "normalize",
        ),
        (lambda: progress.progress_bar(3, "epochs", enabled="off"), "progress"),
        (
            lambda: AdalineExplorer(
                np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 3.0]]),
                np.array([0, 1, 1]),
                standardize="False",
            ),
            "standardize",
        ),
    ],
)
def test_string_and_number_flags_are_refused_everywhere(call, name):
    with pytest.raises(TypeError, match=rf"{name} must be True or False"):
        call()
