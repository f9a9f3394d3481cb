"""Figures used throughout the course.

Every function draws with matplotlib and returns what it drew on, as
``(fig, ax)`` or ``(fig, axes)``, so you can adjust the result afterwards
(``ax.set_ylim(...)``, ``fig.savefig(...)``). None of them calls
``plt.show()``: in a notebook the figure appears by itself.

Functions that draw a single plot accept ``ax=`` to draw into an existing
Axes, for instance one panel of your own ``plt.subplots(1, 2)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from mlcourse._validation import (
    check_array,
    check_float,
    check_int,
    check_labels,
    check_matrix,
    check_same_length,
)

__all__ = [
    "plot_digits",
    "plot_digit_with_pixels",
    "plot_cost",
    "plot_accuracy",
    "plot_learning_curves",
    "compare_learning_curves",
    "plot_decision_regions",
    "plot_confusion_matrix",
    "plot_misclassified",
    "plot_hidden_weights",
]

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


# ---------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Learning curves
# ---------------------------------------------------------------------------


def plot_cost(
    costs,
    ax: Axes | None = None,
    *,
    ylabel: str = "Cost",
    xlabel: str = "Epoch",
    title: str = "Cost during training",
    log: bool = False,
    label: str | None = None,
) -> tuple[Figure, Axes]:
    """Plot the cost after each epoch.

    Parameters
    ----------
    costs : (n_epochs,)
        ``costs[0]`` is drawn at epoch 1.
    ax : Axes, optional
        Where to draw; by default a new figure.
    ylabel, xlabel, title : str
    log : bool
        Use a logarithmic y-axis (all costs must then be positive); useful
        when the cost falls by orders of magnitude.
    label : str, optional
        Legend entry for this curve (no legend when None).

    Returns
    -------
    fig : Figure
    ax : Axes
    """
    costs = _check_curve(costs, "costs")
    if log and costs.min() <= 0:
        raise ValueError(
            f"costs must be positive for a log scale (log=True), got {costs.min()}"
        )
    fig, ax = _get_fig_ax(ax, FIGSIZE_SINGLE)
    ax.plot(_epochs(len(costs)), costs, label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    _integer_epoch_ticks(ax)
    ax.grid(True, alpha=0.3)
    if label is not None:
        ax.legend()
    return fig, ax


def plot_accuracy(
    train_acc,
    valid_acc=None,
    ax: Axes | None = None,
    *,
    title: str = "Accuracy during training",
) -> tuple[Figure, Axes]:
    """Plot training and validation accuracy after each epoch, in percent.

    Parameters
    ----------
    train_acc : (n_epochs,)
        Accuracy on the training set as fractions between 0 and 1 (what
        :func:`mlcourse.metrics.accuracy` returns); drawn in percent.
    valid_acc : (n_epochs,), optional
        Accuracy on the validation set, same convention.
    ax : Axes, optional
        Where to draw; by default a new figure.
    title : str

    Returns
    -------
    fig : Figure
    ax : Axes
        With a legend "training" / "validation".
    """
    train_acc = _check_fractions(train_acc, "train_acc")
    if valid_acc is not None:
        valid_acc = _check_fractions(valid_acc, "valid_acc")
    fig, ax = _get_fig_ax(ax, FIGSIZE_SINGLE)

    ax.plot(_epochs(len(train_acc)), 100 * train_acc, label="training")
    if valid_acc is not None:
        ax.plot(_epochs(len(valid_acc)), 100 * valid_acc, label="validation")
    ax.set_xlabel("Epoch")
    ax.set_ylabel("Accuracy (%)")
    ax.set_title(title)
    _integer_epoch_ticks(ax)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig, ax


def _check_history(history, name: str = "history") -> Mapping:
    if not isinstance(history, Mapping):
        raise TypeError(
            f"{name} must be a dict of lists such as "
            f"{{'cost': [...], 'train_acc': [...]}}, got {type(history).__name__}"
        )
    return history


def plot_learning_curves(
    history: Mapping[str, Sequence[float]],
    *,
    log: bool = False,
    figsize: tuple[float, float] = FIGSIZE_PAIR,
    suptitle: str | None = None,
) -> tuple[Figure, tuple[Axes, Axes]]:
    """Draw the cost (left) and the accuracies (right) side by side.

    Parameters
    ----------
    history : dict
        What a training loop recorded, one value per epoch:

        * ``"cost"`` (or ``"loss"``) : (n_epochs,)
        * ``"train_acc"`` : (n_epochs,) fractions between 0 and 1
        * ``"valid_acc"`` : (n_epochs,) fractions, optional

    log : bool
        Logarithmic y-axis for the cost.
    figsize : (width, height)
    suptitle : str, optional
        Title of the whole figure.

    Returns
    -------
    fig : Figure
    (ax_cost, ax_accuracy) : tuple of two Axes
    """
    history = _check_history(history)
    if "cost" in history:
        cost_key = "cost"
    elif "loss" in history:
        cost_key = "loss"
    else:
        raise ValueError(
            f"history must have a 'cost' or a 'loss' entry, got keys {sorted(history)}"
        )
    if "train_acc" not in history:
        raise ValueError(
            f"history must have a 'train_acc' entry, got keys {sorted(history)}"
        )
    costs = _check_curve(history[cost_key], f"history['{cost_key}']")
    train_acc = _check_fractions(history["train_acc"], "history['train_acc']")
    valid_acc = history.get("valid_acc")
    if valid_acc is not None:
        valid_acc = _check_fractions(valid_acc, "history['valid_acc']")

    fig, (ax_cost, ax_acc) = plt.subplots(1, 2, figsize=figsize)
    plot_cost(
        costs,
        ax_cost,
        ylabel=cost_key.capitalize(),
        log=log,
        title=f"{cost_key.capitalize()} during training",
    )
    plot_accuracy(train_acc, valid_acc, ax_acc)
    if suptitle is not None:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig, (ax_cost, ax_acc)


def compare_learning_curves(
    histories: Mapping[str, Mapping[str, Sequence[float]]],
    key: str = "valid_acc",
    ax: Axes | None = None,
    *,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """Draw the same curve for several training runs on one plot.

    Parameters
    ----------
    histories : dict of {run name: history}
        Each history is a dict like the one :func:`plot_learning_curves`
        takes. The run names become the legend.
    key : str
        Which entry of each history to draw, e.g. "valid_acc" or "cost".
        Entries ending in "acc" are fractions and are drawn in percent.
    ax : Axes, optional
        Where to draw; by default a new figure.
    title : str, optional
        By default "Comparison of <key>".

    Returns
    -------
    fig : Figure
    ax : Axes
    """
    if not isinstance(histories, Mapping):
        raise TypeError(
            "histories must be a dict of {run name: history}, "
            f"got {type(histories).__name__}"
        )
    if len(histories) == 0:
        raise ValueError("histories is empty")
    if not isinstance(key, str):
        raise TypeError(f"key must be a string, got {key!r}")
    is_accuracy = key.endswith("acc")

    curves = {}
    for run_name, history in histories.items():
        name = f"histories[{run_name!r}]"
        history = _check_history(history, name)
        if key not in history:
            raise ValueError(f"{name} has no {key!r} entry, got keys {sorted(history)}")
        check = _check_fractions if is_accuracy else _check_curve
        curves[str(run_name)] = check(history[key], f"{name}[{key!r}]")

    fig, ax = _get_fig_ax(ax, FIGSIZE_SINGLE)
    for run_name, values in curves.items():
        ax.plot(
            _epochs(len(values)),
            100 * values if is_accuracy else values,
            label=run_name,
        )
    nice_names = {
        "valid_acc": "Validation accuracy (%)",
        "train_acc": "Training accuracy (%)",
        "cost": "Cost",
        "loss": "Loss",
    }
    ylabel = nice_names.get(key, f"{key} (%)" if is_accuracy else key)
    ax.set_xlabel("Epoch")
    ax.set_ylabel(ylabel)
    ax.set_title(title if title is not None else f"Comparison of {key}")
    _integer_epoch_ticks(ax)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig, ax


# ---------------------------------------------------------------------------
# Classifiers
# ---------------------------------------------------------------------------


def decision_grid(X, n_grid: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The grid on which decision regions are evaluated.

    X : (n_examples, 2). The grid covers X's range plus a margin of 10% of
    that range on every side (0.5 along an axis where all X are equal).
    Returns ``points`` (n_grid ** 2, 2), one row per grid point, and
    ``grid_x``, ``grid_y`` (n_grid, n_grid), the same points as two
    matrices: ``predictions.reshape(n_grid, n_grid)`` lines up with them.
    """
    X = check_matrix(X, "X", n_features=2)
    n_grid = check_int(n_grid, "n_grid", minimum=2)
    low, high = X.min(axis=0), X.max(axis=0)
    span = high - low
    margin = np.where(span > 0, 0.1 * span, 0.5)
    xs = np.linspace(low[0] - margin[0], high[0] + margin[0], n_grid)
    ys = np.linspace(low[1] - margin[1], high[1] + margin[1], n_grid)
    grid_x, grid_y = np.meshgrid(xs, ys)  # each (n_grid, n_grid)
    points = np.column_stack([grid_x.ravel(), grid_y.ravel()])  # (n_grid**2, 2)
    return points, grid_x, grid_y


