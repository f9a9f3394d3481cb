"""The general network: any number of layers and activations, chapter 6.

See :mod:`mlcourse.mlp` for the weight convention shared by both networks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from mlcourse import activations as act
from mlcourse import losses
from mlcourse._validation import (
    check_augmented,
    check_bool,
    check_callable,
    check_choice,
    check_classes,
    check_finite_cost,
    check_float,
    check_float_dtype,
    check_int,
    check_matrix,
    check_schedule_factor,
    check_seed,
)
from mlcourse.divergence import DivergenceMonitor, chance_accuracy, zero_weights_cost
from mlcourse.mlp._shared import (
    EVAL_CHUNK,
    _accuracy,
    _check_data,
    minibatches,
)
from mlcourse.optimizers import Optimizer, make_optimizer
from mlcourse.progress import progress_bar

Array = np.ndarray


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
        delta = losses.output_error(A[-1], y)  # A_out - Y
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
