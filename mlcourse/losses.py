"""Loss (cost) functions and their gradients with respect to the prediction.

Conventions, the same for every function here:

* ``y_true`` and ``y_pred`` have the same shape: ``(n_examples,)`` for one
  output unit or ``(n_examples, n_outputs)`` for several (one-hot targets
  for classification).
* ``reduction="mean"`` (default) averages the per-example loss over the
  examples; ``reduction="sum"`` adds it up (the book's MLP and Adaline's
  sum of squared errors use sums). Within one example, the loss is summed
  over its output units.
* ``name_gradient(y_true, y_pred)`` returns dJ/dy_pred, the same shape as
  ``y_pred``.
* Probabilities of exactly 0 or 1 give finite values: they are clipped to
  ``[EPS, 1 - EPS]`` before any logarithm.

The table :data:`LOSSES` maps a name to ``(loss, gradient)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from ._validation import (
    check_array,
    check_choice,
    check_float,
    check_int,
    check_labels,
)

Array = np.ndarray

#: probabilities are kept this far from 0 and 1 inside logarithms
EPS = 1e-12


def _check_pair(y_true, y_pred) -> tuple[Array, Array]:
    y_true = check_array(y_true, "y_true", ndim=(1, 2))
    y_pred = check_array(y_pred, "y_pred", ndim=(1, 2))
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred must have the same shape, got {y_true.shape} "
            f"and {y_pred.shape}"
        )
    return y_true, y_pred


def _check_probabilities(p: Array, name: str) -> None:
    if p.min() < 0 or p.max() > 1:
        raise ValueError(f"{name} must hold probabilities in [0, 1]")


def _reduce(per_entry: Array, reduction: str) -> float:
    """Sum over units, then mean or sum over examples."""
    check_choice(reduction, "reduction", ("mean", "sum"))
    total = float(np.sum(per_entry, dtype=np.float64))
    return total / per_entry.shape[0] if reduction == "mean" else total


def _scale(reduction: str, n: int) -> float:
    check_choice(reduction, "reduction", ("mean", "sum"))
    return 1.0 / n if reduction == "mean" else 1.0


def _clip(p: Array) -> Array:
    # float32 cannot represent 1 - 1e-12; its own machine epsilon is the limit
    eps = max(EPS, float(np.finfo(p.dtype).eps))
    return np.clip(p, eps, 1 - eps)


# --------------------------------------------------------------- regression


def mse(y_true, y_pred, reduction: str = "mean") -> float:
    """Mean squared error, J = (1/n) sum_i sum_k (y_ik - p_ik)^2."""
    y_true, y_pred = _check_pair(y_true, y_pred)
    return _reduce((y_true - y_pred) ** 2, reduction)


def mse_gradient(y_true, y_pred, reduction: str = "mean") -> Array:
    """dJ/dp = -2 (y - p) / n."""
    y_true, y_pred = _check_pair(y_true, y_pred)
    return -2.0 * (y_true - y_pred) * _scale(reduction, len(y_true))


def sse(y_true, y_pred, reduction: str = "sum") -> float:
    """Adaline's cost, half the sum of squared errors: J = 1/2 sum (y - p)^2."""
    y_true, y_pred = _check_pair(y_true, y_pred)
    return 0.5 * _reduce((y_true - y_pred) ** 2, reduction)


def sse_gradient(y_true, y_pred, reduction: str = "sum") -> Array:
    """dJ/dp = -(y - p): the 1/2 cancels the 2 of the square."""
    y_true, y_pred = _check_pair(y_true, y_pred)
    return -(y_true - y_pred) * _scale(reduction, len(y_true))


def mae(y_true, y_pred, reduction: str = "mean") -> float:
    """Mean absolute error, J = (1/n) sum |y - p|; outliers count linearly."""
    y_true, y_pred = _check_pair(y_true, y_pred)
    return _reduce(np.abs(y_true - y_pred), reduction)


def mae_gradient(y_true, y_pred, reduction: str = "mean") -> Array:
    """dJ/dp = -sign(y - p) / n (0 where y == p, a subgradient)."""
    y_true, y_pred = _check_pair(y_true, y_pred)
    return -np.sign(y_true - y_pred) * _scale(reduction, len(y_true))


# ----------------------------------------------------------- classification


