"""When has training diverged? One rule for every model of the course.

A learning rate that is far too large makes every step overshoot. Sometimes
the numbers overflow and the cost becomes NaN or infinite, but often they do
not: the cost of a network is capped (outputs are clipped away from 0 and 1),
so a run can bounce around at a high cost, or its units saturate or die and it
answers the same class for every example, and ``fit`` would return as if
nothing had happened. The rule, in two sentences a student can check by hand:

    Training has diverged when the cost becomes NaN or infinite, or when for
    5 epochs in a row the model does worse than knowing nothing: its cost is
    more than 3 times the cost of all-zero weights, or its accuracy is no
    better than always answering the most common class while its weights
    have grown to more than 10 times their size at the start. A spike that
    comes back down within those 5 epochs is not divergence.

"The cost of all-zero weights" is what a model pays that has learned
nothing: a softmax network with zero weights answers 1/t for each of t
classes and pays ln t per example (0.693 for two classes, 2.303 for ten); a
network with sigmoid outputs answers 0.5 on every output unit and pays
t ln 2 per example; Adaline answers 0 and pays 1/2 sum y_i^2.

Why a spike is allowed: on the two moons with tanh units (chapter 4's
playground and its "things to try"), learning rate 3 lifts the cost to 2.8
times that of zero weights for a couple of epochs, and learning rate 10 to
as much as 18 times, but never for 5 epochs in a row; both runs come back
down and end at 100% accuracy. Steps that are large but not too large do
that; only a run that *stays* worse than knowing nothing has lost its way.
(A ReLU network at learning rate 10 does stay there, at a cost near 4 and 50%
accuracy: it is stopped in epoch 7.) Why the weights must have grown in the
second case: a network can also sit at chance level because it learns
slowly (a tiny learning rate) or because it cannot do better (a linear model
on XOR, chapter 4); there the weights stay small, and "lower the learning rate"
would be the wrong advice.

:class:`DivergenceMonitor` applies the rule epoch by epoch and raises
:class:`mlcourse.errors.TrainingDivergedError`, whose message names the
setting to change (``eta`` or ``learning_rate``). ``NeuralNetMLP.fit``,
``MLP.fit``, ``Adaline.fit`` (with ``stop_on_divergence=True``) and the
backpropagation playground all use it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .errors import TrainingDivergedError

#: epochs in a row the model must do worse than knowing nothing
PATIENCE = 5
#: "worse than knowing nothing": the cost above this many times that of zero weights
COST_FACTOR = 3.0
#: ... or chance accuracy with weights grown beyond this many times their start
GROWTH_FACTOR = 10.0


def zero_weights_cost(output: str, n_classes: int, n_examples: int = 1) -> float:
    """The cost of a network whose weights (and biases) are all zero.

    output : ``"softmax"`` (cross-entropy: every class gets 1/t, cost ln t per
    example) or ``"sigmoid"`` (logistic cost summed over the t output units:
    every unit answers sigma(0) = 0.5, cost t ln 2 per example).
    n_examples : 1 for a cost that is a mean over the examples, n for a sum.
    """
    if output == "softmax":
        per_example = math.log(n_classes)
    elif output == "sigmoid":
        per_example = n_classes * math.log(2.0)
    else:
        raise ValueError(f"output must be 'softmax' or 'sigmoid', got {output!r}")
    return n_examples * per_example


def chance_accuracy(y: np.ndarray) -> float:
    """Accuracy of always answering the most common label of ``y`` (n,)."""
    return float(np.bincount(y).max() / len(y))


def _rms(w: np.ndarray) -> float:
    """Root-mean-square of an array's entries, sqrt(mean(w^2)), in float64."""
    return float(np.sqrt(np.mean(np.square(w, dtype=np.float64))))


def check_finite_cost(cost: float, epoch: int, learning_rate_name: str = "eta") -> None:
    """The rule's first case: TrainingDivergedError if ``cost`` is NaN or infinite."""
    if not math.isfinite(cost):
        reason = f"the cost became {cost}"
        raise TrainingDivergedError(
            f"training diverged in epoch {epoch}: {reason}. "
            + _advice(learning_rate_name),
            epoch=epoch,
            reason=reason,
        )


def _advice(learning_rate_name: str) -> str:
    return (
        f"Try a smaller learning rate ({learning_rate_name}) or standardize the "
        "features."
    )


class DivergenceMonitor:
    """Apply the module's divergence rule after every epoch.

    Parameters
    ----------
    learning_rate_name : the name of the setting to lower in the model at
        hand (``"eta"`` or ``"learning_rate"``), quoted in the message.
    zero_cost : the cost of all-zero weights, in the same units as the costs
        passed to :meth:`update` (see :func:`zero_weights_cost`).
    weights : the weight arrays that training updates in place; their size
        (root-mean-square) now is compared with their size at construction.
        Empty: the second case of the rule is not checked.
    chance : accuracy of always answering the most common class (see
        :func:`chance_accuracy`); None if no accuracy will be passed.

    Call :meth:`update` once per epoch with that epoch's cost (without the
    L2 penalty: zero weights pay none) and accuracy. It only reads its
    arguments; the weights' sizes are computed only in an epoch whose
    accuracy is at chance level.
    """

    def __init__(
        self,
        learning_rate_name: str,
        zero_cost: float,
        weights: Sequence[np.ndarray] = (),
        chance: float | None = None,
    ) -> None:
        self.learning_rate_name = learning_rate_name
        self.zero_cost = float(zero_cost)
        self.weights = list(weights)
        self.start_sizes = [_rms(w) for w in self.weights]
        self.chance = chance
        self.streak = 0  # epochs in a row worse than knowing nothing
        self.reason = ""  # why the latest epoch counted

    def growth(self) -> float:
        """max over the weight arrays of size now / size at the start
        (arrays that started at zero are left out; 0.0 if none is left)."""
        ratios = [
            _rms(w) / start
            for w, start in zip(self.weights, self.start_sizes, strict=True)
            if start > 0
        ]
        return max(ratios, default=0.0)

    def _worse_than_nothing(self, cost: float, accuracy: float | None) -> str:
        """Why this epoch did worse than knowing nothing ("" if it did not)."""
        limit = COST_FACTOR * self.zero_cost
        if cost > limit:
            return (
                f"the cost stayed above {COST_FACTOR:g} times that of all-zero "
                f"weights (last {cost:.4g}, limit {limit:.4g})"
            )
        if accuracy is None or self.chance is None or not self.weights:
            return ""
        if accuracy > self.chance + 1e-12:
            return ""
        growth = self.growth()
        if growth > GROWTH_FACTOR:
            return (
                f"the accuracy ({accuracy:.1%}) was no better than always "
                f"answering the most common class ({self.chance:.1%}) while the "
                f"weights grew to {growth:.0f} times their size at the start"
            )
        return ""

    def update(self, epoch: int, cost: float, accuracy: float | None = None) -> None:
        """Raise TrainingDivergedError if the run has diverged by this epoch.

        epoch : the epoch's number (1, 2, ...), quoted in the message;
        cost : its cost without the L2 penalty; accuracy : its accuracy (a
        fraction), or None if not measured.
        """
        check_finite_cost(cost, epoch, self.learning_rate_name)
        self.reason = self._worse_than_nothing(cost, accuracy)
        self.streak = self.streak + 1 if self.reason else 0
        if self.streak >= PATIENCE:
            reason = f"for {PATIENCE} epochs in a row {self.reason}"
            raise TrainingDivergedError(
                f"training diverged in epoch {epoch}: {reason}. "
                + _advice(self.learning_rate_name),
                epoch=epoch,
                reason=reason,
            )