def plot_decision_regions(
    X,
    y,
    classifier,
    *,
    ax: Axes | None = None,
    n_grid: int = 200,
    feature_names: Sequence[str] | None = None,
    class_names: Sequence[str] | None = None,
    title: str = "Decision regions",
) -> tuple[Figure, Axes]:
    """Colour the plane by the class a classifier predicts, with the data on top.

    The classifier is asked for a prediction at every point of an
    ``n_grid x n_grid`` grid covering the data plus a 10% margin; those
    predictions are drawn as coloured regions, and each example as a point
    with one colour and marker per class.

    Parameters
    ----------
    X : (n_examples, 2)
        Two features per example (the x and y coordinates).
    y : (n_examples,) int
        Class of each example.
    classifier : object with a ``predict`` method
        ``classifier.predict(points)`` takes (n_points, 2) and returns
        (n_points,) integer classes.
    ax : Axes, optional
        Where to draw; by default a new figure.
    n_grid : int
        Grid points along each axis, between 2 and 500 (the classifier
        sees n_grid ** 2 points).
    feature_names : two str, optional
        Axis labels; by default "feature 1" and "feature 2".
    class_names : sequence of n_classes str, optional
        Legend entries; by default "class 0", "class 1", ...
    title : str

    Returns
    -------
    fig : Figure
    ax : Axes
    """
    X = check_matrix(X, "X", n_features=2)
    y = check_labels(y, "y", n_examples=X.shape[0])
    predict = getattr(classifier, "predict", None)
    if not callable(predict):
        raise TypeError(
            f"classifier must have a predict method, got {type(classifier).__name__}"
        )
    n_grid = check_int(n_grid, "n_grid", minimum=2)
    if n_grid > 500:
        raise ValueError(f"n_grid must be at most 500, got {n_grid}")
    if feature_names is None:
        feature_names = ["feature 1", "feature 2"]
    feature_names = _check_names(feature_names, "feature_names", 2)

    points, grid_x, grid_y = decision_grid(X, n_grid)
    regions = check_labels(
        predict(points), "classifier.predict(grid)", n_examples=len(points)
    ).reshape(n_grid, n_grid)

    n_classes = int(max(y.max(), regions.max())) + 1
    if class_names is not None:
        class_names = _check_names(class_names, "class_names")
        if len(class_names) < n_classes:
            raise ValueError(
                f"class_names must name all {n_classes} classes (labels in y and "
                f"predictions), got {len(class_names)} names"
            )
        n_classes = len(class_names)
    else:
        class_names = [f"class {c}" for c in range(n_classes)]
    palette = plt.get_cmap("tab10").colors
    colors = [palette[c % len(palette)] for c in range(n_classes)]

    fig, ax = _get_fig_ax(ax, FIGSIZE_SINGLE)
    ax.contourf(
        grid_x,
        grid_y,
        regions,
        levels=np.arange(n_classes + 1) - 0.5,  # one level band per class
        cmap=ListedColormap(colors),
        alpha=0.3,
    )
    for c in range(n_classes):
        in_class = y == c
        if not np.any(in_class):
            continue
        ax.scatter(
            X[in_class, 0],
            X[in_class, 1],
            color=colors[c],
            marker=MARKERS[c % len(MARKERS)],
            edgecolor="black",
            linewidth=0.5,
            label=class_names[c],
        )
    ax.set_xlim(grid_x[0, 0], grid_x[0, -1])
    ax.set_ylim(grid_y[0, 0], grid_y[-1, 0])
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    ax.set_title(title)
    ax.legend(loc="best")
    return fig, ax


