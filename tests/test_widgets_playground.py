"""Tests for BackpropPlayground, without a browser.

Controls are set from Python; the buttons are clicked with ``click()``,
which calls the same handlers a browser click would. The live training
loop is an ``async`` method, driven here by ``asyncio.run`` in a thread of
its own: other tests in the same session (the browser tests, through
Playwright) may keep an event loop running in the main thread.
"""

from __future__ import annotations

import asyncio
import base64
import threading

import ipywidgets
import numpy as np
import pytest

from mlcourse.widgets import BackpropPlayground, FigureWidget

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def in_fresh_thread(function, *args):
    """Call function(*args) in a new thread (no event loop running there)."""
    result: dict = {}

    def target():
        try:
            result["value"] = function(*args)
        except BaseException as exc:  # re-raised in the caller
            result["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")


def run_async(coroutine):
    """asyncio.run(coroutine) on a fresh event loop in a fresh thread."""
    return in_fresh_thread(asyncio.run, coroutine)


@pytest.fixture
def playground() -> BackpropPlayground:
    return BackpropPlayground("moons", chunk_epochs=5)


def test_defaults_and_repr(playground):
    assert isinstance(playground, FigureWidget)
    assert playground.problem == "moons"
    assert playground.hidden_units == 16
    assert playground.activation == "tanh"
    assert playground.learning_rate == pytest.approx(0.3)
    assert playground.epochs == 300
    assert playground.epoch == 0
    assert playground.X.shape == (200, 2) and playground.y.shape == (200,)
    assert playground.model.layer_sizes == [2, 16, 2]
    assert not playground.is_training
    assert playground.stop_button.disabled and not playground.train_button.disabled
    assert playground.png.startswith(b"\x89PNG")
    assert playground.image.value == playground.png
    text = repr(playground)
    assert text.startswith(
        "<BackpropPlayground: moons, 16 tanh hidden units, learning rate 0.3, "
        "epoch 0, cost "
    )
    assert text == repr(BackpropPlayground("moons"))  # deterministic
    assert "epoch 0" in playground.status.value


def test_sliders_do_not_update_continuously(playground):
    for slider in (
        playground.hidden_slider,
        playground.learning_rate_slider,
        playground.epochs_slider,
    ):
        assert slider.continuous_update is False
    assert isinstance(playground.learning_rate_slider, ipywidgets.FloatLogSlider)


def test_mimebundle_has_picture_and_stable_text(playground):
    bundle = playground._repr_mimebundle_()
    assert WIDGET_MIME in bundle
    assert bundle["text/plain"] == repr(playground)
    assert base64.b64decode(bundle["image/png"]) == playground.png


def test_train_changes_figure_and_lowers_the_cost(playground):
    before = playground.png
    assert playground.train(200) is playground
    assert playground.epoch == 200
    assert (
        len(playground.history["loss"]) == len(playground.history["train_acc"]) == 201
    )
    assert playground.png != before
    losses = playground.history["loss"]
    assert losses[-1] < 0.25 * losses[0]
    assert playground.accuracy >= 0.97
    assert "epoch 200" in repr(playground)
    assert "epoch 200" in playground.status.value


def test_training_continues_the_same_network(playground):
    playground.train(20)
    weights = playground.model.params["W1"].copy()
    playground.train(30)  # the slider default is not used when given
    assert playground.epoch == 50
    assert not np.array_equal(weights, playground.model.params["W1"])
    # two runs of 20 + 30 epochs are one run of 50 epochs
    other = BackpropPlayground("moons")
    other.train(50)
    np.testing.assert_allclose(other.history["loss"], playground.history["loss"])


def test_train_without_argument_uses_the_epochs_slider(playground):
    playground.epochs_slider.value = 40
    playground.train()
    assert playground.epoch == 40


def test_reset_restores_the_initial_state(playground):
    initial_png = playground.png
    initial_weights = {k: v.copy() for k, v in playground.model.params.items()}
    initial_repr = repr(playground)
    playground.train(50)
    playground.reset_button.click()
    assert playground.epoch == 0
    assert repr(playground) == initial_repr
    for key, value in initial_weights.items():
        np.testing.assert_array_equal(playground.model.params[key], value)
    assert playground.png == initial_png


@pytest.mark.parametrize(
    ("problem", "n_examples", "n_classes"),
    [("xor", 200, 2), ("moons", 200, 2), ("spiral", 300, 3)],
)
def test_problems(problem, n_examples, n_classes):
    playground = BackpropPlayground(problem, hidden_units=4, activation="relu")
    assert playground.X.shape == (n_examples, 2)
    assert set(np.unique(playground.y)) == set(range(n_classes))
    assert playground.model.layer_sizes == [2, 4, n_classes]
    playground.train(10)
    assert playground.epoch == 10


