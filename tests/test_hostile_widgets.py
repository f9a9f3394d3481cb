"""Widgets given bad arguments or a misbehaving model: clear messages, no
raw errors and no nonsense on screen."""

import numpy as np
import pytest

from mlcourse.drawing import canvas_from_strokes
from mlcourse.widgets import DigitClassifier, DrawPad
from mlcourse.widgets._base import FigureWidget


class Plot(FigureWidget):
    def draw(self, fig):
        fig.add_subplot().plot([0, 1])


@pytest.mark.parametrize("figsize", [5, "6x3", (6.0,), (6.0, 3.0, 1.0), None])
def test_figsize_must_be_a_pair(figsize):
    with pytest.raises(TypeError, match=r"figsize must be a pair \(width, height\)"):
        Plot(figsize=figsize)


@pytest.mark.parametrize("figsize", [(0, 3), (6, -1)])
def test_figsize_must_be_positive(figsize):
    with pytest.raises(ValueError, match=r"figsize\[[01]\]"):
        Plot(figsize=figsize)


def a_drawing(size: int) -> list[int]:
    scale = size / 280
    canvas = canvas_from_strokes(
        [[(140 * scale, 40 * scale), (140 * scale, 240 * scale)]],
        size=size,
        width=22 * scale,
    )
    return np.round(canvas * 255).astype(int).ravel().tolist()


def test_a_pad_whose_size_changes_starts_a_new_drawing():
    pad = DrawPad()
    pad.pixels = a_drawing(pad.size)
    pad.size = 56
    assert pad.is_empty
    assert pad.to_array().shape == (56, 56)
    pad.pixels = a_drawing(56)
    assert pad.to_array().shape == (56, 56) and pad.to_array().max() > 0


class Returns:
    """A fake model whose predict_proba returns a fixed row."""

    def __init__(self, row):
        self.row = np.asarray(row, dtype=float).reshape(1, 10)

    def predict_proba(self, X):
        return self.row


@pytest.mark.parametrize(
    "row, words",
    [
        ([-1.0] + [0.0] * 9, "outside [0, 1]"),
        ([0.5] * 10, "sum to 5.0000"),
        ([np.nan] + [0.1] * 9, "NaN or infinite"),
        ([2.0] + [-0.1] * 9 + [0.0] * 0, "outside [0, 1]"),
    ],
)
def test_a_model_returning_non_probabilities_gets_a_message_not_a_prediction(
    row, words
):
    widget = DigitClassifier(Returns(row))
    widget.pad.pixels = a_drawing(widget.pad.size)
    assert widget.prediction is None
    assert "No prediction" in widget.label.value and words in widget.label.value
    assert "%)" not in widget.label.value


def test_a_model_returning_the_wrong_shape_is_refused():
    class Wrong:
        def predict_proba(self, X):
            return np.full((1, 9), 1 / 9)

    widget = DigitClassifier(Wrong())
    with pytest.raises(ValueError, match=r"must return shape \(1, 10\)"):
        widget.pad.pixels = a_drawing(widget.pad.size)


def test_after_a_bad_output_a_good_one_shows_again():
    model = Returns([-1.0] + [0.0] * 9)
    widget = DigitClassifier(model)
    widget.pad.pixels = a_drawing(widget.pad.size)
    model.row = np.full((1, 10), 0.1)
    model.row[0, 3] = 0.1
    widget.update()
    assert widget.problem is None and "Prediction: 0 (10.0%)" in widget.label.value
