"""Tests for mlcourse.mlp.MLP: structure, gradients, training, input checks."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.activations import HIDDEN_ACTIVATIONS
from mlcourse.datasets import make_moons, make_spiral
from mlcourse.errors import TrainingDivergedError
from mlcourse.gradcheck import check_gradients, numerical_gradient, relative_error
from mlcourse.mlp import MLP
from mlcourse.optimizers import SGD, Adam

H = 1e-6

# ---------------------------------------------------------------------------
# An independent reference: the forward pass and cost written out in NumPy
# ---------------------------------------------------------------------------

REFERENCE_ACTIVATIONS = {
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0.0),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
    "elu": lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0.0))),
}


def reference_loss(params, X, y, hidden, output, l2, masks=None):
    """Mean cost over the examples plus l2/2 * sum(W^2), from scratch.

    masks : None or one array (or None) per hidden layer multiplying its
    activations (dropout with the masks fixed).
    """
    n_layers = len(params) // 2
    a = X
    for k in range(1, n_layers + 1):
        z = a @ params[f"W{k}"].T + params[f"b{k}"]
        if k < n_layers:
            a = REFERENCE_ACTIVATIONS[hidden](z)
            if masks is not None and masks[k - 1] is not None:
                a = a * masks[k - 1]
    n = len(y)
    if output == "softmax":
        shifted = z - z.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        data = -log_p[np.arange(n), y].sum() / n
    else:
        p = 1.0 / (1.0 + np.exp(-z))
        Y = np.eye(z.shape[1])[y]
        data = -(Y * np.log(p) + (1 - Y) * np.log(1 - p)).sum() / n
    penalty = (
        0.5 * l2 * sum(np.sum(params[f"W{k}"] ** 2) for k in range(1, n_layers + 1))
    )
    return data + penalty


def independent_gradient(loss_of_params, params):
    """Centred differences, written here, over every entry of every array."""
    grads = {}
    for name, w in params.items():
        g = np.empty_like(w)
        for index in np.ndindex(w.shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name][index] += H
            minus[name][index] -= H
            g[index] = (loss_of_params(plus) - loss_of_params(minus)) / (2 * H)
        grads[name] = g
    return grads


def small_problem(n_features, n_classes, n=7, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, n_features))
    y = rng.integers(0, n_classes, size=n)
    y[:n_classes] = np.arange(n_classes)  # every class present
    return X, y


def randomize_biases(model, seed=1):
    rng = np.random.default_rng(seed)
    for name, b in model.params.items():
        if name.startswith("b"):
            b[...] = rng.normal(scale=0.5, size=b.shape)


@pytest.fixture(scope="module")
def moons():
    X, y = make_moons(200, noise=0.1, seed=0)
    X_valid, y_valid = make_moons(100, noise=0.1, seed=1)
    return X, y, X_valid, y_valid


# ---------------------------------------------------------------------------
# Structure
# ---------------------------------------------------------------------------


def test_parameter_shapes_and_dtypes():
    model = MLP([3, 5, 4, 2])
    assert model.n_layers == 3
    assert model.n_classes == 2
    assert list(model.params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    expected = {
        "W1": (5, 3),
        "b1": (5,),
        "W2": (4, 5),
        "b2": (4,),
        "W3": (2, 4),
        "b3": (2,),
    }
    assert {k: v.shape for k, v in model.params.items()} == expected
    assert all(v.dtype == np.float32 for v in model.params.values())
    assert all(np.all(model.params[f"b{k}"] == 0) for k in (1, 2, 3))
    weights = model.weights()
    assert [w is model.params[f"W{k}"] for k, w in enumerate(weights, 1)] == [True] * 3
    model64 = MLP([3, 5, 2], dtype=np.float64)
    assert all(v.dtype == np.float64 for v in model64.params.values())
    assert MLP([3, 5, 2], dtype="float64").dtype == np.float64


@pytest.mark.parametrize(
    "hidden, init, std",
    [
        ("relu", "auto", np.sqrt(2 / 400)),  # He
        ("elu", "auto", np.sqrt(2 / 400)),
        ("tanh", "auto", np.sqrt(2 / (400 + 300))),  # Xavier / Glorot
        ("relu", "xavier", np.sqrt(2 / (400 + 300))),
        ("sigmoid", "he", np.sqrt(2 / 400)),
        ("tanh", "normal", 0.1),
    ],
)
def test_initialization_scale(hidden, init, std):
    W1 = MLP([400, 300, 2], hidden, init=init, seed=0).params["W1"]
    assert W1.std() == pytest.approx(std, rel=0.02)
    assert abs(W1.mean()) < 0.05 * std


def test_forward_predict_proba_and_predict():
    X, _ = small_problem(3, 4, n=10)
    model = MLP([3, 6, 5, 4], "tanh", "softmax", seed=0)
    A = model.forward(X)
    assert [a.shape for a in A] == [(10, 3), (10, 6), (10, 5), (10, 4)]
    proba = model.predict_proba(X)
    assert proba.dtype == np.float32
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(proba, A[-1])
    np.testing.assert_array_equal(model.predict(X), proba.argmax(axis=1))
    sig = MLP([3, 6, 4], "tanh", "sigmoid", seed=0).predict_proba(X)
    assert np.all((sig > 0) & (sig < 1))
    assert not np.allclose(sig.sum(axis=1), 1.0)  # independent outputs


def test_predict_proba_matches_reference_forward():
    X, y = small_problem(3, 3, n=9)
    model = MLP([3, 4, 3], "elu", "softmax", seed=2, dtype=np.float64)
    randomize_biases(model)
    z1 = X @ model.params["W1"].T + model.params["b1"]
    a1 = REFERENCE_ACTIVATIONS["elu"](z1)
    z2 = a1 @ model.params["W2"].T + model.params["b2"]
    e = np.exp(z2 - z2.max(axis=1, keepdims=True))
    np.testing.assert_allclose(
        model.predict_proba(X), e / e.sum(axis=1, keepdims=True), rtol=1e-13
    )


def test_large_inputs_are_processed_in_chunks():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(10_500, 2)).astype(np.float32)
    model = MLP([2, 3, 2], seed=0)
    proba = model.predict_proba(X)
    assert proba.shape == (10_500, 2)
    np.testing.assert_allclose(proba[-5:], model.predict_proba(X[-5:]), rtol=1e-6)


# ---------------------------------------------------------------------------
# Loss and gradients against finite differences (float64)
# ---------------------------------------------------------------------------

LAYER_SIZES = [[3, 5, 3], [3, 4, 5, 3], [3, 4, 3, 4, 3]]


@pytest.mark.parametrize("layer_sizes", LAYER_SIZES, ids=["1hidden", "2", "3"])
@pytest.mark.parametrize("output", ["softmax", "sigmoid"])
@pytest.mark.parametrize("hidden", HIDDEN_ACTIVATIONS)
def test_loss_and_gradients_match_finite_differences(hidden, output, layer_sizes):
    model = MLP(layer_sizes, hidden, output, l2=0.1, seed=3, dtype=np.float64)
    randomize_biases(model)
    X, y = small_problem(layer_sizes[0], layer_sizes[-1])
    loss, grads = model.loss_and_gradients(X, y)
    assert set(grads) == set(model.params)
    assert all(grads[k].shape == model.params[k].shape for k in grads)

    def ref(params):
        return reference_loss(params, X, y, hidden, output, l2=0.1)

    assert loss == pytest.approx(ref(model.params), rel=1e-12)
    assert model.loss(X, y) == pytest.approx(loss, rel=1e-14)

    errors = check_gradients(model, X, y)
    assert set(errors) == set(model.params)
    assert max(errors.values()) < 1e-7, errors

    numeric = independent_gradient(ref, model.params)
    for name in model.params:
        assert relative_error(grads[name], numeric[name]) < 1e-7, name


def test_network_without_hidden_layer_is_logistic_regression():
    model = MLP([4, 3], output_activation="softmax", l2=0.2, dtype=np.float64)
    randomize_biases(model)
    X, y = small_problem(4, 3)
    _, grads = model.loss_and_gradients(X, y)
    assert set(grads) == {"W1", "b1"}
    numeric = independent_gradient(
        lambda p: reference_loss(p, X, y, "relu", "softmax", 0.2), model.params
    )
    for name in grads:
        assert relative_error(grads[name], numeric[name]) < 1e-7


def test_l2_penalty_is_in_loss_and_gradient():
    X, y = small_problem(3, 2)
    plain = MLP([3, 4, 2], "tanh", l2=0.0, seed=0, dtype=np.float64)
    reg = MLP([3, 4, 2], "tanh", l2=0.5, seed=0, dtype=np.float64)
    squares = sum(np.sum(W**2) for W in reg.weights())
    loss0, g0 = plain.loss_and_gradients(X, y)
    loss1, g1 = reg.loss_and_gradients(X, y)
    assert loss1 - loss0 == pytest.approx(0.25 * squares, rel=1e-12)
    np.testing.assert_allclose(g1["W1"] - g0["W1"], 0.5 * reg.params["W1"], rtol=1e-12)
    np.testing.assert_array_equal(g1["b1"], g0["b1"])  # biases not penalized


def dropout_model():
    model = MLP(
        [3, 8, 6, 3],
        "tanh",
        "softmax",
        l2=0.05,
        dropout=(0.5, 0.3),
        seed=0,
        dtype=np.float64,
    )
    randomize_biases(model)
    return model


def test_dropout_gradients_match_finite_differences_with_fixed_masks():
    model = dropout_model()
    X, y = small_problem(3, 3, n=10)
    # Seed the generator the masks are drawn from: the same seed gives the
    # same masks, whatever the weights are.
    model._rng = np.random.default_rng(123)
    A, dropped = model._forward(X, training=True)
    masks = [m[0] for m in dropped]
    for mask, p in zip(masks, (0.5, 0.3), strict=True):
        kept = mask != 0
        assert 0 < kept.mean() < 1  # some units dropped, some kept
        np.testing.assert_allclose(mask[kept], 1 / (1 - p))  # inverted dropout
    grads = model._backward(A, dropped, y)

    # (1) finite differences of the reference cost with these masks fixed
    numeric = independent_gradient(
        lambda p: reference_loss(p, X, y, "tanh", "softmax", 0.05, masks),
        model.params,
    )
    for name in model.params:
        assert relative_error(grads[name], numeric[name]) < 1e-7, name

    # (2) the package's own cost in training mode, re-seeded before each call
    def training_loss(_):
        model._rng = np.random.default_rng(123)
        A, _ = model._forward(X, training=True)
        return model._data_cost(A[-1], y) + model._penalty()

    for name in ("W1", "b2", "W3"):
        g = numerical_gradient(training_loss, model.params[name])
        assert relative_error(grads[name], g) < 1e-7, name

    # the masks matter: without them the gradient is a different one
    _, plain = model.loss_and_gradients(X, y)
    assert relative_error(grads["W1"], plain["W1"]) > 1e-2


def test_one_epoch_of_fit_is_one_gradient_step():
    X, y = small_problem(3, 3, n=12)
    model = MLP([3, 5, 3], "relu", l2=0.01, seed=4, dtype=np.float64)
    before = {k: v.copy() for k, v in model.params.items()}
    _, grads = model.loss_and_gradients(X, y)
    model.fit(
        X,
        y,
        epochs=1,
        minibatch_size=12,
        optimizer=SGD(0.3),
        shuffle=False,
        progress=False,
    )
    for k in before:
        np.testing.assert_allclose(
            model.params[k], before[k] - 0.3 * grads[k], rtol=1e-13, atol=1e-15
        )


def test_one_epoch_of_fit_with_dropout_uses_the_dropout_gradient():
    X, y = small_problem(3, 3, n=12)
    kwargs = dict(l2=0.01, dropout=0.4, seed=5, dtype=np.float64)
    model = MLP([3, 6, 3], "sigmoid", **kwargs)
    twin = MLP([3, 6, 3], "sigmoid", **kwargs)  # same seed: same generator state
    before = {k: v.copy() for k, v in model.params.items()}
    A, dropped = twin._forward(X, training=True)
    assert np.any(dropped[0][0] == 0)
    expected_grads = twin._backward(A, dropped, y)
    model.fit(
        X,
        y,
        epochs=1,
        minibatch_size=12,
        optimizer=SGD(0.3),
        shuffle=False,
        progress=False,
    )
    for k in before:
        np.testing.assert_allclose(
            model.params[k],
            before[k] - 0.3 * expected_grads[k],
            rtol=1e-13,
            atol=1e-15,
        )
    # and the test is sensitive: no-dropout gradients would give other weights
    _, plain = MLP([3, 6, 3], "sigmoid", **kwargs).loss_and_gradients(X, y)
    assert not np.allclose(plain["W1"], expected_grads["W1"])


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "optimizer, learning_rate",
    [("sgd", 0.5), ("momentum", 0.1), ("rmsprop", 0.01), ("adam", 0.01)],
)
def test_fit_learns_the_moons_with_every_optimizer(moons, optimizer, learning_rate):
    X, y, X_valid, y_valid = moons
    model = MLP([2, 16, 16, 2], "relu", seed=0)
    start = model.loss(X, y)
    out = model.fit(
        X,
        y,
        epochs=60,
        minibatch_size=20,
        optimizer=optimizer,
        learning_rate=learning_rate,
        progress=False,
    )
    assert out is model
    loss = model.history_["loss"]
    assert loss[-1] < 0.2 * start
    assert loss[-1] < loss[0]
    assert model.history_["train_acc"][-1] >= 0.98
    assert np.mean(model.predict(X_valid) == y_valid) >= 0.95
    assert model.optimizer_.learning_rate == learning_rate


def test_fit_learns_three_spiral_arms():
    X, y = make_spiral(300, seed=0)
    model = MLP([2, 32, 32, 3], "relu", seed=0)
    model.fit(
        X,
        y,
        epochs=150,
        minibatch_size=32,
        optimizer="adam",
        learning_rate=0.01,
        progress=False,
    )
    assert model.history_["train_acc"][-1] >= 0.95


def test_history_keys_and_lengths(moons):
    X, y, X_valid, y_valid = moons
    model = MLP([2, 8, 2], "tanh", seed=1).fit(
        X, y, X_valid, y_valid, epochs=4, progress=False
    )
    h = model.history_
    assert set(h) == {"loss", "train_acc", "valid_acc", "learning_rate"}
    assert all(len(v) == 4 for v in h.values())
    assert h["learning_rate"] == [0.1] * 4  # the default for "sgd"
    # the last entries describe the final weights
    assert h["loss"][-1] == pytest.approx(model.loss(X, y), rel=1e-12)
    assert h["train_acc"][-1] == np.mean(model.predict(X) == y)
    assert h["valid_acc"][-1] == np.mean(model.predict(X_valid) == y_valid)
    assert model.best_epoch_ == int(np.argmax(h["valid_acc"])) + 1

    no_valid = MLP([2, 8, 2], seed=1).fit(X, y, epochs=3, progress=False)
    assert no_valid.history_["valid_acc"] == []
    assert len(no_valid.history_["loss"]) == 3
    assert no_valid.best_epoch_ is None


def test_early_stopping_stops_and_restores_the_best_weights(moons):
    X, y, X_valid, y_valid = moons
    snapshots = {}

    def remember(model, epoch):
        snapshots[epoch] = {k: v.copy() for k, v in model.params.items()}

    model = MLP([2, 16, 2], "relu", seed=0)
    model.fit(
        X,
        y,
        X_valid,
        y_valid,
        epochs=300,
        learning_rate=0.5,
        patience=3,
        callback=remember,
        progress=False,
    )
    n_epochs = len(model.history_["loss"])
    assert n_epochs < 300  # stopped early
    valid = model.history_["valid_acc"]
    best = model.best_epoch_
    assert best == int(np.argmax(valid)) + 1  # first epoch with the best score
    assert n_epochs == best + 3  # three epochs without improvement
    assert all(v <= valid[best - 1] for v in valid[best:])
    # the weights are those of the best epoch, not of the last one
    for k, v in model.params.items():
        np.testing.assert_array_equal(v, snapshots[best][k])
    assert any(
        not np.array_equal(snapshots[n_epochs][k], snapshots[best][k])
        for k in model.params
    )
    assert np.mean(model.predict(X_valid) == y_valid) == valid[best - 1]


def test_schedule_sets_the_learning_rate(moons):
    X, y, _, _ = moons
    model = MLP([2, 4, 2], seed=0).fit(
        X,
        y,
        epochs=4,
        learning_rate=0.2,
        schedule=lambda e: 0.5 ** (e - 1),
        progress=False,
    )
    np.testing.assert_allclose(model.history_["learning_rate"], [0.2, 0.1, 0.05, 0.025])
    # a factor of 0 means no update at all
    frozen = MLP([2, 4, 2], seed=0)
    before = {k: v.copy() for k, v in frozen.params.items()}
    frozen.fit(X, y, epochs=2, schedule=lambda e: 0.0, progress=False)
    for k in before:
        np.testing.assert_array_equal(frozen.params[k], before[k])
    moved = MLP([2, 4, 2], seed=0).fit(
        X, y, epochs=1, schedule=lambda e: 1.0, progress=False
    )
    assert not np.array_equal(moved.params["W1"], before["W1"])


def test_callback_returning_true_stops_training(moons):
    X, y, _, _ = moons
    calls = []

    def callback(model, epoch):
        calls.append((model, epoch))
        return epoch == 3

    model = MLP([2, 4, 2], seed=0)
    model.fit(X, y, epochs=20, callback=callback, progress=False)
    assert [e for _, e in calls] == [1, 2, 3]
    assert all(m is model for m, _ in calls)
    assert len(model.history_["loss"]) == 3


def test_augment_is_applied_to_every_minibatch(moons):
    X, y, _, _ = moons
    sizes = []

    def augment(Xb, rng):
        assert isinstance(rng, np.random.Generator)
        sizes.append(len(Xb))
        return Xb * 0  # the network sees only zeros

    model = MLP([2, 4, 2], seed=0)
    W1 = model.params["W1"].copy()
    model.fit(X, y, epochs=2, minibatch_size=64, augment=augment, progress=False)
    assert sizes == [64, 64, 64, 8] * 2
    # with all-zero inputs the first layer's weights get zero gradient
    np.testing.assert_array_equal(model.params["W1"], W1)


def test_same_seed_is_bit_identical_and_other_seed_differs(moons):
    X, y, X_valid, y_valid = moons

    def train(seed):
        model = MLP([2, 8, 8, 2], "relu", dropout=0.2, seed=seed)
        return model.fit(
            X,
            y,
            X_valid,
            y_valid,
            epochs=3,
            minibatch_size=16,
            optimizer="adam",
            progress=False,
        )

    a, b, c = train(7), train(7), train(8)
    for k in a.params:
        assert a.params[k].tobytes() == b.params[k].tobytes()
    assert a.history_ == b.history_
    assert not np.array_equal(a.params["W1"], c.params["W1"])
    assert a.history_["loss"] != c.history_["loss"]


def test_shuffle_false_is_deterministic_across_seeds_only_through_init(moons):
    X, y, _, _ = moons
    a = MLP([2, 4, 2], seed=3)
    b = MLP([2, 4, 2], seed=3)
    a.fit(X, y, epochs=2, shuffle=False, progress=False)
    b.fit(X, y, epochs=2, shuffle=True, progress=False)
    assert not np.array_equal(a.params["W1"], b.params["W1"])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_training_keeps_the_dtype(moons, dtype):
    X, y, _, _ = moons
    model = MLP([2, 4, 2], seed=0, dtype=dtype)
    model.fit(X, y, epochs=2, optimizer=Adam(0.01), progress=False)
    assert all(v.dtype == dtype for v in model.params.values())
    assert model.predict_proba(X).dtype == dtype
    assert model.optimizer_.m["W1"].dtype == dtype


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_huge_learning_rate_raises_training_diverged():
    X, y = make_moons(100, seed=0)
    model = MLP([2, 16, 2], "relu", seed=0)
    with pytest.raises(TrainingDivergedError) as info:
        model.fit(X, y, epochs=20, learning_rate=1e6, progress=False)
    message = str(info.value)
    assert "diverged in epoch" in message
    assert "smaller learning rate (learning_rate)" in message
    epoch = int(message.split("epoch ")[1].split(":")[0])
    assert 1 <= epoch <= 20
    assert isinstance(info.value, FloatingPointError)


# ---------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(layer_sizes="3,4,2"), TypeError, "^layer_sizes"),
        (dict(layer_sizes=5), TypeError, "^layer_sizes"),
        (dict(layer_sizes=[3]), ValueError, "^layer_sizes needs"),
        (dict(layer_sizes=[3, 0, 2]), ValueError, r"^layer_sizes\[1\] must be at"),
        (dict(layer_sizes=[3, 2.5, 2]), TypeError, r"^layer_sizes\[1\]"),
        (dict(layer_sizes=[3, 4, 1]), ValueError, r"^layer_sizes\[-1\]"),
        (dict(hidden_activation="softplus"), ValueError, "^hidden_activation"),
        (dict(hidden_activation="step"), ValueError, "^hidden_activation"),
        (dict(hidden_activation=None), TypeError, "^hidden_activation"),
        (dict(output_activation="identity"), ValueError, "^output_activation"),
        (dict(l2=-0.1), ValueError, "^l2 must not be negative"),
        (dict(dropout=1.0), ValueError, "^dropout must be below 1"),
        (dict(dropout=-0.2), ValueError, "^dropout must not be negative"),
        (dict(dropout=(0.1,)), ValueError, "^dropout must have one rate"),
        (dict(seed=-1), ValueError, "^seed"),
        (dict(seed=1.5), TypeError, "^seed"),
        (dict(dtype=np.int32), ValueError, "^dtype"),
        (dict(dtype="nonsense"), TypeError, "^dtype"),
        (dict(init="glorot"), ValueError, "^init"),
    ],
)
def test_bad_constructor_arguments(kwargs, error, pattern):
    arguments = dict(layer_sizes=[3, 4, 5, 2])
    arguments.update(kwargs)
    with pytest.raises(error, match=pattern):
        MLP(**arguments)


def test_dropout_per_layer():
    model = MLP([3, 4, 5, 2], dropout=[0.1, 0.0])
    assert model.dropout == [0.1, 0.0]
    assert MLP([3, 4, 5, 2], dropout=0.3).dropout == [0.3, 0.3]


GOOD_X = np.zeros((4, 3))
GOOD_Y = np.array([0, 1, 2, 1])


@pytest.mark.parametrize(
    "X, y, kwargs, error, pattern",
    [
        (GOOD_X, GOOD_Y, dict(epochs=0), ValueError, "^epochs must be at least 1"),
        (GOOD_X, GOOD_Y, dict(epochs=2.0), TypeError, "^epochs"),
        (GOOD_X, GOOD_Y, dict(minibatch_size=0), ValueError, "^minibatch_size"),
        (GOOD_X, GOOD_Y, dict(optimizer="nadam"), ValueError, "^optimizer"),
        (GOOD_X, GOOD_Y, dict(learning_rate=-1.0), ValueError, "^learning_rate"),
        (GOOD_X, GOOD_Y, dict(patience=0), ValueError, "^patience"),
        (
            np.where(np.eye(4, 3) == 1, np.nan, 0.0),
            GOOD_Y,
            {},
            ValueError,
            "^X contains NaN",
        ),
        (np.full((4, 3), np.inf), GOOD_Y, {}, ValueError, "^X contains NaN or inf"),
        (np.zeros((4, 2)), GOOD_Y, {}, ValueError, "^X must have 3 features"),
        (np.zeros(3), GOOD_Y, {}, ValueError, "^X must have 2 dimension"),
        (np.zeros((0, 3)), np.array([], dtype=int), {}, ValueError, "^X is empty"),
        ("abc", GOOD_Y, {}, TypeError, "^X must be a numeric array"),
        ([["a", "b", "c"]] * 4, GOOD_Y, {}, TypeError, "^X must hold numbers"),
        (GOOD_X, np.array([0, -1, 2, 1]), {}, ValueError, "^y must not be negative"),
        (GOOD_X, np.array([0, 1, 3, 1]), {}, ValueError, "^y must be below 3"),
        (GOOD_X, np.array([0, 0.5, 1, 2]), {}, ValueError, "^y must hold whole"),
        (GOOD_X, np.array([0, 1, 2]), {}, ValueError, "^X and y must have the same"),
        (GOOD_X, np.array(["0", "1", "2", "1"]), {}, TypeError, "^y must hold"),
        (GOOD_X, GOOD_Y.reshape(2, 2), {}, ValueError, "^y must have 1 dimension"),
    ],
)
def test_bad_fit_arguments(X, y, kwargs, error, pattern):
    model = MLP([3, 4, 3])
    with pytest.raises(error, match=pattern):
        model.fit(X, y, progress=False, **kwargs)


def test_validation_data_checks():
    model = MLP([3, 4, 3])
    with pytest.raises(ValueError, match="X_valid and y_valid must be given together"):
        model.fit(GOOD_X, GOOD_Y, GOOD_X, progress=False)
    with pytest.raises(ValueError, match="X_valid and y_valid must be given together"):
        model.fit(GOOD_X, GOOD_Y, y_valid=GOOD_Y, progress=False)
    with pytest.raises(ValueError, match="^patience .*needs X_valid and y_valid"):
        model.fit(GOOD_X, GOOD_Y, patience=2, progress=False)
    with pytest.raises(ValueError, match="^X_valid must have 3 features"):
        model.fit(GOOD_X, GOOD_Y, np.zeros((2, 4)), [0, 1], progress=False)
    with pytest.raises(ValueError, match="^y_valid must be below 3"):
        model.fit(GOOD_X, GOOD_Y, np.zeros((2, 3)), [0, 5], progress=False)
    with pytest.raises(ValueError, match="^X_valid and y_valid must have the same"):
        model.fit(GOOD_X, GOOD_Y, np.zeros((2, 3)), [0, 1, 2], progress=False)


def test_prediction_input_checks():
    model = MLP([3, 4, 3])
    with pytest.raises(ValueError, match="^X must have 3 features"):
        model.predict(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="^X contains NaN"):
        model.predict_proba(np.array([[0.0, np.nan, 1.0]]))
    with pytest.raises(ValueError, match="^y must be below 3"):
        model.loss(GOOD_X, [0, 1, 2, 3])
    with pytest.raises(ValueError, match="^X and y must have the same"):
        model.loss_and_gradients(GOOD_X, [0, 1])


def test_optimizer_instance_with_learning_rate_is_refused():
    with pytest.raises(ValueError, match="^learning_rate must be None"):
        MLP([3, 4, 3]).fit(
            GOOD_X, GOOD_Y, optimizer=Adam(), learning_rate=0.1, progress=False
        )
