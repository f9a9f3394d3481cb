"""Tests for the Adaline explorer, without a browser.

A browser would move the sliders; here we set the control values in Python
and check that the neuron was retrained and the figure redrawn.
"""

from __future__ import annotations

import base64

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from mlcourse.datasets import load_iris
from mlcourse.linear import Adaline, standardize
from mlcourse.widgets import AdalineExplorer, FigureWidget

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def iris(iris2):
    """``iris2`` (tests/conftest.py) with the names of its two features."""
    feature_names = load_iris()[2]
    return (*iris2, [feature_names[0], feature_names[2]])


@pytest.fixture
def widget(iris):
    X, y, names = iris
    return AdalineExplorer(X, y, names, class_names=["setosa", "versicolor"])


def suptitle(widget: AdalineExplorer) -> str:
    """The title of the figure for the widget's current state."""
    fig = Figure(figsize=widget.figsize)
    widget.draw(fig)
    return fig._suptitle.get_text()


def test_initial_state_converges(widget):
    assert isinstance(widget, FigureWidget)
    assert widget.eta == 0.01
    assert widget.epochs == 20
    assert widget.standardized
    assert widget.mode == "full batch"
    assert widget.diverged is None
    assert len(widget.costs) == 20
    assert widget.costs[-1] < widget.costs[0] < widget.initial_cost
    assert widget.accuracy() == 1.0
    assert widget.png.startswith(b"\x89PNG")
    assert widget.image.value == widget.png
    assert suptitle(widget) == (
        f"Training accuracy 100.00%, cost after 20 epochs {widget.costs[-1]:.4f}"
    )
    assert repr(widget) == (
        "<AdalineExplorer: eta=0.01, 20 epochs, full batch, standardized: "
        "training accuracy 100.00%>"
    )


def test_controls(widget):
    assert widget.eta_slider.min == pytest.approx(-5)
    assert widget.eta_slider.max == pytest.approx(-1)
    assert widget.eta_slider.base == 10
    assert (widget.epochs_slider.min, widget.epochs_slider.max) == (1, 100)
    assert widget.standardize_box.description == "standardize features"
    assert list(widget.mode_dropdown.options) == [
        "full batch",
        "stochastic",
        "mini-batch",
    ]
    # Training on every intermediate slider position would be wasted work.
    assert not widget.eta_slider.continuous_update
    assert not widget.epochs_slider.continuous_update


def test_same_costs_as_adaline(widget, iris):
    X, y, _ = iris
    X_std, _, _ = standardize(X)
    reference = Adaline(eta=0.01, epochs=20, seed=1).fit(X_std, y)
    np.testing.assert_allclose(widget.costs, reference.cost_)
    np.testing.assert_allclose(widget.model.w_, reference.w_)


def test_epochs_slider_retrains_and_redraws(widget):
    before = widget.png
    widget.epochs_slider.value = 5
    assert len(widget.costs) == 5
    assert widget.png != before
    assert widget.image.value == widget.png
    assert "5 epochs" in repr(widget)
    widget.epochs_slider.value = 1
    assert "1 epoch," in repr(widget)


def test_raw_features_with_large_eta_grow_then_diverge(widget):
    widget.standardize_box.value = False
    # eta = 0.01 on raw features: the cost explodes but stays finite for now
    assert widget.diverged is None
    assert widget.growing
    assert "growing" in suptitle(widget)
    assert repr(widget).endswith("raw features: cost growing>")

    # ... and after enough epochs the weights overflow
    widget.epochs_slider.value = 100
    assert widget.diverged is not None
    assert "diverged in epoch" in widget.diverged
    assert widget.accuracy() is None
    epoch = len(widget.costs) + 1
    assert suptitle(widget).startswith(f"Training diverged in epoch {epoch}:")
    assert repr(widget).endswith(f"raw features: diverged in epoch {epoch}>")
    assert widget.png.startswith(b"\x89PNG")  # drawn, not crashed


def test_small_eta_on_raw_features_converges_slowly(widget):
    widget.standardize_box.value = False
    widget.eta_slider.value = 1e-4
    assert widget.diverged is None
    assert not widget.growing
    costs = widget.costs
    assert np.all(np.diff(costs) < 0)  # always downhill ...
    assert costs[-1] > 2 * 0.61  # ... but far from the minimum (about 0.61)


