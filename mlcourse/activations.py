"""Activation functions and their derivatives.

Every public function takes the net input ``z`` (any shape, typically
``(n_examples, n_units)``), checks it, and returns an array of the same shape
and floating dtype. Each activation ``f`` has a partner ``f_derivative`` that
returns :math:`f'(z)` element by element, so backpropagation can multiply it
into the error term. :data:`ACTIVATIONS` maps a name to the pair.

Softmax is the exception: it couples the units of one example, so its
derivative is a Jacobian per example, ``(n_examples, n_classes, n_classes)``.

Each formula is written once, in the two tables the networks use (in the
spirit of scikit-learn's ``ACTIVATIONS`` / ``DERIVATIVES``):

* :data:`FORWARD` ``[name](z, out=None)``: a = f(z), with no input checks,
  for arrays a network built itself (``out=z`` computes in place);
* :data:`DERIVATIVES` ``[name](a, delta)``: multiplies the error ``delta``
  (dJ/da) in place by f'(z), written in terms of the output a = f(z), so the
  backward pass needs no second exp or tanh.

The checked public functions above call the same table entries: for example
``sigmoid_derivative(z)`` is ``DERIVATIVES["sigmoid"](sigmoid(z), 1)``.
A network's NaN (a diverging run) passes through the tables without an
error, so the training loop can stop with its own message.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._validation import check_array, check_choice, check_float

Array = np.ndarray

#: activations with a parameter alpha, and its usual value
ALPHA_DEFAULTS: dict[str, float] = {"leaky_relu": 0.01, "elu": 1.0}


# ------------------------------------------------- forward: a = f(z)


def _identity(z: Array, out: Array | None = None) -> Array:
    if out is None:
        return z.copy()
    out[...] = z
    return out


def _step(z: Array, out: Array | None = None) -> Array:
    a = (z >= 0).astype(z.dtype)
    if out is None:
        return a
    out[...] = a
    return out


def _sigmoid(z: Array, out: Array | None = None) -> Array:
    # sigma(z) = 1 / (1 + exp(-z)) = (1 + tanh(z / 2)) / 2. The tanh form
    # cannot overflow: exp(-z) would, for z < -88 in float32.
    if out is None:
        # an array even for 0-d z (a ufunc without out= returns a scalar then,
        # and the in-place steps below would fail on it)
        out = np.empty_like(z)
    out = np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    out += 1.0
    out *= 0.5
    return out


def _tanh(z: Array, out: Array | None = None) -> Array:
    return np.tanh(z, out=out)


def _relu(z: Array, out: Array | None = None) -> Array:
    return np.maximum(z, 0, out=out)


def _leaky_relu(
    z: Array, out: Array | None = None, alpha: float = ALPHA_DEFAULTS["leaky_relu"]
) -> Array:
    a = np.where(z > 0, z, z * z.dtype.type(alpha))
    if out is None:
        return a
    out[...] = a
    return out


def _elu(
    z: Array, out: Array | None = None, alpha: float = ALPHA_DEFAULTS["elu"]
) -> Array:
    # np.minimum keeps exp away from the branch that is not used (no overflow)
    a = np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0))).astype(
        z.dtype, copy=False
    )
    if out is None:
        return a
    out[...] = a
    return out


def _softmax(z: Array, out: Array | None = None) -> Array:
    # Subtracting each row's maximum changes nothing mathematically
    # (the factor exp(-max) cancels) but keeps exp from overflowing.
    e = np.subtract(z, z.max(axis=-1, keepdims=True), out=out)
    np.exp(e, out=e)
    e /= e.sum(axis=-1, keepdims=True)
    return e


# ------------------------- backward: delta *= f'(z), from a = f(z)


def _identity_backward(a: Array, delta: Array) -> Array:
    return delta  # f' = 1


def _step_backward(a: Array, delta: Array) -> Array:
    delta *= 0  # f' = 0 (undefined at 0)
    return delta


def _sigmoid_backward(a: Array, delta: Array) -> Array:
    delta *= a
    delta *= 1 - a  # sigma' = a (1 - a)
    return delta


def _tanh_backward(a: Array, delta: Array) -> Array:
    delta *= 1 - a * a  # tanh' = 1 - a^2
    return delta


def _relu_backward(a: Array, delta: Array) -> Array:
    delta *= a > 0  # 1 where z > 0 (a > 0 exactly there), 0 elsewhere and at 0
    return delta


def _leaky_relu_backward(
    a: Array, delta: Array, alpha: float = ALPHA_DEFAULTS["leaky_relu"]
) -> Array:
    delta *= np.where(a > 0, 1, alpha).astype(a.dtype)  # 1 for z > 0, else alpha
    return delta


def _elu_backward(
    a: Array, delta: Array, alpha: float = ALPHA_DEFAULTS["elu"]
) -> Array:
    # 1 for z > 0, else alpha e^z = alpha (e^z - 1) + alpha = a + alpha
    delta *= np.where(a > 0, 1, a + alpha).astype(a.dtype)
    return delta


#: name -> a = f(z, out=None[, alpha]): the formula, unchecked
FORWARD: dict[str, Callable[..., Array]] = {
    "identity": _identity,
    "step": _step,
    "sigmoid": _sigmoid,
    "tanh": _tanh,
    "relu": _relu,
    "leaky_relu": _leaky_relu,
    "elu": _elu,
    "softmax": _softmax,
}

#: name -> (a, delta[, alpha]) -> delta *= f'(z) in place, with a = f(z)
DERIVATIVES: dict[str, Callable[..., Array]] = {
    "identity": _identity_backward,
    "step": _step_backward,
    "sigmoid": _sigmoid_backward,
    "tanh": _tanh_backward,
    "relu": _relu_backward,
    "leaky_relu": _leaky_relu_backward,
    "elu": _elu_backward,
}


# ------------------------------------------------------- public functions


def _checked(z) -> Array:
    return check_array(z, "z", allow_empty=True)


def _derivative(name: str, z: Array, **alpha: float) -> Array:
    """f'(z) from the tables: the backward rule applied to delta = 1."""
    a = FORWARD[name](z, **alpha)
    return DERIVATIVES[name](a, np.ones_like(a), **alpha)


