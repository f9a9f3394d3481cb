"""Tests for mlcourse.plotting (drawn with the Agg backend, see conftest.py)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from mlcourse.plotting import (
    compare_learning_curves,
    plot_accuracy,
    plot_confusion_matrix,
    plot_cost,
    plot_decision_regions,
    plot_digit_with_pixels,
    plot_digits,
    plot_hidden_weights,
    plot_learning_curves,
    plot_misclassified,
)


@pytest.fixture
def images():
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, size=(30, 784)).astype(np.float64)


def visible_titles(axes) -> list[str]:
    return [ax.get_title() for ax in np.ravel(axes) if ax.get_visible() and ax.axison]


# ---------------------------------------------------------------------------
# plot_digits
# ---------------------------------------------------------------------------


def test_plot_digits_grid_and_label_titles(images):
    labels = np.arange(23) % 10
    fig, axes = plot_digits(images[:23], labels, suptitle="Some digits")
    assert isinstance(fig, Figure)
    assert axes.shape == (3, 10)
    assert all(isinstance(ax, Axes) for ax in axes.flat)
    assert visible_titles(axes) == [str(label) for label in labels]
    # The 7 cells after the last image are switched off.
    assert sum(not ax.axison for ax in axes.flat) == 7
    # No ticks on the images.
    assert list(axes[0, 0].get_xticks()) == []
    assert list(axes[0, 0].get_yticks()) == []
    assert fig._suptitle.get_text() == "Some digits"
    # Each image is 28 x 28.
    assert axes[0, 0].images[0].get_array().shape == (28, 28)


def test_plot_digits_square_input_titles_and_columns(images):
    squares = images[:6].reshape(6, 28, 28) / 255.0
    titles = [f"digit {i}" for i in range(6)]
    fig, axes = plot_digits(squares, titles=titles, n_cols=4, figsize=(4, 2))
    assert axes.shape == (2, 4)
    assert visible_titles(axes) == titles
    assert tuple(fig.get_size_inches()) == (4, 2)


def test_plot_digits_few_images_and_no_titles(images):
    fig, axes = plot_digits(images[:3])
    assert axes.shape == (1, 3)
    assert visible_titles(axes) == ["", "", ""]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"images": np.ones((2, 783))}, ValueError, "images must hold square"),
        ({"images": np.ones(784)}, ValueError, "images must have 2 or 3"),
        ({"images": np.ones((401, 4))}, ValueError, "at most 400"),
        ({"images": "digits"}, TypeError, "images"),
        ({"n_cols": 0}, ValueError, "n_cols"),
        ({"labels": [1, 2]}, ValueError, "labels has 2 labels"),
        ({"titles": ["a"]}, ValueError, "titles must hold 3"),
        ({"titles": "abc"}, TypeError, "titles"),
        ({"labels": [1, 2, 3], "titles": ["a", "b", "c"]}, ValueError, "not both"),
    ],
)
def test_plot_digits_bad_inputs(kwargs, error, match):
    kwargs = {"images": np.ones((3, 784)), **kwargs}
    with pytest.raises(error, match=match):
        plot_digits(**kwargs)


# ---------------------------------------------------------------------------
# plot_digit_with_pixels
# ---------------------------------------------------------------------------


def test_plot_digit_with_pixels_writes_every_value():
    image = np.zeros((28, 28))
    image[5, 7] = 255
    image[10, 3] = 128
    fig, ax = plot_digit_with_pixels(image.ravel())
    assert isinstance(fig, Figure)
    assert isinstance(ax, Axes)
    assert len(ax.texts) == 784
    # Texts go row by row: pixel (row, col) is text number row * 28 + col.
    dark = ax.texts[5 * 28 + 7]
    light = ax.texts[0]
    assert dark.get_text() == "255"
    assert ax.texts[10 * 28 + 3].get_text() == "128"
    assert light.get_text() == "0"
    assert dark.get_position() == (7, 5)
    assert dark.get_color() == "white"
    assert light.get_color() == "black"
    assert ax.get_title()
    assert ax.get_xlabel() == "pixel column"
    assert ax.get_ylabel() == "pixel row"


def test_plot_digit_with_pixels_fractions_and_given_ax():
    image = np.linspace(0, 1, 16).reshape(4, 4)
    fig, ax = plt.subplots()
    fig2, ax2 = plot_digit_with_pixels(image, ax=ax, title="Small")
    assert fig2 is fig and ax2 is ax
    assert ax.texts[5].get_text() == f"{image.flat[5]:.2g}"
    assert ax.get_title() == "Small"


def test_plot_digit_with_pixels_bad_inputs():
    with pytest.raises(ValueError, match="image must be a square"):
        plot_digit_with_pixels(np.ones(783))
    with pytest.raises(ValueError, match="image must have 1 or 2"):
        plot_digit_with_pixels(np.ones((2, 28, 28)))
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plot_digit_with_pixels(np.ones(784), ax="left")


# ---------------------------------------------------------------------------
# Learning curves
# ---------------------------------------------------------------------------

HISTORY = {
    "cost": [2.0, 1.0, 0.5, 0.4],
    "train_acc": [0.5, 0.7, 0.8, 0.9],
    "valid_acc": [0.45, 0.6, 0.7, 0.72],
}


def test_plot_cost_epochs_start_at_one():
    fig, ax = plot_cost([3.0, 2.0, 1.5])
    assert isinstance(fig, Figure)
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(line.get_ydata(), [3.0, 2.0, 1.5])
    assert ax.get_xlabel() == "Epoch"
    assert ax.get_ylabel() == "Cost"
    assert ax.get_title() == "Cost during training"
    assert ax.get_yscale() == "linear"


def test_plot_cost_options_and_given_ax():
    fig, ax = plt.subplots()
    fig2, ax2 = plot_cost(
        np.array([1.0, 0.1, 0.01]), ax, ylabel="Loss", title="T", log=True
    )
    assert (fig2, ax2) == (fig, ax)
    assert ax.get_yscale() == "log"
    assert ax.get_ylabel() == "Loss"
    assert ax.get_title() == "T"


def test_plot_cost_bad_inputs():
    with pytest.raises(ValueError, match="costs must have 1"):
        plot_cost(np.ones((2, 2)))
    with pytest.raises(ValueError, match="costs must be positive"):
        plot_cost([1.0, 0.0], log=True)
    with pytest.raises(ValueError, match="costs contains NaN"):
        plot_cost([1.0, np.nan])
    with pytest.raises(ValueError, match="costs is empty"):
        plot_cost([])


def test_plot_accuracy_in_percent_with_legend():
    fig, ax = plot_accuracy(HISTORY["train_acc"], HISTORY["valid_acc"])
    train, valid = ax.get_lines()
    np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3, 4])
    np.testing.assert_allclose(train.get_ydata(), [50, 70, 80, 90])
    np.testing.assert_allclose(valid.get_ydata(), [45, 60, 70, 72])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["training", "validation"]
    assert ax.get_ylabel() == "Accuracy (%)"
    assert ax.get_xlabel() == "Epoch"
    assert ax.get_title()


def test_plot_accuracy_training_only():
    fig, ax = plot_accuracy([0.5, 0.6], None, title="Only training")
    assert len(ax.get_lines()) == 1
    assert ax.get_title() == "Only training"


def test_plot_accuracy_rejects_percentages():
    with pytest.raises(ValueError, match="train_acc must hold fractions"):
        plot_accuracy([50, 60], [0.5, 0.6])
    with pytest.raises(ValueError, match="valid_acc must hold fractions"):
        plot_accuracy([0.5, 0.6], [-0.1, 0.6])


def test_plot_learning_curves_side_by_side():
    fig, (ax_cost, ax_acc) = plot_learning_curves(HISTORY, suptitle="Run 1")
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2
    assert ax_cost.get_ylabel() == "Cost"
    assert ax_acc.get_ylabel() == "Accuracy (%)"
    assert len(ax_acc.get_lines()) == 2
    np.testing.assert_allclose(ax_cost.get_lines()[0].get_ydata(), HISTORY["cost"])
    assert fig._suptitle.get_text() == "Run 1"


def test_plot_learning_curves_loss_key_and_no_validation():
    history = {"loss": [1.0, 0.5], "train_acc": [0.6, 0.8]}
    fig, (ax_cost, ax_acc) = plot_learning_curves(history, log=True)
    assert ax_cost.get_ylabel() == "Loss"
    assert ax_cost.get_title() == "Loss during training"
    assert ax_cost.get_yscale() == "log"
    assert len(ax_acc.get_lines()) == 1


def test_plot_learning_curves_bad_history():
    with pytest.raises(TypeError, match="history must be a dict"):
        plot_learning_curves([1, 2, 3])
    with pytest.raises(ValueError, match="'cost' or a 'loss'"):
        plot_learning_curves({"train_acc": [0.5]})
    with pytest.raises(ValueError, match="'train_acc'"):
        plot_learning_curves({"cost": [1.0]})
    with pytest.raises(ValueError, match=r"history\['train_acc'\] must hold fractions"):
        plot_learning_curves({"cost": [1.0], "train_acc": [95.0]})


def test_compare_learning_curves_one_line_per_run():
    histories = {
        "lr=0.1": {"valid_acc": [0.5, 0.6, 0.7]},
        "lr=0.01": {"valid_acc": [0.3, 0.4]},
        "lr=1": HISTORY,
    }
    fig, ax = compare_learning_curves(histories)
    lines = ax.get_lines()
    assert len(lines) == 3
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["lr=0.1", "lr=0.01", "lr=1"]
    np.testing.assert_allclose(lines[1].get_ydata(), [30, 40])
    np.testing.assert_array_equal(lines[1].get_xdata(), [1, 2])
    assert ax.get_ylabel() == "Validation accuracy (%)"
    assert ax.get_xlabel() == "Epoch"
    assert ax.get_title() == "Comparison of valid_acc"


def test_compare_learning_curves_cost_key_and_given_ax():
    fig, ax = plt.subplots()
    histories = {"a": {"cost": [3.0, 2.0]}, "b": {"cost": [2.5, 1.0]}}
    fig2, ax2 = compare_learning_curves(histories, key="cost", ax=ax, title="Costs")
    assert (fig2, ax2) == (fig, ax)
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [3.0, 2.0])
    assert ax.get_ylabel() == "Cost"
    assert ax.get_title() == "Costs"


def test_compare_learning_curves_bad_inputs():
    with pytest.raises(TypeError, match="histories must be a dict"):
        compare_learning_curves([HISTORY])
    with pytest.raises(ValueError, match="histories is empty"):
        compare_learning_curves({})
    with pytest.raises(ValueError, match=r"histories\['b'\] has no 'valid_acc'"):
        compare_learning_curves({"a": HISTORY, "b": {"cost": [1.0]}})
    with pytest.raises(TypeError, match=r"histories\['a'\] must be a dict"):
        compare_learning_curves({"a": [0.5, 0.6]})


# ---------------------------------------------------------------------------
# plot_decision_regions
# ---------------------------------------------------------------------------


class RecordingClassifier:
    """Class 1 above the line x + y = 1, class 0 below; remembers its inputs."""

    def __init__(self):
        self.calls = []

    def predict(self, X):
        self.calls.append(np.array(X))
        return (X[:, 0] + X[:, 1] > 1).astype(np.int64)


@pytest.fixture
def blobs():
    rng = np.random.default_rng(1)
    X = rng.uniform(-2, 3, size=(40, 2))
    y = (X[:, 0] + X[:, 1] > 1).astype(np.int64)
    return X, y


def test_plot_decision_regions_grid(blobs):
    X, y = blobs
    clf = RecordingClassifier()
    fig, ax = plot_decision_regions(X, y, clf, n_grid=50)
    assert isinstance(fig, Figure)
    assert isinstance(ax, Axes)
    (grid,) = clf.calls
    assert grid.shape == (50 * 50, 2)
    # The grid covers the data with room to spare.
    assert np.all(grid.min(axis=0) < X.min(axis=0))
    assert np.all(grid.max(axis=0) > X.max(axis=0))
    assert len(np.unique(grid[:, 0])) == 50
    assert len(np.unique(grid[:, 1])) == 50
    # The visible area is the grid.
    assert ax.get_xlim() == pytest.approx((grid[:, 0].min(), grid[:, 0].max()))
    assert ax.get_ylim() == pytest.approx((grid[:, 1].min(), grid[:, 1].max()))
    assert ax.get_xlabel() == "feature 1"
    assert ax.get_ylabel() == "feature 2"
    assert ax.get_title() == "Decision regions"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["class 0", "class 1"]
    # One scatter per class, holding that class's examples.
    assert [len(c.get_offsets()) for c in ax.collections[-2:]] == [
        np.sum(y == 0),
        np.sum(y == 1),
    ]


def test_plot_decision_regions_default_grid_and_names(blobs):
    X, y = blobs
    clf = RecordingClassifier()
    fig, ax = plt.subplots()
    fig2, ax2 = plot_decision_regions(
        X,
        y,
        clf,
        ax=ax,
        feature_names=["petal length", "petal width"],
        class_names=["setosa", "versicolor", "virginica"],
        title="Iris",
    )
    assert (fig2, ax2) == (fig, ax)
    assert clf.calls[0].shape == (200 * 200, 2)
    assert ax.get_xlabel() == "petal length"
    assert ax.get_ylabel() == "petal width"
    assert ax.get_title() == "Iris"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["setosa", "versicolor"]  # no example of "virginica"


class NoPredict:
    pass


class ReturnsProbabilities:
    def predict(self, X):
        return np.full((len(X), 2), 0.5)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        (
            (np.ones((5, 3)), np.zeros(5), RecordingClassifier()),
            {},
            ValueError,
            "X must have 2 features",
        ),
        (
            (np.ones((5, 2)), np.zeros(4), RecordingClassifier()),
            {},
            ValueError,
            "y has 4 labels",
        ),
        (
            (np.ones((5, 2)), np.zeros(5), NoPredict()),
            {},
            TypeError,
            "classifier must have a predict",
        ),
        (
            (np.ones((5, 2)), np.zeros(5), ReturnsProbabilities()),
            {},
            ValueError,
            r"classifier.predict\(grid\)",
        ),
        (
            (np.ones((5, 2)), np.zeros(5), RecordingClassifier()),
            {"n_grid": 1},
            ValueError,
            "n_grid",
        ),
        (
            (np.ones((5, 2)), np.zeros(5), RecordingClassifier()),
            {"n_grid": 501},
            ValueError,
            "n_grid must be at most 500",
        ),
        (
            (np.ones((5, 2)), np.zeros(5), RecordingClassifier()),
            {"feature_names": ["a"]},
            ValueError,
            "feature_names must hold 2",
        ),
        (
            (np.ones((5, 2)), np.zeros(5), RecordingClassifier()),
            {"class_names": ["a"]},
            ValueError,
            "class_names must name all 2",
        ),
    ],
)
def test_plot_decision_regions_bad_inputs(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_decision_regions(*args, **kwargs)


# ---------------------------------------------------------------------------
# plot_confusion_matrix
# ---------------------------------------------------------------------------


def test_plot_confusion_matrix_counts_on_cells():
    cm = np.array([[5, 1, 0], [2, 7, 1], [0, 0, 9]])
    fig, ax = plot_confusion_matrix(cm, class_names=["a", "b", "c"])
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in ax.texts]
    assert texts == [str(v) for v in cm.ravel()]
    # Cell (row i, column j) is written at x = j, y = i.
    assert ax.texts[1 * 3 + 0].get_position() == (0, 1)
    assert ax.get_ylabel() == "True label"
    assert ax.get_xlabel() == "Predicted label"
    assert ax.get_title() == "Confusion matrix"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
    assert len(fig.axes) == 2  # the matrix and its colorbar
    # The largest count gets white text, small ones black.
    assert ax.texts[8].get_color() == "white"
    assert ax.texts[2].get_color() == "black"


def test_plot_confusion_matrix_normalized_and_given_ax():
    cm = np.array([[3, 1], [0, 0]])
    fig, ax = plt.subplots()
    fig2, ax2 = plot_confusion_matrix(cm, ax=ax, normalize=True, title="Rates")
    assert (fig2, ax2) == (fig, ax)
    assert [t.get_text() for t in ax.texts] == ["0.75", "0.25", "0.00", "0.00"]
    assert ax.get_title() == "Rates"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1"]


@pytest.mark.parametrize(
    ("cm", "kwargs", "error", "match"),
    [
        (np.ones((2, 3)), {}, ValueError, "cm must be square"),
        (np.ones(3), {}, ValueError, "cm must have 2"),
        (-np.ones((2, 2)), {}, ValueError, "cm must hold counts"),
        (
            np.ones((2, 2)),
            {"class_names": ["a", "b", "c"]},
            ValueError,
            "class_names must hold 2",
        ),
        (
            np.ones((2, 2)),
            {"class_names": [1, 2]},
            TypeError,
            "class_names must hold strings",
        ),
        (np.ones((2, 2)), {"ax": 3}, TypeError, "ax must be"),
    ],
)
def test_plot_confusion_matrix_bad_inputs(cm, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_confusion_matrix(cm, **kwargs)


# ---------------------------------------------------------------------------
# plot_misclassified
# ---------------------------------------------------------------------------


@pytest.fixture
def planted(images):
    """30 examples, of which 12, 3 and 20 (in index order 3, 12, 20) are wrong."""
    y_true = np.arange(30) % 10
    y_pred = y_true.copy()
    y_pred[12] = 7  # true 2
    y_pred[3] = 0  # true 3
    y_pred[20] = 9  # true 0
    return images, y_true, y_pred


def test_plot_misclassified_titles(planted):
    X, y_true, y_pred = planted
    fig, axes = plot_misclassified(X, y_true, y_pred)
    assert isinstance(fig, Figure)
    assert axes.shape == (1, 3)
    assert visible_titles(axes) == ["3) t: 3 p: 0", "12) t: 2 p: 7", "20) t: 0 p: 9"]
    assert "t: true class" in fig._suptitle.get_text()


def test_plot_misclassified_five_by_five():
    rng = np.random.default_rng(2)
    X = rng.random((100, 784))
    y_true = np.zeros(100, dtype=int)
    y_pred = np.ones(100, dtype=int)
    fig, axes = plot_misclassified(X, y_true, y_pred)
    assert axes.shape == (5, 5)
    titles = visible_titles(axes)
    assert len(titles) == 25
    assert titles[0] == "0) t: 0 p: 1"
    assert titles[-1] == "24) t: 0 p: 1"


def test_plot_misclassified_indices_and_proba(planted):
    X, y_true, y_pred = planted
    proba = np.full((30, 10), 0.01)
    proba[np.arange(30), y_pred] = 0.91
    fig, axes = plot_misclassified(
        X.reshape(30, 28, 28), y_true, y_pred, proba=proba, indices=[20, 3], n_cols=1
    )
    assert axes.shape == (2, 1)
    assert visible_titles(axes) == ["20) t: 0 p: 9 (91%)", "3) t: 3 p: 0 (91%)"]


def test_plot_misclassified_n_limits_and_nothing_wrong(planted):
    X, y_true, y_pred = planted
    fig, axes = plot_misclassified(X, y_true, y_pred, n=2)
    assert visible_titles(axes) == ["3) t: 3 p: 0", "12) t: 2 p: 7"]

    fig, axes = plot_misclassified(X, y_true, y_true)
    assert axes.shape == (1, 1)
    assert axes[0, 0].texts[0].get_text() == "No misclassified examples"


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"y_true": np.zeros(29, dtype=int)}, ValueError, "y_true has 29 labels"),
        ({"y_pred": np.zeros((30, 1), dtype=int)}, ValueError, "y_pred must have 1"),
        ({"X": np.ones((30, 10))}, ValueError, "X must hold square"),
        ({"n": 0}, ValueError, "n must be at least 1"),
        ({"n_cols": 0}, ValueError, "n_cols must be at least 1"),
        ({"indices": [0, 30]}, ValueError, "indices must be between 0 and 29"),
        ({"indices": [-1]}, ValueError, "indices must be between"),
        ({"indices": [1.5]}, TypeError, "indices must hold integers"),
        ({"indices": [[1, 2]]}, ValueError, "indices must have 1"),
        (
            {"proba": np.ones((29, 10))},
            ValueError,
            "proba and y_true must have the same length",
        ),
        ({"proba": np.ones((30, 5))}, ValueError, "y_pred must be below 5"),
    ],
)
def test_plot_misclassified_bad_inputs(planted, kwargs, error, match):
    X, y_true, y_pred = planted
    arguments = {"X": X, "y_true": y_true, "y_pred": y_pred, **kwargs}
    with pytest.raises(error, match=match):
        plot_misclassified(
            arguments.pop("X"),
            arguments.pop("y_true"),
            arguments.pop("y_pred"),
            **arguments,
        )


# ---------------------------------------------------------------------------
# plot_hidden_weights
# ---------------------------------------------------------------------------


def test_plot_hidden_weights_titles_and_symmetric_colors():
    rng = np.random.default_rng(3)
    W = rng.normal(size=(30, 784))
    W[1] += 2.0  # all positive: the scale must still be centred on 0
    fig, axes = plot_hidden_weights(W)
    assert isinstance(fig, Figure)
    assert axes.shape == (5, 5)
    assert visible_titles(axes) == [f"unit {k}" for k in range(25)]
    for k in (0, 1):
        low, high = axes.flat[k].images[0].get_clim()
        assert low == pytest.approx(-high)
        assert high == pytest.approx(np.abs(W[k]).max())
    assert fig._suptitle.get_text()


def test_plot_hidden_weights_fewer_units_than_n():
    W = np.zeros((3, 16))  # all-zero weights must not break the colour scale
    fig, axes = plot_hidden_weights(W, n=25, n_cols=2)
    assert axes.shape == (2, 2)
    assert visible_titles(axes) == ["unit 0", "unit 1", "unit 2"]
    assert axes[0, 0].images[0].get_array().shape == (4, 4)


def test_plot_hidden_weights_bad_inputs():
    with pytest.raises(ValueError, match=r"did you mean W\.T"):
        plot_hidden_weights(np.ones((784, 30)))
    with pytest.raises(ValueError, match="W must have 2"):
        plot_hidden_weights(np.ones(784))
    with pytest.raises(ValueError, match="n must be at least 1"):
        plot_hidden_weights(np.ones((3, 784)), n=0)
    with pytest.raises(TypeError, match="n_cols must be an integer"):
        plot_hidden_weights(np.ones((3, 784)), n_cols=2.5)


def test_decision_grid_covers_the_data_with_a_margin():
    from mlcourse.plotting import decision_grid

    X = np.array([[0.0, 1.0], [10.0, 1.0]])  # no spread along the second axis
    points, grid_x, grid_y = decision_grid(X, n_grid=3)
    assert points.shape == (9, 2) and grid_x.shape == (3, 3)
    np.testing.assert_allclose(grid_x[0], [-1.0, 5.0, 11.0])
    np.testing.assert_allclose(grid_y[:, 0], [0.5, 1.0, 1.5])
    np.testing.assert_array_equal(points[:, 0], grid_x.ravel())