def binary_cross_entropy(y_true, y_pred, reduction: str = "mean") -> float:
    """Logistic cost of sigmoid outputs.

    J = -sum_i [ y_i log p_i + (1 - y_i) log(1 - p_i) ], divided by n for
    the mean. With ``(n_examples, n_outputs)`` arrays the bracket is also
    summed over the output units: that is the book MLP's logistic cost.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    _check_probabilities(y_pred, "y_pred")
    p = _clip(y_pred)
    return _reduce(-(y_true * np.log(p) + (1 - y_true) * np.log1p(-p)), reduction)


def binary_cross_entropy_gradient(y_true, y_pred, reduction: str = "mean") -> Array:
    """dJ/dp = (p - y) / (p (1 - p)), with p clipped away from 0 and 1."""
    y_true, y_pred = _check_pair(y_true, y_pred)
    _check_probabilities(y_pred, "y_pred")
    p = _clip(y_pred)
    return (p - y_true) / (p * (1 - p)) * _scale(reduction, len(y_true))


def logistic_cost(y_true, y_pred) -> float:
    """The book MLP's cost: binary cross-entropy summed over output units
    and examples. y_true, y_pred : (n_examples, n_outputs)."""
    return binary_cross_entropy(y_true, y_pred, reduction="sum")


def logistic_cost_gradient(y_true, y_pred) -> Array:
    """Gradient of :func:`logistic_cost` with respect to y_pred."""
    return binary_cross_entropy_gradient(y_true, y_pred, reduction="sum")


def categorical_cross_entropy(y_true, y_pred, reduction: str = "mean") -> float:
    """Cross-entropy of softmax outputs: J = -(1/n) sum_i sum_k y_ik log p_ik.

    y_true : (n_examples, n_classes) one-hot (or any distribution per row);
    y_pred : (n_examples, n_classes) predicted probabilities.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    _check_probabilities(y_pred, "y_pred")
    return _reduce(-(y_true * np.log(_clip(y_pred))), reduction)


def categorical_cross_entropy_gradient(
    y_true, y_pred, reduction: str = "mean"
) -> Array:
    """dJ/dp = -y / p. (Followed by softmax it becomes simply p - y per z.)"""
    y_true, y_pred = _check_pair(y_true, y_pred)
    _check_probabilities(y_pred, "y_pred")
    return -y_true / _clip(y_pred) * _scale(reduction, len(y_true))


def kl_divergence(y_true, y_pred, reduction: str = "mean") -> float:
    """Kullback-Leibler divergence KL(y || p) = sum_k y_k log(y_k / p_k).

    It equals cross-entropy minus the entropy of y, so for a fixed target it
    has the same gradient as cross-entropy; 0 log 0 counts as 0.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    _check_probabilities(y_true, "y_true")
    _check_probabilities(y_pred, "y_pred")
    safe_y = np.where(y_true > 0, y_true, 1.0)  # 0 log 0 = 0
    return _reduce(y_true * (np.log(safe_y) - np.log(_clip(y_pred))), reduction)


def kl_divergence_gradient(y_true, y_pred, reduction: str = "mean") -> Array:
    """dJ/dp = -y / p, the same as cross-entropy's."""
    y_true, y_pred = _check_pair(y_true, y_pred)
    _check_probabilities(y_true, "y_true")
    _check_probabilities(y_pred, "y_pred")
    return -y_true / _clip(y_pred) * _scale(reduction, len(y_true))


# ----------------------------------------------------------- regularization


def l2_penalty(weights: Iterable, l2: float) -> float:
    """L2 penalty (lambda / 2) * sum of the squares of every weight matrix.

    weights : iterable of arrays (weight matrices only: biases are not
    penalized). The 1/2 makes the gradient simply lambda * W. The squares
    are taken in the weights' dtype and added up in float64. Non-finite
    weights give a non-finite penalty (no error), so that a training loop
    can report the divergence itself. This is the one definition the
    networks (:mod:`mlcourse.mlp`) use.
    """
    l2 = check_float(l2, "l2", non_negative=True)
    if l2 == 0:
        return 0.0
    total = 0.0
    for i, w in enumerate(weights):
        w = _real_array(w, f"weights[{i}]")
        total += float(np.sum(w**2, dtype=np.float64))
    return 0.5 * l2 * total


def _real_array(w, name: str) -> Array:
    """w as an array of real numbers; NaN and infinity allowed (see above)."""
    w = np.asarray(w)
    if not np.issubdtype(w.dtype, np.number) or np.iscomplexobj(w):
        raise TypeError(f"{name} must hold real numbers, got {w.dtype}")
    return w


