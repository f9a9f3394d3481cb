"""What both networks share: mini-batches, input checks, accuracy, chunk sizes."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from mlcourse._validation import (
    check_labels,
    check_matrix,
    check_same_length,
)

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
