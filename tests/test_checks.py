"""Tests for mlcourse.checks: the one-call exercise checks."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from mlcourse.checks import (
    EXERCISES,
    CheckResult,
    check,
    check_accuracy,
    list_exercises,
)
from mlcourse.checks.compare import _cap, _num

ALL = list_exercises()

#: the exercises the notebooks were promised, with their chapters
PROMISED = {
    "net_input": 1,
    "adaline_gradient": 1,
    "standardize": 1,
    "sigmoid": 2,
    "sigmoid_derivative": 2,
    "one_hot": 2,
    "softmax": 2,
    "forward": 2,
    "mse": 3,
    "binary_cross_entropy": 3,
    "categorical_cross_entropy": 3,
    "l2_penalty": 3,
    "backward": 4,
    "numerical_gradient": 4,
    "output_error": 4,
    "hidden_error": 4,
    "parameter_gradients": 4,
    "accuracy": 5,
    "minibatches": 5,
    "momentum_step": 6,
    "adam_step": 6,
    "he_std": 6,
    "stopping_epoch": 6,
    "relu": 6,
    "confusion_matrix": 7,
    "precision_recall_f1": 7,
    "most_confident_mistakes": 7,
}


def sig(z):
    return 0.5 * (1 + np.tanh(0.5 * z))


# ---------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------


def test_every_promised_exercise_is_registered_in_chapter_order():
    assert ALL == list(PROMISED)
    assert list(EXERCISES) == ALL
    for name, chapter in PROMISED.items():
        spec = EXERCISES[name]
        assert spec.name == name
        assert spec.chapter == chapter
        assert spec.signature.startswith(name + "(")
        assert spec.description and spec.hints


@pytest.mark.parametrize("name", ALL)
def test_reference_passes(name):
    spec = EXERCISES[name]
    start = time.perf_counter()
    result = check(name, spec.reference)
    elapsed = time.perf_counter() - start
    assert isinstance(result, CheckResult)
    assert result.passed, result.message
    assert bool(result) is True
    assert result.exercise == name
    assert result.n_cases >= 5
    assert result.message == f"{name}: all {result.n_cases} test cases pass."
    assert repr(result) == result.message == str(result)
    assert elapsed < 0.5


@pytest.mark.parametrize(
    ("name", "index"),
    [(name, i) for name in ALL for i in range(len(EXERCISES[name].mistakes))],
)
def test_every_known_mistake_fails_with_its_own_hint(name, index):
    mistake = EXERCISES[name].mistakes[index]
    result = check(name, mistake.function)
    assert not result.passed
    assert "Hint: " + _cap(mistake.hint) in result.message


def test_every_exercise_has_a_known_mistake_or_a_property_check():
    for name in ALL:
        spec = EXERCISES[name]
        assert spec.mistakes or spec.compare is not None, name


# ---------------------------------------------------------------------------
# Planted bugs: one (at least) per exercise
# ---------------------------------------------------------------------------


def sigmoid_overflowing(z):
    return 1 / (1 + np.exp(-z))


def softmax_unstable(Z):
    E = np.exp(Z)
    return E / E.sum(axis=-1, keepdims=True)


def one_hot_transposed(y, n_classes):
    Y = np.zeros((n_classes, len(y)))
    Y[y, np.arange(len(y))] = 1
    return Y


def forward_without_transpose(X, W_h, b_h, W_out, b_out):
    return sig(sig(X @ W_h + b_h) @ W_out + b_out)


def bce_unclipped(y_true, p):
    return -np.sum(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)) / len(y_true)


def backward_bug(X, y, W_h, b_h, W_out, b_out, l2, *, no_l2=False, slope_a=False):
    A_h = sig(X @ W_h.T + b_h)
    A_out = sig(A_h @ W_out.T + b_out)
    Y = np.eye(W_out.shape[0])[y]
    d_out = A_out - Y
    d_h = (d_out @ W_out) * (A_h if slope_a else A_h * (1 - A_h))
    lam = 0.0 if no_l2 else l2
    return {
        "W_h": d_h.T @ X + lam * W_h,
        "b_h": d_h.sum(axis=0),
        "W_out": d_out.T @ A_h + lam * W_out,
        "b_out": d_out.sum(axis=0),
    }


def numerical_gradient_forward(f, x, eps=1e-6):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        x_plus = x.copy()
        x_plus[i] += eps
        grad[i] = (f(x_plus) - f(x)) / eps
    return grad


def minibatches_sorted(n_examples, minibatch_size, rng):
    order = np.arange(n_examples)
    return [order[i : i + minibatch_size] for i in range(0, n_examples, minibatch_size)]


def adam_uncorrected(
    w, m, v, grad, t, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-8
):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    return w - learning_rate * m / (np.sqrt(v) + eps), m, v


def confusion_transposed(y_true, y_pred, n_classes):
    cm = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(y_true, y_pred, strict=True):
        cm[p, t] += 1
    return cm


def prf_dividing_zero_by_zero(y_true, y_pred, n_classes):
    cm = np.zeros((n_classes, n_classes))
    np.add.at(cm, (y_true, y_pred), 1)
    tp = np.diag(cm)
    precision, recall = tp / cm.sum(axis=0), tp / cm.sum(axis=1)
    return precision, recall, 2 * precision * recall / (precision + recall)


def mistakes_least_confident_first(proba, y_true, n):
    y_pred = proba.argmax(axis=1)
    wrong = np.flatnonzero(y_pred != y_true)
    return wrong[np.argsort(proba[wrong, y_pred[wrong]])][:n]


def stopping_with_ties(valid_acc, patience):
    """Early stopping that wrongly counts a tie as an improvement (>=)."""
    best, best_epoch, waited = -math.inf, 0, 0
    for epoch, acc in enumerate(valid_acc, start=1):
        if acc >= best:
            best, best_epoch, waited = acc, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch, best_epoch
    return len(valid_acc), best_epoch


PLANTED = {
    "net_input": (lambda X, w, b: X @ w, "add the bias"),
    "adaline_gradient": (
        lambda X, y, w, b: (X.T @ (y - X @ w - b), float(np.sum(y - X @ w - b))),
        "your signs are flipped",
    ),
    "standardize": (
        lambda X: (X - X.mean(axis=0)) / X.std(axis=0, ddof=1),
        "not ddof=1",
    ),
    "sigmoid": (
        sigmoid_overflowing,
        "np.exp(-z) overflows for z = -1000: use np.tanh or np.clip",
    ),
    "sigmoid_derivative": (sig, "that is sigma(z) itself"),
    "relu": (lambda z: np.max(z, 0), "np.maximum(z, 0)"),
    "one_hot": (one_hot_transposed, "transposed"),
    "softmax": (softmax_unstable, "subtract each row's maximum"),
    "forward": (forward_without_transpose, "X @ W_h.T"),
    "mse": (lambda a, b: float(np.sum((a - b) ** 2)), "do not just sum"),
    "binary_cross_entropy": (bce_unclipped, "np.clip(p, 1e-12, 1 - 1e-12)"),
    "categorical_cross_entropy": (
        lambda Y, P: -float(np.mean(Y * np.log(np.clip(P, 1e-12, 1 - 1e-12)))),
        "not np.mean over every entry",
    ),
    "l2_penalty": (
        lambda weights, l2: l2 * sum(float(np.sum(W**2)) for W in weights),
        "do not forget the 1/2",
    ),
    "backward": (
        lambda *args: backward_bug(*args, no_l2=True),
        "add the L2 term",
    ),
    "numerical_gradient": (numerical_gradient_forward, "centred differences"),
    "accuracy": (
        lambda y_true, y_pred: 100.0 * np.mean(y_true == y_pred),
        "not a percentage",
    ),
    "minibatches": (minibatches_sorted, "shuffle"),
    "momentum_step": (
        lambda w, v, g, lr, beta: (w + beta * v + lr * g, beta * v + lr * g),
        "v_new = beta * v - learning_rate * grad",
    ),
    "adam_step": (adam_uncorrected, "correct the bias"),
    "he_std": (lambda n_in: 2 / n_in, "square root"),
    "confusion_matrix": (confusion_transposed, "transposed"),
    "precision_recall_f1": (prf_dividing_zero_by_zero, "0 / 0"),
    "most_confident_mistakes": (
        mistakes_least_confident_first,
        "decreasing probability",
    ),
    "output_error": (
        lambda A_out, y: np.eye(A_out.shape[1])[y] - A_out,
        "output minus target",
    ),
    "hidden_error": (lambda delta_out, W_out, A_h: delta_out @ W_out, "slope"),
    "parameter_gradients": (
        lambda X, A_h, d_out, d_h, W_h, W_out, l2: {
            "W_h": d_h.T @ X / len(X) + l2 * W_h,
            "b_h": d_h.sum(axis=0) / len(X),
            "W_out": d_out.T @ A_h / len(X) + l2 * W_out,
            "b_out": d_out.sum(axis=0) / len(X),
        },
        "do not divide by n",
    ),
    "stopping_epoch": (stopping_with_ties, "strictly higher"),
}


def test_a_planted_bug_for_every_exercise():
    assert set(PLANTED) == set(ALL)


@pytest.mark.parametrize("name", ALL)
def test_planted_bug_fails_with_input_expected_received_and_hint(name):
    function, hint = PLANTED[name]
    result = check(name, function)
    assert not result.passed
    assert not bool(result)
    message = result.message
    assert message.startswith(f"{name}: ")
    assert "test case" in message and "fail" in message.splitlines()[0]
    for part in (
        "\nCase: ",
        "\nInput:\n",
        "\nExpected: ",
        "\nReceived: ",
        "\nProblem: ",
    ):
        assert part in message, part
    assert hint.lower() in message.lower()
    assert "0x" not in message  # no memory addresses


def test_sigmoid_overflow_is_reported_as_a_warning():
    message = check("sigmoid", sigmoid_overflowing).message
    assert "RuntimeWarning: overflow encountered in exp" in message
    assert "Case: large |z| (z = -1000 and z = 1000)" in message
    assert "z = array (5,) float64: [-1000.   -50.     0.    50.  1000.]" in message


def test_sigmoid_with_np_where_still_overflows():
    def sigmoid(z):
        return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))

    result = check("sigmoid", sigmoid)
    assert not result.passed
    assert "NumPy computes both branches" in result.message


def test_sigmoid_clipped_too_wide_fails_only_in_float32():
    def sigmoid(z):
        return 1 / (1 + np.exp(-np.clip(z, -500, 500)))

    message = check("sigmoid", sigmoid).message
    assert message.startswith("sigmoid: test case 8 of 8 fails.")
    assert "In float32, np.exp(-z) overflows already" in message


def test_bce_without_clipping_gives_nan_or_inf_and_the_clip_hint():
    message = check("binary_cross_entropy", bce_unclipped).message
    assert "probabilities of exactly 0 and 1" in message
    assert "NaN" in message or "inf" in message
    assert "log(0) is -inf" in message


def test_backward_with_the_wrong_sigmoid_derivative():
    result = check("backward", lambda *args: backward_bug(*args, slope_a=True))
    assert not result.passed
    assert "multiply by A_h * (1 - A_h), not by A_h" in result.message
    assert "result['W_h']" in result.message


def test_standardize_returning_the_package_tuple_is_explained():
    from mlcourse.linear import standardize

    message = check("standardize", standardize).message
    assert "Received: a tuple of 3:" in message
    assert "expected a NumPy array of shape (5, 2)" in message


@pytest.mark.parametrize(
    ("function", "problem"),
    [
        (
            lambda n, size, rng: [
                o[i : i + size]
                for o in [rng.integers(0, n, n)]
                for i in range(0, n, size)
            ],
            "exactly one batch",
        ),
        (
            lambda n, size, rng: [
                o[i : i + size]
                for o in [np.random.permutation(n)]  # noqa: NPY002
                for i in range(0, n, size)
            ],
            "seeded the same way",
        ),
        (
            lambda n, size, rng: [
                o[i : i + size]
                for o in [np.random.default_rng(0).permutation(n)]
                for i in range(0, n, size)
            ],
            "the shuffling ignores rng",
        ),
        (lambda n, size, rng: np.array_split(rng.permutation(n), size), "batches"),
        (lambda n, size, rng: rng.permutation(n), "1-D array of integer indices"),
        (lambda n, size, rng: None, "returned None"),
    ],
)
def test_minibatches_properties(function, problem):
    result = check("minibatches", function)
    assert not result.passed
    assert problem in result.message


def test_minibatches_may_be_a_generator():
    def minibatches(n_examples, minibatch_size, rng):
        order = rng.permutation(n_examples)
        for start in range(0, n_examples, minibatch_size):
            yield order[start : start + minibatch_size]

    assert check("minibatches", minibatches).passed


# ---------------------------------------------------------------------------
# Unwritten, crashing and malformed answers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_not_written_yet(name):
    def stub(*args):
        raise NotImplementedError("Exercise 9.9: write your code here")

    stub.__name__ = name
    result = check(name, stub)
    assert not result.passed
    assert result.message == (
        f"{name}: not written yet: replace the `raise NotImplementedError` "
        "line with your code."
    )


def test_not_written_yet_in_a_helper():
    def sigmoid(z):
        raise NotImplementedError("Exercise 2.1: write your code here")

    def sigmoid_derivative(z):
        s = sigmoid(z)
        return s * (1 - s)

    result = check("sigmoid_derivative", sigmoid_derivative)
    assert not result.passed
    assert "not written yet" in result.message
    assert "`sigmoid`" in result.message


def test_an_exception_is_reported_with_type_message_input_and_line():
    def net_input(X, w, b):
        return X.T @ w + b  # wrong: shapes do not match

    result = check("net_input", net_input)
    assert not result.passed
    message = result.message
    assert "Raised: ValueError: matmul" in message
    assert "in net_input, at the line: return X.T @ w + b" in message
    assert "Input:\n  X = array (3, 2) float64" in message
    assert "Problem: Your function raised ValueError on this input." in message


def test_a_missing_name_gets_a_name_error_hint():
    def forward(X, W_h, b_h, W_out, b_out):
        return undefined_sigmoid(X)  # noqa: F821

    message = check("forward", forward).message
    assert "NameError" in message
    assert "`undefined_sigmoid` is not defined" in message


def test_returning_none():
    def relu(z):
        np.maximum(z, 0)

    message = check("relu", relu).message
    assert "Received: None" in message
    assert "The result is None: your function does not return anything." in message
    assert "`return` statement" in message


def test_wrong_shape():
    message = check("net_input", lambda X, w, b: (X @ w + b)[:, None]).message
    assert "has shape (3, 1), expected (3,)" in message
    assert ".ravel()" in message


def test_integer_result_where_floats_are_expected():
    def one_hot(y, n_classes):
        Y = np.zeros((len(y), n_classes), dtype=int)
        Y[np.arange(len(y)), y] = 1
        return Y

    message = check("one_hot", one_hot).message
    assert "holds int64 values, expected floating-point numbers" in message


def test_nan_result():
    message = check("relu", lambda z: z * np.nan).message
    assert "contains NaN (not a number)" in message


def test_array_where_a_number_is_expected():
    message = check("mse", lambda a, b: (a - b) ** 2).message
    assert "expected a single number" in message


def test_a_list_where_an_array_is_expected():
    message = check("relu", lambda z: [max(v, 0.0) for v in np.ravel(z)]).message
    assert "expected a NumPy array" in message
    assert "np.array" in message


def test_a_missing_tuple_part():
    message = check("momentum_step", lambda w, v, g, lr, b: w + b * v - lr * g).message
    assert "expected a tuple (w_new, v_new)" in message


def test_a_missing_dict_key():
    def backward(X, y, W_h, b_h, W_out, b_out, l2):
        return {"W_h": W_h, "W_out": W_out}

    assert "has no key 'b_h'" in check("backward", backward).message


def test_float_counts_are_refused_for_the_confusion_matrix():
    """Counts are integers: a float matrix breaks the chapter's :3d formatting."""

    def confusion_matrix(y_true, y_pred, n_classes):
        cm = np.zeros((n_classes, n_classes))
        np.add.at(cm, (y_true, y_pred), 1)
        return cm

    message = check("confusion_matrix", confusion_matrix).message
    assert "expected integers" in message


