"""Tests for mlcourse.losses: hand-computed values, gradients, edge cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse import losses as L
from mlcourse.gradcheck import numerical_gradient, relative_error

H = 1e-6


def finite_difference_gradient(f, p: np.ndarray, h: float = H) -> np.ndarray:
    """An independent centred-difference loop over every entry of p."""
    grad = np.empty_like(p)
    for index in np.ndindex(p.shape):
        plus, minus = p.copy(), p.copy()
        plus[index] += h
        minus[index] -= h
        grad[index] = (f(plus) - f(minus)) / (2 * h)
    return grad


def assert_gradient_correct(loss, gradient, y_true, y_pred, **kwargs):
    analytic = gradient(y_true, y_pred, **kwargs)
    assert analytic.shape == y_pred.shape

    def f(p):
        return loss(y_true, p, **kwargs)

    ours = finite_difference_gradient(f, y_pred)
    theirs = numerical_gradient(f, y_pred.copy())
    assert relative_error(analytic, ours) < 1e-7
    assert relative_error(analytic, theirs) < 1e-7
    assert np.abs(analytic).max() > 1e-3  # not a vacuous comparison


def random_probabilities(rng, shape):
    return rng.uniform(0.05, 0.95, size=shape)


def random_distributions(rng, n, k):
    p = rng.uniform(0.1, 1.0, size=(n, k))
    return p / p.sum(axis=1, keepdims=True)


SHAPES = [(6,), (5, 3)]
REDUCTIONS = ["mean", "sum"]


# ---------------------------------------------------------------------------
# Gradients against finite differences
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", ["mse", "sse"])
def test_regression_gradients(name, reduction, shape):
    rng = np.random.default_rng(0)
    loss, gradient = L.LOSSES[name]
    assert_gradient_correct(
        loss,
        gradient,
        rng.normal(size=shape),
        rng.normal(size=shape),
        reduction=reduction,
    )


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_mae_gradient_away_from_zero_residual(reduction, shape):
    rng = np.random.default_rng(1)
    y_true = rng.normal(size=shape)
    residual = rng.uniform(0.1, 1.0, size=shape) * rng.choice([-1, 1], size=shape)
    assert_gradient_correct(
        L.mae, L.mae_gradient, y_true, y_true + residual, reduction=reduction
    )


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("soft_targets", [False, True])
def test_binary_cross_entropy_gradient(reduction, shape, soft_targets):
    rng = np.random.default_rng(2)
    if soft_targets:
        y_true = rng.uniform(0, 1, size=shape)
    else:
        y_true = rng.integers(0, 2, size=shape).astype(float)
    assert_gradient_correct(
        L.binary_cross_entropy,
        L.binary_cross_entropy_gradient,
        y_true,
        random_probabilities(rng, shape),
        reduction=reduction,
    )


def test_logistic_cost_gradient():
    rng = np.random.default_rng(3)
    y_true = L.one_hot(rng.integers(0, 4, size=6), 4)
    assert_gradient_correct(
        L.logistic_cost,
        L.logistic_cost_gradient,
        y_true,
        random_probabilities(rng, (6, 4)),
    )


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_categorical_cross_entropy_gradient(reduction):
    rng = np.random.default_rng(4)
    y_true = L.one_hot(rng.integers(0, 3, size=5), 3)
    assert_gradient_correct(
        L.categorical_cross_entropy,
        L.categorical_cross_entropy_gradient,
        y_true,
        random_distributions(rng, 5, 3),
        reduction=reduction,
    )


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_kl_divergence_gradient(reduction):
    rng = np.random.default_rng(5)
    y_true = random_distributions(rng, 5, 4)
    y_true[0] = [0.0, 0.5, 0.5, 0.0]  # zero targets: 0 log 0 = 0
    assert_gradient_correct(
        L.kl_divergence,
        L.kl_divergence_gradient,
        y_true,
        random_distributions(rng, 5, 4),
        reduction=reduction,
    )


def test_l2_penalty_gradient():
    rng = np.random.default_rng(6)
    weights = [rng.normal(size=(3, 4)), rng.normal(size=(2, 3))]
    l2 = 0.3
    grads = L.l2_penalty_gradient(weights, l2)
    assert len(grads) == 2
    for i, w in enumerate(weights):

        def f(wi, i=i):
            ws = list(weights)
            ws[i] = wi
            return L.l2_penalty(ws, l2)

        assert relative_error(grads[i], finite_difference_gradient(f, w)) < 1e-7
        np.testing.assert_allclose(grads[i], l2 * w, rtol=1e-15)


# ---------------------------------------------------------------------------
# Values worked out by hand
# ---------------------------------------------------------------------------


def test_regression_losses_by_hand():
    y, p = np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 5.0])
    assert L.mse(y, p) == pytest.approx(4 / 3)
    assert L.mse(y, p, reduction="sum") == pytest.approx(4.0)
    assert L.sse(y, p) == pytest.approx(2.0)  # 1/2 * 4, summed by default
    assert L.sse(y, p, reduction="mean") == pytest.approx(2 / 3)
    assert L.mae(np.zeros(2), np.array([1.0, -3.0])) == pytest.approx(2.0)
    np.testing.assert_allclose(L.mse_gradient(y, p), [0, 0, 4 / 3])
    np.testing.assert_allclose(L.sse_gradient(y, p), [0, 0, 2.0])
    np.testing.assert_allclose(L.mae_gradient(y, p), [0, 0, 1 / 3])
    assert isinstance(L.mse(y, p), float)


def test_losses_sum_units_and_average_examples():
    # two examples with three output units each, every error 1
    y, p = np.zeros((2, 3)), np.ones((2, 3))
    assert L.mse(y, p) == pytest.approx(3.0)
    assert L.mse(y, p, reduction="sum") == pytest.approx(6.0)
    assert L.mae(y, p) == pytest.approx(3.0)


def test_binary_cross_entropy_by_hand():
    assert L.binary_cross_entropy(np.array([1.0]), np.array([0.5])) == pytest.approx(
        math.log(2)
    )
    assert L.binary_cross_entropy(
        np.array([1.0, 0.0]), np.array([0.5, 0.5])
    ) == pytest.approx(math.log(2))
    assert L.binary_cross_entropy(
        np.array([1.0, 0.0]), np.array([0.5, 0.5]), reduction="sum"
    ) == pytest.approx(2 * math.log(2))
    # -(log 0.8 + log(1 - 0.3)) / 2
    assert L.binary_cross_entropy(
        np.array([1.0, 0.0]), np.array([0.8, 0.3])
    ) == pytest.approx(-(math.log(0.8) + math.log(0.7)) / 2)
    np.testing.assert_allclose(
        L.binary_cross_entropy_gradient(np.array([1.0]), np.array([0.25])), [-4.0]
    )


def test_logistic_cost_is_binary_cross_entropy_summed():
    y = L.one_hot([0, 2], 3)
    p = np.array([[0.7, 0.2, 0.1], [0.3, 0.3, 0.6]])
    expected = -(
        math.log(0.7)
        + math.log(0.8)
        + math.log(0.9)
        + math.log(0.7)
        + math.log(0.7)
        + math.log(0.6)
    )
    assert L.logistic_cost(y, p) == pytest.approx(expected)
    assert L.logistic_cost(y, p) == pytest.approx(
        2 * L.binary_cross_entropy(y, p, reduction="mean")
    )


def test_categorical_cross_entropy_by_hand():
    y = L.one_hot([0, 1], 3)
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.5, 0.4]])
    assert L.categorical_cross_entropy(y, p) == pytest.approx(
        -(math.log(0.7) + math.log(0.5)) / 2
    )
    np.testing.assert_allclose(
        L.categorical_cross_entropy_gradient(y, p),
        [[-1 / 1.4, 0, 0], [0, -1.0, 0]],
    )


def test_kl_divergence_properties():
    rng = np.random.default_rng(7)
    p = random_distributions(rng, 4, 5)
    q = random_distributions(rng, 4, 5)
    assert L.kl_divergence(p, p) == pytest.approx(0.0, abs=1e-15)
    kl = L.kl_divergence(p, q)
    assert kl > 0
    entropy = -np.sum(p * np.log(p)) / len(p)
    assert kl == pytest.approx(L.categorical_cross_entropy(p, q) - entropy, rel=1e-12)
    # by hand: KL([1/2, 1/2] || [1/4, 3/4])
    assert L.kl_divergence(np.array([[0.5, 0.5]]), np.array([[0.25, 0.75]])) == (
        pytest.approx(0.5 * math.log(2) + 0.5 * math.log(2 / 3))
    )
    # one-hot target: 0 log 0 counts as 0, so KL equals the cross-entropy
    y = L.one_hot([1], 3)
    assert L.kl_divergence(y, q[:1, :3] / q[:1, :3].sum()) == pytest.approx(
        L.categorical_cross_entropy(y, q[:1, :3] / q[:1, :3].sum())
    )


def test_l2_penalty_by_hand():
    weights = [np.array([[1.0, -2.0]]), np.array([3.0])]
    assert L.l2_penalty(weights, 0.1) == pytest.approx(0.5 * 0.1 * 14)
    assert L.l2_penalty(weights, 0.0) == 0.0
    assert L.l2_penalty([], 1.0) == 0.0


# ---------------------------------------------------------------------------
# Probabilities of exactly 0 and 1
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropies_are_finite_at_exact_zero_and_one(dtype, strict_numpy):
    y = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=dtype)
    right = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=dtype)
    wrong = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=dtype)
    for loss, gradient in (
        L.LOSSES["binary_cross_entropy"],
        L.LOSSES["logistic_cost"],
        L.LOSSES["categorical_cross_entropy"],
        L.LOSSES["kl_divergence"],
    ):
        good, bad = loss(y, right), loss(y, wrong)
        assert math.isfinite(good) and math.isfinite(bad)
        assert 0 <= good < 1e-5
        assert bad > 10  # -log of a clipped, tiny probability
        assert np.all(np.isfinite(gradient(y, right)))
        assert np.all(np.isfinite(gradient(y, wrong)))


def test_clipping_value_in_float64():
    # the clip is at EPS = 1e-12: -log(1e-12) per wrong unit
    cost = L.binary_cross_entropy(np.array([1.0]), np.array([0.0]))
    assert cost == pytest.approx(-math.log(L.EPS), rel=1e-9)


# ---------------------------------------------------------------------------
# one_hot and input checks
# ---------------------------------------------------------------------------


def test_one_hot():
    Y = L.one_hot([2, 0, 1, 2], 3)
    np.testing.assert_array_equal(Y, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert Y.dtype == np.float64
    assert L.one_hot(np.array([1]), 4, dtype=np.float32).dtype == np.float32
    with pytest.raises(ValueError, match="^y must be below 3"):
        L.one_hot([0, 3], 3)
    with pytest.raises(ValueError, match="^y must not be negative"):
        L.one_hot([-1, 0], 3)
    with pytest.raises(ValueError, match="^n_classes must be at least 1"):
        L.one_hot([0], 0)
    with pytest.raises(TypeError, match="^n_classes"):
        L.one_hot([0], 2.0)


@pytest.mark.parametrize("name", sorted(L.LOSSES))
def test_shape_mismatch_names_both_arguments(name):
    loss, gradient = L.LOSSES[name]
    for f in (loss, gradient):
        with pytest.raises(ValueError, match="^y_true and y_pred must have the same"):
            f(np.full((3, 2), 0.5), np.full((2, 3), 0.5))


@pytest.mark.parametrize(
    "name",
    ["binary_cross_entropy", "categorical_cross_entropy", "kl_divergence"],
)
def test_probabilities_outside_0_1_are_refused(name):
    loss, gradient = L.LOSSES[name]
    with pytest.raises(ValueError, match="^y_pred must hold probabilities"):
        loss(np.array([[1.0, 0.0]]), np.array([[1.2, -0.2]]))
    with pytest.raises(ValueError, match="^y_pred must hold probabilities"):
        gradient(np.array([[1.0, 0.0]]), np.array([[1.2, -0.2]]))


def test_other_input_checks():
    with pytest.raises(ValueError, match="^reduction must be one of"):
        L.mse(np.zeros(2), np.zeros(2), reduction="median")
    with pytest.raises(ValueError, match="^reduction"):
        L.mse_gradient(np.zeros(2), np.zeros(2), reduction="max")
    with pytest.raises(ValueError, match="^y_pred contains NaN"):
        L.mse(np.zeros(2), np.array([0.0, np.nan]))
    with pytest.raises(ValueError, match="^y_true must have 1 or 2 dimension"):
        L.mse(np.zeros((1, 2, 2)), np.zeros((1, 2, 2)))
    with pytest.raises(ValueError, match="^y_true must hold probabilities"):
        L.kl_divergence(np.array([[2.0, -1.0]]), np.array([[0.5, 0.5]]))
    with pytest.raises(ValueError, match="^l2 must not be negative"):
        L.l2_penalty([np.ones(2)], -0.1)
    with pytest.raises(ValueError, match="^l2 must not be negative"):
        L.l2_penalty_gradient([np.ones(2)], -0.1)
    # diverged weights give an infinite penalty, for the training loop to report
    assert L.l2_penalty([np.ones(2), np.array([np.inf])], 0.1) == np.inf
    with pytest.raises(TypeError, match=r"^weights\[1\] must hold real numbers"):
        L.l2_penalty([np.ones(2), np.array(["a"])], 0.1)
    with pytest.raises(TypeError, match="^y_true"):
        L.sse("abc", np.zeros(3))


def test_cost_of_labels_equals_the_one_hot_costs():
    rng = np.random.default_rng(3)
    y = np.array([0, 2, 1, 2, 0])
    A = rng.uniform(0.05, 0.95, (5, 3))
    P = A / A.sum(axis=1, keepdims=True)
    Y = L.one_hot(y, 3)
    assert L.logistic_cost_of_labels(y, A) == pytest.approx(L.logistic_cost(Y, A))
    assert L.logistic_cost_of_labels(y, A, "mean") == pytest.approx(
        L.binary_cross_entropy(Y, A)
    )
    assert L.cross_entropy_of_labels(y, P) == pytest.approx(
        L.categorical_cross_entropy(Y, P)
    )
    # NaN outputs (a diverged network) give NaN, for fit to report
    A[0, 0] = np.nan
    assert np.isnan(L.logistic_cost_of_labels(y, A))
    with pytest.raises(ValueError, match="^y and A must have the same length"):
        L.cross_entropy_of_labels(y[:4], P)


# ---------------------------------------------------------------------------
# The output error delta_out = A_out - Y
# ---------------------------------------------------------------------------


def test_output_error_is_outputs_minus_one_hot_targets():
    A = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    delta = L.output_error(A, np.array([0, 2]))
    np.testing.assert_array_equal(delta, A - np.array([[1, 0, 0], [0, 0, 1]]))
    assert delta is not A and A[0, 0] == 0.7  # a new array; A is untouched


@pytest.mark.parametrize("output", ["softmax", "sigmoid"])
def test_output_error_is_the_gradient_of_the_cost_with_respect_to_z(output):
    """Finite differences in float64: dJ/dZ_out = A_out - Y for both outputs."""
    from mlcourse.activations import sigmoid, softmax

    rng = np.random.default_rng(0)
    Z = rng.normal(size=(5, 4))
    y = np.array([0, 3, 1, 1, 2])
    if output == "softmax":
        activation, cost = softmax, L.cross_entropy_of_labels
    else:
        activation, cost = sigmoid, L.logistic_cost_of_labels

    def J(z):
        return cost(y, activation(z), reduction="sum")

    numeric = numerical_gradient(J, Z)
    assert relative_error(L.output_error(activation(Z), y), numeric) < 1e-7


@pytest.mark.parametrize(
    "A, y, match",
    [
        (np.array([0.5, 0.5]), np.array([0]), "A must be a float"),
        (np.ones((2, 3), dtype=int), np.array([0, 1]), "A must be a float"),
        (np.full((2, 3), 0.3), np.array([0, 3]), "y"),
        (np.full((2, 3), 0.3), np.array([0]), "same length"),
    ],
)
def test_output_error_refuses_bad_input(A, y, match):
    with pytest.raises(ValueError, match=match):
        L.output_error(A, y)
