"""Tests for mlcourse.optimizers: single steps by hand, convergence, dtypes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse.optimizers import (
    DEFAULT_LEARNING_RATES,
    OPTIMIZERS,
    SGD,
    Adam,
    Momentum,
    Optimizer,
    RMSProp,
    flush_tiny,
    make_optimizer,
)


def start():
    return {"w": np.array([1.0, -2.0]), "b": np.array([0.5])}


G1 = {"w": np.array([0.5, -1.0]), "b": np.array([2.0])}
G2 = {"w": np.array([1.0, 0.0]), "b": np.array([-1.0])}


# ---------------------------------------------------------------------------
# One or two steps worked out by hand
# ---------------------------------------------------------------------------


def test_sgd_step_by_hand():
    params = start()
    w = params["w"]
    SGD(0.1).step(params, G1)
    assert params["w"] is w  # updated in place
    np.testing.assert_allclose(params["w"], [0.95, -1.9], rtol=1e-15)
    np.testing.assert_allclose(params["b"], [0.3], rtol=1e-15)


def test_momentum_two_steps_by_hand():
    params, opt = start(), Momentum(learning_rate=0.1, beta=0.9)
    opt.step(params, G1)
    # v = -0.1 g1 = [-0.05, 0.1];  w = [1, -2] + v
    np.testing.assert_allclose(opt.velocity["w"], [-0.05, 0.1], rtol=1e-15)
    np.testing.assert_allclose(params["w"], [0.95, -1.9], rtol=1e-15)
    opt.step(params, G2)
    # v = 0.9 [-0.05, 0.1] - 0.1 [1, 0] = [-0.145, 0.09]
    np.testing.assert_allclose(opt.velocity["w"], [-0.145, 0.09], rtol=1e-14)
    np.testing.assert_allclose(params["w"], [0.805, -1.81], rtol=1e-14)
    # b: v = -0.2 -> 0.3, then v = 0.9 (-0.2) + 0.1 = -0.08 -> 0.22
    np.testing.assert_allclose(params["b"], [0.22], rtol=1e-14)


def test_rmsprop_step_by_hand():
    params, opt = start(), RMSProp(learning_rate=0.01, beta=0.9, eps=1e-8)
    opt.step(params, G1)
    # s = 0.1 g^2, so g / sqrt(s) = sign(g) sqrt(10) for every weight
    np.testing.assert_allclose(opt.square_avg["w"], [0.025, 0.1], rtol=1e-15)
    w0 = 1 - 0.01 * 0.5 / (math.sqrt(0.025) + 1e-8)
    w1 = -2 + 0.01 * 1.0 / (math.sqrt(0.1) + 1e-8)
    np.testing.assert_allclose(params["w"], [w0, w1], rtol=1e-14)
    np.testing.assert_allclose(params["w"], [0.968377, -1.968377], rtol=1e-6)
    np.testing.assert_allclose(
        params["b"], [0.5 - 0.01 * 2.0 / (math.sqrt(0.4) + 1e-8)], rtol=1e-14
    )
    # second step: s = 0.9 * 0.1 g1^2 + 0.1 g2^2
    opt.step(params, G2)
    s_w0 = 0.9 * 0.025 + 0.1 * 1.0
    np.testing.assert_allclose(
        params["w"][0], w0 - 0.01 * 1.0 / (math.sqrt(s_w0) + 1e-8), rtol=1e-14
    )
    # a zero gradient leaves the weight where it was
    assert params["w"][1] == w1


def test_adam_first_step_by_hand():
    params, opt = start(), Adam(learning_rate=0.001)
    opt.step(params, G1)
    # m_hat = g, v_hat = g^2: the step is eta * g / (|g| + eps)
    np.testing.assert_allclose(
        params["w"],
        [1 - 0.001 * 0.5 / (0.5 + 1e-8), -2 + 0.001 * 1.0 / (1.0 + 1e-8)],
        rtol=1e-12,
    )
    np.testing.assert_allclose(opt.m["w"], [0.05, -0.1], rtol=1e-15)
    np.testing.assert_allclose(opt.v["w"], [0.00025, 0.001], rtol=1e-12)
    assert opt.t == 1


def textbook_adam(params, grads_seq, lr, b1, b2, eps):
    """Adam exactly as printed in Kingma & Ba (2015), Algorithm 1."""
    w = {k: v.copy() for k, v in params.items()}
    m = {k: np.zeros_like(v) for k, v in w.items()}
    v = {k: np.zeros_like(x) for k, x in w.items()}
    for t, grads in enumerate(grads_seq, start=1):
        for k in w:
            g = grads[k]
            m[k] = b1 * m[k] + (1 - b1) * g
            v[k] = b2 * v[k] + (1 - b2) * g**2
            m_hat = m[k] / (1 - b1**t)
            v_hat = v[k] / (1 - b2**t)
            w[k] = w[k] - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w


@pytest.mark.parametrize("eps", [1e-8, 1e-2])
def test_adam_matches_the_textbook_algorithm(eps):
    rng = np.random.default_rng(0)
    params = {"W": rng.normal(size=(3, 2)), "b": rng.normal(size=3)}
    grads_seq = [
        {"W": rng.normal(size=(3, 2)) * 10.0**e, "b": rng.normal(size=3)}
        for e in (-3, -1, 0, 1, 2, 0)
    ]
    expected = textbook_adam(params, grads_seq, 0.01, 0.8, 0.99, eps)
    opt = Adam(learning_rate=0.01, beta1=0.8, beta2=0.99, eps=eps)
    for grads in grads_seq:
        opt.step(params, grads)
    for k in params:
        np.testing.assert_allclose(params[k], expected[k], rtol=1e-12, atol=1e-14)


def test_adam_first_step_moves_each_weight_by_the_learning_rate():
    rng = np.random.default_rng(1)
    # |g| from about 0.01 to 1000; eps = 1e-8 is negligible against all of them
    g = rng.choice([-1.0, 1.0], size=50) * 10.0 ** rng.uniform(-2, 3, size=50)
    w0 = rng.normal(size=50)
    params = {"w": w0.copy()}
    Adam(learning_rate=0.003).step(params, {"w": g})
    change = params["w"] - w0
    np.testing.assert_array_equal(np.sign(change), -np.sign(g))
    np.testing.assert_allclose(np.abs(change), 0.003, rtol=1e-5)


def test_momentum_with_beta_zero_is_sgd():
    rng = np.random.default_rng(2)
    a = {"w": rng.normal(size=4)}
    b = {"w": a["w"].copy()}
    sgd, mom = SGD(0.05), Momentum(0.05, beta=0.0)
    for _ in range(3):
        g = {"w": rng.normal(size=4)}
        sgd.step(a, g)
        mom.step(b, g)
    np.testing.assert_allclose(a["w"], b["w"], rtol=1e-15)


# ---------------------------------------------------------------------------
# All of them minimize a quadratic bowl
# ---------------------------------------------------------------------------

CURVATURE = np.array([1.0, 10.0])


def quadratic(w):
    return 0.5 * float(np.sum(CURVATURE * w**2))


@pytest.mark.parametrize(
    "build",
    [
        lambda: SGD(0.05),
        lambda: Momentum(0.02, 0.9),
        lambda: RMSProp(0.01),
        lambda: Adam(0.05),
    ],
    ids=["sgd", "momentum", "rmsprop", "adam"],
)
def test_optimizers_minimize_a_quadratic(build):
    opt = build()
    params = {"w": np.array([3.0, -2.0])}
    f0 = quadratic(params["w"])
    values = []
    for _ in range(500):
        opt.step(params, {"w": CURVATURE * params["w"]})
        values.append(quadratic(params["w"]))
    assert values[-1] < 1e-4 * f0
    assert np.abs(params["w"]).max() < 0.01
    # and progress is made early on, not just at the end
    assert values[249] < 0.01 * f0


# ---------------------------------------------------------------------------
# dtypes and bookkeeping
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
@pytest.mark.parametrize("grad_dtype", [np.float32, np.float64])
def test_float32_parameters_stay_float32(name, grad_dtype):
    rng = np.random.default_rng(3)
    params = {
        "W": rng.normal(size=(4, 3)).astype(np.float32),
        "b": np.zeros(4, dtype=np.float32),
    }
    before = {k: v.copy() for k, v in params.items()}
    ids = {k: id(v) for k, v in params.items()}
    opt = make_optimizer(name, 0.01)
    for _ in range(3):
        grads = {
            "W": rng.normal(size=(4, 3)).astype(grad_dtype),
            "b": rng.normal(size=4).astype(grad_dtype),
        }
        opt.step(params, grads)
    for k, v in params.items():
        assert v.dtype == np.float32
        assert id(v) == ids[k]
        assert not np.array_equal(v, before[k])  # the step did happen
    for state in ("velocity", "square_avg", "m", "v"):
        for arr in getattr(opt, state, {}).values():
            assert arr.dtype == np.float32


def test_state_is_kept_per_parameter():
    opt = Momentum(0.1, 0.5)
    params = {"a": np.zeros(2), "b": np.zeros(3)}
    opt.step(params, {"a": np.ones(2), "b": -np.ones(3)})
    assert set(opt.velocity) == {"a", "b"}
    np.testing.assert_allclose(opt.velocity["a"], [-0.1, -0.1])
    np.testing.assert_allclose(opt.velocity["b"], [0.1, 0.1, 0.1])


def test_make_optimizer():
    for name, cls in OPTIMIZERS.items():
        opt = make_optimizer(name)
        assert type(opt) is cls
        assert opt.learning_rate == DEFAULT_LEARNING_RATES[name]
    assert make_optimizer("momentum", 0.3).learning_rate == 0.3
    instance = Adam(0.02)
    assert make_optimizer(instance) is instance
    with pytest.raises(ValueError, match="^learning_rate must be None"):
        make_optimizer(instance, 0.1)
    with pytest.raises(ValueError, match="^optimizer must be one of"):
        make_optimizer("nadam")
    with pytest.raises(TypeError, match="^optimizer"):
        make_optimizer(42)
    assert repr(SGD(0.25)) == "SGD(learning_rate=0.25)"


def test_base_class_step_is_abstract():
    with pytest.raises(NotImplementedError):
        Optimizer(0.1).step({}, {})


@pytest.mark.parametrize(
    "build, name",
    [
        (lambda: SGD(0.0), "learning_rate"),
        (lambda: SGD(-1.0), "learning_rate"),
        (lambda: Momentum(0.1, beta=1.0), "beta"),
        (lambda: Momentum(0.1, beta=-0.1), "beta"),
        (lambda: RMSProp(0.1, beta=1.5), "beta"),
        (lambda: RMSProp(0.1, eps=0.0), "eps"),
        (lambda: Adam(0.1, beta1=1.0), "beta1"),
        (lambda: Adam(0.1, beta2=1.0), "beta2"),
        (lambda: Adam(0.1, eps=-1e-8), "eps"),
        (lambda: Adam(float("nan")), "learning_rate"),
    ],
)
def test_bad_hyperparameters_name_the_argument(build, name):
    with pytest.raises(ValueError, match=f"^{name} must"):
        build()


def test_non_numeric_learning_rate_is_a_type_error():
    with pytest.raises(TypeError, match="^learning_rate"):
        SGD("0.1")


# ---------------------------------------------------------------------------
# Tiny state values are set to zero (subnormal numbers are slow)
# ---------------------------------------------------------------------------


def n_subnormal(a: np.ndarray) -> int:
    return int(np.sum((a != 0) & (np.abs(a) < np.finfo(a.dtype).tiny)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_flush_tiny_zeroes_only_values_below_the_limit(dtype):
    tiny = np.finfo(dtype).tiny
    limit = 2.0**16 * tiny
    values = [0.5, -1e-30, limit, -limit, 0.99 * limit, -0.5 * limit, tiny, tiny / 8]
    state = {"a": np.array(values, dtype=dtype)}
    flush_tiny(state)
    expected = [0.5, -1e-30, limit, -limit, 0, 0, 0, 0]
    np.testing.assert_array_equal(state["a"], np.array(expected, dtype=dtype))
    assert n_subnormal(state["a"]) == 0


def test_flush_tiny_leaves_float16_alone():
    # float16's smallest normal number is 6.1e-5: the float32/float64 limit
    # (2**16 times it) would be 4.0 and wipe out real values
    state = {"a": np.array([0.5, 1e-3, 1e-6], dtype=np.float16)}
    before = state["a"].copy()
    flush_tiny(state)
    np.testing.assert_array_equal(state["a"], before)


def train_with_dead_weights(build, state_name, flush_every, monkeypatch):
    """Float32 weights of which 200 get zero gradients from step 30 to 1200
    (like a dead ReLU unit) and get gradients again afterwards."""
    import mlcourse.optimizers as optimizers

    monkeypatch.setattr(optimizers, "FLUSH_EVERY", flush_every)
    rng = np.random.default_rng(5)
    params = {"w": rng.normal(0.0, 0.1, 1000).astype(np.float32)}
    opt = build()
    most_subnormal = 0
    for t in range(1, 1301):
        g = rng.normal(0.0, 1e-3, 1000).astype(np.float32)
        if 30 <= t <= 1200:
            g[:200] = 0.0
        opt.step(params, {"w": g})
        state = getattr(opt, state_name)["w"]
        most_subnormal = max(most_subnormal, n_subnormal(state))
    return params["w"], most_subnormal


@pytest.mark.parametrize(
    "build, state_name",
    [
        (lambda: Adam(1e-3), "m"),
        (lambda: Momentum(1e-3, 0.9), "velocity"),
        (lambda: RMSProp(1e-3, 0.9), "square_avg"),
    ],
    ids=["adam", "momentum", "rmsprop"],
)
def test_flushing_avoids_subnormal_state_without_changing_the_weights(
    build, state_name, monkeypatch
):
    never = 10**9
    w_kept, subnormal_kept = train_with_dead_weights(
        build, state_name, never, monkeypatch
    )
    w_flushed, subnormal_flushed = train_with_dead_weights(
        build, state_name, 50, monkeypatch
    )
    # without flushing, the zero-gradient weights' state sinks to subnormal
    # numbers (and, shrunk by beta = 0.9, stays there); with it, never
    assert subnormal_kept >= 200
    assert subnormal_flushed == 0
    # and the weights are the same to the last bit, the revived ones included
    np.testing.assert_array_equal(w_flushed, w_kept)


def test_base_step_counts_updates_and_flushes_the_named_state():
    from mlcourse import optimizers as O

    class Decay(O.Optimizer):
        """A toy rule whose state only shrinks, as a dead unit's would."""

        _state_names = ("s",)

        def __init__(self):
            super().__init__(0.1)
            self.s = {"w": np.array([1e-35, 1.0], dtype=np.float32)}

        def _update(self, params, grads):
            self.s["w"] *= np.float32(1.0)  # the formula; no housekeeping here

    opt = Decay()
    params = {"w": np.zeros(2, dtype=np.float32)}
    for _ in range(O.FLUSH_EVERY - 1):
        opt.step(params, {"w": np.zeros(2, dtype=np.float32)})
    assert opt.t == O.FLUSH_EVERY - 1 and opt.s["w"][0] == np.float32(1e-35)
    opt.step(params, {"w": np.zeros(2, dtype=np.float32)})
    assert opt.t == O.FLUSH_EVERY
    np.testing.assert_array_equal(opt.s["w"], [0.0, 1.0])  # flushed by step