def test_float_indices_are_refused():
    from mlcourse.metrics import most_confident_mistakes

    message = check(
        "most_confident_mistakes",
        lambda p, y, n: most_confident_mistakes(p, y, n).astype(float),
    ).message
    assert "expected integers" in message


# ---------------------------------------------------------------------------
# Inputs changed in place
# ---------------------------------------------------------------------------


def test_changing_an_input_in_place_is_detected():
    def relu(z):
        z[z < 0] = 0
        return z

    result = check("relu", relu)
    assert not result.passed
    assert "changed its input `z` in place" in result.message
    assert "z = z.copy()" in result.message


def test_changing_a_weight_in_place_is_detected():
    def momentum_step(w, v, grad, learning_rate, beta):
        v *= beta
        v -= learning_rate * grad
        w += v
        return w, v

    assert (
        "changed its input `w` in place"
        in check("momentum_step", momentum_step).message
    )


def test_numerical_gradient_must_restore_x():
    def numerical_gradient(f, x, eps=1e-6):
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            x[i] += eps
            f_plus = f(x)
            x[i] -= 2 * eps
            grad[i] = (f_plus - f(x)) / (2 * eps)
        return grad

    message = check("numerical_gradient", numerical_gradient).message
    assert "changed its input `x` in place (by up to" in message
    assert "write the saved value back" in message


