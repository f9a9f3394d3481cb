"""Tests for the live training monitor, without a browser or a real network.

``fit`` calls ``callback(model, epoch)`` after each epoch; here fake models
carry the per-epoch lists that ``NeuralNetMLP`` (``eval_``) and ``MLP``
(``history_``) record, and a fake clock decides when time has passed.
"""

from __future__ import annotations

import base64

import ipywidgets
import numpy as np
import pytest

from mlcourse.mlp import MLP, NeuralNetMLP
from mlcourse.widgets import FigureWidget, TrainingMonitor

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class FakeBookNet:
    """Looks like NeuralNetMLP to the monitor: eval_ and eta."""

    def __init__(self) -> None:
        self.eta = 0.002
        self.eval_ = {"cost": [], "train_acc": [], "valid_acc": []}

    def run_epoch(self, epoch: int) -> None:
        self.eval_["cost"].append(30000.0 / epoch + 0.123456)
        self.eval_["train_acc"].append(0.90 + epoch / 1000)
        self.eval_["valid_acc"].append(0.89 + epoch / 1000)


class FakeMLP:
    """Looks like MLP to the monitor: history_ with a loss and a learning rate."""

    def __init__(self, with_valid: bool = True) -> None:
        self.with_valid = with_valid
        self.history_ = {
            "loss": [],
            "train_acc": [],
            "valid_acc": [],
            "learning_rate": [],
        }

    def run_epoch(self, epoch: int) -> None:
        self.history_["loss"].append(1.0 / epoch)
        self.history_["train_acc"].append(0.95)
        if self.with_valid:
            self.history_["valid_acc"].append(0.9412)
        self.history_["learning_rate"].append(1e-3 / epoch)


def monitor_with_clock(*args, **kwargs) -> tuple[TrainingMonitor, FakeClock]:
    monitor = TrainingMonitor(*args, **kwargs)
    clock = FakeClock()
    monitor._clock = clock
    # forget the initial drawing, timed with the real clock
    monitor._last_draw = -np.inf
    monitor._draw_seconds = 0.0
    return monitor, clock


# -- construction --------------------------------------------------------------


def test_initial_state():
    monitor = TrainingMonitor(40)
    assert isinstance(monitor, FigureWidget)
    assert monitor.epoch == 0
    assert monitor.progress.value == 0 and monitor.progress.max == 40
    assert monitor.label.value == "epoch 0/40 · waiting for the first epoch"
    assert monitor.png.startswith(b"\x89PNG")
    assert monitor.image.value == monitor.png
    assert repr(monitor) == "<TrainingMonitor: 40 epochs; cost, accuracy>"


def test_layout_bar_and_label_above_the_figure():
    monitor = TrainingMonitor(5)
    top, image = monitor.children
    assert isinstance(top, ipywidgets.HBox)
    assert list(top.children) == [monitor.progress, monitor.label]
    assert image is monitor.image


def test_one_panel_per_metric_sets_the_width():
    one = TrainingMonitor(5, metrics=["accuracy"]).png
    three = TrainingMonitor(5, metrics=["cost", "accuracy", "learning_rate"]).png
    width_one = int.from_bytes(one[16:20], "big")
    width_three = int.from_bytes(three[16:20], "big")
    assert width_three == pytest.approx(3 * width_one, rel=0.01)


def test_loss_is_a_synonym_of_cost():
    assert TrainingMonitor(3, metrics=("loss",)).metrics == ("cost",)
    assert TrainingMonitor(3, metrics="accuracy").metrics == ("accuracy",)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"epochs": 0}, ValueError, "epochs"),
        ({"epochs": 2.5}, TypeError, "epochs"),
        ({"epochs": True}, TypeError, "epochs"),
        ({"epochs": 3, "metrics": []}, ValueError, "metrics"),
        ({"epochs": 3, "metrics": ["speed"]}, ValueError, "metrics"),
        ({"epochs": 3, "metrics": ["cost", "loss"]}, ValueError, "metrics"),
        ({"epochs": 3, "metrics": [1]}, TypeError, "metrics"),
        ({"epochs": 3, "metrics": 7}, TypeError, "metrics"),
        ({"epochs": 3, "min_interval": -1.0}, ValueError, "min_interval"),
        ({"epochs": 3, "min_interval": "fast"}, TypeError, "min_interval"),
        ({"epochs": 3, "title": 12}, TypeError, "title"),
    ],
)
def test_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=name):
        TrainingMonitor(**kwargs)


