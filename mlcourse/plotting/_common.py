"""Shared pieces of the plotting modules: figure sizes, markers, argument checks."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from mlcourse._validation import (
    check_array,
)

# Default figure sizes (width, height) in inches.
FIGSIZE_SINGLE = (6.4, 4.8)
FIGSIZE_PAIR = (12.0, 4.5)
FIGSIZE_PIXELS = (10.0, 10.0)
FIGSIZE_CONFUSION = (7.0, 6.0)

# Drawing thousands of small images is slow and unreadable.
MAX_IMAGES = 400

# One marker per class in scatter plots (cycled when there are more classes).
MARKERS = ("o", "s", "^", "v", "D", "P", "X", "*", "<", ">")


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _get_fig_ax(ax, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """Return ``(fig, ax)``: the given Axes and its figure, or a new pair."""
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    return ax.figure, ax


def _check_names(names, name: str, length: int | None = None) -> list[str]:
    """Check a list of strings (class or feature names, titles).

    length : the required number of strings, or None for any non-zero number.
    """
    if isinstance(names, (str, bytes)) or not isinstance(names, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a list of strings, got {type(names).__name__}")
    names = list(names)
    if length is not None and len(names) != length:
        raise ValueError(f"{name} must hold {length} strings, got {len(names)}")
    if len(names) == 0:
        raise ValueError(f"{name} is empty")
    for item in names:
        if not isinstance(item, (str, np.str_)):
            raise TypeError(f"{name} must hold strings, got {item!r}")
    return [str(item) for item in names]


def _check_indices(indices, name: str, n_examples: int) -> np.ndarray:
    """Positions ``(k,)`` in an array of ``n_examples`` items (no negatives)."""
    if isinstance(indices, (str, bytes)) or indices is None:
        raise TypeError(f"{name} must be an array of integer positions")
    arr = np.asarray(indices)
    if arr.ndim != 1:
        raise ValueError(f"{name} must have 1 dimension, got shape {arr.shape}")
    if arr.size == 0:
        return arr.astype(np.int64)
    if not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must hold integers, got dtype {arr.dtype}")
    if arr.min() < 0 or arr.max() >= n_examples:
        bad = arr[(arr < 0) | (arr >= n_examples)][0]
        raise ValueError(
            f"{name} must be between 0 and {n_examples - 1} (there are "
            f"{n_examples} examples), got {bad}"
        )
    return arr.astype(np.int64)


def _side_of_square(n_pixels: int) -> int | None:
    """The side of a square image with ``n_pixels`` pixels, or None."""
    side = math.isqrt(n_pixels)
    return side if side * side == n_pixels else None


def _as_square_images(images, name: str) -> np.ndarray:
    """Turn flat images ``(n, side * side)`` into ``(n, side, side)``.

    images : (n_images, n_pixels) or (n_images, height, width)
    returns : (n_images, height, width) float
    """
    images = check_array(images, name, ndim=(2, 3))
    if images.ndim == 3:
        return images
    n_images, n_pixels = images.shape
    side = _side_of_square(n_pixels)
    if side is None:
        raise ValueError(
            f"{name} must hold square images: each row has {n_pixels} values, "
            "which is not a square number such as 784 = 28 * 28"
        )
    return images.reshape(n_images, side, side)


def _as_one_square_image(image, name: str) -> np.ndarray:
    """Turn one image ``(side * side,)`` or ``(height, width)`` into 2-D."""
    image = check_array(image, name, ndim=(1, 2))
    if image.ndim == 2:
        return image
    side = _side_of_square(image.size)
    if side is None:
        raise ValueError(
            f"{name} must be a square image: it has {image.size} values, "
            "which is not a square number such as 784 = 28 * 28"
        )
    return image.reshape(side, side)


def _grid_shape(n_items: int, n_cols: int) -> tuple[int, int]:
    """Rows and columns of a grid holding ``n_items`` with ``n_cols`` columns."""
    cols = min(n_cols, n_items)
    rows = math.ceil(n_items / cols)
    return rows, cols


def _check_curve(values, name: str) -> np.ndarray:
    """A learning curve: one finite number per epoch, ``(n_epochs,)``."""
    return check_array(values, name, ndim=1)


def _check_fractions(values, name: str) -> np.ndarray:
    """Accuracies per epoch, as fractions between 0 and 1."""
    values = _check_curve(values, name)
    if values.min() < 0 or values.max() > 1:
        bad = values[(values < 0) | (values > 1)][0]
        raise ValueError(
            f"{name} must hold fractions between 0 and 1 (such as 0.97, as "
            f"returned by accuracy), got {bad}"
        )
    return values


def _epochs(n_epochs: int) -> np.ndarray:
    """Epoch numbers ``1 .. n_epochs`` for the x-axis."""
    return np.arange(1, n_epochs + 1)


def _integer_epoch_ticks(ax: Axes) -> None:
    """Only put ticks on whole epochs."""
    ax.xaxis.get_major_locator().set_params(integer=True)