def l2_penalty_gradient(weights: Iterable, l2: float) -> list[Array]:
    """dPenalty/dW = lambda * W for each weight matrix (the networks' one
    definition; non-finite weights pass through, as in :func:`l2_penalty`)."""
    l2 = check_float(l2, "l2", non_negative=True)
    return [l2 * _real_array(w, f"weights[{i}]") for i, w in enumerate(weights)]


# ------------------------------------------- from class labels (networks)


def _labels_and_outputs(y, A) -> tuple[Array, Array]:
    A = np.asarray(A)
    if A.ndim != 2 or not np.issubdtype(A.dtype, np.floating):
        raise ValueError(
            f"A must be a float (n_examples, n_classes) array, got {A.shape}"
        )
    y = check_labels(y, "y", n_classes=A.shape[1])
    if len(y) != len(A):
        raise ValueError(
            f"y and A must have the same length, got {len(y)} and {len(A)}"
        )
    return y, A


def logistic_cost_of_labels(y, A, reduction: str = "sum") -> float:
    """:func:`binary_cross_entropy` of sigmoid outputs A (n_examples, n_classes)
    against class labels y (n_examples,), i.e. with one-hot targets Y:

    J = -sum_i sum_k [Y_ik log A_ik + (1 - Y_ik) log(1 - A_ik)]  (/ n for the mean).

    Computed without building Y: every unit contributes -log(1 - a), and for
    the true class -log(a) replaces it. A is clipped to [eps, 1 - eps] with
    eps the machine epsilon of A's dtype. NaN in A gives NaN (no error), so a
    training loop can report the divergence itself.
    """
    y, A = _labels_and_outputs(y, A)
    eps = np.finfo(A.dtype).eps
    A = np.clip(A, eps, 1 - eps)
    a_true = A[np.arange(len(y)), y]
    total = -np.sum(np.log1p(-A), dtype=np.float64)
    total -= np.sum(np.log(a_true) - np.log1p(-a_true), dtype=np.float64)
    return float(total) / _divisor(reduction, len(y))


def cross_entropy_of_labels(y, P, reduction: str = "mean") -> float:
    """:func:`categorical_cross_entropy` of softmax outputs P (n_examples,
    n_classes) against class labels y (n_examples,):
    J = -sum_i log P[i, y_i]  (/ n for the mean), with P floored at the
    machine epsilon of its dtype.
    """
    y, P = _labels_and_outputs(y, P)
    eps = np.finfo(P.dtype).eps
    p_true = P[np.arange(len(y)), y]
    total = -np.sum(np.log(np.maximum(p_true, eps)), dtype=np.float64)
    return float(total) / _divisor(reduction, len(y))


def output_error(A_out, y) -> Array:
    """The output error of chapter 4: delta_out = dJ/dZ_out = A_out - Y.

    The same formula for sigmoid outputs with the logistic cost and for
    softmax outputs with the cross-entropy (chapter 3 derives both: the
    activation's derivative cancels the cost's). Per example (row) and output
    unit (column): the unit's output minus its target, 1 for the true class
    and 0 elsewhere.

    A_out : (n_examples, n_classes) float outputs; y : (n_examples,) labels.
    Returns a new (n_examples, n_classes) array; Y, the one-hot matrix of y,
    is never built: 1 is subtracted at each example's class.
    """
    y, A_out = _labels_and_outputs(y, A_out)
    delta = A_out.copy()
    delta[np.arange(len(y)), y] -= 1
    return delta


def _divisor(reduction: str, n: int) -> int:
    check_choice(reduction, "reduction", ("mean", "sum"))
    return n if reduction == "mean" else 1


#: name -> (loss, gradient with respect to the prediction)
LOSSES: dict[str, tuple[Callable[..., float], Callable[..., Array]]] = {
    "mse": (mse, mse_gradient),
    "sse": (sse, sse_gradient),
    "mae": (mae, mae_gradient),
    "binary_cross_entropy": (binary_cross_entropy, binary_cross_entropy_gradient),
    "logistic_cost": (logistic_cost, logistic_cost_gradient),
    "categorical_cross_entropy": (
        categorical_cross_entropy,
        categorical_cross_entropy_gradient,
    ),
    "kl_divergence": (kl_divergence, kl_divergence_gradient),
}


def one_hot(y, n_classes: int, dtype=np.float64) -> Array:
    """Class labels (n_examples,) -> one-hot matrix (n_examples, n_classes)."""
    n_classes = check_int(n_classes, "n_classes", minimum=1)
    y = check_labels(y, "y", n_classes=n_classes)
    out = np.zeros((y.shape[0], n_classes), dtype=dtype)
    out[np.arange(y.shape[0]), y] = 1
    return out
