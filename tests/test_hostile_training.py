"""Hostile training runs: divergence, bad schedules, bad augmentations.

One place for every way a training run can go wrong because of its settings:

* the divergence rule itself (mlcourse.divergence), on made-up epochs;
* each model with a far too large learning rate: NeuralNetMLP, MLP (plain
  gradient descent, Adam, sigmoid outputs), Adaline, Perceptron and the
  backpropagation playground, and runs that must *not* count as diverged;
* learning-rate schedules that return something unusable;
* augmentations that return something unusable.

Every test asserts the error's type and what its message says.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from mlcourse.datasets import load_iris, load_mnist, make_moons
from mlcourse.divergence import (
    COST_FACTOR,
    GROWTH_FACTOR,
    PATIENCE,
    DivergenceMonitor,
    chance_accuracy,
    zero_weights_cost,
)
from mlcourse.errors import TrainingDivergedError
from mlcourse.linear import Adaline, Perceptron
from mlcourse.mlp import MLP, NeuralNetMLP
from mlcourse.widgets import BackpropPlayground

LN2 = math.log(2.0)


@pytest.fixture(scope="module")
def moons():
    return make_moons(200, noise=0.1, seed=0)


@pytest.fixture(scope="module")
def digits():
    X, y = load_mnist("test")
    return X[:500], y[:500]


@pytest.fixture(scope="module")
def iris_raw():
    """Setosa vs versicolor, sepal and petal length in cm (chapter 1)."""
    X_all, y_all, _, _ = load_iris()
    two = y_all < 2
    return X_all[two][:, [0, 2]], y_all[two]


# ---------------------------------------------------------------------------
# The rule, on made-up epochs
# ---------------------------------------------------------------------------


def test_the_rule_constants_are_the_documented_ones():
    assert (PATIENCE, COST_FACTOR, GROWTH_FACTOR) == (5, 3.0, 10.0)


def test_zero_weights_cost():
    assert zero_weights_cost("softmax", 10) == pytest.approx(math.log(10))
    assert zero_weights_cost("softmax", 2) == pytest.approx(LN2)
    assert zero_weights_cost("sigmoid", 10) == pytest.approx(10 * LN2)
    # a sum over the examples, as NeuralNetMLP's cost
    assert zero_weights_cost("sigmoid", 3, n_examples=100) == pytest.approx(300 * LN2)
    with pytest.raises(ValueError, match="output must be 'softmax' or 'sigmoid'"):
        zero_weights_cost("relu", 3)


def test_chance_accuracy_is_the_most_common_class():
    assert chance_accuracy(np.array([0, 1, 1, 2])) == 0.5
    assert chance_accuracy(np.array([3, 3, 3])) == 1.0


def test_nan_or_infinite_cost_stops_at_once():
    monitor = DivergenceMonitor("learning_rate", 1.0)
    monitor.update(1, 0.5)
    with pytest.raises(TrainingDivergedError) as info:
        monitor.update(2, float("nan"))
    assert str(info.value).startswith("training diverged in epoch 2: ")
    assert "the cost became nan" in str(info.value)
    assert "smaller learning rate (learning_rate)" in str(info.value)
    assert (info.value.epoch, info.value.reason) == (2, "the cost became nan")
    with pytest.raises(TrainingDivergedError, match=r"epoch 1: the cost became inf"):
        DivergenceMonitor("eta", 1.0).update(1, float("inf"))


def test_cost_above_three_times_zero_weights_for_five_epochs():
    monitor = DivergenceMonitor("eta", 2.0)  # limit 6.0
    for epoch in range(1, PATIENCE):
        monitor.update(epoch, 6.5)  # four bad epochs: not yet
    with pytest.raises(TrainingDivergedError) as info:
        monitor.update(PATIENCE, 7.0)
    message = str(info.value)
    assert message.startswith(f"training diverged in epoch {PATIENCE}: for 5 epochs")
    assert "3 times that of all-zero weights (last 7, limit 6)" in message
    assert message.endswith(
        "Try a smaller learning rate (eta) or standardize the features."
    )
    assert info.value.epoch == PATIENCE


def test_a_spike_that_comes_back_down_is_not_divergence():
    monitor = DivergenceMonitor("eta", 1.0)
    costs = [5.0, 5.0, 5.0, 5.0, 0.9, 5.0, 5.0, 5.0, 5.0, 2.9, 3.0, 0.1]
    for epoch, cost in enumerate(costs, start=1):
        monitor.update(epoch, cost)  # never 5 bad epochs in a row
    assert monitor.streak == 0


def test_chance_accuracy_with_grown_weights():
    W = np.full((3, 4), 0.1)
    monitor = DivergenceMonitor("learning_rate", 1.0, [W], chance=0.5)
    for epoch in range(1, 3):  # at chance, but the weights have not grown
        monitor.update(epoch, 1.0, accuracy=0.5)
    assert monitor.streak == 0
    W *= 20  # in place, as an optimizer updates them
    assert monitor.growth() == pytest.approx(20.0)
    for epoch in range(3, 3 + PATIENCE - 1):
        monitor.update(epoch, 1.0, accuracy=0.5)
    with pytest.raises(TrainingDivergedError) as info:
        monitor.update(3 + PATIENCE - 1, 1.0, accuracy=0.45)
    message = str(info.value)
    assert "the accuracy (45.0%) was no better than always answering the most" in (
        message
    )
    assert "common class (50.0%) while the weights grew to 20 times" in message
    assert "(learning_rate)" in message


def test_better_than_chance_or_no_accuracy_never_counts_as_stuck():
    W = np.full((2, 2), 0.1)
    monitor = DivergenceMonitor("learning_rate", 1.0, [W], chance=0.5)
    W *= 100
    for epoch in range(1, 20):
        monitor.update(epoch, 1.0, accuracy=0.51)  # learned a little
        monitor.update(epoch, 1.0, accuracy=None)  # not measured
    assert monitor.streak == 0
    no_weights = DivergenceMonitor("eta", 1.0, chance=0.5)
    for epoch in range(1, 20):
        no_weights.update(epoch, 1.0, accuracy=0.1)
    assert no_weights.streak == 0


# ---------------------------------------------------------------------------
# Each model with a far too large learning rate
# ---------------------------------------------------------------------------


def test_neuralnetmlp_stuck_at_the_clipping_floor(moons):
    X, y = moons
    net = NeuralNetMLP(n_hidden=16, epochs=30, eta=10.0, minibatch_size=20, seed=1)
    with pytest.raises(TrainingDivergedError) as info:
        net.fit(X, y, X, y)
    message = str(info.value)
    assert message.startswith("training diverged in epoch 5: for 5 epochs in a row")
    assert "the cost stayed above 3 times that of all-zero weights" in message
    assert "smaller learning rate (eta)" in message
    # the epochs before the one that stopped it, every one far above the limit
    assert len(net.eval_["cost"]) == 4
    assert min(net.eval_["cost"]) > COST_FACTOR * 2 * LN2 * len(y)


def test_neuralnetmlp_with_a_tiny_learning_rate_is_slow_not_diverged(digits):
    X, y = digits
    net = NeuralNetMLP(n_hidden=16, epochs=8, eta=1e-5, minibatch_size=50, seed=1)
    net.fit(X, y, X[:100], y[:100])  # no error
    assert len(net.eval_["cost"]) == 8
    assert max(net.eval_["train_acc"]) < 0.3  # hardly learning, at chance level


def test_mlp_with_adam_collapses_to_one_class(digits):
    X, y = digits
    model = MLP([784, 16, 10], seed=1)
    with pytest.raises(TrainingDivergedError) as info:
        model.fit(X, y, epochs=8, optimizer="adam", learning_rate=1.0, progress=False)
    message = str(info.value)
    assert message.startswith("training diverged in epoch 5: for 5 epochs in a row")
    assert "no better than always answering the most common class (13.4%)" in message
    assert "times their size at the start" in message
    assert "smaller learning rate (learning_rate)" in message
    assert len(model.history_["loss"]) == len(model.history_["train_acc"]) == 4


def test_mlp_without_training_accuracy_watches_the_validation_accuracy(digits):
    X, y = digits
    settings = {"epochs": 8, "optimizer": "adam", "learning_rate": 1.0}
    model = MLP([784, 16, 10], seed=1)
    with pytest.raises(TrainingDivergedError, match="most common class"):
        model.fit(X, y, X, y, evaluate_train=False, progress=False, **settings)
    # with no accuracy at all only the cost counts, and this collapse keeps
    # the cost near that of zero weights: the limit of the rule
    blind = MLP([784, 16, 10], seed=1)
    blind.fit(X, y, evaluate_train=False, progress=False, **settings)
    assert blind.history_["loss"][-1] == pytest.approx(math.log(10), rel=0.1)


def test_mlp_with_sigmoid_outputs_at_the_clipping_floor(moons):
    X, y = moons
    model = MLP([2, 16, 2], "tanh", output_activation="sigmoid", seed=0)
    with pytest.raises(TrainingDivergedError) as info:
        model.fit(
            X, y, epochs=20, minibatch_size=32, learning_rate=30.0, progress=False
        )
    assert "for 5 epochs in a row the cost stayed above 3 times" in str(info.value)
    assert "(learning_rate)" in str(info.value)


def test_adaline_stops_early_only_when_asked(iris_raw):
    X, y = iris_raw
    # chapter 1: eta = 0.01 on centimetres diverges on purpose and is plotted
    shown = Adaline(eta=0.01, epochs=10, seed=1).fit(X, y)
    assert np.all(np.diff(shown.cost_) > 0)
    assert shown.cost_[-1] > 1e30
    stopped = Adaline(eta=0.01, epochs=10, seed=1, stop_on_divergence=True)
    with pytest.raises(TrainingDivergedError) as info:
        stopped.fit(X, y)
    message = str(info.value)
    assert message.startswith("training diverged in epoch 5: for 5 epochs in a row")
    assert "3 times that of all-zero weights" in message
    assert "(eta)" in message
    assert stopped.cost_ == shown.cost_[:4]


def test_adaline_that_converges_is_never_stopped(iris_raw):
    X, y = iris_raw
    X_std = (X - X.mean(axis=0)) / X.std(axis=0)
    model = Adaline(eta=0.01, epochs=50, seed=1, stop_on_divergence=True).fit(X_std, y)
    assert len(model.cost_) == 50
    assert np.mean(model.predict(X_std) == y) == 1.0


def test_perceptron_stops_when_its_weights_overflow():
    X = np.array([[10.0, 20.0], [-30.0, 10.0], [20.0, -10.0]])
    y = np.array([1, 0, 1])
    model = Perceptron(eta=1e307, epochs=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning from NumPy either
        with pytest.raises(TrainingDivergedError) as info:
            model.fit(X, y)
    message = str(info.value)
    assert message.startswith("training diverged in epoch 1: the weights became")
    assert "(eta)" in message
    assert model.errors_ == []


# ---------------------------------------------------------------------------
# The playground: the same rule over a whole run of many fit() chunks
# ---------------------------------------------------------------------------


def test_playground_reports_a_finite_divergence():
    playground = BackpropPlayground("moons", activation="relu", learning_rate=10.0)
    playground.train(100)
    assert playground.diverged
    assert playground.diverged_epoch == 7
    assert "3 times that of all-zero weights" in playground.divergence
    status = playground.status.value
    assert "Training diverged in epoch 7" in status
    assert "for 5 epochs in a row the cost stayed above 3 times" in status
    assert "Lower the learning rate" in status
    assert repr(playground).endswith(", diverged>")
    assert playground.train_button.disabled
    assert playground.accuracy == 0.5  # what it showed before: chance level


@pytest.mark.parametrize("learning_rate", [3.0, 10.0])
def test_playground_spikes_that_recover_are_not_divergence(learning_rate):
    # chapter 4's "things to try": learning rates 3 and 10 on the moons
    playground = BackpropPlayground("moons", learning_rate=learning_rate)
    playground.train(300)
    assert not playground.diverged and playground.divergence is None
    losses = np.array(playground.history["loss"][1:])
    assert losses.max() > 2 * LN2  # a real spike above the cost of guessing ...
    assert playground.accuracy == 1.0  # ... and yet it learns the moons


# ---------------------------------------------------------------------------
# Learning-rate schedules
# ---------------------------------------------------------------------------


def warm_then_negative(epoch: int) -> float:
    return 1.0 - 0.75 * (epoch - 1)  # 1, 0.25, -0.5, ...


@pytest.mark.parametrize(
    ("schedule", "error", "words"),
    [
        (
            warm_then_negative,
            ValueError,
            "schedule warm_then_negative returned -0.5 for epoch 3: the factor "
            "multiplying the learning rate must be a finite number, 0 or more",
        ),
        (
            lambda e: float("nan"),
            ValueError,
            "schedule <lambda> returned nan for epoch 1",
        ),
        (lambda e: math.inf, ValueError, "returned inf for epoch 1"),
        (
            lambda e: "0.5",
            TypeError,
            "returned '0.5' for epoch 1: it must return a number",
        ),
        (
            lambda e: None,
            TypeError,
            "returned None for epoch 1: it must return a number",
        ),
        (lambda e: True, TypeError, "returned True for epoch 1"),
        (lambda e: np.array([0.5, 0.5]), TypeError, "it must return a number"),
    ],
)
def test_bad_schedules_are_named_with_their_epoch(moons, schedule, error, words):
    X, y = moons
    model = MLP([2, 4, 2], seed=0)
    with pytest.raises(error) as info:
        model.fit(X, y, epochs=4, schedule=schedule, progress=False)
    assert words in str(info.value)


def test_a_schedule_that_fails_late_keeps_the_epochs_before(moons):
    X, y = moons
    model = MLP([2, 4, 2], seed=0)
    with pytest.raises(ValueError, match="for epoch 3"):
        model.fit(X, y, epochs=4, schedule=warm_then_negative, progress=False)
    assert len(model.history_["loss"]) == 2
    np.testing.assert_allclose(model.history_["learning_rate"], [0.1, 0.025])


def test_numpy_numbers_and_zero_are_fine_schedule_values(moons):
    X, y = moons
    model = MLP([2, 4, 2], seed=0)
    model.fit(
        X, y, epochs=2, schedule=lambda e: np.float32(0.5) * (e - 1), progress=False
    )
    np.testing.assert_allclose(model.history_["learning_rate"], [0.0, 0.05])


def test_a_schedule_must_be_a_function(moons):
    X, y = moons
    with pytest.raises(TypeError, match="^schedule must be a function epoch -> "):
        MLP([2, 4, 2], seed=0).fit(X, y, schedule=0.5, progress=False)


# ---------------------------------------------------------------------------
# Augmentations
# ---------------------------------------------------------------------------


def add_nan(X_batch, rng):
    return X_batch * np.nan


def doubled(X_batch, rng):
    return np.vstack([X_batch, X_batch])  # more rows than labels


def noisy_float64(X_batch, rng):
    return X_batch + rng.normal(0.0, 0.1, X_batch.shape)  # float32 + float64


@pytest.mark.parametrize(
    ("augment", "error", "words"),
    [
        (add_nan, ValueError, "augment add_nan returned NaN or infinite values"),
        (
            doubled,
            ValueError,
            "augment doubled returned shape (64, 2): it must keep the batch's "
            "shape (32, 2)",
        ),
        (
            noisy_float64,
            TypeError,
            "augment noisy_float64 returned dtype float64: it must keep the "
            "batch's dtype float32",
        ),
        (lambda X, rng: X.tolist(), TypeError, "augment <lambda> returned a list"),
        (lambda X, rng: None, TypeError, "augment <lambda> returned a NoneType"),
        (lambda X, rng: X[:, :1], ValueError, "returned shape (32, 1)"),
    ],
)
def test_bad_augmentations_are_named(moons, augment, error, words):
    X, y = moons
    model = MLP([2, 4, 2], seed=0)  # float32
    with pytest.raises(error) as info:
        model.fit(X, y, epochs=1, minibatch_size=32, augment=augment, progress=False)
    assert words in str(info.value)
    assert "learning rate" not in str(info.value)


def test_an_augmentation_must_be_a_function(moons):
    X, y = moons
    with pytest.raises(
        TypeError, match=r"^augment must be a function \(X_batch, rng\)"
    ):
        MLP([2, 4, 2], seed=0).fit(X, y, augment="shift", progress=False)


def test_a_callback_must_be_a_function(moons):
    X, y = moons
    pattern = r"^callback must be a function \(model, epoch\) -> stop or not, got 3"
    with pytest.raises(TypeError, match=pattern):
        MLP([2, 4, 2], seed=0).fit(X, y, callback=3, progress=False)
    with pytest.raises(TypeError, match=pattern):
        NeuralNetMLP(epochs=1, progress=False).fit(X, y, X, y, callback=3)