def plot_confusion_matrix(
    cm,
    class_names: Sequence[str] | None = None,
    ax: Axes | None = None,
    *,
    title: str = "Confusion matrix",
    normalize: bool = False,
    cmap: str = "Blues",
) -> tuple[Figure, Axes]:
    """Draw a confusion matrix as a coloured grid with its numbers written in.

    Rows are the true classes (y-axis), columns the predicted classes
    (x-axis), as returned by :func:`mlcourse.metrics.confusion_matrix`.

    Parameters
    ----------
    cm : (n_classes, n_classes)
        Non-negative counts.
    class_names : sequence of n_classes str, optional
        Tick labels; by default the class numbers.
    ax : Axes, optional
        Where to draw; by default a new figure.
    title : str
    normalize : bool
        Divide each row by its total, so the cells show which fraction of
        each true class went where (the diagonal is then the recall).
    cmap : str

    Returns
    -------
    fig : Figure
    ax : Axes
    """
    cm = check_array(cm, "cm", ndim=2)
    if cm.shape[0] != cm.shape[1]:
        raise ValueError(f"cm must be square (n_classes, n_classes), got {cm.shape}")
    if cm.min() < 0:
        raise ValueError(f"cm must hold counts (not negative), got {cm.min()}")
    n_classes = cm.shape[0]
    if class_names is None:
        class_names = [str(c) for c in range(n_classes)]
    class_names = _check_names(class_names, "class_names", n_classes)

    if normalize:
        row_totals = cm.sum(axis=1, keepdims=True)
        values = np.zeros_like(cm, dtype=np.float64)
        np.divide(cm, row_totals, out=values, where=row_totals != 0)
        fmt = "{:.2f}"
    else:
        values = cm
        fmt = "{:.0f}" if np.all(cm == np.round(cm)) else "{:.2f}"

    fig, ax = _get_fig_ax(ax, FIGSIZE_CONFUSION)
    image = ax.imshow(values, cmap=cmap, vmin=0)
    fig.colorbar(image, ax=ax)
    threshold = values.max() / 2
    fontsize = 10 if n_classes <= 10 else 7
    for i in range(n_classes):
        for j in range(n_classes):
            ax.text(
                j,
                i,
                fmt.format(values[i, j]),
                ha="center",
                va="center",
                color="white" if values[i, j] > threshold else "black",
                fontsize=fontsize,
            )
    ticks = np.arange(n_classes)
    ax.set_xticks(ticks)
    ax.set_xticklabels(class_names)
    ax.set_yticks(ticks)
    ax.set_yticklabels(class_names)
    ax.set_xlabel("Predicted label")
    ax.set_ylabel("True label")
    ax.set_title(title)
    return fig, ax


