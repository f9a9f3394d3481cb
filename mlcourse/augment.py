"""Data augmentation for digit images: small random shifts.

A digit moved by a pixel or two is still the same digit, so showing the
network shifted copies teaches it that position does not matter much,
a cheap way to fight overfitting.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

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
    side = check_int(side, "side", minimum=1)
    X = check_matrix(X, "X", n_features=side * side, dtype=None)
    max_shift = check_int(max_shift, "max_shift", minimum=0)
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy.random.Generator")
    if background is not None:
        background = check_float(background, "background")
    if max_shift == 0:
        return X.copy()
    fill = float(X.min()) if background is None else background
    n, m = len(X), max_shift
    padded = np.full((n, side + 2 * m, side + 2 * m), fill, dtype=X.dtype)
    padded[:, m : m + side, m : m + side] = X.reshape(n, side, side)
    dy = rng.integers(0, 2 * m + 1, size=n)
    dx = rng.integers(0, 2 * m + 1, size=n)
    # every side x side window of each padded image, as a view (no copy):
    # windows[i, r, c] is image i's window whose top-left corner is (r, c);
    # the window at (m, m) is the unshifted image
    windows = sliding_window_view(padded, (side, side), axis=(1, 2))
    shifted = windows[np.arange(n), dy, dx]  # (n, side, side), one copy
    return shifted.reshape(n, side * side)
