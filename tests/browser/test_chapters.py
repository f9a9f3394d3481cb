"""The chapters with widgets, run in a real JupyterLab by headless Chromium.

One test per chapter notebook that shows widgets. Each opens the chapter,
runs all its cells, checks that no cell raised and that every widget
rendered (live, with its figure loaded), then works the chapter's widget
the way a student would:

* 01 Adaline: a slider changes the learning rate or the epochs, the figure
  is redrawn;
* 02 forward propagation: another activation, another alpha, a new figure;
* 03 cost functions: a logit slider and the target class redraw the losses;
* 04 backpropagation: "Train" trains (the figure and the cost line change
  while it runs), "Stop" stops;
* 05 training on MNIST: the training monitor grows while the chapter trains;
* 07 misclassifications: a digit drawn on the canvas gets a prediction and
  a probability chart.

A chapter whose notebook does not exist (yet) is skipped. Every wait is for
something the kernel writes (a label, a new picture, a button it enables),
never a fixed sleep. On failure the ``lab`` fixture saves a screenshot of
the page, one with the widget under test in view, and the page text, in
``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

if os.environ.get("MLCOURSE_REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api")

from jupyter_harness import (  # noqa: E402
    REPO_ROOT,
    NotebookPage,
    code_cell_sources,
    find_code_cells,
)
from playwright.sync_api import Locator, expect  # noqa: E402

NOTEBOOKS = REPO_ROOT / "notebooks"

# Running a whole chapter on a busy 2-core machine: allow minutes, not seconds.
RUN_TIMEOUT_MS = 180_000
# Chapter 5 trains on MNIST (10-30 s when the machine is idle).
TRAINING_RUN_TIMEOUT_MS = 420_000


def chapter(number: int) -> Path | None:
    """The notebook of chapter ``number`` (``notebooks/0N_*.ipynb``), if any."""
    found = sorted(NOTEBOOKS.glob(f"{number:02d}_*.ipynb"))
    return found[0] if found else None


def needs_chapter(number: int, expected_name: str):
    """Skip the test when the chapter's notebook does not exist."""
    return pytest.mark.skipif(
        chapter(number) is None,
        reason=f"notebooks/{expected_name} (or another notebooks/{number:02d}_*"
        ".ipynb) does not exist yet",
    )


def run_chapter(
    lab: NotebookPage,
    lab_root: Path,
    number: int,
    widget_pattern: str,
    *,
    timeout: float = RUN_TIMEOUT_MS,
) -> list[int]:
    """Open chapter ``number``, run all its cells, check them; return the cells.

    The returned indices are those of the code cells whose source matches
    ``widget_pattern`` (where the chapter builds its widget). Checks that
    no cell raised, that every widget output is a live widget with its
    figure loaded, and that each widget cell shows exactly one widget (and
    not also its PNG fallback).
    """
    name = chapter(number).name
    path = lab_root / "notebooks" / name
    cells = find_code_cells(path, widget_pattern)
    assert cells, f"no code cell of {name} matches {widget_pattern!r}"
    lab.open(f"notebooks/{name}")
    lab.run_all(timeout=timeout)
    check_chapter(lab, cells)
    return cells


def check_chapter(lab: NotebookPage, cells: list[int]) -> None:
    """No error anywhere; every widget rendered; one figure per widget cell."""
    lab.assert_no_errors()
    assert lab.assert_widgets_render() >= len(cells)
    for cell in cells:
        # Other widgets may share the cell (a tqdm bar), but one shows a figure.
        expect(figure_widget(lab, cell)).to_have_count(1)
        # JupyterLab shows the live widget, not also the picture fallback.
        expect(lab.output_area(cell).locator(".jp-RenderedImage")).to_have_count(0)
        lab.wait_for_image(figure_widget(lab, cell).locator("img.widget-image"))


def figure_widget(lab: NotebookPage, cell: int) -> Locator:
    """The output of code cell ``cell`` that shows a live FigureWidget."""
    return lab.widget_outputs(cell).filter(has=lab.page.locator("img.widget-image"))


def assigned_name(lab_root: Path, number: int, cell: int, cls: str) -> str:
    """The variable the chapter's cell assigns its widget to (``x = cls(...)``).

    The tests ask the kernel about the widget through it.
    """
    source = code_cell_sources(lab_root / "notebooks" / chapter(number).name)[cell]
    match = re.search(rf"^(\w+)\s*=\s*{cls}\(", source, re.MULTILINE)
    assert match, f"the {cls} is not assigned to a name in its cell:\n{source}"
    return match.group(1)


