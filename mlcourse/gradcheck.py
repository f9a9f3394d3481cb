"""Gradient checking: compare an analytic gradient with a numerical one.

The numerical gradient uses centred differences,

    dJ/dw  ~  (J(w + eps) - J(w - eps)) / (2 eps),

whose error shrinks like eps^2. Compare the two with the relative error

    ||g_num - g_ana|| / (||g_num|| + ||g_ana||),

in float64: below about 1e-7 the gradient is right; above about 1e-4 there is
a bug. (float32 has only ~7 significant digits, too few for this test.)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._validation import check_array, check_float, check_int

Array = np.ndarray


def numerical_gradient(
    f: Callable[[Array], float], x: Array, eps: float = 1e-6
) -> Array:
    """Centred-difference gradient of a scalar function f at x.

    f : function of an array shaped like x returning a number.
    x : float64 array of any shape; it is changed one entry at a time and
        restored, so f may read it in place (as a network reads its weights).
    Returns an array shaped like x.
    """
    if not callable(f):
        raise TypeError(f"f must be a function, got {type(f).__name__}")
    if not isinstance(x, np.ndarray):
        raise TypeError("x must be a NumPy array (it is perturbed in place)")
    check_array(x, "x")
    if x.dtype != np.float64:
        raise TypeError(
            f"x must be float64 for gradient checking, got {x.dtype} "
            "(float32 keeps too few digits)"
        )
    eps = check_float(eps, "eps", positive=True)
    grad = np.zeros(x.shape, dtype=np.float64)
    # Index x itself: x.reshape(-1) would be a copy for a non-contiguous x
    # (a transposed matrix, a slice), and perturbing a copy changes nothing.
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        f_plus = float(f(x))
        x[index] = original - eps
        f_minus = float(f(x))
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a, b) -> float:
    """||a - b|| / (||a|| + ||b||), 0 when both are zero."""
    a = check_array(a, "a", allow_empty=True)
    b = check_array(b, "b", allow_empty=True)
    if a.shape != b.shape:
        raise ValueError(
            f"a and b must have the same shape, got {a.shape} and {b.shape}"
        )
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def check_gradients(
    model, X, y, eps: float = 1e-6, max_entries: int | None = None, seed: int = 0
) -> dict[str, float]:
    """Relative error of each of a network's analytic gradients.

    model : an :class:`~mlcourse.mlp.MLP` or a
        :class:`~mlcourse.mlp.NeuralNetMLP` (any object with ``params``,
        ``loss(X, y)`` and ``loss_and_gradients(X, y)``), built with dtype
        float64.
    X : (n_examples, n_features), y : (n_examples,) -- keep them small.
    max_entries : check only this many randomly chosen entries per array
        (all when None), to keep large layers quick.
    Returns {parameter name: relative error}.
    """
    if not hasattr(model, "loss_and_gradients"):
        raise TypeError("model must have loss(X, y) and loss_and_gradients(X, y)")
    loss_fn = model.loss
    _, grads = model.loss_and_gradients(X, y)
    params = model.params
    if max_entries is not None:
        max_entries = check_int(max_entries, "max_entries", minimum=1)
    rng = np.random.default_rng(seed)
    errors = {}
    for name, w in params.items():
        if w.dtype != np.float64:
            raise TypeError(
                f"model parameter {name} is {w.dtype}: build the model with "
                "dtype=np.float64 for gradient checking"
            )
        entries = np.arange(w.size)
        if max_entries is not None and w.size > max_entries:
            entries = rng.choice(w.size, size=max_entries, replace=False)
        numeric = np.empty(len(entries))
        for j, i in enumerate(entries):
            index = np.unravel_index(i, w.shape)  # into w itself, never a copy
            original = w[index]
            w[index] = original + eps
            plus = loss_fn(X, y)
            w[index] = original - eps
            minus = loss_fn(X, y)
            w[index] = original
            numeric[j] = (plus - minus) / (2 * eps)
        errors[name] = relative_error(numeric, grads[name].reshape(-1)[entries])
    return errors
