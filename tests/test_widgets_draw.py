"""Tests for the draw-a-digit widgets, without a browser.

The browser would set ``pad.pixels`` at the end of each stroke; here we
assign it ourselves and check what the observers did.
"""

from __future__ import annotations

import base64

import ipywidgets
import numpy as np
import pytest
import traitlets
from matplotlib.figure import Figure

from mlcourse.drawing import canvas_from_strokes
from mlcourse.widgets import DigitClassifier, DrawPad, FigureWidget

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


class InkCounter:
    """A fake classifier: little ink -> mostly "1", much ink -> mostly "8".

    It also remembers the last input so tests can check the scaling.
    """

    def __init__(self) -> None:
        self.last_X: np.ndarray | None = None

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        self.last_X = X
        ink = (X > X.min()).mean(axis=1)  # fraction of inked pixels, (n,)
        proba = np.full((len(X), 10), 0.02)
        proba[:, 1] = np.where(ink < 0.15, 0.82, 0.02)
        proba[:, 8] = np.where(ink < 0.15, 0.02, 0.82)
        return proba


def pixels_from_strokes(strokes, size: int = 112) -> list[int]:
    """What the browser would send for a drawing on the 280x280 canvas."""
    scale = size / 280
    scaled = [[(x * scale, y * scale) for x, y in stroke] for stroke in strokes]
    canvas = canvas_from_strokes(scaled, size=size, width=22 * scale)
    return np.round(canvas * 255).astype(int).ravel().tolist()


ONE = [[(140, 40), (140, 240)]]
BLOB = [[(60, 60), (220, 60), (220, 220), (60, 220), (60, 60), (220, 220)]]


# -- DrawPad -------------------------------------------------------------------


def test_drawpad_defaults():
    pad = DrawPad()
    assert pad.pixels == []
    assert pad.is_empty
    assert pad.to_array().shape == (112, 112)
    assert not pad.to_array().any()
    assert repr(pad) == "<DrawPad: empty>"


def test_drawpad_to_array_and_clear():
    pad = DrawPad()
    pad.pixels = pixels_from_strokes(ONE)
    image = pad.to_array()
    assert image.shape == (112, 112)
    assert image.max() == 1.0 and image.min() == 0.0
    assert repr(pad) == "<DrawPad: drawing>"
    pad.clear()
    assert pad.pixels == [] and pad.is_empty


@pytest.mark.parametrize("pixels", [[0] * 10, [300] * (112 * 112), [-1] * (112 * 112)])
def test_drawpad_rejects_bad_pixels(pixels):
    pad = DrawPad()
    with pytest.raises(traitlets.TraitError, match="pixels"):
        pad.pixels = pixels


def test_drawpad_ships_its_javascript():
    pad = DrawPad()
    assert "export default" in pad._esm
    assert "pointerup" in pad._esm and "save_changes" in pad._esm
    # Traits the JavaScript reads and writes are synced.
    for name in ("pixels", "size", "line_width"):
        assert pad.trait_metadata(name, "sync")


# -- DigitClassifier -----------------------------------------------------------


def test_classifier_starts_empty():
    widget = DigitClassifier(InkCounter())
    assert widget.prediction is None
    assert widget.probabilities is None
    assert "Draw a digit" in widget.label.value
    assert widget.png.startswith(b"\x89PNG")
    assert widget.image.value == widget.png
    assert repr(widget) == "<DigitClassifier: draw a digit>"


def test_drawing_updates_prediction_and_figure():
    model = InkCounter()
    widget = DigitClassifier(model)
    empty_png = widget.png

    widget.pad.pixels = pixels_from_strokes(ONE)
    assert widget.prediction == 1
    np.testing.assert_allclose(widget.probabilities[1], 0.82)
    assert "Prediction: 1 (82.0%)" in widget.label.value
    assert widget.png != empty_png
    assert widget.image.value == widget.png
    assert repr(widget) == "<DigitClassifier: prediction 1>"
    assert widget.mnist_image.shape == (28, 28)
    assert widget.mnist_image.max() > 0.9

    one_png = widget.png
    widget.pad.pixels = pixels_from_strokes(BLOB)
    assert widget.prediction == 8
    assert "Prediction: 8 (82.0%)" in widget.label.value
    assert widget.png not in (empty_png, one_png)


def test_clearing_resets():
    widget = DigitClassifier(InkCounter())
    empty_png = widget.png
    widget.pad.pixels = pixels_from_strokes(ONE)
    widget.pad.clear()
    assert widget.prediction is None
    assert "Draw a digit" in widget.label.value
    assert not widget.mnist_image.any()
    assert widget.png == empty_png  # rendering is deterministic