def test_changing_problem_or_network_resets(playground):
    playground.train(20)
    playground.problem_dropdown.value = "spiral"
    assert playground.epoch == 0
    assert playground.model.layer_sizes == [2, 16, 3]
    playground.train(10)
    playground.hidden_slider.value = 5
    assert playground.epoch == 0
    assert playground.model.layer_sizes == [2, 5, 3]
    playground.activation_dropdown.value = "relu"
    assert playground.model.hidden_activation == "relu"
    assert "spiral, 5 relu hidden units" in repr(playground)


def test_learning_rate_slider_reaches_the_optimizer(playground):
    playground.learning_rate_slider.value = 0.05
    assert playground.optimizer.learning_rate == pytest.approx(0.05)
    playground.train(10)
    assert playground.model.history_["learning_rate"][-1] == pytest.approx(0.05)
    assert "learning rate 0.05" in repr(playground)


def test_run_trains_in_chunks_and_redraws(playground):
    before = playground.png
    done = run_async(playground.run(12))
    assert done == 12
    assert playground.epoch == 12
    assert not playground.is_training
    assert playground.png != before
    assert playground.stop_button.disabled and not playground.train_button.disabled


def test_stop_ends_a_run_after_the_current_chunk(playground):
    async def main() -> tuple[int, list[bool]]:
        task = asyncio.ensure_future(playground.run(1000))
        # Let the first chunk run: the task gives the loop back after it.
        while playground.epoch == 0:
            await asyncio.sleep(0.001)
        during = [
            playground.is_training,
            playground.stop_button.disabled,
            playground.train_button.disabled,
        ]
        playground.stop_button.click()
        return await task, during

    done, during = run_async(main())
    assert during == [True, False, True]
    assert done == playground.epoch == 5  # one chunk of chunk_epochs
    assert not playground.is_training
    assert playground.stop_button.disabled and not playground.train_button.disabled


def test_train_button_starts_a_task_on_the_running_loop(playground):
    async def main() -> int:
        playground.train_button.click()
        task = playground._task
        assert task is not None and playground.is_training
        playground.train_button.click()  # ignored while training
        assert playground._task is task
        return await task

    playground.epochs_slider.value = 20
    assert run_async(main()) == 20
    assert playground.epoch == 20


def test_train_button_without_event_loop_trains_in_one_go(playground):
    playground.epochs_slider.value = 10
    in_fresh_thread(playground.train_button.click)
    assert playground.epoch == 10
    assert not playground.is_training


def test_reset_during_a_run_ends_it(playground):
    async def main() -> int:
        task = asyncio.ensure_future(playground.run(1000))
        while playground.epoch == 0:
            await asyncio.sleep(0.001)
        playground.hidden_slider.value = 3  # a new network: the run must end
        return await task

    assert run_async(main()) == 5
    assert playground.epoch == 0
    assert playground.model.layer_sizes == [2, 3, 2]
    assert not playground.is_training


def test_cannot_train_twice_at_once(playground):
    async def main() -> None:
        task = asyncio.ensure_future(playground.run(100))
        await asyncio.sleep(0)
        with pytest.raises(RuntimeError, match="stop"):
            playground.train(10)
        playground.stop()
        await task

    run_async(main())


def test_divergence_is_reported(playground):
    # The softmax cost stays finite for any learning rate of the slider, so
    # plant what a diverged run leaves behind: weights that overflowed.
    playground.train(10)
    playground.model.params["W2"][...] = np.inf
    playground.train(10)
    assert playground.diverged
    assert playground.epoch == 10
    assert playground.train_button.disabled
    assert repr(playground).endswith(", epoch 10, diverged>")
    assert "diverged in epoch 11" in playground.status.value
    playground.train(10)  # refused quietly until a reset
    playground.train_button.click()
    assert playground.epoch == 10 and not playground.is_training
    playground.reset()
    assert not playground.diverged and not playground.train_button.disabled
    assert playground.epoch == 0


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"problem": "circles"}, ValueError, "problem"),
        ({"problem": 3}, TypeError, "problem"),
        ({"hidden_units": 0}, ValueError, "hidden_units"),
        ({"hidden_units": 33}, ValueError, "hidden_units"),
        ({"hidden_units": 2.5}, TypeError, "hidden_units"),
        ({"activation": "softmax"}, ValueError, "activation"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"learning_rate": 100.0}, ValueError, "learning_rate"),
        ({"learning_rate": "fast"}, TypeError, "learning_rate"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"epochs": 5000}, ValueError, "epochs"),
        ({"minibatch_size": 0}, ValueError, "minibatch_size"),
        ({"seed": -1}, ValueError, "seed"),
        ({"chunk_epochs": 0}, ValueError, "chunk_epochs"),
    ],
)
def test_bad_arguments_raise(kwargs, error, name):
    with pytest.raises(error, match=name):
        BackpropPlayground(**kwargs)


def test_bad_epochs_for_train_raise(playground):
    with pytest.raises(ValueError, match="epochs"):
        playground.train(0)
    with pytest.raises(TypeError, match="epochs"):
        playground.train(1.5)
    with pytest.raises(ValueError, match="epochs"):
        run_async(playground.run(-3))