def test_numerical_gradient_must_restore_x_to_the_last_bit():
    """+= eps, -= 2 eps, += eps leaves x changed in its last bits: refused."""

    def numerical_gradient(f, x, eps=1e-6):
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            x[i] += eps
            f_plus = f(x)
            x[i] -= 2 * eps
            f_minus = f(x)
            x[i] += eps
            grad[i] = (f_plus - f_minus) / (2 * eps)
        return grad

    message = check("numerical_gradient", numerical_gradient).message
    assert "changed its input `x` in place" in message
    assert "last bits" in message


def test_numerical_gradient_that_perturbs_copies_fails_on_f_reading_x_in_place():
    """With a cost that reads the weights in place (chapter 4's net.cost),
    perturbing a copy of x gives a zero gradient."""

    def numerical_gradient(f, x, eps=1e-6):
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            x_plus, x_minus = x.copy(), x.copy()
            x_plus[i] += eps
            x_minus[i] -= eps
            grad[i] = (f(x_plus) - f(x_minus)) / (2 * eps)
        return grad

    result = check("numerical_gradient", numerical_gradient)
    assert not result.passed
    assert "f reads the array x in place" in result.message
    assert "perturb x in place, not a copy" in result.message


def test_the_student_gets_copies_not_the_test_inputs():
    seen = []

    def relu(z):
        seen.append(z)
        z[...] = 0
        return np.maximum(z, 0)

    check("relu", relu)
    cases = EXERCISES["relu"].make_cases(np.random.default_rng(EXERCISES["relu"].seed))
    assert not np.all(cases[0].args["z"] == 0)
    assert all(np.all(z == 0) for z in seen)


