"""Tests for mlcourse.activations: values, derivatives, numerical safety."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlcourse import activations as act
from mlcourse.gradcheck import numerical_gradient, relative_error

H = 1e-6  # finite-difference step (float64)


def central_difference(f, z: np.ndarray, h: float = H) -> np.ndarray:
    """Element-wise f'(z) by centred differences, for element-wise f."""
    return (f(z + h) - f(z - h)) / (2 * h)


def sample_points(seed: int = 0, kink_free: bool = False) -> np.ndarray:
    z = np.random.default_rng(seed).uniform(-4.0, 4.0, size=(7, 9))
    if kink_free:
        z = z[np.abs(z) > 1e-3]
    return z


ELEMENTWISE = {
    "identity": (act.identity, act.identity_derivative, {}),
    "sigmoid": (act.sigmoid, act.sigmoid_derivative, {}),
    "tanh": (act.tanh, act.tanh_derivative, {}),
    "relu": (act.relu, act.relu_derivative, {}),
    "leaky_relu": (act.leaky_relu, act.leaky_relu_derivative, {}),
    "leaky_relu_0.2": (act.leaky_relu, act.leaky_relu_derivative, {"alpha": 0.2}),
    "elu": (act.elu, act.elu_derivative, {}),
    "elu_0.5": (act.elu, act.elu_derivative, {"alpha": 0.5}),
}


# ---------------------------------------------------------------------------
# Derivatives against finite differences
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_derivative_matches_central_differences(name):
    f, df, kwargs = ELEMENTWISE[name]
    # away from the kink at 0 of relu, leaky_relu and (for alpha != 1) elu
    z = sample_points(kink_free=True)
    assert z.size > 50
    analytic = df(z, **kwargs)
    numeric = central_difference(lambda v: f(v, **kwargs), z)
    assert relative_error(analytic, numeric) < 1e-7
    # the derivative is not trivially zero anywhere we looked, except relu's
    # left half; make sure the comparison is not vacuous
    assert np.abs(analytic).max() > 0.1


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "elu"])
def test_derivative_matches_numerical_gradient_of_the_sum(name):
    # for an element-wise f, d/dz_i sum_j f(z_j) = f'(z_i)
    f, df, kwargs = ELEMENTWISE[name]
    z = sample_points(seed=1)
    numeric = numerical_gradient(lambda v: float(np.sum(f(v, **kwargs))), z)
    assert relative_error(df(z, **kwargs), numeric) < 1e-7


def test_sigmoid_derivative_peaks_at_a_quarter():
    z = np.linspace(-5, 5, 101)
    d = act.sigmoid_derivative(z)
    assert d.max() == pytest.approx(0.25, abs=1e-15)
    assert z[np.argmax(d)] == pytest.approx(0.0, abs=1e-12)


def test_step_has_zero_derivative_and_identity_has_one():
    z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    np.testing.assert_array_equal(act.step(z), [0, 0, 1, 1, 1])
    np.testing.assert_array_equal(act.step_derivative(z), np.zeros(5))
    np.testing.assert_array_equal(act.identity(z), z)
    np.testing.assert_array_equal(act.identity_derivative(z), np.ones(5))


def test_identity_returns_a_copy():
    z = np.array([1.0, 2.0])
    out = act.identity(z)
    out[0] = 99.0
    assert z[0] == 1.0