def kernel_image_sha256(lab: NotebookPage, widget_name: str) -> str:
    """SHA-256 of the PNG the kernel's widget shows (its ``image.value``)."""
    return lab.kernel_eval(
        f"__import__('hashlib').sha256({widget_name}.image.value).hexdigest()"
    ).strip("'")


def slider(widget: Locator, description: str) -> Locator:
    """The ipywidgets slider of ``widget`` whose description contains the text."""
    return widget.locator(".widget-slider", has_text=description)


def readout(slider: Locator) -> Locator:
    return slider.locator(".widget-readout")


def is_disabled(slider: Locator) -> Locator:
    """Matches (count 1) while the slider is disabled by the kernel."""
    return slider.locator(".noUi-target[disabled]")


# -- 1. Adaline ------------------------------------------------------------------


@needs_chapter(1, "01_adaline.ipynb")
def test_01_adaline_explorer(lab: NotebookPage, lab_root):
    [cell] = run_chapter(lab, lab_root, 1, r"\bAdalineExplorer\(")
    widget = lab.focus(figure_widget(lab, cell))
    figure = widget.locator("img.widget-image")
    eta = slider(widget, "learning rate")
    epochs = slider(widget, "epochs")
    # d3's ".2g" keeps the trailing zero: "0.010"
    expect(readout(eta)).to_have_text(re.compile(r"^0\.010?$"))
    expect(readout(epochs)).to_have_text("20")

    # One step of the log slider with the keyboard: eta 10^-2 -> 10^-1.75.
    # One step is one update, so the next new picture is this one.
    before = lab.img_src(figure)
    lab.move_slider(eta, 1)
    expect(readout(eta)).to_have_text("0.018")
    after_eta = lab.wait_for_src_change(figure, before)

    # The epochs slider dragged with the mouse: one update on release.
    lab.drag_slider(epochs, 0.5)
    expect(readout(epochs)).not_to_have_text("20")
    lab.wait_for_src_change(figure, after_eta)
    lab.assert_no_errors()


# -- 2. Forward propagation -----------------------------------------------------


@needs_chapter(2, "02_forward_propagation.ipynb")
def test_02_activation_explorer(lab: NotebookPage, lab_root):
    [cell] = run_chapter(lab, lab_root, 2, r"\bActivationExplorer\(")
    widget = lab.focus(figure_widget(lab, cell))
    figure = widget.locator("img.widget-image")
    function = widget.locator(".widget-dropdown select")
    alpha = slider(widget, "alpha")
    expect(function).to_have_value("sigmoid")
    expect(is_disabled(alpha)).to_have_count(1)  # sigmoid has no alpha

    # Leaky ReLU: the kernel redraws, sets alpha to 0.01 and enables it.
    before = lab.img_src(figure)
    function.select_option(label="leaky ReLU")
    after_function = lab.wait_for_src_change(figure, before)
    expect(is_disabled(alpha)).to_have_count(0)
    expect(readout(alpha)).to_have_text("0.01")

    # A larger alpha: a steeper left half, a new figure.
    lab.drag_slider(alpha, 0.5)
    expect(readout(alpha)).not_to_have_text("0.01")
    lab.wait_for_src_change(figure, after_function)
    lab.assert_no_errors()


# -- 3. Cost functions ----------------------------------------------------------


@needs_chapter(3, "03_cost_functions.ipynb")
def test_03_loss_explorer(lab: NotebookPage, lab_root):
    [cell] = run_chapter(lab, lab_root, 3, r"\bLossExplorer\(")
    widget = lab.focus(figure_widget(lab, cell))
    figure = widget.locator("img.widget-image")
    z0 = slider(widget, "z0")
    expect(readout(z0)).to_have_text("1.0")

    before = lab.img_src(figure)
    lab.move_slider(z0, 1)  # one step: z0 = 1.1, one redraw
    expect(readout(z0)).to_have_text("1.1")
    after_logit = lab.wait_for_src_change(figure, before)

    widget.locator(".widget-dropdown select").select_option(label="class 2")
    after_target = lab.wait_for_src_change(figure, after_logit)

    smoothing = slider(widget, "smoothing")
    lab.drag_slider(smoothing, 1.0)
    expect(readout(smoothing)).to_have_text("0.50")
    lab.wait_for_src_change(figure, after_target)
    lab.assert_no_errors()


