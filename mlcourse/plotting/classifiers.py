"""How a trained classifier behaves: decision regions, confusion matrix, mistakes."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from mlcourse._validation import (
    check_array,
    check_bool,
    check_int,
    check_labels,
    check_matrix,
    check_same_length,
)
from mlcourse.plotting._common import (
    FIGSIZE_CONFUSION,
    FIGSIZE_SINGLE,
    MARKERS,
    MAX_IMAGES,
    _as_square_images,
    _check_indices,
    _check_names,
    _get_fig_ax,
    _grid_shape,
)
from mlcourse.plotting.images import plot_digits


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
    normalize = check_bool(normalize, "normalize")

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
