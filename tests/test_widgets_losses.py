"""Tests for LossExplorer, without a browser: set the sliders in Python and
check the prediction, the losses, the figure and the text."""

from __future__ import annotations

import base64
import math

import numpy as np
import pytest

from mlcourse import losses
from mlcourse.activations import softmax
from mlcourse.widgets import FigureWidget, LossExplorer

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
LABELS = ["MSE", "MAE", "cross-entropy", "KL divergence", "logistic cost"]


def test_defaults_uniform_prediction():
    widget = LossExplorer()
    assert isinstance(widget, FigureWidget)
    assert len(widget.logit_sliders) == 3
    assert all(s.continuous_update is False for s in widget.logit_sliders)
    np.testing.assert_allclose(widget.probabilities, [1 / 3] * 3)
    np.testing.assert_array_equal(widget.target_vector, [1, 0, 0])
    values = widget.loss_values()
    assert list(values) == LABELS
    assert values["cross-entropy"] == pytest.approx(math.log(3))
    # one-hot target: the entropy is 0, so KL equals cross-entropy
    assert values["KL divergence"] == pytest.approx(values["cross-entropy"])
    assert widget.png.startswith(b"\x89PNG")
    assert widget.image.value == widget.png
    assert repr(widget) == "<LossExplorer: 3 classes, target 0, cross-entropy 1.0986>"


def test_losses_agree_with_the_package():
    widget = LossExplorer(n_classes=4, target=2, logits=[1.0, -2.0, 0.5, 3.0])
    y = losses.one_hot([2], 4)
    p = softmax(np.array([[1.0, -2.0, 0.5, 3.0]]))
    values = widget.loss_values()
    assert values["MSE"] == pytest.approx(losses.mse(y, p))
    assert values["MAE"] == pytest.approx(losses.mae(y, p))
    assert values["cross-entropy"] == pytest.approx(-math.log(p[0, 2]))
    assert values["logistic cost"] == pytest.approx(losses.logistic_cost(y, p))
    assert values["KL divergence"] == pytest.approx(values["cross-entropy"])


def test_moving_sliders_keeps_a_distribution_and_redraws():
    widget = LossExplorer(n_classes=4)
    first_png = widget.png
    before = widget.loss_values()["cross-entropy"]
    widget.logit_sliders[0].value = 4.0  # towards the right class
    assert widget.probabilities.sum() == pytest.approx(1.0)
    assert widget.probabilities.argmax() == 0
    assert widget.loss_values()["cross-entropy"] < before
    assert widget.png != first_png
    assert widget.image.value == widget.png

    widget.target_class.value = 3  # now the prediction is wrong
    assert widget.loss_values()["cross-entropy"] > before
    assert repr(widget).startswith("<LossExplorer: 4 classes, target 3, ")

    widget.logit_sliders[0].value = 0.0
    widget.target_class.value = 0
    assert widget.png == first_png  # rendering is deterministic


def test_smoothing_separates_kl_from_cross_entropy():
    widget = LossExplorer(n_classes=3, logits=[2.0, 0.0, -1.0])
    widget.smoothing.value = 0.3
    y = widget.target_vector
    np.testing.assert_allclose(y, [0.8, 0.1, 0.1])
    values = widget.loss_values()
    entropy = -np.sum(y * np.log(y))
    assert values["KL divergence"] == pytest.approx(values["cross-entropy"] - entropy)
    assert values["KL divergence"] < values["cross-entropy"]


def test_repr_mimebundle_has_widget_png_and_stable_text():
    widget = LossExplorer(n_classes=3, target=1)
    bundle = widget._repr_mimebundle_()
    assert set(bundle) >= {WIDGET_MIME, "image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"]) == widget.png
    assert bundle["text/plain"] == (
        "<LossExplorer: 3 classes, target 1, cross-entropy 1.0986>"
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"n_classes": 1}, ValueError, "n_classes"),
        ({"n_classes": 9}, ValueError, "n_classes"),
        ({"n_classes": 3.0}, TypeError, "n_classes"),
        ({"target": 3}, ValueError, "target"),
        ({"target": -1}, ValueError, "target"),
        ({"target": "0"}, TypeError, "target"),
        ({"logits": [0.0, 1.0]}, ValueError, "logits"),
        ({"logits": [0.0, 1.0, 9.0]}, ValueError, "logits"),
        ({"logits": "abc"}, TypeError, "logits"),
        ({"smoothing": 0.9}, ValueError, "smoothing"),
        ({"smoothing": -0.1}, ValueError, "smoothing"),
    ],
)
def test_bad_arguments(kwargs, error, argument):
    with pytest.raises(error, match=argument):
        LossExplorer(**kwargs)
