"""Activation functions and their derivatives.

Every public function takes the net input ``z`` (any shape, typically
``(n_examples, n_units)``), checks it, and returns an array of the same shape
and floating dtype. Each activation ``f`` has a partner ``f_derivative`` that
returns :math:`f'(z)` element by element, so backpropagation can multiply it
into the error term. :data:`ACTIVATIONS` maps a name to the pair.

Softmax is the exception: it couples the units of one example, so its
derivative is a Jacobian per example, ``(n_examples, n_classes, n_classes)``.

The functions starting with an underscore are the same formulas without the
input checks; the network's training loop calls them on arrays it built
itself, thousands of times per epoch, where the checks would only cost time.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._validation import check_array, check_choice, check_float

Array = np.ndarray


# ---------------------------------------------------------------- kernels
# Unchecked formulas. ``out`` may be ``z`` itself to compute in place.


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


def _relu(z: Array, out: Array | None = None) -> Array:
    return np.maximum(z, 0, out=out)


def _softmax(z: Array) -> Array:
    # Subtracting each row's maximum changes nothing mathematically
    # (the factor exp(-max) cancels) but keeps exp from overflowing.
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    e /= e.sum(axis=-1, keepdims=True)
    return e


def _leaky_relu(z: Array, alpha: float) -> Array:
    return np.where(z > 0, z, z * z.dtype.type(alpha))


def _elu(z: Array, alpha: float) -> Array:
    # np.minimum keeps exp away from the branch that is not used (no overflow)
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0))).astype(
        z.dtype, copy=False
    )


# ------------------------------------------------------- public functions


def _checked(z) -> Array:
    return check_array(z, "z", allow_empty=True)


def identity(z) -> Array:
    """Linear activation phi(z) = z (Adaline, regression outputs)."""
    return _checked(z).copy()


def identity_derivative(z) -> Array:
    """phi'(z) = 1."""
    return np.ones_like(_checked(z))


def step(z) -> Array:
    """Unit step (Heaviside): 1 where z >= 0, else 0."""
    z = _checked(z)
    return (z >= 0).astype(z.dtype)


def step_derivative(z) -> Array:
    """Zero everywhere (undefined at 0): why a step unit cannot be trained
    by gradient descent."""
    return np.zeros_like(_checked(z))


def sigmoid(z) -> Array:
    """Logistic sigmoid, sigma(z) = 1 / (1 + e^{-z}), range (0, 1)."""
    return _sigmoid(_checked(z))


def sigmoid_derivative(z) -> Array:
    """sigma'(z) = sigma(z) (1 - sigma(z)); at most 0.25, at z = 0."""
    s = _sigmoid(_checked(z))
    return s * (1 - s)


def tanh(z) -> Array:
    """Hyperbolic tangent, zero-centred, range (-1, 1)."""
    return np.tanh(_checked(z))


def tanh_derivative(z) -> Array:
    """tanh'(z) = 1 - tanh(z)^2."""
    t = np.tanh(_checked(z))
    return 1 - t * t


def relu(z) -> Array:
    """Rectified linear unit, max(0, z)."""
    return _relu(_checked(z))


def relu_derivative(z) -> Array:
    """1 for z > 0, else 0 (we choose 0 at z = 0)."""
    z = _checked(z)
    return (z > 0).astype(z.dtype)


def leaky_relu(z, alpha: float = 0.01) -> Array:
    """z for z > 0, alpha * z otherwise; the small slope keeps units alive."""
    alpha = check_float(alpha, "alpha", non_negative=True)
    return _leaky_relu(_checked(z), alpha)


def leaky_relu_derivative(z, alpha: float = 0.01) -> Array:
    """1 for z > 0, alpha otherwise."""
    alpha = check_float(alpha, "alpha", non_negative=True)
    z = _checked(z)
    return np.where(z > 0, 1.0, alpha).astype(z.dtype)


def elu(z, alpha: float = 1.0) -> Array:
    """Exponential linear unit: z for z > 0, alpha (e^z - 1) otherwise."""
    alpha = check_float(alpha, "alpha", non_negative=True)
    return _elu(_checked(z), alpha)


def elu_derivative(z, alpha: float = 1.0) -> Array:
    """1 for z > 0, alpha e^z otherwise."""
    alpha = check_float(alpha, "alpha", non_negative=True)
    z = _checked(z)
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0))).astype(z.dtype)


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

#: activations with a parameter alpha, and its usual value
ALPHA_DEFAULTS: dict[str, float] = {"leaky_relu": 0.01, "elu": 1.0}

#: the hidden-layer activations a trainable network may use
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu")


def get_activation(name: str) -> tuple[Callable[..., Array], Callable[..., Array]]:
    """Look up ``(activation, derivative)`` by name, e.g. ``"relu"``."""
    check_choice(name, "name", ACTIVATIONS)
    return ACTIVATIONS[name]


# ------------------------------------------- used by the training loop
# Forward: z -> a, allowed to overwrite z. Backward: multiply the error
# ``delta`` (dJ/da) in place by f'(z), using whichever of z or a = f(z) is
# cheaper (sigmoid and tanh reuse their output, so no exp is recomputed).


def _forward_inplace(name: str, z: Array) -> Array:
    if name == "sigmoid":
        return _sigmoid(z, out=z)
    if name == "tanh":
        return np.tanh(z, out=z)
    if name == "relu":
        return _relu(z, out=z)
    if name == "leaky_relu":
        return _leaky_relu(z, ALPHA_DEFAULTS["leaky_relu"])
    if name == "elu":
        return _elu(z, ALPHA_DEFAULTS["elu"])
    if name == "identity":
        return z
    raise ValueError(f"unknown activation {name!r}")


def _backward_inplace(name: str, delta: Array, a: Array) -> Array:
    """delta *= f'(z), written in terms of the output a = f(z)."""
    if name == "sigmoid":
        delta *= a
        delta *= 1 - a  # sigma' = a (1 - a)
    elif name == "tanh":
        delta *= 1 - a * a  # tanh' = 1 - a^2
    elif name == "relu":
        delta *= a > 0  # a > 0 exactly where z > 0
    elif name == "leaky_relu":
        delta *= np.where(a > 0, 1, ALPHA_DEFAULTS["leaky_relu"]).astype(a.dtype)
    elif name == "elu":
        alpha = ALPHA_DEFAULTS["elu"]
        delta *= np.where(a > 0, 1, a + alpha).astype(a.dtype)  # alpha e^z = a + alpha
    elif name != "identity":
        raise ValueError(f"unknown activation {name!r}")
    return delta