def plot_misclassified(
    X,
    y_true,
    y_pred,
    *,
    n: int = 25,
    n_cols: int = 5,
    proba=None,
    indices=None,
    figsize: tuple[float, float] | None = None,
    suptitle: str | None = None,
) -> tuple[Figure, np.ndarray]:
    """Show images the classifier got wrong, with true and predicted labels.

    Each image is titled ``"12) t: 7 p: 2"``: its index in ``X``, the true
    class ``t`` and the predicted class ``p``. With ``proba`` the probability
    given to the predicted class is added, e.g. ``"12) t: 7 p: 2 (97%)"``.

    Parameters
    ----------
    X : (n_examples, n_pixels) or (n_examples, height, width)
        The images, e.g. the test set.
    y_true : (n_examples,) int
        Correct classes.
    y_pred : (n_examples,) int
        Predicted classes.
    n : int
        Maximum number of images drawn.
    n_cols : int
        Images per row.
    proba : (n_examples, n_classes), optional
        Predicted probabilities.
    indices : (k,) int, optional
        Which examples to draw, in this order (for instance from
        :func:`mlcourse.metrics.most_confident_mistakes`). By default the
        first misclassified examples, i.e. where ``y_true != y_pred``.
    figsize : (width, height), optional
    suptitle : str, optional
        Title of the whole figure; by default it explains the image titles.

    Returns
    -------
    fig : Figure
    axes : (n_rows, n_cols) array of Axes
        When there is nothing to show, a single empty Axes saying so.
    """
    images = _as_square_images(X, "X")
    n_examples = images.shape[0]
    y_true = check_labels(y_true, "y_true", n_examples=n_examples)
    y_pred = check_labels(y_pred, "y_pred", n_examples=n_examples)
    n = check_int(n, "n", minimum=1)
    n_cols = check_int(n_cols, "n_cols", minimum=1)
    if n > MAX_IMAGES:
        raise ValueError(f"n must be at most {MAX_IMAGES}, got {n}")
    if proba is not None:
        proba = check_matrix(proba, "proba")
        check_same_length(proba, "proba", y_true, "y_true")
        check_labels(y_pred, "y_pred", n_classes=proba.shape[1])

    if indices is None:
        chosen = np.flatnonzero(y_true != y_pred)[:n]
    else:
        chosen = _check_indices(indices, "indices", n_examples)[:n]

    if suptitle is None:
        suptitle = "Misclassified examples: index) t: true class p: predicted class"
    if len(chosen) == 0:
        fig, ax = plt.subplots(figsize=FIGSIZE_SINGLE)
        ax.axis("off")
        ax.text(0.5, 0.5, "No misclassified examples", ha="center", va="center")
        fig.suptitle(suptitle)
        return fig, np.array([[ax]])

    titles = []
    for i in chosen:
        text = f"{i}) t: {y_true[i]} p: {y_pred[i]}"
        if proba is not None:
            text += f" ({proba[i, y_pred[i]]:.0%})"
        titles.append(text)
    if figsize is None:
        rows, cols = _grid_shape(len(chosen), n_cols)
        width_per_image = 1.9 if proba is not None else 1.6
        figsize = (width_per_image * cols, 1.7 * rows + 0.5)
    return plot_digits(
        images[chosen],
        titles=titles,
        n_cols=n_cols,
        figsize=figsize,
        suptitle=suptitle,
    )
