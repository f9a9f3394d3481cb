"""Draw a digit with the mouse and watch a trained network classify it.

Two widgets:

* ``DrawPad``: a canvas to draw on (mouse, pen or finger) with a Clear
  button. The drawing is sent to Python once per stroke as a small
  grayscale image in the ``pixels`` trait.
* ``DigitClassifier``: a ``DrawPad`` next to a figure showing what the
  network actually receives (the 28x28 image after MNIST-style
  preprocessing) and the ten class probabilities.

Why anywidget: the JavaScript below is an ES module that anywidget loads as
it is, so there is no JavaScript build step and no extension to install; it
works in JupyterLab 4, Notebook 7 and on Binder. More importantly, all the
drawing happens in the browser and only the finished stroke travels to the
kernel. A widget that sent every mouse move to Python (ipycanvas, ipympl)
would wait for a kernel round trip per move, which on Binder makes the pen
lag far behind the hand.
"""

from __future__ import annotations

import anywidget
import ipywidgets
import numpy as np
import traitlets
from matplotlib.figure import Figure

from mlcourse._validation import check_choice
from mlcourse.drawing import to_mnist_image
from mlcourse.widgets._base import FigureWidget

__all__ = ["DigitClassifier", "DrawPad"]

_DRAWPAD_ESM = r"""
// The visible canvas is CANVAS_SIZE x CANVAS_SIZE pixels. Strokes are drawn
// in black on a transparent canvas, so the alpha channel is the ink.
const CANVAS_SIZE = 280;

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "mlcourse-drawpad";

  const canvas = document.createElement("canvas");
  canvas.width = CANVAS_SIZE;
  canvas.height = CANVAS_SIZE;
  canvas.className = "mlcourse-drawpad-canvas";
  const ctx = canvas.getContext("2d");

  const clearButton = document.createElement("button");
  clearButton.textContent = "Clear";
  clearButton.className = "mlcourse-drawpad-clear jupyter-button";

  root.append(canvas, clearButton);
  el.appendChild(root);

  // A small canvas used to shrink the drawing to size x size before sending.
  const small = document.createElement("canvas");
  const smallCtx = small.getContext("2d", { willReadFrequently: true });

  let drawing = false;
  let last = null;
  let sending = false;  // true while this view updates `pixels` itself

  function position(event) {
    const box = canvas.getBoundingClientRect();
    return [
      ((event.clientX - box.left) * canvas.width) / box.width,
      ((event.clientY - box.top) * canvas.height) / box.height,
    ];
  }

  function strokeTo(point) {
    ctx.lineWidth = model.get("line_width");
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "black";
    ctx.beginPath();
    ctx.moveTo(last[0], last[1]);
    ctx.lineTo(point[0], point[1]);
    ctx.stroke();
    last = point;
  }

  // Shrink the drawing, keep the alpha channel (0-255) and send it: one
  // message per stroke, not one per mouse move.
  function sendPixels() {
    const n = model.get("size");
    small.width = n;
    small.height = n;
    smallCtx.imageSmoothingEnabled = true;
    smallCtx.imageSmoothingQuality = "high";
    smallCtx.clearRect(0, 0, n, n);
    smallCtx.drawImage(canvas, 0, 0, n, n);
    const rgba = smallCtx.getImageData(0, 0, n, n).data;
    const pixels = new Array(n * n);
    for (let i = 0; i < n * n; i++) pixels[i] = rgba[4 * i + 3];
    sending = true;
    model.set("pixels", pixels);
    sending = false;
    model.save_changes();
  }

  // Paint `pixels` onto the canvas: used when Python changes the drawing
  // (clear(), or a test assigning pixels) and when a view is (re)created.
  function paintFromModel() {
    const pixels = model.get("pixels");
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const n = model.get("size");
    if (!pixels || pixels.length !== n * n) return;
    small.width = n;
    small.height = n;
    const image = smallCtx.createImageData(n, n);
    for (let i = 0; i < n * n; i++) image.data[4 * i + 3] = pixels[i];
    smallCtx.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  }

  function onDown(event) {
    if (event.button !== undefined && event.button !== 0) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = true;
    last = position(event);
    strokeTo(last);  // a click alone leaves a dot
  }
  function onMove(event) {
    if (!drawing) return;
    event.preventDefault();
    strokeTo(position(event));
  }
  function onUp(event) {
    if (!drawing) return;
    drawing = false;
    if (canvas.hasPointerCapture(event.pointerId)) {
      canvas.releasePointerCapture(event.pointerId);
    }
    sendPixels();
  }
  function onClear() {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    sending = true;
    model.set("pixels", []);
    sending = false;
    model.save_changes();
  }
  function onModelChange() {
    if (!sending) paintFromModel();
  }

  canvas.addEventListener("pointerdown", onDown);
  canvas.addEventListener("pointermove", onMove);
  canvas.addEventListener("pointerup", onUp);
  canvas.addEventListener("pointercancel", onUp);
  clearButton.addEventListener("click", onClear);
  model.on("change:pixels", onModelChange);
  paintFromModel();

  return () => {
    model.off("change:pixels", onModelChange);
  };
}

export default { render };
"""

