"""Exercise 6.5 (stopping_epoch): the reference agrees with MLP.fit's early
stopping, and each named mistake gets its own hint."""

import numpy as np

from mlcourse import checks
from mlcourse.checks import ch06, check
from mlcourse.mlp import MLP


def test_the_reference_passes_and_gives_the_exercise_example():
    assert check("stopping_epoch", ch06._ref_stopping_epoch).passed
    assert ch06._ref_stopping_epoch([0.90, 0.92, 0.92, 0.91, 0.93, 0.93], 2) == (
        4,
        2,
    )


def test_each_named_mistake_is_recognised():
    spec = checks.EXERCISES["stopping_epoch"]
    for mistake in spec.mistakes:
        result = check("stopping_epoch", mistake.function)
        assert not result.passed
        assert mistake.hint[1:] in result.message


def test_the_reference_stops_where_mlp_fit_stops():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 4))
    y = (X[:, 0] + 0.5 * rng.standard_normal(200) > 0).astype(int)
    model = MLP([4, 8, 2], seed=3, dtype=np.float64)
    model.fit(
        X[:150],
        y[:150],
        X[150:],
        y[150:],
        epochs=60,
        learning_rate=0.5,
        minibatch_size=10,
        patience=3,
        progress=False,
    )
    curve = model.history_["valid_acc"]
    n_run, best = ch06._ref_stopping_epoch(curve, 3)
    assert len(curve) < 60  # early stopping did stop this run
    assert n_run == len(curve)
    assert best == model.best_epoch_
