"""Single-neuron classifiers: the perceptron and Adaline.

Both learn a weight vector ``w_`` (n_features,) and a bias ``b_`` for two
classes labelled 0 and 1, with the net input z = X w + b, shape
(n_examples,).

* :class:`Perceptron` thresholds z at 0 and updates after each example by
  w += eta (y - y_hat) x; it converges only if the classes are linearly
  separable. ``errors_`` counts the misclassified updates per epoch.
* :class:`Adaline` learns with the linear activation phi(z) = z and the cost
  J(w) = 1/2 sum_i (y_i - phi(z_i))^2 (half the sum of squared errors), and
  predicts 1 where phi(z) >= 0.5. ``minibatch_size=None`` is full-batch
  gradient descent (one update per epoch); 1 is stochastic gradient descent;
  any other size is mini-batch learning, shuffled every epoch. ``cost_`` holds
  J on the whole training set after each epoch.
"""

from __future__ import annotations

import numpy as np

from . import losses
from ._validation import (
    check_bool,
    check_classes,
    check_finite_cost,
    check_float,
    check_int,
    check_labels,
    check_matrix,
    check_same_length,
    check_seed,
)
from .divergence import DivergenceMonitor
from .errors import TrainingDivergedError

Array = np.ndarray


def _check_binary(X, y) -> tuple[Array, Array]:
    X = check_matrix(X, "X", dtype=np.float64)
    y = check_labels(y, "y", n_classes=2)
    check_same_length(X, "X", y, "y")
    check_classes(y, "y")  # both classes 0 and 1, or there is nothing to separate
    return X, y


class _LinearUnit:
    """What both classifiers share: weights, the net input, checks."""

    def __init__(self, eta: float, epochs: int, seed: int | None) -> None:
        self.eta = check_float(eta, "eta", positive=True)
        self.epochs = check_int(epochs, "epochs", minimum=1)
        self.seed = check_seed(seed)

    def _init_weights(self, n_features: int) -> np.random.Generator:
        # small random weights: all-zero weights would work here too, but the
        # random start makes the learning curves more typical
        rng = np.random.default_rng(self.seed)
        self.w_ = rng.normal(0.0, 0.01, n_features)
        self.b_ = 0.0
        return rng

    def _checked_X(self, X) -> Array:
        if not hasattr(self, "w_"):
            raise RuntimeError("this classifier is not trained yet: call fit() first")
        return check_matrix(X, "X", n_features=self.w_.shape[0], dtype=np.float64)

    def net_input(self, X) -> Array:
        """z = X w + b.  X : (n_examples, n_features) -> (n_examples,)."""
        return self._checked_X(X) @ self.w_ + self.b_


class Perceptron(_LinearUnit):
    """Rosenblatt's perceptron with the unit step function.

    eta : learning rate; epochs : passes over the data; seed : weights and
    the shuffling order (``shuffle=True``).

    ``fit`` raises :class:`~mlcourse.errors.TrainingDivergedError` if the
    weights overflow (features far too large for eta, e.g. 1e300).
    """

    def __init__(
        self,
        eta: float = 0.1,
        epochs: int = 10,
        seed: int | None = 1,
        shuffle: bool = False,
    ) -> None:
        super().__init__(eta, epochs, seed)
        self.shuffle = check_bool(shuffle, "shuffle")

    def fit(self, X, y) -> Perceptron:
        """X : (n_examples, n_features), y : (n_examples,) in {0, 1}."""
        X, y = _check_binary(X, y)
        rng = self._init_weights(X.shape[1])
        self.errors_: list[int] = []
        # overflow is allowed to happen quietly: the check below reports it
        with np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(1, self.epochs + 1):
                order = rng.permutation(len(y)) if self.shuffle else range(len(y))
                errors = 0
                for i in order:
                    y_hat = 1.0 if X[i] @ self.w_ + self.b_ >= 0 else 0.0
                    update = self.eta * (y[i] - y_hat)  # 0 when the guess is right
                    self.w_ += update * X[i]
                    self.b_ += update
                    errors += int(update != 0)
                if not (np.all(np.isfinite(self.w_)) and np.isfinite(self.b_)):
                    reason = "the weights became infinite or NaN"
                    raise TrainingDivergedError(
                        f"training diverged in epoch {epoch}: {reason}. Try a "
                        "smaller learning rate (eta) or standardize the features.",
                        epoch=epoch,
                        reason=reason,
                    )
                self.errors_.append(errors)
        return self

    def predict(self, X) -> Array:
        """Class labels (n_examples,): 1 where z >= 0."""
        return (self.net_input(X) >= 0).astype(np.int64)


