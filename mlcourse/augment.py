"""Data augmentation for digit images: small random shifts.

A digit moved by a pixel or two is still the same digit, so showing the
network shifted copies teaches it that position does not matter much,
a cheap way to fight overfitting.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_float, check_int, check_matrix

Array = np.ndarray


def random_shift(
    X,
    rng: np.random.Generator,
    max_shift: int = 2,
    *,
    side: int = 28,
    background: float | None = None,
) -> Array:
    """Shift each image by its own random (dx, dy) in -max_shift..max_shift.

    X : (n_examples, side * side) flattened images -> a new array of the same
    shape and dtype. Pixels shifted in from outside take the ``background``
    value (default: the smallest value in X, i.e. the paper's white).
    """
    X = check_matrix(X, "X", n_features=side * side, dtype=None)
    max_shift = check_int(max_shift, "max_shift", minimum=0)
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy.random.Generator")
    if max_shift == 0:
        return X.copy()
    fill = (
        float(X.min()) if background is None else check_float(background, "background")
    )
    n, m = len(X), max_shift
    padded = np.full((n, side + 2 * m, side + 2 * m), fill, dtype=X.dtype)
    padded[:, m : m + side, m : m + side] = X.reshape(n, side, side)
    dy = rng.integers(0, 2 * m + 1, size=n)
    dx = rng.integers(0, 2 * m + 1, size=n)
    rows = dy[:, None] + np.arange(side)  # (n, side): the rows each image keeps
    cols = dx[:, None] + np.arange(side)
    shifted = padded[np.arange(n)[:, None, None], rows[:, :, None], cols[:, None, :]]
    return shifted.reshape(n, side * side)
