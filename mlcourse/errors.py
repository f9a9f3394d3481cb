"""Errors the package raises on purpose, importable by notebooks and widgets.

``from mlcourse.errors import TrainingDivergedError`` catches a training run
(``Adaline``, ``NeuralNetMLP``, ``MLP``) whose cost became NaN or infinite.
"""


class TrainingDivergedError(FloatingPointError):
    """Raised when the cost becomes NaN or infinite during training."""