@pytest.mark.parametrize(
    ("input_scale", "low", "high"), [("minus_one_one", -1, 1), ("zero_one", 0, 1)]
)
def test_input_scale(input_scale, low, high):
    model = InkCounter()
    widget = DigitClassifier(model, input_scale=input_scale)
    widget.pad.pixels = pixels_from_strokes(ONE)
    X = model.last_X
    assert X.shape == (1, 784)
    assert X.dtype == np.float32
    assert X.min() == low  # paper
    assert high - 0.1 < X.max() <= high  # ink (a little grey after shrinking)
    np.testing.assert_allclose(X, widget.model_input())


def test_repr_mimebundle_has_widget_png_and_stable_text():
    widget = DigitClassifier(InkCounter())
    bundle = widget._repr_mimebundle_()
    assert set(bundle) >= {WIDGET_MIME, "image/png", "text/plain"}
    assert bundle[WIDGET_MIME]["model_id"] == widget.model_id
    assert base64.b64decode(bundle["image/png"]) == widget.png
    assert bundle["text/plain"] == "<DigitClassifier: draw a digit>"
    assert "0x" not in bundle["text/plain"]
    # A second widget gives the same text (nothing instance-specific).
    assert (
        DigitClassifier(InkCounter())._repr_mimebundle_()["text/plain"]
        == (bundle["text/plain"])
    )


def test_layout_pad_left_figure_right():
    widget = DigitClassifier(InkCounter())
    (row,) = widget.children
    assert isinstance(row, ipywidgets.HBox)
    left, right = row.children
    assert left is widget.pad
    assert widget.image in right.children and widget.label in right.children


class NoProba:
    def predict(self, X):
        return np.zeros(len(X), dtype=int)


class WrongShape:
    def predict_proba(self, X):
        return np.full((len(X), 3), 1 / 3)


def test_model_without_predict_proba():
    with pytest.raises(TypeError, match="model"):
        DigitClassifier(NoProba())


def test_model_returning_wrong_shape():
    widget = DigitClassifier(WrongShape())
    with pytest.raises(ValueError, match=r"predict_proba\(X\)"):
        widget.pad.pixels = pixels_from_strokes(ONE)


@pytest.mark.parametrize(("value", "error"), [("unit", ValueError), (1, TypeError)])
def test_bad_input_scale(value, error):
    with pytest.raises(error, match="input_scale"):
        DigitClassifier(InkCounter(), input_scale=value)


# -- FigureWidget base class -------------------------------------------------


class Square(FigureWidget):
    def __init__(self) -> None:
        self.slider = ipywidgets.IntSlider(value=2, min=1, max=5)
        super().__init__(controls=[self.slider], figsize=(3, 2))
        self.slider.observe(lambda change: self.redraw(), names="value")
        self.redraw()

    def draw(self, fig: Figure) -> None:
        ax = fig.subplots()
        x = np.linspace(-2, 2, 50)
        ax.plot(x, self.slider.value * x**2)

    def _repr_details(self) -> str:
        return f"a={self.slider.value}"


def test_figure_widget_redraws_on_control_change():
    widget = Square()
    before = widget.png
    assert widget.children == (widget.slider, widget.image)
    widget.slider.value = 4
    assert widget.png != before
    assert widget.image.value == widget.png
    assert repr(widget) == "<Square: a=4>"


def test_figure_widget_png_size_follows_figsize():
    png = Square().png
    width = int.from_bytes(png[16:20], "big")  # from the PNG header
    height = int.from_bytes(png[20:24], "big")
    assert (width, height) == (300, 200)


def test_figure_widget_needs_draw():
    class NoDraw(FigureWidget):
        pass

    with pytest.raises(NotImplementedError, match="draw"):
        NoDraw().redraw()
    assert repr(NoDraw()) == "<NoDraw>"


def test_figure_widget_bad_arguments():
    with pytest.raises(TypeError, match="controls"):
        FigureWidget(controls=["not a widget"])
    with pytest.raises(ValueError, match="figsize"):
        FigureWidget(figsize=(0, 3))
    with pytest.raises(TypeError, match="dpi"):
        FigureWidget(dpi=72.5)


def test_no_pyplot_figures_left_open():
    import matplotlib.pyplot as plt

    plt.close("all")
    widget = Square()
    widget.slider.value = 5
    assert plt.get_fignums() == []