_DRAWPAD_CSS = """
.mlcourse-drawpad {
  display: inline-flex;
  flex-direction: column;
  align-items: flex-start;
  gap: 4px;
}
.mlcourse-drawpad-canvas {
  width: 280px;
  height: 280px;
  background: white;
  border: 1px solid #888;
  border-radius: 4px;
  cursor: crosshair;
  touch-action: none; /* let a finger draw instead of scrolling the page */
}
"""


class DrawPad(anywidget.AnyWidget):
    """A square canvas to draw on, synced to Python once per stroke.

    Traits
    ------
    pixels : list of int
        The drawing shrunk to ``size x size`` pixels, row by row, each an
        ink level from 0 (paper) to 255 (full ink); an empty list when
        nothing is drawn. Updated by the browser when a stroke ends.
        Assigning it from Python repaints the canvas.
    size : int
        Side of the shrunk image (default 112 = 4 x 28).
    line_width : int
        Pen thickness on the 280x280 canvas, in pixels.
    """

    _esm = _DRAWPAD_ESM
    _css = _DRAWPAD_CSS

    pixels = traitlets.List(traitlets.Int()).tag(sync=True)
    size = traitlets.Int(112).tag(sync=True)
    line_width = traitlets.Int(22).tag(sync=True)

    @traitlets.validate("pixels")
    def _check_pixels(self, proposal: dict) -> list[int]:
        pixels = proposal["value"]
        if pixels and len(pixels) != self.size * self.size:
            raise traitlets.TraitError(
                f"pixels must hold size * size = {self.size * self.size} values "
                f"(or none), got {len(pixels)}"
            )
        if pixels and (min(pixels) < 0 or max(pixels) > 255):
            raise traitlets.TraitError("pixels must lie between 0 and 255")
        return pixels

    @traitlets.validate("size", "line_width")
    def _check_positive(self, proposal: dict) -> int:
        if proposal["value"] < 1:
            name = proposal["trait"].name
            raise traitlets.TraitError(f"{name} must be at least 1")
        return proposal["value"]

    @traitlets.observe("size")
    def _clear_on_resize(self, change: dict) -> None:
        # a drawing shrunk to the old size cannot be read at the new one
        self.pixels = []

    @property
    def is_empty(self) -> bool:
        """True when nothing is drawn."""
        return not any(self.pixels)

    def to_array(self) -> np.ndarray:
        """The drawing as an array (size, size) of ink levels in [0, 1]."""
        if not self.pixels:
            return np.zeros((self.size, self.size))
        return (
            np.asarray(self.pixels, dtype=np.float64).reshape(self.size, self.size)
            / 255.0
        )

    def clear(self) -> None:
        """Erase the drawing (in Python and in every view of the pad)."""
        self.pixels = []

    def __repr__(self) -> str:
        return f"<DrawPad: {'empty' if self.is_empty else 'drawing'}>"