# -- being called as a fit() callback ------------------------------------------


def test_book_network_label_bar_and_history():
    monitor, _ = monitor_with_clock(40)
    model = FakeBookNet()
    for epoch in range(1, 13):
        model.run_epoch(epoch)
        assert monitor(model, epoch) is None  # never asks fit() to stop
    assert monitor.epoch == 12
    assert monitor.progress.value == 12
    assert monitor.label.value == (
        "epoch 12/40 · cost 2500.1235 · train 91.20% · valid 90.20%"
    )
    assert monitor.history["cost"] == model.eval_["cost"]
    assert monitor.history["valid_acc"] == model.eval_["valid_acc"]
    assert monitor.history["learning_rate"] == [0.002] * 12  # constant eta
    # the monitor keeps copies: later changes to the model do not leak in
    model.eval_["cost"].append(1.0)
    assert len(monitor.history["cost"]) == 12


def test_mlp_history_label():
    monitor, _ = monitor_with_clock(10, metrics=["loss", "accuracy", "learning_rate"])
    model = FakeMLP()
    for epoch in (1, 2):
        model.run_epoch(epoch)
        monitor(model, epoch)
    assert monitor.cost_name == "loss"
    assert (
        monitor.label.value == "epoch 2/10 · loss 0.5000 · train 95.00% · valid 94.12%"
    )
    assert monitor.history["learning_rate"] == [1e-3, 5e-4]


def test_label_leaves_out_what_the_model_does_not_record():
    monitor, _ = monitor_with_clock(10)
    model = FakeMLP(with_valid=False)
    model.run_epoch(1)
    model.history_["train_acc"].clear()  # as with evaluate_train=False
    monitor(model, 1)
    assert monitor.label.value == "epoch 1/10 · loss 1.0000"


def test_figure_grows_and_is_throttled_by_time():
    monitor, clock = monitor_with_clock(10, min_interval=0.5)
    model = FakeBookNet()
    first_png = monitor.png
    redraws = monitor.n_redraws  # the initial drawing

    model.run_epoch(1)
    monitor(model, 1)  # long after the initial drawing: redraw
    assert monitor.n_redraws == redraws + 1
    after_one = monitor.png
    assert after_one != first_png
    assert monitor.image.value == after_one

    for epoch in (2, 3, 4):  # time stands still: no redraws
        model.run_epoch(epoch)
        monitor(model, epoch)
    assert monitor.n_redraws == redraws + 1
    assert monitor.png == after_one
    assert monitor.progress.value == 4  # bar and label still follow
    assert monitor.label.value.startswith("epoch 4/10")

    clock.now += 0.6
    model.run_epoch(5)
    monitor(model, 5)
    assert monitor.n_redraws == redraws + 2
    assert monitor.png != after_one


def test_last_epoch_always_redraws():
    monitor, _ = monitor_with_clock(3, min_interval=1000.0)
    model = FakeBookNet()
    for epoch in (1, 2, 3):
        model.run_epoch(epoch)
        monitor(model, epoch)
    # the first epoch (the clock starts long after -inf) and the last one
    assert monitor.n_redraws == 3
    assert monitor.progress.bar_style == "success"


def test_slow_drawing_waits_longer():
    monitor, clock = monitor_with_clock(100, min_interval=0.5)
    monitor._draw_seconds = 1.0  # as if the last redraw took a second
    assert monitor._interval() == 3.0
    model = FakeBookNet()
    model.run_epoch(1)
    clock.now = 1.0
    monitor._last_draw = 0.0
    before = monitor.n_redraws
    monitor(model, 1)  # 1 s after the last redraw: too soon
    assert monitor.n_redraws == before


def test_rendering_is_deterministic():
    pngs = []
    for _ in range(2):
        monitor, _ = monitor_with_clock(5)
        model = FakeBookNet()
        for epoch in range(1, 6):
            model.run_epoch(epoch)
            monitor(model, epoch)
        pngs.append(monitor.png)
    assert pngs[0] == pngs[1]


