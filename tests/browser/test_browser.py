"""The course's widgets in a real JupyterLab, driven by headless Chromium.

Slow-ish (about 15 s for the module) but the only place where the
JavaScript side of the widgets runs. Skipped when ``/usr/bin/chromium`` is
missing, unless ``MLCOURSE_REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import base64
import json
import os

import pytest

if os.environ.get("MLCOURSE_REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api")

from jupyter_harness import NotebookPage, write_notebook  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

pytestmark = pytest.mark.browser

# A stand-in for a trained network: it answers 7 (82%) whenever something is
# drawn. The test checks the wiring, not the classifier.
FAKE_MODEL = """\
import numpy as np

class AlwaysSeven:
    def predict_proba(self, X):
        proba = np.full((len(X), 10), 0.02)
        proba[:, 7] = 0.82
        return proba
"""

# A "7": a horizontal bar, then a diagonal down to the left, in one stroke.
# Points are relative to the canvas, (0, 0) top-left and (1, 1) bottom-right.
SEVEN = [(0.2, 0.2), (0.8, 0.2), (0.45, 0.85)]


def test_draw_a_digit(lab: NotebookPage, lab_root):
    write_notebook(
        lab_root / "draw_digit.ipynb",
        [
            "%matplotlib inline",
            FAKE_MODEL,
            "from mlcourse.widgets import DigitClassifier\n\n"
            "widget = DigitClassifier(AlwaysSeven())\nwidget",
        ],
    )
    lab.open("draw_digit.ipynb")
    lab.run_all()
    lab.assert_no_errors()

    expect(lab.widget_outputs(cell=2)).to_have_count(1)
    output = lab.widget_outputs(cell=2)
    canvas = output.locator("canvas.mlcourse-drawpad-canvas")
    expect(canvas).to_be_visible()
    # JupyterLab shows the live widget, not also the PNG fallback.
    expect(lab.output_area(2).locator(".jp-RenderedImage")).to_have_count(0)
    expect(lab.output_area(2).locator("img")).to_have_count(1)
    chart = output.locator("img.widget-image")
    expect(chart).to_have_count(1)
    label = output.locator(".widget-html")
    expect(label).to_contain_text("Draw a digit")

    empty_src = lab.img_src(chart)
    lab.draw_stroke(canvas, SEVEN)
    lab.wait_for_src_change(chart, empty_src)
    expect(label).to_contain_text("Prediction: 7 (82.0%)")

    lab.click_button("Clear", within=output)
    expect(label).to_contain_text("Draw a digit")
    lab.assert_no_errors()


def test_executed_notebook_without_kernel_state_shows_the_picture(
    lab: NotebookPage, lab_root
):
    """A notebook run headless (nbval, nbconvert) and opened later.

    Its widget-view output points at a widget that no longer exists. An
    untrusted notebook (a fresh clone, Binder) must show the PNG fallback
    rather than "Error displaying widget".
    """
    from mlcourse.widgets import DigitClassifier

    class AlwaysSeven:
        def predict_proba(self, X):
            raise AssertionError("nothing is drawn, the model is not asked")

    widget = DigitClassifier(AlwaysSeven())
    bundle = widget._repr_mimebundle_()
    path = write_notebook(lab_root / "executed.ipynb", ["widget"])
    notebook = json.loads(path.read_text())
    notebook["cells"][0]["execution_count"] = 1
    notebook["cells"][0]["outputs"] = [
        {
            "output_type": "execute_result",
            "execution_count": 1,
            "data": bundle,
            "metadata": {},
        }
    ]
    path.write_text(json.dumps(notebook))

    lab.open("executed.ipynb", wait_for_kernel=False)
    picture = lab.output_area(0).locator(".jp-RenderedImage img")
    expect(picture).to_have_count(1)
    src = lab.img_src(picture)
    assert src.startswith("data:image/png;base64,")
    assert base64.b64decode(src.split(",", 1)[1]) == widget.png
    expect(lab.widget_outputs(cell=0)).to_have_count(0)
    lab.assert_no_errors()


# A minimal FigureWidget: a slider and a parabola whose height follows it.
# The caption is written by the kernel when it draws, so waiting for its text
# waits for the kernel (the slider's own readout changes in the browser at
# once, while the kernel may still be catching up with the updates).
PARABOLA = """\
import ipywidgets
import numpy as np
from mlcourse.widgets import FigureWidget

class Parabola(FigureWidget):
    def __init__(self):
        self.slider = ipywidgets.IntSlider(value=2, min=1, max=9, description="a")
        self.caption = ipywidgets.Label()
        super().__init__(controls=[self.slider, self.caption], figsize=(4, 2))
        self.slider.observe(lambda change: self.redraw(), names="value")
        self.redraw()

    def draw(self, fig):
        a = self.slider.value
        self.caption.value = f"drawn with a = {a}"
        ax = fig.subplots()
        x = np.linspace(-1, 1, 50)
        ax.plot(x, a * x**2)
        ax.set_ylim(0, 10)

parabola = Parabola()
parabola
"""


def test_slider_redraws_figure(lab: NotebookPage, lab_root):
    write_notebook(
        lab_root / "slider.ipynb",
        ["%matplotlib inline", PARABOLA, "print(parabola.slider.value)"],
    )
    lab.open("slider.ipynb")
    lab.run_all()
    lab.assert_no_errors()

    output = lab.widget_outputs(cell=1)
    slider = lab.sliders(cell=1).first
    readout = slider.locator(".widget-readout")
    caption = output.locator(".widget-label", has_text="drawn with")
    figure = output.locator("img.widget-image")
    expect(readout).to_have_text("2")
    expect(caption).to_have_text("drawn with a = 2")

    before = lab.img_src(figure)
    lab.move_slider(slider, 3)  # arrow keys on the handle
    expect(readout).to_have_text("5")
    expect(caption).to_have_text("drawn with a = 5")
    after_keys = lab.wait_for_src_change(figure, before)

    lab.drag_slider(slider, 1.0)  # all the way to the right
    expect(readout).to_have_text("9")
    expect(caption).to_have_text("drawn with a = 9")
    lab.wait_for_src_change(figure, after_keys)

    # The kernel has the new value too.
    lab.run_cell(2)
    expect(lab.outputs(cell=2)).to_have_text("9")
