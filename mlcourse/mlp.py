"""Multilayer perceptrons: the book's network and a general one.

Two classes, one convention for the shapes and the weights:

* ``X`` is ``(n_examples, n_features)``, ``y`` holds integer class labels
  ``(n_examples,)`` in ``0 .. n_classes - 1``.
* ``W[j, k]`` is the weight **into** unit j of a layer **from** unit k of the
  layer before, so a weight matrix is ``(n_units, n_units_before)``:
  ``W_h`` is ``(n_hidden, n_features)``, ``W_out`` is ``(n_output, n_hidden)``
  (in :class:`MLP`, ``Wl`` is ``(layer_sizes[l], layer_sizes[l - 1])``). Row
  j holds everything unit j receives. The bias is a separate vector
  ``(n_units,)``. A layer computes ``Z = A_prev @ W.T + b``,
  ``(n_examples, n_units)``, i.e. ``z_j = sum_k W[j, k] a_k + b_j``.

:class:`NeuralNetMLP` is the book's one-hidden-layer sigmoid network. Its
backward pass is chapter 4's, one formula per line: in :meth:`~NeuralNetMLP.
gradients` as the plain equations, and in the loop ``fit`` runs
(:meth:`~NeuralNetMLP._train_one_epoch`) as the same equations with every
term multiplied by eta (see that method for why the loop is written that way).

:class:`MLP` has any number of layers, several activations, softmax or
sigmoid outputs, dropout, L2, early stopping and the optimizers in
:mod:`mlcourse.optimizers`. Its cost is the **mean** over the examples of a
mini-batch plus ``l2 / 2 * sum(W**2)``.

Both take their formulas from one place: the costs and the L2 penalty from
:mod:`mlcourse.losses`, the activations and their derivatives from the
``FORWARD`` and ``DERIVATIVES`` tables of :mod:`mlcourse.activations`.

Names: the book's network keeps the book's names; :class:`MLP` uses today's.
This table is the one place that lists the difference.

==========================  ==========================  ======================
concept                     NeuralNetMLP (the book)     MLP
==========================  ==========================  ======================
learning rate               ``eta`` (also readable as   ``learning_rate``
                            ``learning_rate``)          (argument of ``fit``)
cost on (X, y)              ``cost(X, y)``, summed      ``loss(X, y)``, mean
                            (also ``loss(X, y)``)       over the examples
gradients                   ``gradients(X, y)`` (also   ``loss_and_gradients``
                            ``loss_and_gradients``)
per-epoch record            ``eval_["cost"]``           ``history_["loss"]``
==========================  ==========================  ======================

So code that works with either network (:func:`mlcourse.gradcheck.
check_gradients`) calls ``loss``, ``loss_and_gradients`` and ``params``. The
per-epoch records keep their own key names (``"cost"`` and ``"loss"``; both
hold ``"train_acc"`` and ``"valid_acc"``), which the plotting functions
accept alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np

from . import activations as act
from . import losses
from ._validation import (
    check_augmented,
    check_bool,
    check_callable,
    check_choice,
    check_classes,
    check_finite_cost,
    check_float,
    check_float_dtype,
    check_int,
    check_labels,
    check_matrix,
    check_same_length,
    check_schedule_factor,
    check_seed,
)
from .divergence import DivergenceMonitor, chance_accuracy, zero_weights_cost
from .optimizers import Optimizer, make_optimizer
from .progress import progress_bar

Array = np.ndarray

#: rows per chunk when a whole data set is pushed through the network
EVAL_CHUNK = 10_000
#: most classes NeuralNetMLP builds output units for (labels 0 .. 9_999)
MAX_CLASSES = 10_000


def _check_data(X, y, n_features: int | None, n_classes: int, dtype, names=("X", "y")):
    """Checked ``X`` in the network's dtype and int64 labels ``y``."""
    X = check_matrix(X, names[0], n_features=n_features, dtype=dtype)
    y = check_labels(y, names[1], n_classes=n_classes)
    check_same_length(X, names[0], y, names[1])
    return X, y


def minibatches(
    n_examples: int, minibatch_size: int, rng: np.random.Generator | None
) -> Iterator[Array]:
    """Index arrays of the mini-batches of one epoch.

    With a generator ``rng`` the order is shuffled first (a new order every
    epoch); with ``None`` the examples are taken in order. The last batch may
    be smaller.
    """
    order = np.arange(n_examples)
    if rng is not None:
        rng.shuffle(order)
    for start in range(0, n_examples, minibatch_size):
        yield order[start : start + minibatch_size]


def _accuracy(y_pred: Array, y: Array) -> float:
    return float(np.mean(y_pred == y))


