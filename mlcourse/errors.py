"""Errors the package raises on purpose, importable by notebooks and widgets.

``from mlcourse.errors import TrainingDivergedError`` catches a training run
(``Adaline``, ``Perceptron``, ``NeuralNetMLP``, ``MLP``) that diverged: its
cost became NaN or infinite, or it did worse than knowing nothing for several
epochs in a row (the rule is in :mod:`mlcourse.divergence`).
"""

from __future__ import annotations


class TrainingDivergedError(FloatingPointError):
    """Raised when training diverges (see :mod:`mlcourse.divergence`).

    ``epoch`` is the epoch in which it was noticed (counted from 1 in that
    call of ``fit``) and ``reason`` what happened, e.g. "the cost became nan";
    both are None when not given. The message holds both and names the
    learning rate to lower.
    """

    def __init__(
        self, message: str, *, epoch: int | None = None, reason: str | None = None
    ) -> None:
        super().__init__(message)
        self.epoch = epoch
        self.reason = reason