class DigitClassifier(FigureWidget):
    """Draw a digit and see what a classifier trained on MNIST makes of it.

    Parameters
    ----------
    model : object with ``predict_proba(X) -> (n, 10)``
        Any classifier trained on flattened MNIST images ``X`` (n, 784).
    input_scale : {"minus_one_one", "zero_one"}
        How the training images were scaled: pixel values in [-1, 1]
        (ink = 1, paper = -1) or in [0, 1] (ink = 1, paper = 0). The drawing
        is scaled the same way before it is given to the model.

    Attributes
    ----------
    pad : DrawPad
        The drawing pad (left).
    label : ipywidgets.HTML
        The prediction in words, e.g. "Prediction: 3 (97.1%)".
    mnist_image : array (28, 28)
        The preprocessed drawing, in [0, 1].
    probabilities : array (10,) or None
        The model's class probabilities; None while nothing is drawn.
    """

    SCALES = ("minus_one_one", "zero_one")

    def __init__(self, model, input_scale: str = "minus_one_one") -> None:
        if not callable(getattr(model, "predict_proba", None)):
            raise TypeError(
                "model must have a predict_proba(X) method returning (n, 10) "
                f"class probabilities, got {type(model).__name__}"
            )
        self.model = model
        self.input_scale = check_choice(input_scale, "input_scale", self.SCALES)
        self.mnist_image = np.zeros((28, 28))
        self.probabilities: np.ndarray | None = None
        #: what is wrong with the model's last output, or None
        self.problem: str | None = None

        self.pad = DrawPad()
        self.label = ipywidgets.HTML(value=self._label_text())
        super().__init__(controls=[self.pad], figsize=(6.4, 3.0))
        # Pad on the left; figure and label on the right.
        self.children = [
            ipywidgets.HBox(
                [self.pad, ipywidgets.VBox([self.image, self.label])],
                layout=ipywidgets.Layout(align_items="center"),
            )
        ]
        self.pad.observe(self._on_pixels, names="pixels")
        self.redraw()

    @property
    def prediction(self) -> int | None:
        """The most probable digit, or None while nothing is drawn."""
        if self.probabilities is None:
            return None
        return int(np.argmax(self.probabilities))

    def model_input(self) -> np.ndarray:
        """The drawing as the model sees it: X (1, 784), scaled like MNIST."""
        x = self.mnist_image.reshape(1, 28 * 28).astype(np.float32)
        if self.input_scale == "minus_one_one":
            x = 2 * x - 1
        return x

    def update(self) -> None:
        """Preprocess the drawing, ask the model, redraw the figure."""
        self.mnist_image = to_mnist_image(self.pad.to_array())
        self.problem = None
        if self.pad.is_empty:
            self.probabilities = None
        else:
            proba = np.asarray(self.model.predict_proba(self.model_input()))
            if proba.shape != (1, 10):
                raise ValueError(
                    "model.predict_proba(X) must return shape (1, 10) for one "
                    f"image, got {proba.shape}"
                )
            self.problem = _not_probabilities(proba[0])
            self.probabilities = None if self.problem else proba[0].astype(float)
        self.label.value = self._label_text()
        self.redraw()

    def _on_pixels(self, change: dict) -> None:
        self.update()

    def _title(self) -> str:
        if self.problem:
            return f"No prediction: model.predict_proba(X) {self.problem}"
        if self.prediction is None:
            return "Draw a digit on the left"
        p = self.probabilities[self.prediction]
        return f"Prediction: {self.prediction} ({100 * p:.1f}%)"

    def _label_text(self) -> str:
        return f"<b>{self._title()}</b>"

    def draw(self, fig: Figure) -> None:
        fig.set_layout_engine("constrained")
        ax_image, ax_bars = fig.subplots(1, 2, width_ratios=[1, 1.6])
        ax_image.imshow(self.mnist_image, cmap="gray_r", vmin=0, vmax=1)
        ax_image.set_title("Network input (28x28)", fontsize=10)
        ax_image.set_xticks([])
        ax_image.set_yticks([])

        digits = np.arange(10)
        proba = np.zeros(10) if self.probabilities is None else self.probabilities
        colors = ["tab:blue"] * 10
        if self.prediction is not None:
            colors[self.prediction] = "tab:orange"
        ax_bars.bar(digits, proba, color=colors)
        ax_bars.set_xticks(digits)
        ax_bars.set_ylim(0, 1)
        ax_bars.set_xlabel("digit")
        ax_bars.set_ylabel("probability")
        ax_bars.set_title(self._title(), fontsize=10)

    def _repr_details(self) -> str:
        if self.prediction is None:
            return "draw a digit"
        return f"prediction {self.prediction}"


def _not_probabilities(p: np.ndarray) -> str | None:
    """What keeps ``p`` (10,) from being class probabilities, or None."""
    if not np.issubdtype(p.dtype, np.floating) and not np.issubdtype(
        p.dtype, np.integer
    ):
        return f"returned values of type {p.dtype}, not probabilities."
    if not np.all(np.isfinite(p)):
        return "returned NaN or infinite values."
    if p.min() < 0 or p.max() > 1:
        return (
            f"returned values outside [0, 1] (from {p.min():.3g} to {p.max():.3g}), "
            "not probabilities."
        )
    if abs(p.sum() - 1) > 1e-3:
        return f"returned values that sum to {p.sum():.4f}, not to 1."
    return None
