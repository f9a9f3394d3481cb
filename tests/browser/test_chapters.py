"""The chapters with widgets, run in a real JupyterLab by headless Chromium.

One test per chapter notebook that shows widgets. Each opens the chapter,
runs all its cells, checks that no cell raised or wrote to stderr and that
every widget rendered (live, with its figure loaded), then works the
chapter's widget the way a student would:

* 01 Adaline: a slider changes the learning rate or the epochs, the figure
  is redrawn;
* 02 forward propagation: another activation, another alpha, a new figure;
* 03 cost functions: a logit slider and the target class redraw the losses;
* 04 backpropagation: "Train" trains (the figure and the cost line change
  while it runs), "Stop" stops;
* 05 training on MNIST and 06 going further: the training monitors grow
  while the chapter trains;
* 07 misclassifications: a digit drawn on the canvas gets a prediction and
  a probability chart.

A chapter whose notebook does not exist (yet) is skipped. Every wait is for
something the kernel writes (a label, a new picture, a button it enables,
a value the kernel reports), never a fixed sleep. Chapters 5 and 6 are
started before the first test and train while the others run (see
``training_runs``). On failure a screenshot of the page, one with the widget
under test in view, and the page text land in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

if os.environ.get("MLCOURSE_REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api")

from jupyter_harness import (  # noqa: E402
    REPO_ROOT,
    NotebookPage,
    code_cell_sources,
    find_code_cells,
    open_tab,
)
from playwright.sync_api import Locator, expect  # noqa: E402

pytestmark = pytest.mark.browser

NOTEBOOKS = REPO_ROOT / "notebooks"

# Running a whole chapter on a busy 2-core machine: allow minutes, not seconds.
RUN_TIMEOUT_MS = 180_000
# Chapters 5 and 6 train on MNIST (20-40 s each when the machine is idle,
# minutes when it is busy).
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
    # Not even a warning: a student would see a pink box, and nbval (which
    # compares stderr) would not necessarily, e.g. for a widget callback.
    stderr = lab.stderr_texts()
    assert not stderr, "the chapter wrote to stderr:\n" + "\n---\n".join(stderr)
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
    """SHA-256 of the PNG the kernel's widget shows now (its ``image.value``).

    Careful: with JupyterLab 4.4+ and ipykernel 7, widget messages are
    handled on a kernel subshell (a thread of its own), while ``kernel_eval``
    runs on the main shell: a redraw may still be going on. Ask this only
    when the widget is known to be done (see ``kernel_figure_sha256``).
    """
    return lab.kernel_eval(
        f"print(__import__('hashlib').sha256({widget_name}.image.value).hexdigest())"
    ).strip()


def kernel_figure_sha256(lab: NotebookPage, widget_name: str) -> str:
    """SHA-256 of the PNG the widget draws for its current state.

    Draws the FigureWidget's figure again in the kernel, as ``redraw()``
    does (the bytes are the same for the same state). Unlike
    ``image.value``, this does not depend on whether a redraw that a widget
    message started on another kernel thread has finished yet.
    """
    return lab.kernel_eval(
        "import hashlib as _hashlib\n"
        "from matplotlib.figure import Figure as _Figure\n"
        "from mlcourse.widgets._base import render_png as _render_png\n"
        f"_fig = _Figure(figsize={widget_name}.figsize, dpi={widget_name}.dpi)\n"
        f"{widget_name}.draw(_fig)\n"
        f"print(_hashlib.sha256(_render_png(_fig, dpi={widget_name}.dpi)).hexdigest())"
    ).strip()


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

    # One step of the log slider with the keyboard (a quarter of a power of
    # ten). One step is one update, so the next new picture is for it.
    before, eta_before = lab.img_src(figure), readout(eta).inner_text()
    lab.move_slider(eta, 1 if lab.slider_fraction(eta) < 1 else -1)
    expect(readout(eta)).not_to_have_text(eta_before)
    after_eta = lab.wait_for_src_change(figure, before)

    # The epochs slider dragged with the mouse: one update on release.
    epochs_before = readout(epochs).inner_text()
    lab.drag_slider(epochs, 0.3 if lab.slider_fraction(epochs) > 0.5 else 0.8)
    expect(readout(epochs)).not_to_have_text(epochs_before)
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
    # (ipywidgets' <select> has the labels as option values)
    if function.input_value() in ("sigmoid", "tanh", "ReLU", "unit step"):
        expect(is_disabled(alpha)).to_have_count(1)  # no alpha to set

    # Leaky ReLU (or ELU if it is shown): the kernel redraws, sets alpha to
    # the function's usual value and enables the slider.
    label, usual = ("leaky ReLU", "0.01")
    if function.input_value() == label:
        label, usual = ("ELU", "1.00")
    before = lab.img_src(figure)
    function.select_option(label=label)
    expect(function).to_have_value(label)
    after_function = lab.wait_for_src_change(figure, before)
    expect(is_disabled(alpha)).to_have_count(0)
    expect(readout(alpha)).to_have_text(usual)

    # Another alpha (a quarter of the range: 0.5), another figure.
    lab.drag_slider(alpha, 0.25)
    expect(readout(alpha)).not_to_have_text(usual)
    lab.wait_for_src_change(figure, after_function)
    lab.assert_no_errors()


# -- 3. Cost functions ----------------------------------------------------------


@needs_chapter(3, "03_cost_functions.ipynb")
def test_03_loss_explorer(lab: NotebookPage, lab_root):
    [cell] = run_chapter(lab, lab_root, 3, r"\bLossExplorer\(")
    widget = lab.focus(figure_widget(lab, cell))
    figure = widget.locator("img.widget-image")

    # One step (0.1) of the first logit: one update, one new figure.
    z0 = slider(widget, "z0")
    before, z0_before = lab.img_src(figure), readout(z0).inner_text()
    lab.move_slider(z0, 1 if lab.slider_fraction(z0) < 1 else -1)
    expect(readout(z0)).not_to_have_text(z0_before)
    after_logit = lab.wait_for_src_change(figure, before)

    # Another target class: the losses change.
    target = widget.locator(".widget-dropdown select")
    other = lab.select_other_option(target)
    expect(target).to_have_value(other)
    after_target = lab.wait_for_src_change(figure, after_logit)

    # Label smoothing, dragged to its end.
    smoothing = slider(widget, "smoothing")
    smoothing_before = readout(smoothing).inner_text()
    lab.drag_slider(smoothing, 1.0 if lab.slider_fraction(smoothing) < 1 else 0.0)
    expect(readout(smoothing)).not_to_have_text(smoothing_before)
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
    # (Stop may even come before the first chunk: then no epoch at all.)
    assert end_epoch <= stopped_at < end_epoch + 2000, (
        f"Stop did not stop the run: epoch {stopped_at}"
    )
    expect(status).to_contain_text(f"epoch {stopped_at} ")
    # The page shows the kernel's last picture: the network where it stopped.
    lab.wait_for_image_sha256(figure, kernel_image_sha256(lab, name))
    lab.assert_no_errors()


# -- 5 and 6. Training on MNIST, going further -------------------------------------


def _monitor_epochs(text: str) -> tuple[int, int] | None:
    """(epoch, epochs) from a monitor label "epoch 12/40 · cost ...", or None."""
    match = re.search(r"epoch (\d+)/(\d+)", text)
    return (int(match.group(1)), int(match.group(2))) if match else None


@dataclass
class TrainingRun:
    """A chapter that trains, started in a tab of its own (see ``training_runs``)."""

    number: int
    page: NotebookPage
    cells: list[int] = field(default_factory=list)  # cells with a monitor
    sources: list[str] = field(default_factory=list)  # of all code cells
    recordings: dict[int, str] = field(default_factory=dict)  # cell -> key
    error: BaseException | None = None  # raised while starting


def start_training_chapter(run: TrainingRun, lab_root: Path) -> None:
    """Open the chapter, start Run All, record its monitors while they train."""
    name = chapter(run.number).name
    path = lab_root / "notebooks" / name
    run.cells = find_code_cells(path, r"\bTrainingMonitor\(")
    run.sources = code_cell_sources(path)
    assert run.cells, f"no code cell of {name} creates a TrainingMonitor"
    run.page.open(f"notebooks/{name}")
    run.page.run_all(wait=False, timeout=TRAINING_RUN_TIMEOUT_MS)
    # Each monitor's label and figure, from now on, as the kernel updates them.
    run.recordings = {
        cell: run.page.record(cell, ".widget-label, img.widget-image")
        for cell in run.cells
    }


def check_training_chapter(run: TrainingRun) -> None:
    """Wait for the chapter to finish; check that its monitors grew live.

    For every cell that creates a monitor: the epochs went up one by one (at
    least three different ones were shown, so the label followed the
    training rather than jumping to the end), the figure was redrawn during
    training (not only at the start and the end), the bar turned green
    (``finish()``), and all epochs ran unless the cell stops early
    (``patience=``).
    """
    if run.error is not None:
        raise run.error
    lab = run.page
    lab.wait_for_cells_done(timeout=TRAINING_RUN_TIMEOUT_MS)
    check_chapter(lab, run.cells)

    for cell in run.cells:
        widget = lab.focus(figure_widget(lab, cell))
        history = lab.recorded(run.recordings[cell], stop=True)
        # Each entry: [label texts ..., img src]; keep the monitor's pair.
        states = []
        for values in history:
            label = next((v for v in values if _monitor_epochs(v)), None)
            image = next((v for v in values if v.startswith(("blob:", "data:"))), None)
            if label is not None and image is not None:
                states.append((_monitor_epochs(label), image))
        assert states, f"cell {cell}: no training monitor was seen"
        epochs = [epoch for (epoch, _), _ in states]
        last, total = states[-1][0]
        assert epochs == sorted(epochs), f"cell {cell}: epochs went back: {epochs}"
        if "patience" not in run.sources[cell]:
            assert last == total, f"cell {cell}: stopped at epoch {last}/{total}"
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
            if src != previous and 0 < epoch < last
        ]
        assert redrawn_during, (
            f"cell {cell}: the figure was only redrawn at the start and the "
            f"end of training (epochs shown: {shown})"
        )
        # The final state, as the kernel left it: finished, all epochs shown.
        label = widget.locator(".widget-label", has_text="epoch")
        expect(label).to_contain_text(f"epoch {last}/{total}")
        expect(widget.locator(".progress-bar-success")).to_have_count(1)
    lab.assert_no_errors()


#: chapter -> its test; these chapters train for a while
TRAINING_CHAPTERS = {5: "test_05_training_monitor", 6: "test_06_training_monitors"}


@pytest.fixture(scope="module", autouse=True)
def training_runs(request, browser, jupyter_server, lab_root):
    """Start the chapters that train at once, each in a tab of its own.

    Chapters 5 and 6 spend most of their time training on MNIST in their
    kernel (one BLAS thread: one core). Started before the first test of
    this module, they train while the other chapters' tests go on, and
    their own tests then wait for them and check what was recorded. Only
    the chapters whose test was selected are started.
    """
    selected = {item.name for item in request.session.items}
    runs: dict[int, TrainingRun] = {}
    for number, test_name in TRAINING_CHAPTERS.items():
        if chapter(number) is None or test_name not in selected:
            continue
        run = runs[number] = TrainingRun(number, open_tab(browser, jupyter_server))
        try:
            start_training_chapter(run, lab_root)
        except Exception as exc:  # reported by the chapter's test
            run.error = exc
    yield runs
    for run in runs.values():
        run.page.close()


@needs_chapter(5, "05_training_mnist.ipynb")
def test_05_training_monitor(request, training_runs):
    run = training_runs[5]
    with run.page.artifacts_on_failure(request.node.name):
        check_training_chapter(run)


@needs_chapter(6, "06_going_further.ipynb")
def test_06_training_monitors(request, training_runs):
    run = training_runs[6]
    with run.page.artifacts_on_failure(request.node.name):
        check_training_chapter(run)


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
    # start from a clean pad. The kernel sets the prediction, then the label,
    # then redraws, so once the label is there the state is final and the
    # expected chart can be drawn in the kernel.
    lab.click_button("Clear", within=widget)
    expect(label).to_contain_text("Draw a digit")
    assert lab.kernel_eval(f"print({name}.prediction)").strip() == "None"
    empty = kernel_figure_sha256(lab, name)
    lab.wait_for_image_sha256(chart, empty)

    # A vertical stroke: the pretrained network reads a 1 (100% of the time,
    # wherever the bar is drawn: it is centred and scaled like MNIST).
    lab.draw_stroke(canvas, ONE)
    expect(label).to_contain_text(PREDICTION)
    expect(label).to_contain_text("Prediction: 1 (")
    assert lab.kernel_eval(f"print({name}.prediction)").strip() == "1"
    one = kernel_figure_sha256(lab, name)
    assert one != empty, "the chart does not depend on the drawing"
    lab.wait_for_image_sha256(chart, one)  # the page shows the new chart

    # Clear, then a 7: another prediction, another chart.
    lab.click_button("Clear", within=widget)
    expect(label).to_contain_text("Draw a digit")
    lab.wait_for_image_sha256(chart, empty)
    lab.draw_stroke(canvas, SEVEN)
    expect(label).to_contain_text(PREDICTION)
    expect(label).to_contain_text("Prediction: 7 (")
    seven = kernel_figure_sha256(lab, name)
    assert seven not in (empty, one)
    lab.wait_for_image_sha256(chart, seven)
    lab.assert_no_errors()