# ---------------------------------------------------------------------------
# Determinism
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_messages_are_deterministic(name):
    function = PLANTED[name][0]
    first = check(name, function).message
    np.random.seed(123)  # noqa: NPY002 (the global generator must not matter)
    with np.printoptions(precision=2, threshold=5, linewidth=30, legacy="1.13"):
        second = check(name, function).message
    assert first == second


def test_warning_filters_do_not_matter():
    import warnings

    first = check("sigmoid", sigmoid_overflowing).message
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        second = check("sigmoid", sigmoid_overflowing).message
    assert first == second


def test_check_prints_nothing(capsys):
    check("sigmoid", sigmoid_overflowing)
    check("sigmoid", sig)
    assert capsys.readouterr() == ("", "")


# ---------------------------------------------------------------------------
# Misuse of check itself raises
# ---------------------------------------------------------------------------


def test_unknown_exercise_lists_the_known_ones():
    with pytest.raises(ValueError, match="exercise must be one of") as info:
        check("sigmoyd", sig)
    for name in ALL:
        assert name in str(info.value)


def test_non_callable_raises_type_error():
    with pytest.raises(TypeError, match="function must be a function"):
        check("sigmoid", sig(np.zeros(3)))


def test_non_string_name_raises_type_error():
    with pytest.raises(TypeError, match="exercise must be"):
        check(sig, "sigmoid")