# ====================================================================
# The book's network
# ====================================================================


class NeuralNetMLP:
    """One hidden layer of sigmoid units, sigmoid outputs, logistic cost.

    Parameters follow the book: ``n_hidden`` hidden units, ``l2`` the L2
    strength lambda, ``epochs`` passes over the training data, ``eta`` the
    learning rate, ``shuffle`` the examples every epoch, ``minibatch_size``
    examples per update, ``seed`` for the weights and the shuffling.
    ``dtype`` (float32 by default, float64 for gradient checking) and
    ``progress`` (show a progress bar) are additions of this course.

    Cost of a mini-batch of n examples with one-hot targets Y (n x t):

    .. math::
        J = -\\sum_i \\sum_k [Y_{ik} \\log A_{ik} + (1 - Y_{ik}) \\log(1 - A_{ik})]
            + \\frac{\\lambda}{2} (\\lVert W_h \\rVert^2 + \\lVert W_{out} \\rVert^2)

    After ``fit``: ``W_h`` (n_hidden, n_features), ``W_h[j, k]`` the weight
    into hidden unit j from input k, ``b_h`` (n_hidden,),
    ``W_out`` (n_classes, n_hidden), ``b_out`` (n_classes,), and ``eval_`` with
    one entry per epoch for ``"cost"`` (on the whole training set),
    ``"train_acc"`` and ``"valid_acc"``.
    """

    def __init__(
        self,
        n_hidden: int = 30,
        l2: float = 0.0,
        epochs: int = 100,
        eta: float = 0.001,
        shuffle: bool = True,
        minibatch_size: int = 1,
        seed: int | None = None,
        *,
        dtype=np.float32,
        progress: bool = True,
    ) -> None:
        self.n_hidden = check_int(n_hidden, "n_hidden", minimum=1)
        self.l2 = check_float(l2, "l2", non_negative=True)
        self.epochs = check_int(epochs, "epochs", minimum=1)
        self.eta = check_float(eta, "eta", positive=True)
        self.shuffle = check_bool(shuffle, "shuffle")
        self.minibatch_size = check_int(minibatch_size, "minibatch_size", minimum=1)
        self.seed = check_seed(seed)
        self.dtype = check_float_dtype(dtype)
        self.progress = check_bool(progress, "progress")

    # ------------------------------------------------------------ forward
    def _check_fitted(self) -> None:
        if not hasattr(self, "W_h"):
            raise RuntimeError("this network is not trained yet: call fit() first")

    def forward(self, X) -> tuple[Array, Array, Array, Array]:
        """Forward pass, returning every intermediate result.

        X : (n, n_features) -> Z_h, A_h : (n, n_hidden); Z_out, A_out : (n, t)

        Z_h = X W_h^T + b_h,  A_h = sigma(Z_h),
        Z_out = A_h W_out^T + b_out,  A_out = sigma(Z_out).
        """
        self._check_fitted()
        X = check_matrix(X, "X", n_features=self.W_h.shape[1], dtype=self.dtype)
        Z_h = X @ self.W_h.T + self.b_h
        A_h = act.sigmoid(Z_h)
        Z_out = A_h @ self.W_out.T + self.b_out
        A_out = act.sigmoid(Z_out)
        return Z_h, A_h, Z_out, A_out

    def _output(self, X: Array) -> Array:
        """A_out for checked X, in chunks, with no intermediates kept."""
        out = np.empty((X.shape[0], self.W_out.shape[0]), dtype=self.dtype)
        # one buffer for the hidden activations of every chunk
        hidden = np.empty((min(EVAL_CHUNK, X.shape[0]), self.W_h.shape[0]), self.dtype)
        for start in range(0, X.shape[0], EVAL_CHUNK):
            rows = slice(start, start + EVAL_CHUNK)
            A_h = hidden[: len(out[rows])]
            np.dot(X[rows], self.W_h.T, out=A_h)
            A_h += self.b_h
            act.FORWARD["sigmoid"](A_h, out=A_h)
            A_out = np.dot(A_h, self.W_out.T, out=out[rows])
            A_out += self.b_out
            act.FORWARD["sigmoid"](A_out, out=A_out)
        return out

    def predict_proba(self, X) -> Array:
        """Output activations A_out : (n, n_classes), each in (0, 1).

        The sigmoid outputs are independent: a row need not sum to 1.
        """
        self._check_fitted()
        X = check_matrix(X, "X", n_features=self.W_h.shape[1], dtype=self.dtype)
        return self._output(X)

    def predict(self, X) -> Array:
        """Class labels (n,): the output unit with the largest activation."""
        return np.argmax(self.predict_proba(X), axis=1)

    # --------------------------------------------------------------- cost
    def cost(self, X, y) -> float:
        """The logistic cost summed over examples and output units, plus
        lambda/2 * (sum W_h^2 + sum W_out^2)."""
        self._check_fitted()
        X, y = _check_data(X, y, self.W_h.shape[1], self.W_out.shape[0], self.dtype)
        return self._cost(self._output(X), y)

    def _cost(self, A_out: Array, y: Array) -> float:
        # the two terms of J, each defined once in mlcourse.losses
        cost = losses.logistic_cost_of_labels(y, A_out, reduction="sum")
        return cost + losses.l2_penalty([self.W_h, self.W_out], self.l2)

    # ----------------------------------------------------------- gradient
    def gradients(self, X, y) -> dict[str, Array]:
        """Gradients of :meth:`cost` on (X, y), keyed W_h, b_h, W_out, b_out.

        The backward pass of chapter 4, with Y the one-hot targets (n x t):

        delta_out = A_out - Y                           (n, t)
        delta_h   = (delta_out W_out) * A_h (1 - A_h)   (n, n_hidden)
        dW_out = delta_out^T A_h + lambda W_out         (t, n_hidden)
        db_out = sum over examples of delta_out        (t,)
        dW_h   = delta_h^T X + lambda W_h               (n_hidden, n_features)
        db_h   = sum over examples of delta_h          (n_hidden,)
        """
        self._check_fitted()
        X, y = _check_data(X, y, self.W_h.shape[1], self.W_out.shape[0], self.dtype)
        _, A_h, _, A_out = self.forward(X)
        delta_out = A_out.copy()
        delta_out[np.arange(len(y)), y] -= 1  # A_out - Y without building Y
        # delta_h = (delta_out W_out) * sigma'(Z_h), sigma'(Z_h) = A_h (1 - A_h)
        delta_h = act.DERIVATIVES["sigmoid"](A_h, delta_out @ self.W_out)
        # lambda W_h, lambda W_out: the gradient of the L2 penalty
        l2_h, l2_out = losses.l2_penalty_gradient([self.W_h, self.W_out], self.l2)
        return {
            "W_h": delta_h.T @ X + l2_h,
            "b_h": delta_h.sum(axis=0),
            "W_out": delta_out.T @ A_h + l2_out,
            "b_out": delta_out.sum(axis=0),
        }

    # The names MLP uses for the same things (see the module docstring).
    def loss(self, X, y) -> float:
        """The same as :meth:`cost` (the name :class:`MLP` uses)."""
        return self.cost(X, y)

    def loss_and_gradients(self, X, y) -> tuple[float, dict[str, Array]]:
        """``(cost(X, y), gradients(X, y))``, as :meth:`MLP.loss_and_gradients`."""
        return self.cost(X, y), self.gradients(X, y)

    @property
    def learning_rate(self) -> float:
        """The same as ``eta`` (the name :class:`MLP` uses)."""
        return self.eta

    @property
    def params(self) -> dict[str, Array]:
        """The weights and biases by name (the arrays themselves, not copies)."""
        self._check_fitted()
        return {
            "W_h": self.W_h,
            "b_h": self.b_h,
            "W_out": self.W_out,
            "b_out": self.b_out,
        }

    # ------------------------------------------------------------ training
    def initialize(self, n_features: int, n_classes: int) -> None:
        """Weights from N(0, 0.1^2) as in the book, biases zero."""
        rng = np.random.default_rng(self.seed)
        W_h = rng.normal(0.0, 0.1, (self.n_hidden, n_features))
        # Stored column by column (Fortran order): same numbers, same shape,
        # but W_h.T is then a contiguous (n_features, n_hidden) array, the
        # layout in which the training loop computes the gradient fastest.
        self.W_h = np.asfortranarray(W_h, dtype=self.dtype)
        self.b_h = np.zeros(self.n_hidden, dtype=self.dtype)
        self.W_out = rng.normal(0.0, 0.1, (n_classes, self.n_hidden)).astype(self.dtype)
        self.b_out = np.zeros(n_classes, dtype=self.dtype)
        self._rng = rng

    # A diverging run may overflow; the divergence check after every epoch
    # stops it with a clear error, so NumPy's overflow warnings are not needed.
    @np.errstate(over="ignore", invalid="ignore")
    def fit(
        self,
        X_train,
        y_train,
        X_valid,
        y_valid,
        *,
        callback: Callable[[NeuralNetMLP, int], bool | None] | None = None,
    ) -> NeuralNetMLP:
        """Learn the weights with mini-batch gradient descent.

        X_train : (n_train, n_features), y_train : (n_train,),
        X_valid : (n_valid, n_features), y_valid : (n_valid,).
        The number of classes is ``max(y_train) + 1`` (10 for MNIST).
        callback : called as callback(model, epoch) after every epoch, when
            ``eval_`` holds that epoch's numbers (e.g. a live plot); a return
            value of True stops training.
        Diverged training (:mod:`mlcourse.divergence`) raises
        :class:`~mlcourse.errors.TrainingDivergedError`.
        """
        X_train = check_matrix(X_train, "X_train", dtype=self.dtype)
        y_train = check_labels(y_train, "y_train")
        check_same_length(X_train, "X_train", y_train, "y_train")
        n_classes = check_classes(y_train, "y_train", max_classes=MAX_CLASSES)
        check_callable(callback, "callback", "(model, epoch) -> stop or not")
        n_features = X_train.shape[1]
        X_valid, y_valid = _check_data(
            X_valid, y_valid, n_features, n_classes, self.dtype, ("X_valid", "y_valid")
        )
        self.initialize(n_features, n_classes)
        self.eval_ = {"cost": [], "train_acc": [], "valid_acc": []}
        monitor = DivergenceMonitor(
            "eta",
            zero_weights_cost("sigmoid", n_classes, n_examples=len(y_train)),
            [self.W_h, self.W_out],
            chance_accuracy(y_train),
        )
        bar = progress_bar(self.epochs, "epochs", self.progress)
        for epoch in range(1, self.epochs + 1):
            self._train_one_epoch(X_train, y_train)
            A_train = self._output(X_train)
            # _cost's two terms: the divergence rule looks at the first only
            data_cost = losses.logistic_cost_of_labels(
                y_train, A_train, reduction="sum"
            )
            cost = data_cost + losses.l2_penalty([self.W_h, self.W_out], self.l2)
            check_finite_cost(cost, epoch, "eta")
            train_acc = _accuracy(A_train.argmax(axis=1), y_train)
            monitor.update(epoch, data_cost, train_acc)
            valid_acc = _accuracy(self._output(X_valid).argmax(axis=1), y_valid)
            self.eval_["cost"].append(cost)
            self.eval_["train_acc"].append(train_acc)
            self.eval_["valid_acc"].append(valid_acc)
            bar.set_postfix(
                cost=f"{cost:.1f}", train=f"{train_acc:.2%}", valid=f"{valid_acc:.2%}"
            )
            bar.update()
            if callback is not None and callback(self, epoch):
                break
        bar.close()
        return self

    def _train_one_epoch(self, X: Array, y: Array) -> None:
        """One pass of mini-batch gradient descent over (X, y).

        Each line below is one formula of :meth:`gradients` (chapter 4),
        written so that every term comes out already multiplied by eta:

        * eta multiplies the small output error (n x t numbers) instead of
          the large gradients, so eta delta_h, eta dW_h, eta dW_out and the
          bias steps follow from it;
        * the L2 term is applied as W := (1 - eta lambda) W - eta dW, which
          is W - eta (dW + lambda W) rearranged;
        * the gradient of W_h is computed transposed, X^T delta_h (W_h is
          stored column by column, see :meth:`initialize`, so subtracting
          its transpose reads memory in order);
        * sums over the examples are products with a vector of ones;
        * the arrays a batch needs are allocated once per epoch and filled
          with ``out=``, and the weights are updated in place.

        Why not the plain equations: in float32 each of these changes the
        order of the roundings, and so the last digits of the weights after
        40 epochs; the course's stored outputs (chapters 5-7) and the
        pretrained network were made with this order. They were kept for
        that reason. Their speed gain was measured at 2-5% per epoch each
        (inside the noise of a shared machine); the buffers and the
        transposed W_h gradient are the ones where a larger gain is
        plausible. ``tests/test_neuralnetmlp.py`` pins this loop to
        :meth:`gradients` (the same update, to rounding).
        """
        W_h, b_h, W_out, b_out = self.W_h, self.b_h, self.W_out, self.b_out
        sigmoid, sigmoid_backward = act.FORWARD["sigmoid"], act.DERIVATIVES["sigmoid"]
        eta, decay = self.eta, 1.0 - self.eta * self.l2
        size = self.minibatch_size
        n_hidden, n_features = W_h.shape
        A_h = np.empty((size, n_hidden), dtype=self.dtype)
        A_out = np.empty((size, W_out.shape[0]), dtype=self.dtype)
        delta_h = np.empty_like(A_h)
        dW_h_T = np.empty((n_features, n_hidden), dtype=self.dtype)
        dW_out = np.empty_like(W_out)
        ones = np.ones(size, dtype=self.dtype)
        rows = np.arange(size)
        rng = self._rng if self.shuffle else None
        for idx in minibatches(len(y), size, rng):
            n = len(idx)
            Xb, a_h, a_out, d_h = X[idx], A_h[:n], A_out[:n], delta_h[:n]
            # forward: A_h = sigma(X W_h^T + b_h), A_out = sigma(A_h W_out^T + b_out)
            # np.dot, not np.matmul: with out= and a transposed operand,
            # NumPy 2.4's matmul leaves BLAS for a loop that is ~50x slower
            np.dot(Xb, W_h.T, out=a_h)
            a_h += b_h
            sigmoid(a_h, out=a_h)
            np.dot(a_h, W_out.T, out=a_out)
            a_out += b_out
            sigmoid(a_out, out=a_out)
            # backward: eta delta_out = eta (A_out - Y), in A_out's memory
            delta_out = a_out
            delta_out[rows[:n], y[idx]] -= 1
            delta_out *= eta
            # eta delta_h = (eta delta_out W_out) * A_h * (1 - A_h)
            np.dot(delta_out, W_out, out=d_h)
            sigmoid_backward(a_h, d_h)  # * sigma'(Z_h) = A_h (1 - A_h)
            # eta dW_out = eta delta_out^T A_h;  (eta dW_h)^T = X^T eta delta_h
            np.dot(delta_out.T, a_h, out=dW_out)
            np.dot(Xb.T, d_h, out=dW_h_T)
            # W := W - eta (dW + lambda W) = (1 - eta lambda) W - eta dW
            if decay != 1.0:
                W_h *= decay
                W_out *= decay
            W_h -= dW_h_T.T
            W_out -= dW_out
            # b := b - eta * (sum over the examples of delta)
            b_h -= np.dot(ones[:n], d_h)
            b_out -= np.dot(ones[:n], delta_out)