def test_standardizing_fixes_the_large_eta(widget):
    widget.standardize_box.value = False
    assert widget.growing
    widget.standardize_box.value = True
    assert not widget.growing
    assert widget.costs[-1] < 0.7


@pytest.mark.parametrize(("mode", "size"), [("stochastic", 1), ("mini-batch", 10)])
def test_modes(widget, iris, mode, size):
    X, y, _ = iris
    full_png = widget.png
    widget.mode_dropdown.value = mode
    assert widget.model.minibatch_size == size
    X_std, _, _ = standardize(X)
    reference = Adaline(eta=0.01, epochs=20, minibatch_size=size, seed=1)
    np.testing.assert_allclose(widget.costs, reference.fit(X_std, y).cost_)
    assert widget.png != full_png
    assert f"20 epochs, {mode}, standardized" in repr(widget)


def test_regions_are_in_original_units(widget, iris):
    X, y, _ = iris
    # The classifier used for the plot takes centimetres and agrees with the
    # neuron trained on standardized features.
    X_std, _, _ = standardize(X)
    np.testing.assert_array_equal(
        widget.classifier().predict(X), widget.model.predict(X_std)
    )
    widget.standardize_box.value = False
    widget.eta_slider.value = 1e-4
    assert widget.classifier() is widget.model


def test_initial_settings(iris):
    X, y, _ = iris
    widget = AdalineExplorer(
        X, y, eta=1e-4, epochs=10, standardize=False, mode="stochastic", seed=3
    )
    assert (widget.eta, widget.epochs, widget.standardized, widget.mode) == (
        1e-4,
        10,
        False,
        "stochastic",
    )
    assert widget.model.seed == 3
    assert repr(widget).startswith(
        "<AdalineExplorer: eta=0.0001, 10 epochs, stochastic, raw features:"
    )


def test_rendering_is_deterministic(iris):
    X, y, names = iris
    first = AdalineExplorer(X, y, names)
    second = AdalineExplorer(X, y, names)
    assert first.png == second.png
    first.standardize_box.value = False
    first.standardize_box.value = True
    assert first.png == second.png


def test_png_size_follows_figsize(widget):
    png = widget.png
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    assert (width, height) == (1000, 400)


def test_repr_mimebundle_has_widget_png_and_stable_text(widget, iris):
    bundle = widget._repr_mimebundle_()
    assert set(bundle) >= {WIDGET_MIME, "image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"]) == widget.png
    assert bundle["text/plain"] == repr(widget)
    assert "0x" not in bundle["text/plain"]
    X, y, names = iris
    other = AdalineExplorer(X, y, names)._repr_mimebundle_()
    assert other["text/plain"] == bundle["text/plain"]


def test_no_pyplot_figures_left_open(iris):
    X, y, _ = iris
    plt.close("all")
    widget = AdalineExplorer(X, y)
    widget.epochs_slider.value = 3
    assert plt.get_fignums() == []


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"X": np.zeros((4, 3))}, ValueError, "X must have 2 features"),
        ({"X": "iris"}, TypeError, "X"),
        ({"y": np.array([0, 1, 2, 1])}, ValueError, "y must be below 2"),
        ({"y": np.array([0, 1, 1])}, ValueError, "X and y"),
        (
            {"X": np.array([[1.0, 2.0], [1.0, 3.0], [1.0, 4.0], [1.0, 5.0]])},
            ValueError,
            "constant feature",
        ),
        ({"feature_names": ["a"]}, ValueError, "feature_names"),
        ({"feature_names": "ab"}, TypeError, "feature_names"),
        ({"class_names": ["a", 1]}, TypeError, "class_names"),
        ({"eta": 0.5}, ValueError, "eta"),
        ({"eta": 0}, ValueError, "eta"),
        ({"eta": "big"}, TypeError, "eta"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"epochs": 101}, ValueError, "epochs"),
        ({"epochs": 2.5}, TypeError, "epochs"),
        ({"standardize": "yes"}, TypeError, "standardize"),
        ({"mode": "online"}, ValueError, "mode"),
        ({"mode": None}, TypeError, "mode"),
        ({"seed": -1}, ValueError, "seed"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    arguments = {
        "X": np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 4.0], [4.0, 3.0]]),
        "y": np.array([0, 0, 1, 1]),
    }
    arguments.update(kwargs)
    with pytest.raises(error, match=match):
        AdalineExplorer(**arguments)