class Adaline(_LinearUnit):
    """ADAptive LInear NEuron trained by gradient descent.

    eta : learning rate; epochs : passes over the data; minibatch_size :
    None (full batch), 1 (stochastic) or k; shuffle : reshuffle every epoch
    (mini-batch and stochastic modes); seed : weights and shuffling.

    ``fit`` raises :class:`~mlcourse.errors.TrainingDivergedError` when the
    cost becomes NaN or infinite. With ``stop_on_divergence=True`` it also
    stops a run whose cost stays above 3 times that of all-zero weights,
    1/2 sum_i y_i^2, for 5 epochs in a row (the rule of
    :mod:`mlcourse.divergence`). That is off by default because Adaline's
    cost has no ceiling: a diverging run always ends in an overflow, and
    until then chapter 1 lets it run on purpose, to plot the cost shooting
    up (and so does :class:`~mlcourse.widgets.AdalineExplorer`).
    """

    def __init__(
        self,
        eta: float = 0.01,
        epochs: int = 50,
        minibatch_size: int | None = None,
        shuffle: bool = True,
        seed: int | None = 1,
        *,
        stop_on_divergence: bool = False,
    ) -> None:
        super().__init__(eta, epochs, seed)
        if minibatch_size is not None:
            minibatch_size = check_int(minibatch_size, "minibatch_size", minimum=1)
        self.minibatch_size = minibatch_size
        self.shuffle = check_bool(shuffle, "shuffle")
        self.stop_on_divergence = check_bool(stop_on_divergence, "stop_on_divergence")

    def activation(self, z: Array) -> Array:
        """Linear activation phi(z) = z."""
        return z

    def cost(self, X, y) -> float:
        """J(w) = 1/2 sum_i (y_i - phi(z_i))^2 over (X, y): :func:`~mlcourse.
        losses.sse`."""
        X, y = _check_binary(X, y)
        return losses.sse(y, self.activation(self.net_input(X)))

    def fit(self, X, y) -> Adaline:
        """X : (n_examples, n_features), y : (n_examples,) in {0, 1}."""
        X, y = _check_binary(X, y)
        rng = self._init_weights(X.shape[1])
        y = y.astype(np.float64)
        n = len(y)
        size = n if self.minibatch_size is None else min(self.minibatch_size, n)
        self.cost_: list[float] = []
        # zero weights answer phi(z) = 0 for every example: J = 1/2 sum y_i^2
        monitor = DivergenceMonitor("eta", 0.5 * float(np.sum(y**2)))
        # overflow is allowed to happen quietly: the cost check below reports it
        with np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(1, self.epochs + 1):
                order = (
                    rng.permutation(n) if self.shuffle and size < n else np.arange(n)
                )
                for start in range(0, n, size):
                    idx = order[start : start + size]
                    errors = y[idx] - self.activation(X[idx] @ self.w_ + self.b_)
                    # dJ/dw = -X^T (y - phi(z)) and dJ/db = -sum(y - phi(z));
                    # stepping against the gradient adds eta * X^T errors
                    self.w_ += self.eta * (X[idx].T @ errors)
                    self.b_ += self.eta * float(errors.sum())
                phi = self.activation(X @ self.w_ + self.b_)
                # J from mlcourse.losses; weights that blew up give NaN, which
                # check_finite_cost turns into a clear error
                finite = np.all(np.isfinite(self.w_)) and np.all(np.isfinite(phi))
                cost = losses.sse(y, phi) if finite else float("nan")
                check_finite_cost(cost, epoch, "eta")
                if self.stop_on_divergence:
                    monitor.update(epoch, cost)
                self.cost_.append(cost)
        return self

    def predict(self, X) -> Array:
        """Class labels (n_examples,): 1 where phi(z) >= 0.5."""
        return (self.activation(self.net_input(X)) >= 0.5).astype(np.int64)


def standardize(X, mean=None, std=None) -> tuple[Array, Array, Array]:
    """Scale each feature to mean 0 and standard deviation 1.

    X : (n_examples, n_features). Pass the ``mean`` and ``std`` of the
    training set to scale new data the same way. Returns (X_std, mean, std).
    """
    X = check_matrix(X, "X", dtype=np.float64)
    if mean is None:
        mean = X.mean(axis=0)
    if std is None:
        std = X.std(axis=0)
    mean = check_matrix(np.atleast_2d(mean), "mean", n_features=X.shape[1])[0]
    std = check_matrix(np.atleast_2d(std), "std", n_features=X.shape[1])[0]
    if np.any(std <= 0):
        raise ValueError("std must be positive for every feature (a constant feature?)")
    return (X - mean) / std, mean, std