def test_relu_like_derivatives_at_zero_and_either_side():
    z = np.array([-3.0, 0.0, 2.0])
    np.testing.assert_array_equal(act.relu_derivative(z), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(act.leaky_relu_derivative(z), [0.01, 0.01, 1.0])
    np.testing.assert_allclose(act.leaky_relu_derivative(z, alpha=0.3), [0.3, 0.3, 1.0])
    np.testing.assert_allclose(
        act.elu_derivative(z, alpha=2.0), [2 * math.exp(-3), 2.0, 1.0]
    )


# ---------------------------------------------------------------------------
# Known values
# ---------------------------------------------------------------------------


def test_sigmoid_known_values():
    assert act.sigmoid(0.0) == 0.5  # a plain number, a 0-d array
    assert act.sigmoid(np.array(0.0)).shape == ()
    assert act.sigmoid_derivative(0.0) == 0.25
    np.testing.assert_array_equal(act.sigmoid(np.zeros((2, 3))), np.full((2, 3), 0.5))
    z = np.array([-2.0, -1.0, 1.0, 3.0])
    np.testing.assert_allclose(act.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-14)
    assert act.sigmoid(np.array([2.0]))[0] == pytest.approx(0.8807970779778823)
    # symmetry sigma(-z) = 1 - sigma(z)
    np.testing.assert_allclose(act.sigmoid(-z), 1 - act.sigmoid(z), atol=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_saturates_to_exact_limits_without_warnings(dtype, strict_numpy):
    big = np.finfo(dtype).max
    z = np.array([-big, -1e4, -800.0, 800.0, 1e4, big], dtype=dtype)
    s = act.sigmoid(z)
    assert s.dtype == dtype
    np.testing.assert_array_equal(s, [0, 0, 0, 1, 1, 1])
    d = act.sigmoid_derivative(z)
    assert np.all(np.isfinite(d))
    np.testing.assert_array_equal(d, np.zeros(6))


def test_tanh_known_values():
    z = np.array([0.0, 1.0, -1.0, 50.0])
    np.testing.assert_allclose(
        act.tanh(z), [0.0, 0.7615941559557649, -0.7615941559557649, 1.0], rtol=1e-15
    )
    assert act.tanh_derivative(np.array([0.0]))[0] == 1.0
    assert act.tanh_derivative(np.array([1.0]))[0] == pytest.approx(
        1 - 0.7615941559557649**2
    )


def test_relu_and_leaky_relu_known_values():
    z = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    np.testing.assert_array_equal(act.relu(z), [0.0, 0.0, 0.0, 0.5, 3.0])
    np.testing.assert_allclose(act.leaky_relu(z), [-0.02, -0.005, 0.0, 0.5, 3.0])
    np.testing.assert_allclose(
        act.leaky_relu(z, alpha=0.2), [-0.4, -0.1, 0.0, 0.5, 3.0]
    )
    np.testing.assert_array_equal(act.leaky_relu(z, alpha=0.0), act.relu(z))


def test_elu_known_values(strict_numpy):
    z = np.array([-1000.0, -1.0, 0.0, 2.0, 1000.0])
    np.testing.assert_allclose(
        act.elu(z), [-1.0, math.exp(-1) - 1, 0.0, 2.0, 1000.0], rtol=1e-15
    )
    np.testing.assert_allclose(act.elu(z, alpha=0.5)[:2], [-0.5, 0.5 * math.expm1(-1)])
    # no overflow from the exponential of the unused branch
    np.testing.assert_allclose(act.elu_derivative(z), [0.0, math.exp(-1), 1.0, 1, 1])


def test_softmax_of_equal_huge_inputs_is_uniform(strict_numpy):
    np.testing.assert_array_equal(act.softmax(np.array([1000.0, 1000.0])), [0.5, 0.5])
    np.testing.assert_array_equal(
        act.softmax(np.array([[1000.0, 1000.0], [-1000.0, -1000.0]])),
        [[0.5, 0.5], [0.5, 0.5]],
    )
    out = act.softmax(np.array([0.0, 1000.0], dtype=np.float32))
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [0.0, 1.0])


def test_softmax_known_value_and_row_sums():
    s = act.softmax(np.array([1.0, 2.0, 3.0]))
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(s, e / e.sum(), rtol=1e-15)
    np.testing.assert_allclose(s, [0.09003057, 0.24472847, 0.66524096], rtol=1e-6)
    z = np.random.default_rng(3).normal(scale=20, size=(50, 7))
    rows = act.softmax(z)
    np.testing.assert_allclose(rows.sum(axis=1), np.ones(50), rtol=1e-12)
    assert np.all(rows >= 0)
    # adding a constant to a row changes nothing
    np.testing.assert_allclose(act.softmax(z + 123.0), rows, rtol=1e-10, atol=1e-300)


def test_softmax_needs_at_least_one_dimension():
    with pytest.raises(ValueError, match="z"):
        act.softmax(3.0)


def test_softmax_jacobian_matches_finite_differences():
    z = np.random.default_rng(4).normal(size=(3, 4))
    J = act.softmax_jacobian(z)
    assert J.shape == (3, 4, 4)
    numeric = np.empty_like(J)
    for i in range(z.shape[0]):
        for j in range(z.shape[1]):
            plus, minus = z.copy(), z.copy()
            plus[i, j] += H
            minus[i, j] -= H
            numeric[i, :, j] = (act.softmax(plus)[i] - act.softmax(minus)[i]) / (2 * H)
    assert relative_error(J, numeric) < 1e-7
    # and with the package's checker, one output unit at a time
    for k in range(4):
        g = numerical_gradient(lambda v, k=k: act.softmax(v)[1, k], z.copy())
        assert relative_error(J[1, k, :], g[1]) < 1e-7
        np.testing.assert_allclose(g[[0, 2]], 0.0, atol=1e-12)


def test_softmax_jacobian_structure():
    z = np.array([0.5, -1.0, 2.0])
    J = act.softmax_jacobian(z)  # one example given as a 1-D array
    assert J.shape == (1, 3, 3)
    s = act.softmax(z)
    np.testing.assert_allclose(J[0], np.diag(s) - np.outer(s, s), rtol=1e-15)
    np.testing.assert_allclose(J[0], J[0].T)
    np.testing.assert_allclose(J[0].sum(axis=0), 0.0, atol=1e-16)


# ---------------------------------------------------------------------------
# Shapes, dtypes, the lookup table and the training-loop kernels
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(act.ACTIVATIONS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_activations_keep_shape_and_float_dtype(name, dtype):
    f, df = act.get_activation(name)
    z = np.linspace(-2, 2, 12, dtype=dtype).reshape(3, 4)
    for out in (f(z), df(z)):
        assert out.shape == (3, 4)
        assert out.dtype == dtype


def test_integer_input_becomes_float64():
    out = act.relu([[-1, 2]])
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [[0.0, 2.0]])


def test_get_activation_and_table():
    assert act.get_activation("tanh") == (act.tanh, act.tanh_derivative)
    assert set(act.HIDDEN_ACTIVATIONS) <= set(act.ACTIVATIONS)
    assert act.ALPHA_DEFAULTS == {"leaky_relu": 0.01, "elu": 1.0}
    with pytest.raises(ValueError, match="^name must be one of"):
        act.get_activation("softplus")
    with pytest.raises(TypeError, match="^name"):
        act.get_activation(None)


@pytest.mark.parametrize("name", act.HIDDEN_ACTIVATIONS + ("identity", "step"))
def test_tables_agree_with_public_functions(name):
    f, df = act.get_activation(name)
    z = sample_points(seed=5, kink_free=True).reshape(-1, 1)
    work = z.copy()
    a = act.FORWARD[name](work, out=work)  # in place, as the networks call it
    np.testing.assert_array_equal(a, f(z))
    delta = np.random.default_rng(6).normal(size=z.shape)
    back = act.DERIVATIVES[name](a, delta.copy())
    np.testing.assert_allclose(back, delta * df(z), rtol=1e-12, atol=1e-15)


def test_tables_cover_the_same_names():
    assert set(act.DERIVATIVES) == set(act.ACTIVATIONS)
    assert set(act.FORWARD) == set(act.ACTIVATIONS) | {"softmax"}
    z = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 1000.0]])
    np.testing.assert_array_equal(act.FORWARD["softmax"](z.copy()), act.softmax(z))


