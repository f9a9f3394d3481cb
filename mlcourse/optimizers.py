"""Optimizers: rules that turn gradients into weight updates.

Each optimizer updates a dict of parameter arrays **in place** from a dict of
gradients with the same keys and shapes (``params["W1"]`` is
``(n_units, n_units_before)``, ``W1[j, k]`` the weight into unit j from unit
k; ``grads["W1"]`` the same). State that an optimizer keeps
between steps (velocities, running averages) lives in dicts keyed the same
way and is created on the first step.

Why the stateful optimizers set tiny state values to zero every
``FLUSH_EVERY`` steps: a ReLU unit that never fires ("dead") gets exactly zero
gradients, so its running averages only shrink, by beta every step, until they
are *subnormal* numbers (below about 1.2e-38 in float32). There they stay,
because beta times the smallest subnormal rounds back to itself. Many CPUs
compute with subnormal numbers 10-100 times more slowly than with normal ones;
on an Intel Xeon this made the best recipe of chapter 6 twice as slow. The
values set to zero are so small that no weight changes by them (see
:func:`flush_tiny`).
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import check_choice, check_float

Params = dict[str, np.ndarray]

#: how often (in steps) the stateful optimizers call :func:`flush_tiny`
FLUSH_EVERY = 50
#: state values below TINY_FACTOR times the smallest normal number are zeroed
TINY_FACTOR = 2.0**16


def _state(store: Params, key: str, like: np.ndarray) -> np.ndarray:
    """``store[key]``, created as zeros shaped like ``like`` on first use.

    (Not ``store.setdefault(key, np.zeros_like(like))``: that would build a
    new array of zeros on every step, only to throw it away.)
    """
    if key not in store:
        store[key] = np.zeros_like(like)
    return store[key]


def flush_tiny(state: Params) -> None:
    """Set every value of the arrays in ``state`` whose magnitude is below
    ``TINY_FACTOR * np.finfo(dtype).tiny`` (7.7e-34 in float32, 1.5e-303 in
    float64) to exactly zero, in place.

    Why no weight changes: a running average m that small moves a weight by
    at most learning_rate * m / eps (below 1e-27 with Adam's defaults), far
    below the rounding step of any weight larger than 1e-19. A running
    average of squares v that small has sqrt(v) < 3e-17, less than half the
    rounding step of the eps added to it, so sqrt(v) + eps is the same number
    with v or with zero. Shrinking by beta = 0.9 per step, a value needs more
    than 100 steps to get from this limit down to the subnormal range, so
    flushing every ``FLUSH_EVERY`` = 50 steps catches it before it gets there.

    Only float32 and float64 arrays are flushed: float16's range is so narrow
    that the same limit would be 4.0.
    """
    for a in state.values():
        if a.dtype in (np.float32, np.float64):
            a[np.abs(a) < TINY_FACTOR * np.finfo(a.dtype).tiny] = 0


class Optimizer:
    """Base class: ``step(params, grads)`` applies one update.

    ``step`` is the same for every optimizer: count the step (``t``), apply
    the subclass's :meth:`_update` (its textbook formula, nothing else), and
    every ``FLUSH_EVERY`` steps set the tiny values of the state arrays
    named in ``_state_names`` to zero (see the module docstring).
    """

    #: attributes holding per-parameter state dicts, flushed by :meth:`step`
    _state_names: tuple[str, ...] = ()

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = check_float(learning_rate, "learning_rate", positive=True)
        self.t = 0

    def step(self, params: Params, grads: Params) -> None:
        """Update every array of ``params`` in place from ``grads``."""
        self.t += 1
        self._update(params, grads)
        if self.t % FLUSH_EVERY == 0:
            for name in self._state_names:
                flush_tiny(getattr(self, name))

    def _update(self, params: Params, grads: Params) -> None:
        """The update rule itself; ``self.t`` is already this step's number."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate:g})"


class SGD(Optimizer):
    """Plain gradient descent: w := w - eta * g."""

    def _update(self, params: Params, grads: Params) -> None:
        for key, w in params.items():
            w -= self.learning_rate * grads[key]


class Momentum(Optimizer):
    """Gradient descent with momentum.

    v := beta * v - eta * g;  w := w + v. The velocity v averages recent
    gradients, so steps grow along consistent directions and oscillations
    across a narrow valley cancel out.
    """

    def __init__(self, learning_rate: float = 0.01, beta: float = 0.9) -> None:
        super().__init__(learning_rate)
        self.beta = check_float(beta, "beta", non_negative=True, below_one=True)
        self.velocity: Params = {}

    _state_names = ("velocity",)

    def _update(self, params: Params, grads: Params) -> None:
        for key, w in params.items():
            v = _state(self.velocity, key, w)
            v *= self.beta  # v := beta v - eta g
            v -= self.learning_rate * grads[key]
            w += v  # w := w + v


class RMSProp(Optimizer):
    """Divide each step by a running root-mean-square of that weight's gradient.

    s := beta * s + (1 - beta) * g^2;  w := w - eta * g / (sqrt(s) + eps).
    """

    def __init__(
        self, learning_rate: float = 0.001, beta: float = 0.9, eps: float = 1e-8
    ) -> None:
        super().__init__(learning_rate)
        self.beta = check_float(beta, "beta", non_negative=True, below_one=True)
        self.eps = check_float(eps, "eps", positive=True)
        self.square_avg: Params = {}

    _state_names = ("square_avg",)

    def _update(self, params: Params, grads: Params) -> None:
        for key, w in params.items():
            g = grads[key]
            s = _state(self.square_avg, key, w)
            s *= self.beta  # s := beta s + (1 - beta) g^2
            s += (1 - self.beta) * g * g
            w -= self.learning_rate * g / (np.sqrt(s) + self.eps)


class Adam(Optimizer):
    """Adam: momentum (first moment m) plus RMSProp (second moment v).

    m := b1 m + (1 - b1) g;  v := b2 v + (1 - b2) g^2;
    m_hat = m / (1 - b1^t);  v_hat = v / (1 - b2^t)  (bias correction: both
    start at zero);  w := w - eta * m_hat / (sqrt(v_hat) + eps).
    """

    def __init__(
        self,
        learning_rate: float = 0.001,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        super().__init__(learning_rate)
        self.beta1 = check_float(beta1, "beta1", non_negative=True, below_one=True)
        self.beta2 = check_float(beta2, "beta2", non_negative=True, below_one=True)
        self.eps = check_float(eps, "eps", positive=True)
        self.m: Params = {}
        self.v: Params = {}
        self._scratch: Params = {}

    _state_names = ("m", "v")

    def _update(self, params: Params, grads: Params) -> None:
        # Fold both bias corrections into one scalar step size.
        step_size = (
            self.learning_rate
            * math.sqrt(1 - self.beta2**self.t)
            / (1 - self.beta1**self.t)
        )
        for key, w in params.items():
            g = grads[key]
            m = _state(self.m, key, w)
            v = _state(self.v, key, w)
            # Written with out= and one scratch array: Adam touches every
            # weight several times per step, and temporaries would double
            # the memory traffic. Each line is one term of the formulas above.
            tmp = _state(self._scratch, key, w)
            m *= self.beta1
            m += np.multiply(g, 1 - self.beta1, out=tmp)  # m = b1 m + (1 - b1) g
            v *= self.beta2
            np.multiply(g, g, out=tmp)
            tmp *= 1 - self.beta2
            v += tmp  # v = b2 v + (1 - b2) g^2
            # eps is scaled so that this equals eps added to sqrt(v_hat)
            np.sqrt(v, out=tmp)
            tmp += self.eps * math.sqrt(1 - self.beta2**self.t)
            np.divide(m, tmp, out=tmp)
            tmp *= step_size
            w -= tmp


#: name -> optimizer class, with the learning rate each starts from by default
OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "momentum": Momentum,
    "rmsprop": RMSProp,
    "adam": Adam,
}
DEFAULT_LEARNING_RATES = {"sgd": 0.1, "momentum": 0.05, "rmsprop": 0.001, "adam": 0.001}


def make_optimizer(optimizer, learning_rate: float | None = None) -> Optimizer:
    """Build an optimizer from a name (``"adam"``) or return an instance as is."""
    if isinstance(optimizer, Optimizer):
        if learning_rate is not None:
            raise ValueError(
                "learning_rate must be None when optimizer is an Optimizer instance "
                "(set it on the instance)"
            )
        return optimizer
    check_choice(optimizer, "optimizer", OPTIMIZERS)
    if learning_rate is None:
        learning_rate = DEFAULT_LEARNING_RATES[optimizer]
    return OPTIMIZERS[optimizer](learning_rate)