def test_training_longer_than_announced_extends_the_bar():
    monitor, _ = monitor_with_clock(2)
    model = FakeBookNet()
    for epoch in (1, 2, 3):
        model.run_epoch(epoch)
        monitor(model, epoch)
    assert monitor.epochs == 3 and monitor.progress.max == 3
    assert monitor.label.value.startswith("epoch 3/3")


def test_update_takes_a_plain_history():
    monitor, _ = monitor_with_clock(4)
    monitor.update({"cost": [3.0, 2.0], "train_acc": [0.5, 0.75]}, 2)
    assert monitor.label.value == "epoch 2/4 · cost 2.0000 · train 75.00%"


def test_finish_redraws_and_refreshes_the_shown_output():
    class Handle:
        updates: list = []

        def update(self, obj):
            self.updates.append(obj)

    monitor, _ = monitor_with_clock(50, min_interval=1000.0)
    monitor._handle = Handle()
    model = FakeMLP()
    for epoch in (1, 2, 3):  # early stopping after 3 of 50 epochs
        model.run_epoch(epoch)
        monitor(model, epoch)
    assert Handle.updates == []
    before = monitor.n_redraws
    monitor.finish()
    assert monitor.n_redraws == before + 1
    assert Handle.updates == [monitor]


@pytest.mark.parametrize(
    ("model", "error", "match"),
    [
        (object(), TypeError, "model"),
        (type("M", (), {"eval_": [1, 2]})(), TypeError, "model"),
        (type("M", (), {"eval_": {"acc": [0.5]}})(), ValueError, "cost"),
        (type("M", (), {"history_": {"loss": "low"}})(), TypeError, "loss"),
    ],
)
def test_bad_models(model, error, match):
    monitor = TrainingMonitor(3)
    with pytest.raises(error, match=match):
        monitor(model, 1)


@pytest.mark.parametrize(("epoch", "error"), [(0, ValueError), (1.5, TypeError)])
def test_bad_epoch(epoch, error):
    model = FakeBookNet()
    model.run_epoch(1)
    with pytest.raises(error, match="epoch"):
        TrainingMonitor(3)(model, epoch)


def test_repr_mimebundle_has_widget_png_and_stable_text():
    monitor, _ = monitor_with_clock(7)
    bundle = monitor._repr_mimebundle_()
    assert set(bundle) >= {WIDGET_MIME, "image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"]) == monitor.png
    # no numbers from training (they vary with the BLAS), no timings
    model = FakeBookNet()
    model.run_epoch(1)
    monitor(model, 1)
    assert monitor._repr_mimebundle_()["text/plain"] == (
        "<TrainingMonitor: 7 epochs; cost, accuracy>"
    )


# -- with the real networks ----------------------------------------------------


def _tiny_problem():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 6)).astype(np.float32)
    y = (X[:, 0] + X[:, 1] > 0).astype(np.int64)
    return X[:90], y[:90], X[90:], y[90:]


def test_with_neuralnetmlp_fit():
    X, y, Xv, yv = _tiny_problem()
    monitor = TrainingMonitor(4, min_interval=0.0)
    net = NeuralNetMLP(
        n_hidden=5, epochs=4, eta=0.01, minibatch_size=10, seed=1, progress=False
    )
    net.fit(X, y, Xv, yv, callback=monitor)
    assert monitor.epoch == 4
    assert monitor.history["cost"] == net.eval_["cost"]
    assert monitor.history["train_acc"] == net.eval_["train_acc"]
    assert monitor.label.value.startswith("epoch 4/4 · cost ")


def test_with_mlp_fit():
    X, y, Xv, yv = _tiny_problem()
    monitor = TrainingMonitor(3, metrics=["loss", "learning_rate"])
    net = MLP([6, 8, 2], seed=1)
    net.fit(X, y, Xv, yv, epochs=3, minibatch_size=16, progress=False, callback=monitor)
    assert monitor.epoch == 3
    assert monitor.history["cost"] == net.history_["loss"]
    assert monitor.history["learning_rate"] == net.history_["learning_rate"]
    assert monitor.label.value.startswith("epoch 3/3 · loss ")
