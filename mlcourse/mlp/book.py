"""The book's network: one hidden layer of sigmoid units, chapters 4 and 5.

See :mod:`mlcourse.mlp` for the weight convention shared by both networks.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from mlcourse import activations as act
from mlcourse import losses
from mlcourse._validation import (
    check_bool,
    check_callable,
    check_classes,
    check_finite_cost,
    check_float,
    check_float_dtype,
    check_int,
    check_labels,
    check_matrix,
    check_same_length,
    check_seed,
)
from mlcourse.divergence import DivergenceMonitor, chance_accuracy, zero_weights_cost
from mlcourse.mlp._shared import (
    EVAL_CHUNK,
    MAX_CLASSES,
    _accuracy,
    _check_data,
    minibatches,
)
from mlcourse.progress import progress_bar

Array = np.ndarray


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
        delta_out = losses.output_error(A_out, y)  # A_out - Y
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
            # (losses.output_error, written in place)
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