# ---------------------------------------------------------------------------
# check_accuracy
# ---------------------------------------------------------------------------


class FixedModel:
    def __init__(self, predictions):
        self.predictions = np.asarray(predictions)

    def predict(self, X):
        return self.predictions


X_TEST = np.zeros((1000, 4))
Y_TEST = np.arange(1000) % 10


def _with_accuracy(n_right: int) -> FixedModel:
    pred = Y_TEST.copy()
    pred[n_right:] = (pred[n_right:] + 1) % 10
    return FixedModel(pred)


def test_check_accuracy_above_the_target():
    result = check_accuracy(_with_accuracy(979), X_TEST, Y_TEST, 0.975)
    assert result.passed
    assert result.exercise == "check_accuracy"
    assert result.n_cases == 1000
    assert result.message == (
        "your network reaches 97.90% test accuracy: above the 97.50% target."
    )


def test_check_accuracy_exactly_the_target():
    assert check_accuracy(_with_accuracy(975), X_TEST, Y_TEST, 0.975).passed


def test_check_accuracy_below_the_target():
    result = check_accuracy(_with_accuracy(968), X_TEST, Y_TEST, 0.975)
    assert not result.passed
    assert result.message.startswith(
        "your network reaches 96.80% test accuracy: 0.70 percentage points "
        "below the 97.50% target."
    )
    assert "more epochs" in result.message


