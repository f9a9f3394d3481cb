"""Tests for mlcourse.mlp.NeuralNetMLP, the book's one-hidden-layer network."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from mlcourse.datasets import load_mnist, make_xor
from mlcourse.gradcheck import check_gradients, relative_error
from mlcourse.mlp import NeuralNetMLP

H = 1e-6


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def reference_cost(params, X, y, l2):
    """The book's cost written out: logistic cost summed over examples and
    output units, plus lambda/2 (sum W_h^2 + sum W_out^2)."""
    A_h = sigmoid(X @ params["W_h"].T + params["b_h"])
    A_out = sigmoid(A_h @ params["W_out"].T + params["b_out"])
    Y = np.eye(params["W_out"].shape[0])[y]
    data = -np.sum(Y * np.log(A_out) + (1 - Y) * np.log(1 - A_out))
    return data + 0.5 * l2 * (np.sum(params["W_h"] ** 2) + np.sum(params["W_out"] ** 2))


def small_problem(n=9, n_features=4, n_classes=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, n_features))
    y = rng.integers(0, n_classes, size=n)
    y[:n_classes] = np.arange(n_classes)
    return X, y


def initialized(n_hidden=5, l2=0.3, seed=0, n_features=4, n_classes=3):
    model = NeuralNetMLP(n_hidden=n_hidden, l2=l2, seed=seed, dtype=np.float64)
    model.initialize(n_features, n_classes)
    rng = np.random.default_rng(seed + 100)
    model.b_h[...] = rng.normal(scale=0.5, size=model.b_h.shape)
    model.b_out[...] = rng.normal(scale=0.5, size=model.b_out.shape)
    return model


@pytest.fixture(scope="module")
def xor():
    X, y = make_xor(200, noise=0.05, seed=0)
    X_valid, y_valid = make_xor(100, noise=0.05, seed=1)
    return X, y, X_valid, y_valid


# ---------------------------------------------------------------------------
# The book's interface
# ---------------------------------------------------------------------------


def test_book_interface_and_defaults():
    params = inspect.signature(NeuralNetMLP).parameters
    book = ["n_hidden", "l2", "epochs", "eta", "shuffle", "minibatch_size", "seed"]
    assert list(params)[: len(book)] == book
    model = NeuralNetMLP()
    assert model.n_hidden == 30
    assert model.l2 == 0.0
    assert model.epochs == 100
    assert model.eta == 0.001
    assert model.shuffle is True
    assert model.minibatch_size == 1
    assert model.seed is None
    assert model.dtype == np.float32
    # positional, in the book's order
    m = NeuralNetMLP(20, 0.1, 5, 0.01, False, 10, 3)
    assert (m.n_hidden, m.l2, m.epochs, m.eta, m.shuffle, m.minibatch_size, m.seed) == (
        20,
        0.1,
        5,
        0.01,
        False,
        10,
        3,
    )


def test_fit_returns_self_with_shapes_and_eval(xor):
    X, y, X_valid, y_valid = xor
    model = NeuralNetMLP(
        n_hidden=6, epochs=4, eta=0.05, minibatch_size=10, seed=1, progress=False
    )
    assert model.fit(X, y, X_valid, y_valid) is model
    assert model.W_h.shape == (6, 2)
    assert model.b_h.shape == (6,)
    assert model.W_out.shape == (2, 6)
    assert model.b_out.shape == (2,)
    assert all(v.dtype == np.float32 for v in model.params.values())
    assert set(model.eval_) == {"cost", "train_acc", "valid_acc"}
    assert all(len(v) == 4 for v in model.eval_.values())
    # the recorded numbers describe the final weights
    assert model.eval_["cost"][-1] == model.cost(X, y)
    assert model.eval_["train_acc"][-1] == np.mean(model.predict(X) == y)
    assert model.eval_["valid_acc"][-1] == np.mean(model.predict(X_valid) == y_valid)
    proba = model.predict_proba(X_valid)
    assert proba.shape == (100, 2)
    assert proba.dtype == np.float32
    assert np.all((proba > 0) & (proba < 1))
    np.testing.assert_array_equal(model.predict(X_valid), proba.argmax(axis=1))


def test_training_solves_xor(xor):
    X, y, X_valid, y_valid = xor
    model = NeuralNetMLP(
        n_hidden=10, epochs=150, eta=0.1, minibatch_size=10, seed=1, progress=False
    ).fit(X, y, X_valid, y_valid)
    cost = model.eval_["cost"]
    assert cost[-1] < 0.3 * cost[0]
    assert model.eval_["train_acc"][-1] >= 0.95
    assert model.eval_["valid_acc"][-1] >= 0.9


def test_number_of_classes_comes_from_y_train():
    X, y = small_problem(n=12, n_classes=4)
    model = NeuralNetMLP(n_hidden=3, epochs=1, seed=0, progress=False)
    model.fit(X, y, X[:3], y[:3])
    assert model.W_out.shape == (4, 3)
    assert model.predict_proba(X).shape == (12, 4)


# ---------------------------------------------------------------------------
# Cost and gradients
# ---------------------------------------------------------------------------


def test_cost_matches_the_book_formula_with_l2():
    X, y = small_problem()
    model = initialized(l2=0.3)
    assert model.cost(X, y) == pytest.approx(
        reference_cost(model.params, X, y, 0.3), rel=1e-13
    )
    squares = np.sum(model.W_h**2) + np.sum(model.W_out**2)
    unregularized = model.cost(X, y) - 0.15 * squares
    assert unregularized == pytest.approx(
        reference_cost(model.params, X, y, 0.0), rel=1e-13
    )
    assert squares > 0.1  # the penalty is a visible part of the cost


def test_gradients_match_finite_differences():
    X, y = small_problem()
    model = initialized(l2=0.3)
    grads = model.gradients(X, y)
    assert {k: v.shape for k, v in grads.items()} == {
        k: v.shape for k, v in model.params.items()
    }
    errors = check_gradients(model, X, y)
    assert set(errors) == {"W_h", "b_h", "W_out", "b_out"}
    assert max(errors.values()) < 1e-7, errors
    # an independent loop over the reference cost
    for name, w in model.params.items():
        numeric = np.empty_like(w)
        for index in np.ndindex(w.shape):
            plus = {k: v.copy() for k, v in model.params.items()}
            minus = {k: v.copy() for k, v in model.params.items()}
            plus[name][index] += H
            minus[name][index] -= H
            numeric[index] = (
                reference_cost(plus, X, y, 0.3) - reference_cost(minus, X, y, 0.3)
            ) / (2 * H)
        assert relative_error(grads[name], numeric) < 1e-7, name


def test_gradient_contains_lambda_times_w():
    X, y = small_problem()
    reg = initialized(l2=0.7)
    plain = initialized(l2=0.0)
    g1, g0 = reg.gradients(X, y), plain.gradients(X, y)
    np.testing.assert_allclose(g1["W_h"] - g0["W_h"], 0.7 * reg.W_h, rtol=1e-12)
    np.testing.assert_allclose(g1["W_out"] - g0["W_out"], 0.7 * reg.W_out, rtol=1e-12)
    np.testing.assert_array_equal(g1["b_out"], g0["b_out"])


def gradient_descent_with_gradients(
    X, y, *, n_hidden, l2, epochs, eta, size, seed, shuffle
):
    """Plain mini-batch gradient descent built on ``gradients()``, with the
    shuffling reproduced from the seed: the weights are drawn first (W_h,
    then W_out), then one permutation per epoch from the same generator."""
    n, n_features, n_classes = len(y), X.shape[1], int(y.max()) + 1
    rng = np.random.default_rng(seed)
    W_h = rng.normal(0.0, 0.1, (n_hidden, n_features))
    W_out = rng.normal(0.0, 0.1, (n_classes, n_hidden))
    ref = NeuralNetMLP(n_hidden=n_hidden, l2=l2, eta=eta, seed=seed, dtype=np.float64)
    ref.initialize(n_features, n_classes)
    np.testing.assert_array_equal(ref.W_h, W_h)
    np.testing.assert_array_equal(ref.W_out, W_out)
    for _ in range(epochs):
        order = np.arange(n)
        if shuffle:
            rng.shuffle(order)
        for start in range(0, n, size):
            idx = order[start : start + size]
            grads = ref.gradients(X[idx], y[idx])
            for name, w in ref.params.items():
                w -= eta * grads[name]
    return ref


@pytest.mark.parametrize(
    "size, shuffle, l2",
    [(5, True, 0.1), (1, True, 0.0), (8, False, 0.05), (50, True, 0.1)],
)
def test_fast_training_loop_equals_plain_gradient_descent(size, shuffle, l2):
    X, y = small_problem(n=23, n_features=3, n_classes=3, seed=4)
    settings = dict(n_hidden=4, l2=l2, epochs=3, eta=0.05, seed=11)
    model = NeuralNetMLP(
        **settings,
        minibatch_size=size,
        shuffle=shuffle,
        dtype=np.float64,
        progress=False,
    ).fit(X, y, X, y)
    ref = gradient_descent_with_gradients(X, y, size=size, shuffle=shuffle, **settings)
    for name in model.params:
        np.testing.assert_allclose(
            model.params[name], ref.params[name], rtol=1e-10, atol=1e-13
        )
    # the weights really moved away from their initial values
    start = NeuralNetMLP(n_hidden=4, seed=11, dtype=np.float64)
    start.initialize(3, 3)
    assert np.abs(model.W_h - start.W_h).max() > 1e-3


def test_shuffling_changes_the_result():
    X, y = small_problem(n=23, n_features=3, seed=4)
    kw = dict(
        n_hidden=4,
        epochs=2,
        eta=0.05,
        minibatch_size=5,
        seed=11,
        dtype=np.float64,
        progress=False,
    )
    a = NeuralNetMLP(shuffle=True, **kw).fit(X, y, X, y)
    b = NeuralNetMLP(shuffle=False, **kw).fit(X, y, X, y)
    assert not np.allclose(a.W_h, b.W_h)


# ---------------------------------------------------------------------------
# Reproducibility
# ---------------------------------------------------------------------------


def test_same_seed_is_bit_identical(xor):
    X, y, X_valid, y_valid = xor

    def train(seed):
        return NeuralNetMLP(
            n_hidden=5, epochs=3, eta=0.05, minibatch_size=7, seed=seed, progress=False
        ).fit(X, y, X_valid, y_valid)

    a, b, c = train(3), train(3), train(4)
    for name in a.params:
        assert a.params[name].tobytes() == b.params[name].tobytes()
    assert a.eval_ == b.eval_
    assert not np.array_equal(a.W_h, c.W_h)
    assert a.eval_["cost"] != c.eval_["cost"]
    # without a seed, two networks start from different weights
    d = NeuralNetMLP(n_hidden=5, epochs=1, progress=False).fit(X, y, X_valid, y_valid)
    e = NeuralNetMLP(n_hidden=5, epochs=1, progress=False).fit(X, y, X_valid, y_valid)
    assert not np.array_equal(d.W_h, e.W_h)


def test_float64_is_available():
    X, y = small_problem()
    model = NeuralNetMLP(
        n_hidden=3, epochs=2, seed=0, dtype=np.float64, progress=False
    ).fit(X, y, X, y)
    assert all(v.dtype == np.float64 for v in model.params.values())
    assert model.predict_proba(X).dtype == np.float64


# ---------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(n_hidden=0), ValueError, "^n_hidden must be at least 1"),
        (dict(n_hidden=2.5), TypeError, "^n_hidden"),
        (dict(epochs=0), ValueError, "^epochs must be at least 1"),
        (dict(eta=0.0), ValueError, "^eta must be positive"),
        (dict(eta=-0.1), ValueError, "^eta must be positive"),
        (dict(minibatch_size=0), ValueError, "^minibatch_size must be at least 1"),
        (dict(l2=-0.01), ValueError, "^l2 must not be negative"),
        (dict(shuffle="yes"), TypeError, "^shuffle"),
        (dict(seed=-3), ValueError, "^seed"),
        (dict(dtype=np.int64), ValueError, "^dtype"),
    ],
)
def test_bad_hyperparameters(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        NeuralNetMLP(**kwargs)


def test_bad_training_data():
    X, y = small_problem()
    model = NeuralNetMLP(n_hidden=3, epochs=1, progress=False)
    with pytest.raises(ValueError, match="^X_train must have 2 dimension"):
        model.fit(X[:, 0], y, X, y)
    with pytest.raises(ValueError, match="^X_train contains NaN"):
        model.fit(np.where(X > 1, np.nan, X), y, X, y)
    with pytest.raises(ValueError, match="^y_train must not be negative"):
        model.fit(X, -y, X, y)
    with pytest.raises(ValueError, match="^X_train and y_train must have the same"):
        model.fit(X, y[:-1], X, y)
    with pytest.raises(ValueError, match="^y_train must contain at least two"):
        model.fit(X, np.zeros(len(y), dtype=int), X, y)
    with pytest.raises(ValueError, match="^X_valid must have 4 features"):
        model.fit(X, y, X[:, :3], y)
    with pytest.raises(ValueError, match="^y_valid must be below 3"):
        model.fit(X, y, X, y + 1)
    with pytest.raises(TypeError, match="^X_train"):
        model.fit("X", y, X, y)


def test_untrained_network_refuses_to_predict():
    model = NeuralNetMLP()
    with pytest.raises(RuntimeError, match="fit"):
        model.predict(np.zeros((1, 3)))
    with pytest.raises(RuntimeError, match="fit"):
        model.params  # noqa: B018


def test_prediction_checks_the_input():
    model = initialized()
    with pytest.raises(ValueError, match="^X must have 4 features"):
        model.predict(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="^y must be below 3"):
        model.cost(np.zeros((2, 4)), [0, 3])


# ---------------------------------------------------------------------------
# A small MNIST run
# ---------------------------------------------------------------------------


def test_small_mnist_run_is_well_above_chance():
    X, y = load_mnist("train")
    model = NeuralNetMLP(
        n_hidden=30,
        l2=0.01,
        epochs=4,
        eta=0.005,
        minibatch_size=50,
        seed=1,
        progress=False,
    ).fit(X[:2000], y[:2000], X[55000:56000], y[55000:56000])
    assert model.eval_["cost"][-1] < 0.6 * model.eval_["cost"][0]
    assert model.eval_["valid_acc"][-1] > 0.7  # chance is 0.1
    # images neither trained nor validated on
    assert np.mean(model.predict(X[57000:58000]) == y[57000:58000]) > 0.7
