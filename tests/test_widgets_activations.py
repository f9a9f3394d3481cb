"""Tests for ActivationExplorer, without a browser: set the controls in
Python and check the state, the figure and the text."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from mlcourse import activations as act
from mlcourse.widgets import ActivationExplorer, FigureWidget

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
NAMES = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "step"]


def test_defaults():
    widget = ActivationExplorer()
    assert isinstance(widget, FigureWidget)
    assert widget.activation == "sigmoid"
    assert widget.alpha.disabled
    assert widget.alpha.continuous_update is False
    assert [value for _, value in widget.function.options] == NAMES
    assert widget.png.startswith(b"\x89PNG")
    assert widget.image.value == widget.png
    assert repr(widget) == "<ActivationExplorer: sigmoid>"


@pytest.mark.parametrize("name", NAMES)
def test_every_function_draws_and_matches_the_package(name):
    widget = ActivationExplorer(name)
    z = np.linspace(-3, 3, 13)
    f, f_prime = act.get_activation(name)
    a, da = widget.evaluate(z)
    if name in act.ALPHA_DEFAULTS:
        alpha = act.ALPHA_DEFAULTS[name]
        np.testing.assert_allclose(a, f(z, alpha=alpha))
        np.testing.assert_allclose(da, f_prime(z, alpha=alpha))
    else:
        np.testing.assert_allclose(a, f(z))
        np.testing.assert_allclose(da, f_prime(z))
    assert widget.png.startswith(b"\x89PNG")


def test_alpha_enabled_only_where_the_function_has_one():
    widget = ActivationExplorer()
    for name in NAMES:
        widget.function.value = name
        assert widget.alpha.disabled == (name not in ("leaky_relu", "elu"))
    widget.function.value = "leaky_relu"
    assert widget.alpha.value == pytest.approx(0.01)
    assert repr(widget) == "<ActivationExplorer: leaky_relu, alpha=0.01>"
    widget.function.value = "elu"
    assert widget.alpha.value == pytest.approx(1.0)
    assert repr(widget) == "<ActivationExplorer: elu, alpha=1.00>"


def test_changing_controls_redraws():
    widget = ActivationExplorer("sigmoid")
    sigmoid_png = widget.png
    widget.function.value = "elu"
    elu_png = widget.png
    assert elu_png != sigmoid_png
    assert widget.image.value == elu_png

    widget.alpha.value = 0.5
    assert widget.png != elu_png
    _, da = widget.evaluate(np.array([-100.0, 2.0]))
    np.testing.assert_allclose(da, [0.0, 1.0], atol=1e-12)
    a, _ = widget.evaluate(np.array([-100.0]))
    np.testing.assert_allclose(a, [-0.5])  # ELU tends to -alpha

    widget.function.value = "sigmoid"
    assert widget.png == sigmoid_png  # rendering is deterministic


def test_initial_alpha_is_used():
    widget = ActivationExplorer("leaky_relu", alpha=0.2)
    assert widget.alpha.value == pytest.approx(0.2)
    a, da = widget.evaluate(np.array([-1.0, 1.0]))
    np.testing.assert_allclose(a, [-0.2, 1.0])
    np.testing.assert_allclose(da, [0.2, 1.0])


def test_repr_mimebundle_has_widget_png_and_stable_text():
    widget = ActivationExplorer("tanh")
    bundle = widget._repr_mimebundle_()
    assert set(bundle) >= {WIDGET_MIME, "image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"]) == widget.png
    assert bundle["text/plain"] == "<ActivationExplorer: tanh>"


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"activation": "softmax"}, ValueError, "activation"),
        ({"activation": "swish"}, ValueError, "activation"),
        ({"activation": 3}, TypeError, "activation"),
        ({"alpha": -0.1}, ValueError, "alpha"),
        ({"alpha": 5.0}, ValueError, "alpha"),
        ({"alpha": "big"}, TypeError, "alpha"),
        ({"z_max": 0}, ValueError, "z_max"),
        ({"z_max": None}, TypeError, "z_max"),
    ],
)
def test_bad_arguments(kwargs, error, argument):
    with pytest.raises(error, match=argument):
        ActivationExplorer(**kwargs)
