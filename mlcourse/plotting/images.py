"""Pictures of digits and of what the hidden units learned."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from mlcourse._validation import (
    check_float,
    check_int,
    check_labels,
    check_matrix,
)
from mlcourse.plotting._common import (
    FIGSIZE_PIXELS,
    MAX_IMAGES,
    _as_one_square_image,
    _as_square_images,
    _check_names,
    _get_fig_ax,
    _grid_shape,
    _side_of_square,
)


def plot_digits(
    images,
    labels=None,
    *,
    n_cols: int = 10,
    titles: Sequence[str] | None = None,
    figsize: tuple[float, float] | None = None,
    cmap: str = "Greys",
    suptitle: str | None = None,
) -> tuple[Figure, np.ndarray]:
    """Draw images in a grid, optionally with a title above each one.

    Each image is scaled to its own minimum and maximum, so pixel values may
    be in any range (0..255, 0..1, standardised, ...).

    Parameters
    ----------
    images : (n_images, n_pixels) or (n_images, height, width)
        Flat images must be square, e.g. 784 = 28 * 28 pixels.
        At most 400 images.
    labels : (n_images,) int, optional
        Written above each image. Give ``labels`` or ``titles``, not both.
    n_cols : int
        Number of images per row.
    titles : sequence of n_images str, optional
        Text above each image.
    figsize : (width, height), optional
        By default about one inch per image.
    cmap : str
        Matplotlib colormap; with "Greys" ink is black on white.
    suptitle : str, optional
        Title of the whole figure.

    Returns
    -------
    fig : Figure
    axes : (n_rows, n_cols) array of Axes
        Cells after the last image are left blank.
    """
    images = _as_square_images(images, "images")
    n_images = images.shape[0]
    if n_images > MAX_IMAGES:
        raise ValueError(
            f"images holds {n_images} images but at most {MAX_IMAGES} can be "
            "drawn; pass a slice such as images[:50]"
        )
    n_cols = check_int(n_cols, "n_cols", minimum=1)
    if labels is not None and titles is not None:
        raise ValueError("labels and titles: give one or the other, not both")
    if labels is not None:
        labels = check_labels(labels, "labels", n_examples=n_images)
        titles = [str(label) for label in labels]
    elif titles is not None:
        titles = _check_names(titles, "titles", n_images)

    n_rows, n_cols = _grid_shape(n_images, n_cols)
    if figsize is None:
        row_height = 1.3 if titles is not None else 1.05
        figsize = (1.05 * n_cols, row_height * n_rows + (0.4 if suptitle else 0.0))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=figsize, squeeze=False)

    for i, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        if i >= n_images:
            ax.axis("off")
            continue
        ax.imshow(images[i], cmap=cmap)
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    if suptitle is not None:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig, axes


def plot_digit_with_pixels(
    image,
    ax: Axes | None = None,
    *,
    title: str = "A digit and its pixel values",
    cmap: str = "Greys",
    fontsize: float = 5,
) -> tuple[Figure, Axes]:
    """Draw one digit large and write every pixel's value on top of it.

    Whole-number images (such as raw MNIST, 0..255) are written without
    decimals; other values with two significant digits. The text is white
    on dark pixels and black on light ones.

    Parameters
    ----------
    image : (n_pixels,) or (height, width)
        A flat image must be square, e.g. 784 = 28 * 28 pixels.
    ax : Axes, optional
        Where to draw; by default a new 10 x 10 inch figure.
    title, cmap, fontsize :
        Title of the plot, colormap and size of the written values.

    Returns
    -------
    fig : Figure
    ax : Axes
    """
    image = _as_one_square_image(image, "image")
    fontsize = check_float(fontsize, "fontsize", positive=True)
    fig, ax = _get_fig_ax(ax, FIGSIZE_PIXELS)

    low, high = float(image.min()), float(image.max())
    ax.imshow(image, cmap=cmap, vmin=low, vmax=high)
    whole_numbers = bool(np.all(image == np.round(image)))
    middle = (low + high) / 2
    for row in range(image.shape[0]):
        for col in range(image.shape[1]):
            value = image[row, col]
            text = f"{value:.0f}" if whole_numbers else f"{value:.2g}"
            # With "Greys" high values are dark, so they get white text.
            color = "white" if high > low and value > middle else "black"
            ax.text(
                col,
                row,
                text,
                ha="center",
                va="center",
                color=color,
                fontsize=fontsize,
            )
    ax.set_title(title)
    ax.set_xlabel("pixel column")
    ax.set_ylabel("pixel row")
    return fig, ax


def plot_hidden_weights(
    W,
    n: int = 25,
    n_cols: int = 5,
    *,
    figsize: tuple[float, float] | None = None,
    cmap: str = "RdBu_r",
    suptitle: str = "Weights of hidden units",
) -> tuple[Figure, np.ndarray]:
    """Draw the incoming weights of the first hidden units as images.

    Row ``j`` of ``W`` holds one weight per input pixel for hidden unit
    ``j`` (``W[j, k]``: into unit j from pixel k); reshaped to the image's
    shape it shows which pixels excite (red) or inhibit (blue) that unit.
    Each image uses a colour scale symmetric around zero, so white always
    means a weight of 0.

    Parameters
    ----------
    W : (n_hidden, n_pixels)
        Weights of the first layer, one row per hidden unit; n_pixels must
        be square, e.g. 784 = 28 * 28. If your layer stores
        (n_pixels, n_hidden), pass ``W.T``.
    n : int
        Number of units to draw (at most n_hidden are drawn).
    n_cols : int
        Images per row.
    figsize : (width, height), optional
    cmap : str
        A diverging colormap.
    suptitle : str
        Title of the whole figure.

    Returns
    -------
    fig : Figure
    axes : (n_rows, n_cols) array of Axes
        Each image is titled "unit k".
    """
    W = check_matrix(W, "W")
    n = check_int(n, "n", minimum=1)
    n_cols = check_int(n_cols, "n_cols", minimum=1)
    n_hidden, n_pixels = W.shape
    if _side_of_square(n_pixels) is None:
        hint = ""
        if _side_of_square(n_hidden) is not None:
            hint = f"; did you mean W.T (shape {W.T.shape})?"
        raise ValueError(
            f"W must have shape (n_hidden, n_pixels) with a square number of "
            f"pixels such as 784, got shape {W.shape}{hint}"
        )
    n = min(n, n_hidden)
    images = _as_square_images(W[:n], "W")

    n_rows, n_cols = _grid_shape(n, n_cols)
    if figsize is None:
        figsize = (1.4 * n_cols, 1.5 * n_rows + 0.4)
    fig, axes = plt.subplots(n_rows, n_cols, figsize=figsize, squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        if k >= n:
            ax.axis("off")
            continue
        limit = float(np.abs(images[k]).max()) or 1.0  # all-zero row: any scale
        ax.imshow(images[k], cmap=cmap, vmin=-limit, vmax=limit)
        ax.set_title(f"unit {k}", fontsize=9)
    fig.suptitle(suptitle)
    fig.tight_layout()
    return fig, axes