# -- 4. Backpropagation ---------------------------------------------------------


def _epoch(status_text: str) -> int:
    match = re.search(r"epoch (\d+)", status_text)
    assert match, f"no epoch in the playground's status: {status_text!r}"
    return int(match.group(1))


@needs_chapter(4, "04_backpropagation.ipynb")
def test_04_backprop_playground(lab: NotebookPage, lab_root):
    [cell] = run_chapter(lab, lab_root, 4, r"\bBackpropPlayground\(")
    name = assigned_name(lab_root, 4, cell, "BackpropPlayground")
    widget = lab.focus(figure_widget(lab, cell))
    figure = widget.locator("img.widget-image")
    # The status line, written by the kernel after every redraw:
    # "epoch 200 · cost 0.1234 · accuracy 95.00%"
    status = widget.locator(".widget-html", has_text="epoch")
    train = widget.get_by_role("button", name="Train")
    stop = widget.get_by_role("button", name="Stop")
    expect(status).to_have_count(1)
    start_epoch = _epoch(status.inner_text())
    expect(train).to_be_enabled()
    expect(stop).to_be_disabled()

    # The longest run (2000 epochs): long enough to watch it and to stop it.
    epochs = slider(widget, "epochs per run")
    lab.drag_slider(epochs, 1.0)
    expect(readout(epochs)).to_have_text("2000")
    end_epoch = start_epoch + 2000

    # Train: the kernel trains in chunks and redraws while it goes on.
    images = lab.record(cell, "img.widget-image")
    texts = lab.record(cell, ".widget-html")
    train.click()
    expect(status).to_contain_text(f"epoch {end_epoch} ", timeout=RUN_TIMEOUT_MS)
    expect(train).to_be_enabled()
    expect(stop).to_be_disabled()
    srcs = [values[0] for values in lab.recorded(images, stop=True) if values]
    seen = [_epoch(values[0]) for values in lab.recorded(texts, stop=True) if values]
    assert seen == sorted(seen), f"the epoch went backwards: {seen}"
    during = sorted({e for e in seen if start_epoch < e < end_epoch})
    assert len(during) >= 2, (
        f"the status showed epochs {seen}: no progress while training "
        f"(expected at least two epochs between {start_epoch} and {end_epoch})"
    )
    assert len(set(srcs)) >= 3, (
        f"the figure changed {len(set(srcs)) - 1} times while training "
        "2000 epochs: it is not redrawn while the network learns"
    )

    # Train again and stop at once: training ends early and for good.
    train.click()
    expect(stop).to_be_enabled()  # the kernel has started the run
    stop.click()
    expect(stop).to_be_disabled()
    expect(train).to_be_enabled()
    # The kernel's training task ends after its current chunk, with a last
    # redraw; ask the kernel (the buttons change before that).
    lab.wait_for_kernel_value(f"{name}._task is None or {name}._task.done()", "True")
    assert lab.kernel_eval(f"{name}.is_training") == "False"
    stopped_at = int(lab.kernel_eval(f"{name}.epoch"))
    assert end_epoch < stopped_at < end_epoch + 2000, (
        f"Stop did not stop the run: epoch {stopped_at}"
    )
    expect(status).to_contain_text(f"epoch {stopped_at} ")
    # The page shows the kernel's last picture: the network where it stopped.
    lab.wait_for_image_sha256(figure, kernel_image_sha256(lab, name))
    lab.assert_no_errors()


# -- 5. Training on MNIST ---------------------------------------------------------


def _monitor_epochs(text: str) -> tuple[int, int] | None:
    """(epoch, epochs) from a monitor label "epoch 12/40 · cost ...", or None."""
    match = re.search(r"epoch (\d+)/(\d+)", text)
    return (int(match.group(1)), int(match.group(2))) if match else None