def test_tables_pass_nan_through_for_the_training_loop():
    # a diverging network must reach its own finite-cost check, not a ValueError
    z = np.array([np.nan, 1.0])
    assert np.isnan(act.FORWARD["sigmoid"](z)[0])
    assert np.isnan(act.DERIVATIVES["tanh"](np.tanh(z), np.ones(2))[0])


# ---------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "f", [act.sigmoid, act.tanh, act.relu, act.softmax, act.elu_derivative]
)
def test_non_finite_or_non_numeric_input_is_refused(f):
    with pytest.raises(ValueError, match="^z contains NaN"):
        f(np.array([0.0, np.nan]))
    with pytest.raises(ValueError, match="^z contains NaN"):
        f(np.array([np.inf, 0.0]))
    with pytest.raises(TypeError, match="^z"):
        f("1.0")
    with pytest.raises(TypeError, match="^z"):
        f(np.array(["a", "b"]))


@pytest.mark.parametrize(
    "f",
    [act.leaky_relu, act.leaky_relu_derivative, act.elu, act.elu_derivative],
)
def test_alpha_is_checked(f):
    with pytest.raises(ValueError, match="^alpha must not be negative"):
        f(np.zeros(2), alpha=-0.1)
    with pytest.raises(TypeError, match="^alpha"):
        f(np.zeros(2), alpha="0.1")


def test_empty_input_is_allowed():
    assert act.sigmoid(np.zeros((0, 3))).shape == (0, 3)