def identity(z) -> Array:
    """Linear activation phi(z) = z (Adaline, regression outputs)."""
    return _identity(_checked(z))


def identity_derivative(z) -> Array:
    """phi'(z) = 1."""
    return _derivative("identity", _checked(z))


def step(z) -> Array:
    """Unit step (Heaviside): 1 where z >= 0, else 0."""
    return _step(_checked(z))


def step_derivative(z) -> Array:
    """Zero everywhere (undefined at 0): why a step unit cannot be trained
    by gradient descent."""
    return _derivative("step", _checked(z))


def sigmoid(z) -> Array:
    """Logistic sigmoid, sigma(z) = 1 / (1 + e^{-z}), range (0, 1)."""
    return _sigmoid(_checked(z))


def sigmoid_derivative(z) -> Array:
    """sigma'(z) = sigma(z) (1 - sigma(z)); at most 0.25, at z = 0."""
    return _derivative("sigmoid", _checked(z))


def tanh(z) -> Array:
    """Hyperbolic tangent, zero-centred, range (-1, 1)."""
    return _tanh(_checked(z))


def tanh_derivative(z) -> Array:
    """tanh'(z) = 1 - tanh(z)^2."""
    return _derivative("tanh", _checked(z))


def relu(z) -> Array:
    """Rectified linear unit, max(0, z)."""
    return _relu(_checked(z))


def relu_derivative(z) -> Array:
    """1 for z > 0, else 0 (we choose 0 at z = 0)."""
    return _derivative("relu", _checked(z))


def leaky_relu(z, alpha: float = 0.01) -> Array:
    """z for z > 0, alpha * z otherwise; the small slope keeps units alive."""
    alpha = check_float(alpha, "alpha", non_negative=True)
    return _leaky_relu(_checked(z), alpha=alpha)


def leaky_relu_derivative(z, alpha: float = 0.01) -> Array:
    """1 for z > 0, alpha otherwise."""
    alpha = check_float(alpha, "alpha", non_negative=True)
    return _derivative("leaky_relu", _checked(z), alpha=alpha)


def elu(z, alpha: float = 1.0) -> Array:
    """Exponential linear unit: z for z > 0, alpha (e^z - 1) otherwise."""
    alpha = check_float(alpha, "alpha", non_negative=True)
    return _elu(_checked(z), alpha=alpha)


def elu_derivative(z, alpha: float = 1.0) -> Array:
    """1 for z > 0, alpha e^z otherwise (computed as elu(z) + alpha)."""
    alpha = check_float(alpha, "alpha", non_negative=True)
    return _derivative("elu", _checked(z), alpha=alpha)


def softmax(z) -> Array:
    """Softmax over the last axis: s_k = e^{z_k} / sum_j e^{z_j}.

    z : (..., n_classes) -> same shape; each row sums to 1.
    """
    z = _checked(z)
    if z.ndim == 0:
        raise ValueError("z must have at least 1 dimension for softmax")
    return _softmax(z)


def softmax_jacobian(z) -> Array:
    """Jacobian of softmax, one matrix per example.

    z : (n_examples, n_classes) -> (n_examples, n_classes, n_classes), with
    J[i, k, j] = d s_k / d z_j = s_k (delta_kj - s_j).
    """
    z = _checked(z)
    s = softmax(z[None, :] if z.ndim == 1 else z)
    return s[:, :, None] * (np.eye(s.shape[-1], dtype=s.dtype) - s[:, None, :])


#: name -> (activation, derivative): the element-wise activations.
#: ``leaky_relu`` and ``elu`` also take ``alpha`` (see :data:`ALPHA_DEFAULTS`).
ACTIVATIONS: dict[str, tuple[Callable[..., Array], Callable[..., Array]]] = {
    "identity": (identity, identity_derivative),
    "step": (step, step_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    "elu": (elu, elu_derivative),
}

#: the hidden-layer activations a trainable network may use
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu")


def get_activation(name: str) -> tuple[Callable[..., Array], Callable[..., Array]]:
    """Look up ``(activation, derivative)`` by name, e.g. ``"relu"``."""
    check_choice(name, "name", ACTIVATIONS)
    return ACTIVATIONS[name]