@needs_chapter(5, "05_training_mnist.ipynb")
def test_05_training_monitor(lab: NotebookPage, lab_root):
    name = chapter(5).name
    path = lab_root / "notebooks" / name
    cells = find_code_cells(path, r"\bTrainingMonitor\(")
    assert cells, f"no code cell of {name} creates a TrainingMonitor"
    lab.open(f"notebooks/{name}")
    lab.run_all(wait=False, timeout=TRAINING_RUN_TIMEOUT_MS)
    # Watch the monitors' label and figure while the chapter trains.
    recordings = {
        cell: lab.record(cell, ".widget-label, img.widget-image") for cell in cells
    }
    lab.wait_for_cells_done(timeout=TRAINING_RUN_TIMEOUT_MS)
    check_chapter(lab, cells)
    print(lab.output_text())

    for cell in cells:
        widget = lab.focus(figure_widget(lab, cell))
        history = lab.recorded(recordings[cell], stop=True)
        # Each entry: [label text, ..., img src]; keep the monitor's pair.
        states = []
        for values in history:
            label = next((v for v in values if _monitor_epochs(v)), None)
            image = next((v for v in values if v.startswith(("blob:", "data:"))), None)
            if label is not None and image is not None:
                states.append((_monitor_epochs(label), image))
        assert states, f"cell {cell}: no training monitor was seen"
        epochs = [epoch for (epoch, _), _ in states]
        total = states[-1][0][1]
        assert epochs == sorted(epochs), f"cell {cell}: epochs went back: {epochs}"
        assert epochs[-1] == total, f"cell {cell}: stopped at {epochs[-1]}/{total}"
        shown = sorted(set(epochs))
        assert len(shown) >= 3, (
            f"cell {cell}: the label showed only epochs {shown}: "
            "the monitor did not follow the training live"
        )
        # A redraw in the middle of training: a new picture while the
        # label shows an epoch that is neither 0 nor the last one.
        redrawn_during = [
            epoch
            for ((epoch, _), src), (_, previous) in zip(
                states[1:], states[:-1], strict=True
            )
            if src != previous and 0 < epoch < total
        ]
        assert redrawn_during, (
            f"cell {cell}: the figure was only redrawn at the start and the "
            f"end (epochs seen: {shown})"
        )
        # The final state: all epochs done.
        label = widget.locator(".widget-label", has_text="epoch")
        expect(label).to_contain_text(f"epoch {total}/{total}")
    lab.assert_no_errors()


# -- 7. Misclassifications: draw a digit ---------------------------------------------

# Strokes, in canvas coordinates: (0, 0) top-left, (1, 1) bottom-right.
ONE = [(0.5, 0.12), (0.5, 0.88)]  # a vertical bar
SEVEN = [(0.22, 0.18), (0.78, 0.18), (0.42, 0.88)]  # a bar, then down-left
PREDICTION = re.compile(r"Prediction: \d \(\d+\.\d%\)")


@needs_chapter(7, "07_misclassifications.ipynb")
def test_07_draw_a_digit(lab: NotebookPage, lab_root):
    [cell] = run_chapter(lab, lab_root, 7, r"\bDigitClassifier\(")
    name = assigned_name(lab_root, 7, cell, "DigitClassifier")
    widget = lab.focus(figure_widget(lab, cell))
    canvas = widget.locator("canvas.mlcourse-drawpad-canvas")
    chart = widget.locator("img.widget-image")
    label = widget.locator(".widget-html")
    expect(canvas).to_be_visible()
    expect(label).to_contain_text(re.compile("Draw a digit|Prediction"))

    # The chapter may put a digit on the pad for readers without a kernel:
    # start from a clean pad.
    lab.click_button("Clear", within=widget)
    expect(label).to_contain_text("Draw a digit")
    assert lab.kernel_eval(f"print({name}.prediction)").strip() == "None"
    empty = kernel_image_sha256(lab, name)
    lab.wait_for_image_sha256(chart, empty)

    # A vertical stroke: the pretrained network reads a 1 (100% of the time,
    # wherever the bar is drawn: it is centred and scaled like MNIST).
    lab.draw_stroke(canvas, ONE)
    expect(label).to_contain_text(PREDICTION)
    one = kernel_image_sha256(lab, name)
    assert one != empty, "the chart was not redrawn for the drawing"
    lab.wait_for_image_sha256(chart, one)  # the page shows the new chart
    expect(label).to_contain_text("Prediction: 1 (")
    assert lab.kernel_eval(f"print({name}.prediction)").strip() == "1"

    # Clear, then a 7: another prediction, another chart.
    lab.click_button("Clear", within=widget)
    expect(label).to_contain_text("Draw a digit")
    lab.wait_for_image_sha256(chart, empty)
    lab.draw_stroke(canvas, SEVEN)
    expect(label).to_contain_text(PREDICTION)
    seven = kernel_image_sha256(lab, name)
    assert seven not in (empty, one)
    lab.wait_for_image_sha256(chart, seven)
    expect(label).to_contain_text("Prediction: 7 (")
    lab.assert_no_errors()
