"""Tests for mlcourse.linear: the perceptron, Adaline and standardize."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from mlcourse.errors import TrainingDivergedError
from mlcourse.linear import Adaline, Perceptron, standardize

# ---------------------------------------------------------------------------
# Perceptron
# ---------------------------------------------------------------------------


def test_perceptron_converges_on_separable_iris(iris2):
    X, y = iris2
    model = Perceptron(eta=0.1, epochs=10)
    assert model.fit(X, y) is model
    assert len(model.errors_) == 10
    assert model.errors_[0] > 0  # it did have to learn
    assert model.errors_[-1] == 0
    assert model.errors_[-3:] == [0, 0, 0]  # and stayed converged
    np.testing.assert_array_equal(model.predict(X), y)
    assert model.w_.shape == (2,)
    assert model.predict(X).dtype == np.int64


def test_perceptron_with_shuffling_converges_and_is_reproducible(iris2):
    X, y = iris2
    a = Perceptron(eta=0.1, epochs=15, seed=3, shuffle=True).fit(X, y)
    b = Perceptron(eta=0.1, epochs=15, seed=3, shuffle=True).fit(X, y)
    c = Perceptron(eta=0.1, epochs=15, seed=4, shuffle=True).fit(X, y)
    assert a.errors_[-1] == 0
    np.testing.assert_array_equal(a.predict(X), y)
    assert a.errors_ == b.errors_
    np.testing.assert_array_equal(a.w_, b.w_)
    assert not np.array_equal(a.w_, c.w_)


def test_perceptron_update_rule_by_hand():
    # example 1, class 1 with z < 0 at the start: w += eta * (1 - 0) * x;
    # example 2, class 0, is then on the right side: no update
    X, y = np.array([[-2.0, 1.0], [2.0, -1.0]]), np.array([1, 0])
    model = Perceptron(eta=0.5, epochs=1, seed=0)
    w0 = np.random.default_rng(0).normal(0.0, 0.01, 2)
    assert X[0] @ w0 < 0  # so the first guess is 0, wrong
    model.fit(X, y)
    np.testing.assert_allclose(model.w_, w0 + 0.5 * X[0])
    assert model.b_ == 0.5
    assert model.errors_ == [1]


@pytest.mark.parametrize("model", [Perceptron(), Adaline()])
def test_linear_units_need_both_classes(model):
    X = np.array([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(ValueError, match="y must contain at least two different"):
        model.fit(X, np.array([1, 1]))


def test_net_input():
    model = Perceptron().fit(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0, 1]))
    model.w_ = np.array([2.0, -3.0])
    model.b_ = 0.5
    np.testing.assert_allclose(
        model.net_input(np.array([[1.0, 1.0], [0.0, 0.0]])), [-0.5, 0.5]
    )
    np.testing.assert_array_equal(
        model.predict(np.array([[1.0, 1.0], [0.0, 0.0]])), [0, 1]
    )


# ---------------------------------------------------------------------------
# Adaline
# ---------------------------------------------------------------------------


def test_adaline_learning_rate_too_large_increases_the_cost(iris2):
    X, y = iris2
    model = Adaline(eta=0.01, epochs=10).fit(X, y)
    assert len(model.cost_) == 10
    assert np.all(np.diff(model.cost_) > 0)
    assert model.cost_[-1] > 1e20


def test_adaline_small_learning_rate_decreases_the_cost(iris2):
    X, y = iris2
    model = Adaline(eta=0.0001, epochs=10).fit(X, y)
    assert np.all(np.diff(model.cost_) < 0)
    assert model.cost_[-1] < 0.6 * model.cost_[0]


def test_adaline_on_standardized_data_converges(iris2):
    X, y = iris2
    X_std, _, _ = standardize(X)
    model = Adaline(eta=0.01, epochs=20).fit(X_std, y)
    assert np.all(np.diff(model.cost_) < 0)
    np.testing.assert_array_equal(model.predict(X_std), y)
    assert model.cost_[-1] == pytest.approx(model.cost(X_std, y), rel=1e-12)
    assert model.cost_[-1] < 1.0


def test_adaline_full_batch_step_by_hand(iris2):
    X, y = iris2
    X_std, _, _ = standardize(X)
    model = Adaline(eta=0.01, epochs=1, seed=5).fit(X_std, y)
    w0 = np.random.default_rng(5).normal(0.0, 0.01, 2)
    errors = y - X_std @ w0  # b starts at 0
    np.testing.assert_allclose(model.w_, w0 + 0.01 * X_std.T @ errors, rtol=1e-13)
    assert model.b_ == pytest.approx(0.01 * errors.sum(), rel=1e-13)
    residual = y - (X_std @ model.w_ + model.b_)
    assert model.cost_ == [pytest.approx(0.5 * residual @ residual, rel=1e-13)]


@pytest.mark.parametrize("size", [1, 10])
def test_adaline_stochastic_and_minibatch_modes(iris2, size):
    X, y = iris2
    X_std, _, _ = standardize(X)
    a = Adaline(eta=0.01, epochs=15, minibatch_size=size, seed=1).fit(X_std, y)
    np.testing.assert_array_equal(a.predict(X_std), y)
    assert a.cost_[-1] < 0.3 * a.cost_[0]
    b = Adaline(eta=0.01, epochs=15, minibatch_size=size, seed=1).fit(X_std, y)
    assert a.cost_ == b.cost_
    np.testing.assert_array_equal(a.w_, b.w_)
    c = Adaline(eta=0.01, epochs=15, minibatch_size=size, seed=2).fit(X_std, y)
    assert not np.array_equal(a.w_, c.w_)


def test_adaline_stochastic_first_update_by_hand():
    X = np.array([[1.0, 2.0], [3.0, -1.0]])
    y = np.array([1, 0])
    model = Adaline(eta=0.1, epochs=1, minibatch_size=1, shuffle=False, seed=0)
    model.fit(X, y)
    w = np.random.default_rng(0).normal(0.0, 0.01, 2)
    b = 0.0
    for xi, yi in zip(X, y, strict=True):
        err = yi - (xi @ w + b)
        w = w + 0.1 * err * xi
        b = b + 0.1 * err
    np.testing.assert_allclose(model.w_, w, rtol=1e-14)
    assert model.b_ == pytest.approx(b, rel=1e-14)


def test_adaline_minibatch_larger_than_data_is_full_batch(iris2):
    X, y = iris2
    full = Adaline(eta=0.0001, epochs=3, seed=2).fit(X, y)
    big = Adaline(eta=0.0001, epochs=3, seed=2, minibatch_size=1000).fit(X, y)
    np.testing.assert_allclose(full.w_, big.w_, rtol=1e-14)


def test_adaline_divergence_names_the_epoch(iris2):
    X, y = iris2
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning on the way
        with pytest.raises(TrainingDivergedError) as info:
            Adaline(eta=0.01, epochs=1000).fit(X, y)
    message = str(info.value)
    assert message.startswith("training diverged in epoch ")
    epoch = int(message.split("epoch ")[1].split(":")[0])
    assert 10 < epoch < 1000  # not before the cost overflowed float64
    assert "smaller learning rate (eta)" in message
    assert "standardize" in message


# ---------------------------------------------------------------------------
# standardize
# ---------------------------------------------------------------------------


def test_standardize_gives_mean_zero_and_std_one(iris2):
    X, _ = iris2
    X_std, mean, std = standardize(X)
    np.testing.assert_allclose(X_std.mean(axis=0), 0.0, atol=1e-14)
    np.testing.assert_allclose(X_std.std(axis=0), 1.0, rtol=1e-14)
    np.testing.assert_allclose(mean, X.mean(axis=0))
    np.testing.assert_allclose(std, X.std(axis=0))
    assert X.mean() > 1  # the input itself was not standardized


def test_standardize_new_data_with_training_statistics():
    X_train = np.array([[1.0, 10.0], [3.0, 30.0]])
    _, mean, std = standardize(X_train)
    np.testing.assert_allclose(mean, [2.0, 20.0])
    np.testing.assert_allclose(std, [1.0, 10.0])
    X_new, m2, s2 = standardize(np.array([[4.0, 0.0]]), mean, std)
    np.testing.assert_allclose(X_new, [[2.0, -2.0]])
    np.testing.assert_array_equal(m2, mean)
    np.testing.assert_array_equal(s2, std)


def test_standardize_refuses_constant_features_and_bad_statistics():
    with pytest.raises(ValueError, match="^std must be positive"):
        standardize(np.array([[1.0, 5.0], [2.0, 5.0]]))
    with pytest.raises(ValueError, match="^mean must have 2 features"):
        standardize(np.ones((2, 2)), mean=[0.0, 0.0, 0.0], std=[1.0, 1.0])
    with pytest.raises(ValueError, match="^std must be positive"):
        standardize(np.ones((2, 2)), mean=[0.0, 0.0], std=[1.0, 0.0])
    with pytest.raises(ValueError, match="^X must have 2 dimension"):
        standardize(np.ones(3))
    with pytest.raises(ValueError, match="^X contains NaN"):
        standardize(np.array([[np.nan, 1.0], [1.0, 2.0]]))


# ---------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [Perceptron, Adaline])
def test_bad_hyperparameters(cls):
    with pytest.raises(ValueError, match="^eta must be positive"):
        cls(eta=0.0)
    with pytest.raises(ValueError, match="^epochs must be at least 1"):
        cls(epochs=0)
    with pytest.raises(ValueError, match="^seed"):
        cls(seed=-1)
    with pytest.raises(ValueError, match="^minibatch_size must be at least 1"):
        Adaline(minibatch_size=0)


@pytest.mark.parametrize("cls", [Perceptron, Adaline])
def test_bad_data(cls):
    X = np.array([[1.0, 2.0], [2.0, 1.0], [0.0, 0.0]])
    with pytest.raises(ValueError, match="^y must be below 2"):
        cls().fit(X, [0, 1, 2])
    with pytest.raises(ValueError, match="^y must not be negative"):
        cls().fit(X, [0, 1, -1])
    with pytest.raises(ValueError, match="^X and y must have the same length"):
        cls().fit(X, [0, 1])
    with pytest.raises(ValueError, match="^X contains NaN"):
        cls().fit(np.where(X == 0, np.inf, X), [0, 1, 0])
    with pytest.raises(RuntimeError, match="fit"):
        cls().predict(X)
    model = cls(epochs=1).fit(X, [0, 1, 0])
    with pytest.raises(ValueError, match="^X must have 2 features"):
        model.predict(np.zeros((2, 3)))
