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
    penalized). The 1/2 makes the gradient simply lambda * W.
    """
    l2 = check_float(l2, "l2", non_negative=True)
    total = 0.0
    for i, w in enumerate(weights):
        w = check_array(w, f"weights[{i}]", allow_empty=True)
        total += float(np.sum(np.square(w, dtype=np.float64)))
    return 0.5 * l2 * total


def l2_penalty_gradient(weights: Iterable, l2: float) -> list[Array]:
    """dPenalty/dW = lambda * W for each weight matrix."""
    l2 = check_float(l2, "l2", non_negative=True)
    return [l2 * check_array(w, f"weights[{i}]") for i, w in enumerate(weights)]


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
