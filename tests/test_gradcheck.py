"""Tests for mlcourse.gradcheck: the checker must find real bugs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse import activations
from mlcourse.gradcheck import check_gradients, numerical_gradient, relative_error
from mlcourse.mlp import MLP, NeuralNetMLP


def cube_sum(x):
    return float(np.sum(x**3))


# ---------------------------------------------------------------------------
# numerical_gradient
# ---------------------------------------------------------------------------


def test_numerical_gradient_of_a_known_function():
    x = np.array([[-1.5, 0.0, 2.0], [0.3, 1.0, -0.7]])
    g = numerical_gradient(cube_sum, x)
    assert g.shape == x.shape
    assert g.dtype == np.float64
    assert relative_error(g, 3 * x**2) < 1e-9
    # a function mixing the entries: f = x0 * x1 + sin(x2)
    y = np.array([2.0, -3.0, 0.5])
    g = numerical_gradient(lambda v: v[0] * v[1] + math.sin(v[2]), y)
    np.testing.assert_allclose(g, [-3.0, 2.0, math.cos(0.5)], rtol=1e-9)


def test_numerical_gradient_of_non_contiguous_arrays():
    base = np.arange(12, dtype=np.float64).reshape(3, 4) / 4
    for x in (base.T, base[:, ::2], np.asfortranarray(base)):
        assert not x.flags.c_contiguous
        g = numerical_gradient(cube_sum, x)
        assert relative_error(g, 3 * x**2) < 1e-9
        assert np.abs(g).max() > 1  # not all zeros


def test_numerical_gradient_restores_x_exactly():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 3))
    x[0, 0] = 0.1  # not exactly representable: +eps then -eps would not return
    original = x.copy()
    seen = []

    def f(v):
        seen.append(v.copy())
        return cube_sum(v)

    numerical_gradient(f, x, eps=1e-5)
    assert x.tobytes() == original.tobytes()
    assert len(seen) == 2 * x.size
    # f saw x perturbed by +eps and -eps, one entry at a time
    np.testing.assert_allclose(seen[0] - original, np.eye(1, 12).reshape(4, 3) * 1e-5)
    np.testing.assert_allclose(seen[1] - original, -np.eye(1, 12).reshape(4, 3) * 1e-5)


def test_numerical_gradient_works_on_a_scalar_array():
    g = numerical_gradient(lambda v: float(v) ** 2, np.array(3.0))
    assert g.shape == ()
    assert float(g) == pytest.approx(6.0, rel=1e-9)


def test_numerical_gradient_input_checks():
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(cube_sum, np.ones(3, dtype=np.float32))
    with pytest.raises(TypeError, match="^x must be a NumPy array"):
        numerical_gradient(cube_sum, [1.0, 2.0])
    with pytest.raises(TypeError, match="^f must be a function"):
        numerical_gradient(3.0, np.ones(2))
    with pytest.raises(ValueError, match="^eps must be positive"):
        numerical_gradient(cube_sum, np.ones(2), eps=0.0)
    with pytest.raises(ValueError, match="^x contains NaN"):
        numerical_gradient(cube_sum, np.array([1.0, np.nan]))


# ---------------------------------------------------------------------------
# relative_error
# ---------------------------------------------------------------------------


def test_relative_error_values():
    assert relative_error([1.0, 0.0], [0.0, 1.0]) == pytest.approx(1 / math.sqrt(2))
    assert relative_error([3.0, 4.0], [0.0, 0.0]) == 1.0
    assert relative_error([3.0, 4.0], [3.0, 4.0]) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error([1.0], [-1.0]) == 1.0
    # ||(0.01, 0)|| / (1 + 1.01)
    assert relative_error([1.0, 0.0], [1.01, 0.0]) == pytest.approx(0.01 / 2.01)
    assert isinstance(relative_error([1.0], [2.0]), float)
    with pytest.raises(ValueError, match="^a and b must have the same shape"):
        relative_error(np.zeros(2), np.zeros(3))


# ---------------------------------------------------------------------------
# check_gradients
# ---------------------------------------------------------------------------


def small_problem(n_features=3, n_classes=3, n=8, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, n_features))
    y = rng.integers(0, n_classes, size=n)
    y[:n_classes] = np.arange(n_classes)
    return X, y


def mlp64(**kwargs):
    return MLP([3, 5, 4, 3], "tanh", l2=0.2, seed=0, dtype=np.float64, **kwargs)


def book64():
    model = NeuralNetMLP(n_hidden=4, l2=0.2, seed=0, dtype=np.float64)
    model.initialize(3, 3)
    return model


def test_check_gradients_passes_correct_models():
    X, y = small_problem()
    for model in (mlp64(), book64()):
        before = {k: v.copy() for k, v in model.params.items()}
        errors = check_gradients(model, X, y)
        assert set(errors) == set(model.params)
        assert max(errors.values()) < 1e-7
        for k, v in model.params.items():  # weights are left as they were
            assert v.tobytes() == before[k].tobytes()


def test_check_gradients_catches_a_missing_l2_term(monkeypatch):
    X, y = small_problem()
    model = mlp64()
    correct = model._backward

    def forgets_l2(A, masks, y):
        grads = correct(A, masks, y)
        for k in range(1, model.n_layers + 1):
            grads[f"W{k}"] = grads[f"W{k}"] - model.l2 * model.params[f"W{k}"]
        return grads

    monkeypatch.setattr(model, "_backward", forgets_l2)
    errors = check_gradients(model, X, y)
    for k in ("W1", "W2", "W3"):
        assert errors[k] > 1e-4, (k, errors)
    for k in ("b1", "b2", "b3"):  # the biases were never penalized
        assert errors[k] < 1e-7


def test_check_gradients_catches_a_scaled_gradient(monkeypatch):
    X, y = small_problem()
    model = book64()
    correct = model.gradients

    def scaled(X, y):
        grads = correct(X, y)
        grads["b_out"] = 1.05 * grads["b_out"]
        return grads

    monkeypatch.setattr(model, "gradients", scaled)
    errors = check_gradients(model, X, y)
    assert errors["b_out"] == pytest.approx(0.05 / 2.05, rel=1e-4)
    assert errors["W_h"] < 1e-7


def test_check_gradients_catches_the_wrong_activation_derivative(monkeypatch):
    # a subtle bug: sigmoid's derivative formula used for tanh units
    X, y = small_problem()
    model = mlp64()
    monkeypatch.setitem(
        activations.DERIVATIVES, "tanh", activations.DERIVATIVES["sigmoid"]
    )
    errors = check_gradients(model, X, y)
    assert errors["W1"] > 1e-2
    assert errors["W3"] < 1e-7  # the output layer does not use it


def test_check_gradients_max_entries():
    X, y = small_problem()
    model = MLP([3, 40, 3], "relu", seed=1, dtype=np.float64)
    calls = []
    original = model.loss

    def counting_loss(X, y):
        calls.append(1)
        return original(X, y)

    model.loss = counting_loss
    errors = check_gradients(model, X, y, max_entries=10, seed=3)
    assert max(errors.values()) < 1e-7
    # W1 (120 entries) and W2 (120) sampled down to 10; b1 (40) to 10; b2 has 3
    assert len(calls) == 2 * (10 + 10 + 10 + 3)


def test_check_gradients_input_checks():
    X, y = small_problem()
    with pytest.raises(TypeError, match="float64"):
        check_gradients(MLP([3, 4, 3], dtype=np.float32), X, y)
    with pytest.raises(TypeError, match="^model must have"):
        check_gradients(object(), X, y)
    with pytest.raises(ValueError, match="^max_entries must be at least 1"):
        check_gradients(mlp64(), X, y, max_entries=0)