# ====================================================================
# A general multilayer perceptron
# ====================================================================

OUTPUT_ACTIVATIONS = ("softmax", "sigmoid")


class MLP:
    """A fully connected feedforward network with any number of layers.

    layer_sizes : e.g. ``[784, 256, 128, 10]``: input features, hidden
        units of each hidden layer, output units (one per class, at least 2).
    hidden_activation : one of ``"sigmoid", "tanh", "relu", "leaky_relu",
        "elu"``.
    output_activation : ``"softmax"`` (categorical cross-entropy) or
        ``"sigmoid"`` (logistic cost summed over the output units).
    l2 : lambda of the penalty ``l2 / 2 * sum(W**2)`` over weight matrices.
    dropout : probability of dropping a hidden unit while training; one
        number for every hidden layer or one per hidden layer, e.g.
        ``(0.2, 0.0)`` for "after the first hidden layer only".
    init : ``"auto"`` (He for the ReLU family, Xavier/Glorot for sigmoid and
        tanh), ``"he"``, ``"xavier"`` or ``"normal"`` (N(0, 0.1^2)).
    seed : seeds the weights, the shuffling and the dropout masks.
    dtype : float32 (fast) or float64 (for gradient checking).

    ``params`` holds ``W1, b1, W2, b2, ...``; ``Wl[j, k]`` is the weight into
    unit j of layer l from unit k of layer l - 1, so ``Wl`` is
    ``(layer_sizes[l], layer_sizes[l - 1])``.
    The cost of a batch of n examples is the mean of the per-example data
    cost plus the L2 penalty (not divided by n).
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        hidden_activation: str = "relu",
        output_activation: str = "softmax",
        l2: float = 0.0,
        dropout: float | Sequence[float] = 0.0,
        seed: int | None = None,
        dtype=np.float32,
        init: str = "auto",
    ) -> None:
        if isinstance(layer_sizes, (str, bytes)) or not isinstance(
            layer_sizes, Sequence | np.ndarray
        ):
            raise TypeError(
                "layer_sizes must be a list of integers, e.g. [784, 100, 10]"
            )
        if len(layer_sizes) < 2:
            raise ValueError(
                "layer_sizes needs at least an input and an output size, "
                f"got {list(layer_sizes)}"
            )
        self.layer_sizes = [
            check_int(n, f"layer_sizes[{i}]", minimum=1)
            for i, n in enumerate(layer_sizes)
        ]
        if self.layer_sizes[-1] < 2:
            raise ValueError(
                "layer_sizes[-1] (the number of classes) must be at least 2"
            )
        self.hidden_activation = check_choice(
            hidden_activation, "hidden_activation", act.HIDDEN_ACTIVATIONS
        )
        self.output_activation = check_choice(
            output_activation, "output_activation", OUTPUT_ACTIVATIONS
        )
        self.l2 = check_float(l2, "l2", non_negative=True)
        n_hidden_layers = len(self.layer_sizes) - 2
        if isinstance(dropout, Sequence) and not isinstance(dropout, str):
            if len(dropout) != n_hidden_layers:
                raise ValueError(
                    f"dropout must have one rate per hidden layer ({n_hidden_layers}), "
                    f"got {len(dropout)}"
                )
            rates = list(dropout)
        else:
            rates = [dropout] * n_hidden_layers
        self.dropout = [
            check_float(p, "dropout", non_negative=True, below_one=True) for p in rates
        ]
        self.seed = check_seed(seed)
        self.dtype = check_float_dtype(dtype)
        self.init = check_choice(init, "init", ("auto", "he", "xavier", "normal"))
        self._rng = np.random.default_rng(self.seed)
        self.params = self._initial_params()

    # ---------------------------------------------------------- structure
    @property
    def n_layers(self) -> int:
        """Number of weight layers (hidden layers + 1)."""
        return len(self.layer_sizes) - 1

    @property
    def n_classes(self) -> int:
        return self.layer_sizes[-1]

    def _initial_params(self) -> dict[str, Array]:
        scheme = self.init
        if scheme == "auto":
            relu_like = self.hidden_activation in ("relu", "leaky_relu", "elu")
            scheme = "he" if relu_like else "xavier"
        params = {}
        for k, (n_in, n_out) in enumerate(
            zip(self.layer_sizes[:-1], self.layer_sizes[1:], strict=True), start=1
        ):
            if scheme == "he":  # variance 2 / n_in keeps ReLU signals steady
                std = np.sqrt(2.0 / n_in)
            elif scheme == "xavier":  # variance 2 / (n_in + n_out), Glorot
                std = np.sqrt(2.0 / (n_in + n_out))
            else:
                std = 0.1
            params[f"W{k}"] = self._rng.normal(0.0, std, (n_out, n_in)).astype(
                self.dtype
            )
            params[f"b{k}"] = np.zeros(n_out, dtype=self.dtype)
        return params

    def weights(self) -> list[Array]:
        """The weight matrices W1, W2, ... (the arrays themselves)."""
        return [self.params[f"W{k}"] for k in range(1, self.n_layers + 1)]

    # ------------------------------------------------------------ forward
    def _check_X(self, X, name: str = "X") -> Array:
        return check_matrix(X, name, n_features=self.layer_sizes[0], dtype=self.dtype)

    def _forward(self, X: Array, training: bool = False) -> tuple[list[Array], list]:
        """Activations of every layer for checked X.

        Returns ``A`` = [X, A1, ..., A_out] (each (n, layer size), after
        dropout) and, per hidden layer, None or (dropout mask, activation
        before dropout).
        """
        A, masks = [X], []
        f, alpha = act.FORWARD[self.hidden_activation], self._alpha()
        for k in range(1, self.n_layers + 1):
            Z = A[-1] @ self.params[f"W{k}"].T
            Z += self.params[f"b{k}"]
            if k < self.n_layers:
                a = f(Z, out=Z, **alpha)  # in place where f allows it
                p = self.dropout[k - 1]
                dropped = None
                if training and p > 0:
                    # inverted dropout: keep a unit with probability 1 - p and
                    # scale it by 1 / (1 - p), so that the expected activation
                    # is what the next layer sees at test time (no dropout)
                    keep = self._rng.random(a.shape, dtype=self.dtype) >= p
                    mask = keep.astype(self.dtype) / self.dtype.type(1 - p)
                    dropped = (mask, a)  # a before dropout, for f'(z)
                    a = a * mask
                masks.append(dropped)
            elif self.output_activation == "softmax":
                a = act.FORWARD["softmax"](Z, out=Z)
            else:
                a = act.FORWARD["sigmoid"](Z, out=Z)
            A.append(a)
        return A, masks

    def forward(self, X) -> list[Array]:
        """[X, A1, ..., A_out]: every layer's activations (no dropout)."""
        return self._forward(self._check_X(X))[0]

    def predict_proba(self, X) -> Array:
        """Output activations (n, n_classes): softmax probabilities (rows sum
        to 1) or independent sigmoid outputs. Computed in chunks."""
        X = self._check_X(X)
        return self._proba(X)

    def _proba(self, X: Array) -> Array:
        if X.shape[0] <= EVAL_CHUNK:
            return self._forward(X)[0][-1]
        return np.concatenate(
            [
                self._forward(X[s : s + EVAL_CHUNK])[0][-1]
                for s in range(0, len(X), EVAL_CHUNK)
            ]
        )

    def predict(self, X) -> Array:
        """Predicted class labels (n,)."""
        return np.argmax(self.predict_proba(X), axis=1)

    # --------------------------------------------------------- cost, grads
    def _data_cost(self, A_out: Array, y: Array) -> float:
        """Mean over examples of the per-example cost (from mlcourse.losses)."""
        if self.output_activation == "softmax":
            return losses.cross_entropy_of_labels(y, A_out, reduction="mean")
        return losses.logistic_cost_of_labels(y, A_out, reduction="mean")

    def _penalty(self) -> float:
        return losses.l2_penalty(self.weights(), self.l2)

    def loss(self, X, y) -> float:
        """Mean data cost over (X, y) plus l2/2 * sum of squared weights."""
        X, y = _check_data(X, y, self.layer_sizes[0], self.n_classes, self.dtype)
        return self._data_cost(self._proba(X), y) + self._penalty()

    def loss_and_gradients(self, X, y) -> tuple[float, dict[str, Array]]:
        """The loss and its gradient for every array in ``params`` (no dropout).

        For either output (softmax with cross-entropy, sigmoid with the
        logistic cost) the output error is simply dJ/dZ_out = (A_out - Y) / n.
        Going back through layer k: dW_k = delta_k^T A_{k-1} + lambda W_k,
        db_k = sum of delta_k over examples, and
        delta_{k-1} = (delta_k W_k) * f'(Z_{k-1}).
        """
        X, y = _check_data(X, y, self.layer_sizes[0], self.n_classes, self.dtype)
        A, masks = self._forward(X)
        loss = self._data_cost(A[-1], y) + self._penalty()
        return loss, self._backward(A, masks, y)

    def _alpha(self) -> dict[str, float]:
        """``{"alpha": ...}`` for leaky ReLU and ELU hidden units, else empty."""
        name = self.hidden_activation
        return {"alpha": act.ALPHA_DEFAULTS[name]} if name in act.ALPHA_DEFAULTS else {}

    def _backward(self, A: list[Array], masks: list, y: Array) -> dict[str, Array]:
        f_backward, alpha = act.DERIVATIVES[self.hidden_activation], self._alpha()
        n = len(y)
        delta = A[-1].copy()
        delta[np.arange(n), y] -= 1  # A_out - Y, with no one-hot matrix
        delta /= n
        grads: dict[str, Array] = {}
        for k in range(self.n_layers, 0, -1):
            W = self.params[f"W{k}"]
            grads[f"W{k}"] = delta.T @ A[k - 1]
            if self.l2 > 0:
                grads[f"W{k}"] += losses.l2_penalty_gradient([W], self.l2)[0]
            grads[f"b{k}"] = delta.sum(axis=0)
            if k > 1:
                delta = delta @ W
                a = A[k - 1]
                if masks[k - 2] is not None:  # dropout: dJ/da = (delta W) * mask
                    mask, a = masks[k - 2]
                    delta *= mask
                f_backward(a, delta, **alpha)  # * f'(Z_{k-1})
        return {key: grads[key] for key in self.params}

    # ------------------------------------------------------------ training
    # A diverging run may overflow; the divergence check after every epoch
    # stops it with a clear error, so NumPy's overflow warnings are not needed.
    @np.errstate(over="ignore", invalid="ignore")
    def fit(
        self,
        X,
        y,
        X_valid=None,
        y_valid=None,
        *,
        epochs: int = 10,
        minibatch_size: int = 64,
        optimizer: str | Optimizer = "sgd",
        learning_rate: float | None = None,
        shuffle: bool = True,
        patience: int | None = None,
        schedule: Callable[[int], float] | None = None,
        augment: Callable[[Array, np.random.Generator], Array] | None = None,
        evaluate_train: bool = True,
        progress: bool = True,
        callback: Callable[[MLP, int], bool | None] | None = None,
    ) -> MLP:
        """Train with mini-batches; returns self.

        X : (n, n_features), y : (n,); X_valid, y_valid optional, needed for
        early stopping.
        optimizer : ``"sgd"``, ``"momentum"``, ``"rmsprop"``, ``"adam"`` or an
            :class:`~mlcourse.optimizers.Optimizer`; ``learning_rate`` for a name.
        patience : stop when validation accuracy has not improved for this
            many epochs, and restore the weights of the best epoch.
        schedule : epoch (1, 2, ...) -> factor multiplying the learning rate,
            a finite number, 0 or more (0: no updates that epoch).
        augment : (X_batch, rng) -> new X_batch, e.g. small random shifts;
            the same shape and dtype as X_batch, finite.
        evaluate_train : compute the loss and accuracy on the whole training
            set after every epoch (a forward pass over all of X); with False
            the history records the mean mini-batch loss (with dropout) and
            no training accuracy, which saves about a quarter of the time.
        callback : called as callback(model, epoch) after every epoch; a
            return value of True stops training.

        ``history_`` gets one entry per epoch: ``"loss"`` (on the whole
        training set, no dropout), ``"train_acc"``, ``"valid_acc"`` (if
        validation data were given) and ``"learning_rate"``.
        Diverged training (:mod:`mlcourse.divergence`, which watches the
        training accuracy, else the validation accuracy) raises
        :class:`~mlcourse.errors.TrainingDivergedError`.
        """
        X, y = _check_data(X, y, self.layer_sizes[0], self.n_classes, self.dtype)
        check_classes(y, "y")
        has_valid = X_valid is not None or y_valid is not None
        if has_valid:
            if X_valid is None or y_valid is None:
                raise ValueError("X_valid and y_valid must be given together")
            X_valid, y_valid = _check_data(
                X_valid,
                y_valid,
                self.layer_sizes[0],
                self.n_classes,
                self.dtype,
                ("X_valid", "y_valid"),
            )
        epochs = check_int(epochs, "epochs", minimum=1)
        minibatch_size = check_int(minibatch_size, "minibatch_size", minimum=1)
        opt = make_optimizer(optimizer, learning_rate)
        if patience is not None:
            patience = check_int(patience, "patience", minimum=1)
            if not has_valid:
                raise ValueError("patience (early stopping) needs X_valid and y_valid")
        shuffle = check_bool(shuffle, "shuffle")
        evaluate_train = check_bool(evaluate_train, "evaluate_train")
        progress = check_bool(progress, "progress")
        check_callable(schedule, "schedule", "epoch -> learning-rate factor")
        check_callable(augment, "augment", "(X_batch, rng) -> new X_batch")
        check_callable(callback, "callback", "(model, epoch) -> stop or not")
        base_lr = opt.learning_rate
        self.optimizer_ = opt
        self.history_ = {
            "loss": [],
            "train_acc": [],
            "valid_acc": [],
            "learning_rate": [],
        }
        best_acc, best_params, waited = -1.0, None, 0
        self.best_epoch_ = None
        # the accuracy the divergence rule watches: training, else validation
        watched = y if evaluate_train else y_valid if has_valid else None
        monitor = DivergenceMonitor(
            "learning_rate",
            zero_weights_cost(self.output_activation, self.n_classes),
            self.weights(),
            None if watched is None else chance_accuracy(watched),
        )
        bar = progress_bar(epochs, "epochs", progress)
        for epoch in range(1, epochs + 1):
            if schedule is not None:
                factor = check_schedule_factor(schedule(epoch), schedule, epoch)
                opt.learning_rate = base_lr * factor
            batch_losses = []
            for idx in minibatches(
                len(y), minibatch_size, self._rng if shuffle else None
            ):
                Xb = X[idx]
                if augment is not None:
                    Xb = check_augmented(augment(Xb, self._rng), augment, Xb)
                A, masks = self._forward(Xb, training=True)
                if not evaluate_train:
                    batch_losses.append(self._data_cost(A[-1], y[idx]) * len(idx))
                opt.step(self.params, self._backward(A, masks, y[idx]))
            postfix = {}
            train_acc = valid_acc = None
            if evaluate_train:
                proba = self._proba(X)
                data_loss = self._data_cost(proba, y)
                train_acc = _accuracy(proba.argmax(axis=1), y)
                postfix["train"] = f"{train_acc:.2%}"
            else:
                data_loss = sum(batch_losses) / len(y)
            loss = data_loss + self._penalty()
            check_finite_cost(loss, epoch, "learning_rate")
            if has_valid:
                valid_acc = _accuracy(self._proba(X_valid).argmax(axis=1), y_valid)
            monitor.update(epoch, data_loss, train_acc if evaluate_train else valid_acc)
            if evaluate_train:
                self.history_["train_acc"].append(train_acc)
            self.history_["loss"].append(loss)
            self.history_["learning_rate"].append(opt.learning_rate)
            postfix["loss"] = f"{loss:.4f}"
            stop = False
            if has_valid:
                self.history_["valid_acc"].append(valid_acc)
                postfix["valid"] = f"{valid_acc:.2%}"
                if valid_acc > best_acc:
                    best_acc, waited, self.best_epoch_ = valid_acc, 0, epoch
                    if patience is not None:
                        best_params = {k: v.copy() for k, v in self.params.items()}
                else:
                    waited += 1
                    stop = patience is not None and waited >= patience
            bar.set_postfix(postfix)
            bar.update()
            if callback is not None and callback(self, epoch):
                stop = True
            if stop:
                break
        bar.close()
        if best_params is not None:
            for k, v in best_params.items():
                self.params[k][...] = v
        return self