def test_check_accuracy_with_probabilities_instead_of_labels():
    proba = np.eye(10)[Y_TEST]
    result = check_accuracy(FixedModel(proba), X_TEST, Y_TEST, 0.9)
    assert not result.passed
    assert "argmax(axis=1)" in result.message


def test_check_accuracy_reports_errors_in_predict():
    class Broken:
        def predict(self, X):
            raise RuntimeError("weights not loaded")

    result = check_accuracy(Broken(), X_TEST, Y_TEST, 0.9)
    assert not result.passed
    assert "raised RuntimeError: weights not loaded" in result.message


def test_check_accuracy_with_a_real_network():
    from mlcourse.mlp import MLP

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    y = (X[:, 0] > 0).astype(int)
    model = MLP([2, 8, 2], seed=0).fit(
        X, y, epochs=30, minibatch_size=20, progress=False
    )
    assert check_accuracy(model, X, y, 0.9).passed


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"target": 97.5}, ValueError, "target must be a fraction"),
        ({"target": 0}, ValueError, "target must be positive"),
        ({"target": "high"}, TypeError, "target must be a number"),
        ({"model": object()}, TypeError, "model must have a predict"),
        ({"y_test": Y_TEST[:10]}, ValueError, "same length"),
        ({"X_test": np.zeros(1000)}, ValueError, "X_test must have 2 dimension"),
    ],
)
def test_check_accuracy_argument_checks(kwargs, error, match):
    args = {
        "model": _with_accuracy(990),
        "X_test": X_TEST,
        "y_test": Y_TEST,
        "target": 0.9,
    }
    args.update(kwargs)
    with pytest.raises(error, match=match):
        check_accuracy(**args)


# ---------------------------------------------------------------------------
# Odds and ends
# ---------------------------------------------------------------------------


def test_number_formatting():
    assert _num(2.0) == "2.0"
    assert _num(np.float32(0.25)) == "0.25"
    assert _num(np.int64(3)) == "3"
    assert _num(math.inf) == "inf"
    assert _num(1e-12) == "1e-12"


def test_float32_results_are_compared_with_float32_tolerance():
    def sigmoid(z):
        return (0.5 * (1 + np.tanh(0.5 * z))).astype(np.float32)

    assert check("sigmoid", sigmoid).passed


# ---------------------------------------------------------------------------
# The package's shape
# ---------------------------------------------------------------------------


def test_every_exercise_is_used_by_its_chapter():
    """No orphan exercises: each is checked by the chapter it belongs to."""
    from pathlib import Path

    solutions = Path(__file__).resolve().parents[1] / "solutions"
    for name, spec in EXERCISES.items():
        (notebook,) = solutions.glob(f"{spec.chapter:02d}_*.ipynb")
        assert f'check(\\"{name}\\"' in notebook.read_text(), (name, notebook.name)


def test_each_chapter_module_holds_its_own_exercises():
    from mlcourse.checks import ch01, ch02, ch03, ch04, ch05, ch06, ch07

    for number, module in enumerate([ch01, ch02, ch03, ch04, ch05, ch06, ch07], 1):
        assert module.EXERCISES, module.__name__
        assert {spec.chapter for spec in module.EXERCISES} == {number}
