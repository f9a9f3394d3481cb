"""Chapter 4, backpropagation: each exercise's reference, test cases, named
mistakes and hints, side by side.
"""

from __future__ import annotations

import warnings

import numpy as np

from mlcourse import gradcheck, losses, metrics, mlp
from mlcourse.checks.answers import (
    ChoiceAnswer,
    NumericAnswer,
)
from mlcourse.checks.ch02 import _net, _sig
from mlcourse.checks.compare import (
    _kind,
)
from mlcourse.checks.exercise import (
    Case,
    CheckResult,
    Exercise,
    _for_nbgrader,
    _labels,
    _mistakes,
    _normal,
    _probabilities,
)

Array = np.ndarray


def _ref_backward(X, y, W_h, b_h, W_out, b_out, l2):
    return _net(W_h, b_h, W_out, b_out, l2).gradients(X, y)


def _backward_variant(X, y, W_h, b_h, W_out, b_out, l2, *, bug: str):
    Z_h = X @ W_h.T + b_h
    A_h = _sig(Z_h)
    A_out = _sig(A_h @ W_out.T + b_out)
    Y = losses.one_hot(y, W_out.shape[0])
    delta_out = Y - A_out if bug == "sign" else A_out - Y
    slope = {"derivative_a": A_h, "derivative_z": Z_h * (1 - Z_h)}.get(
        bug, A_h * (1 - A_h)
    )
    delta_h = (delta_out @ W_out) * slope
    lam = {"no_l2": 0.0, "half_l2": 0.5 * l2}.get(bug, l2)
    scale = 1.0 / len(y) if bug == "mean" else 1.0
    grads = {
        "W_h": scale * (delta_h.T @ X) + lam * W_h,
        "b_h": scale * delta_h.sum(axis=0),
        "W_out": scale * (delta_out.T @ A_h) + lam * W_out,
        "b_out": scale * delta_out.sum(axis=0),
    }
    if bug == "l2_bias":
        grads["b_h"] = grads["b_h"] + l2 * b_h
        grads["b_out"] = grads["b_out"] + l2 * b_out
    return grads


def _cases_backward(rng) -> list[Case]:
    width_hint = (
        "the one-hot targets need one column per output unit, W_out.shape[0] of "
        "them, even for classes that do not occur in y (y.max() + 1 is too few)."
    )

    def case(label, n, d, h, t, l2, y=None, hint=None):
        if y is None:  # every class occurs when there are enough examples
            labels = rng.permutation(np.arange(n) % t).astype(np.int64)
        else:
            labels = np.asarray(y, dtype=np.int64)
        return Case(
            label,
            {
                "X": _normal(rng, (n, d)),
                "y": labels,
                "W_h": _normal(rng, (h, d), 0.5),
                "b_h": _normal(rng, h, 0.5),
                "W_out": _normal(rng, (t, h), 0.5),
                "b_out": _normal(rng, t, 0.5),
                "l2": l2,
            },
            hint=hint,
        )

    return [
        case("3 features, 4 hidden units, 3 classes, no L2", 5, 3, 4, 3, 0.0),
        case("the same sizes with L2 = 0.1", 5, 3, 4, 3, 0.1),
        case("square weights (3 features, 3 hidden units, 3 classes)", 4, 3, 3, 3, 0.0),
        case("6 features, 5 hidden units, 2 classes, L2 = 0.5", 7, 6, 5, 2, 0.5),
        case("10 classes, 8 features, 6 hidden units, L2 = 0.01", 12, 8, 6, 10, 0.01),
        case(
            "a single example (class 0 of 2, so class 1 does not occur in y)",
            1,
            4,
            3,
            2,
            0.05,
            y=[0],
            hint=width_hint,
        ),
        case(
            "the last class (2) does not occur in y",
            4,
            3,
            4,
            3,
            0.1,
            y=[0, 1, 1, 0],
            hint=width_hint,
        ),
        case(
            "every example in class 1 (classes 0 and 2 do not occur in y)",
            4,
            3,
            2,
            3,
            0.1,
            y=[1, 1, 1, 1],
            hint=width_hint,
        ),
    ]


_A_MATRIX = np.array(
    [[0.5, -1.0, 0.2], [1.5, 0.3, -0.7], [-0.4, 0.8, 1.1], [0.6, 0.6, -0.2]]
)


def _f_square(x):
    return float(np.sum(x**2))


def _f_sin(x):
    return float(np.sum(np.sin(x)))


def _f_logsumexp(x):
    top = np.max(x)
    return float(top + np.log(np.sum(np.exp(x - top))))


def _f_coupled(x):
    return float(x[0] * x[1] ** 2 + np.sin(x[2]))


def _f_cube(x):
    return float(np.sum(x**3))


def _f_tanh_matrix(x):
    return float(np.sum(np.tanh(_A_MATRIX @ x)))


def _f_exp(x):
    return float(np.exp(x[0]))


def _numgrad_variant(f, x, eps=1e-6, *, bug: str):
    x = np.asarray(x, dtype=np.float64)  # x itself: f may read it in place
    if bug == "fixed_eps":
        eps = 1e-6
    if bug == "all_at_once":  # every entry moved together, in place
        x += eps
        f_plus = f(x)
        x -= 2 * eps
        f_minus = f(x)
        x += eps
        return np.full_like(x, (f_plus - f_minus) / (2 * eps))
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        f_plus = f(x)
        x[i] = original if bug == "forward" else original - eps
        f_minus = f(x)
        x[i] = original
        grad[i] = (f_plus - f_minus) / (
            eps if bug in ("forward", "no_half") else 2 * eps
        )
    return grad


def _cases_numerical_gradient(rng) -> list[Case]:
    def case(label, f, text, x, eps=None):
        args = {"f": f, "x": x}
        if eps is not None:
            args["eps"] = eps
        return Case(label, args, display={"f": text})

    return [
        case("a vector, default eps", _f_square, "f(x) = sum(x ** 2)", _normal(rng, 4)),
        case("a matrix x (2 x 3)", _f_sin, "f(x) = sum(sin(x))", _normal(rng, (2, 3))),
        case("log-sum-exp", _f_logsumexp, "f(x) = log(sum(exp(x)))", _normal(rng, 5)),
        case(
            "entries that interact",
            _f_coupled,
            "f(x) = x[0] * x[1] ** 2 + sin(x[2])",
            _normal(rng, 3),
        ),
        case(
            "a large eps = 0.1, given as the third argument",
            _f_cube,
            "f(x) = sum(x ** 3)",
            _normal(rng, 4),
            eps=0.1,
        ),
        case(
            "a matrix x (3 x 2) inside a product",
            _f_tanh_matrix,
            "f(x) = sum(tanh(A @ x)) with a fixed 4 x 3 matrix A",
            _normal(rng, (3, 2)),
        ),
        case("a single entry", _f_exp, "f(x) = exp(x[0])", np.array([0.5])),
        _reads_in_place_case(_normal(rng, (2, 2))),
    ]


class _ReadsWeightsInPlace:
    """f(x) = sum(w ** 2), where w is the very array passed as x: like
    ``net.cost`` reading the network's weights, it ignores its argument and
    sees only changes made to that array itself, not to a copy."""

    def __init__(self, w: Array) -> None:
        self.w = w

    def __call__(self, x) -> float:
        return float(np.sum(self.w**2))


def _reads_in_place_case(w: Array) -> Case:
    return Case(
        "f reads the array x in place (as net.cost reads the weights)",
        {"f": _ReadsWeightsInPlace(w), "x": w},
        hint="f may ignore its argument and read the array x itself, as a "
        "network's cost reads its weights: perturb x in place, not a copy of "
        "x, then write the saved entry back.",
        display={"f": "f(x) = sum(w ** 2), where w is the array x itself"},
    )


def _ref_output_error(A_out, y):
    Y = losses.one_hot(y, A_out.shape[1]).astype(A_out.dtype, copy=False)
    return A_out - Y


def _output_error_variant(A_out, y, *, bug: str):
    Y = np.zeros(A_out.shape)
    Y[np.arange(len(y)), y] = 1.0
    if bug == "sign":
        return Y - A_out
    if bug == "times_slope":
        return (A_out - Y) * A_out * (1 - A_out)
    if bug == "mean":
        return (A_out - Y) / len(y)
    if bug == "narrow":  # one column per class seen in y: broadcasts or fails
        return A_out - np.eye(int(y.max()) + 1)[y]
    raise ValueError(bug)


def _cases_output_error(rng) -> list[Case]:
    def case(label, n, t, y=None, hint=None, dtype=np.float64):
        labels = _labels(rng, n, t) if y is None else np.asarray(y, dtype=np.int64)
        return Case(
            label, {"A_out": _probabilities(rng, (n, t), dtype), "y": labels}, hint=hint
        )

    width_hint = (
        "make the one-hot matrix with one column per output unit, "
        "A_out.shape[1] of them: y.max() + 1 is too narrow when the last class "
        "does not occur in y."
    )
    return [
        case("5 examples, 3 classes", 5, 3),
        case("a single example, 2 classes", 1, 2),
        case("12 examples, 10 classes", 12, 10),
        case(
            "the last class (2) never occurs in y",
            4,
            3,
            y=[0, 1, 1, 0],
            hint=width_hint,
        ),
        case("every example in class 0", 3, 4, y=[0, 0, 0], hint=width_hint),
        case("float32 outputs", 4, 3, dtype=np.float32),
    ]


def _ref_hidden_error(delta_out, W_out, A_h):
    return (delta_out @ W_out) * A_h * (1 - A_h)


def _hidden_error_variant(delta_out, W_out, A_h, *, bug: str):
    if bug == "transposed":
        back = delta_out @ W_out.T
    else:
        back = delta_out @ W_out
    slope = {"slope_a": A_h, "slope_one_minus": 1 - A_h, "no_slope": 1.0}.get(
        bug, A_h * (1 - A_h)
    )
    return back * slope


def _cases_hidden_error(rng) -> list[Case]:
    def case(label, n, d, t, hint=None):
        return Case(
            label,
            {
                "delta_out": _normal(rng, (n, t), 0.5),
                "W_out": _normal(rng, (t, d), 0.5),
                "A_h": _probabilities(rng, (n, d)),
            },
            hint=hint,
        )

    shape_hint = (
        "delta_out is (n, t) and W_out is (t, d): delta_out @ W_out is (n, d), "
        "one error per example and hidden unit."
    )
    return [
        case("square W_out (3 hidden units, 3 outputs)", 4, 3, 3),
        case("3 examples, 4 hidden units, 3 outputs", 3, 4, 3, shape_hint),
        case("a single example, 5 hidden units, 2 outputs", 1, 5, 2, shape_hint),
        case("6 examples, 2 hidden units, 10 outputs", 6, 2, 10, shape_hint),
        case("20 examples, 8 hidden units, 4 outputs", 20, 8, 4, shape_hint),
    ]


def _ref_parameter_gradients(X, A_h, delta_out, delta_h, W_h, W_out, l2):
    return {
        "W_h": delta_h.T @ X + l2 * W_h,
        "b_h": delta_h.sum(axis=0),
        "W_out": delta_out.T @ A_h + l2 * W_out,
        "b_out": delta_out.sum(axis=0),
    }


def _parameter_gradients_variant(X, A_h, delta_out, delta_h, W_h, W_out, l2, *, bug):
    lam = {"no_l2": 0.0, "half_l2": 0.5 * l2}.get(bug, l2)
    scale = 1.0 / len(X) if bug == "mean" else 1.0
    grads = {
        "W_h": scale * (delta_h.T @ X) + lam * W_h,
        "b_h": scale * delta_h.sum(axis=0),
        "W_out": scale * (delta_out.T @ A_h) + lam * W_out,
        "b_out": scale * delta_out.sum(axis=0),
    }
    if bug == "transposed":  # only the right shape when the matrices are square
        grads["W_h"] = X.T @ delta_h + lam * W_h
        grads["W_out"] = A_h.T @ delta_out + lam * W_out
    if bug == "swapped_deltas":  # only the right shape when d == t
        grads["W_h"] = delta_out.T @ X + lam * W_h
        grads["W_out"] = delta_h.T @ A_h + lam * W_out
    return grads


def _cases_parameter_gradients(rng) -> list[Case]:
    def case(label, n, m, d, t, l2, hint=None):
        return Case(
            label,
            {
                "X": _normal(rng, (n, m)),
                "A_h": _probabilities(rng, (n, d)),
                "delta_out": _normal(rng, (n, t), 0.5),
                "delta_h": _normal(rng, (n, d), 0.1),
                "W_h": _normal(rng, (d, m), 0.5),
                "W_out": _normal(rng, (t, d), 0.5),
                "l2": l2,
            },
            hint=hint,
        )

    return [
        case(
            "square matrices (3 features, 3 hidden units, 3 outputs)", 3, 3, 3, 3, 0.0
        ),
        case(
            "5 examples, 3 features, 4 hidden units, 2 outputs, no L2", 5, 3, 4, 2, 0.0
        ),
        case("the same sizes with L2 = 0.1", 5, 3, 4, 2, 0.1),
        case("a single example, L2 = 0.5", 1, 4, 2, 3, 0.5),
        case("10 outputs, 8 features, 6 hidden units, L2 = 0.01", 7, 8, 6, 10, 0.01),
    ]


@_for_nbgrader
def check_spiral_model(model) -> CheckResult:
    """Check Exercise 4.3: an MLP with sigmoid hidden units, trained on the
    spiral of section 4.10 (``make_spiral(seed=0)``), that reaches at least 95%
    accuracy on a fresh spiral, ``make_spiral(seed=1)``, never seen in
    training."""
    from mlcourse.datasets import make_spiral

    name, target = "spiral_model", 0.95

    def fail(text: str) -> CheckResult:
        return CheckResult(name, False, 1, f"{name}: {text}")

    if model is None:
        return fail(
            "not done yet: build an MLP with sigmoid hidden units, train it and "
            "assign it to `spiral_model`."
        )
    if not isinstance(model, mlp.MLP):
        return fail(
            f'must be an MLP, e.g. MLP([2, 32, 3], hidden_activation="sigmoid", '
            f"seed=0, dtype=np.float64), got {_kind(model)}."
        )
    if model.hidden_activation != "sigmoid" or model.n_layers < 2:
        what = (
            f'"{model.hidden_activation}" hidden units'
            if model.n_layers >= 2
            else "no hidden layer"
        )
        return fail(
            f"the exercise asks for sigmoid hidden units, your network has {what}. "
            'Build it with MLP([2, hidden_units, 3], hidden_activation="sigmoid", ...).'
        )
    if model.layer_sizes[0] != 2 or model.layer_sizes[-1] != 3:
        return fail(
            f"the spiral has 2 features and 3 classes: the layer sizes must start "
            f"with 2 and end with 3, got {model.layer_sizes}."
        )
    if getattr(model, "history_", None) is None:
        return fail(
            "the network is not trained yet: call spiral_model.fit(X_spiral, "
            "y_spiral, epochs=..., minibatch_size=32, learning_rate=..., "
            "progress=False)."
        )
    X_test, y_test = make_spiral(seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        acc = metrics.accuracy(y_test, model.predict(X_test))
    reached = f"sigmoid hidden units, {acc:.2%} accuracy on a fresh spiral (seed 1)"
    if acc >= target:
        return CheckResult(
            name, True, 1, f"{name}: {reached}: at least the {target:.0%} target."
        )
    return fail(
        f"{reached}, {100 * (target - acc):.2f} percentage points below the "
        f"{target:.0%} target. Sigmoid units have a smaller slope than tanh "
        "(at most 0.25): try a larger learning rate (1 to 5), more epochs, "
        "more hidden units (up to 32)."
    )


#: the exercises of chapter 4, in the order the chapter asks them
EXERCISES = [
    Exercise(
        name="backward",
        chapter=4,
        signature="backward(X, y, W_h, b_h, W_out, b_out, l2) -> "
        '{"W_h": ..., "b_h": ..., "W_out": ..., "b_out": ...}',
        description="The gradients of the book network's cost (the logistic cost "
        "summed over output units and examples, plus l2 / 2 (sum W_h^2 + sum "
        "W_out^2)) for integer labels y, as a dict keyed like the parameters, "
        "each gradient shaped like its parameter.",
        reference=_ref_backward,
        make_cases=_cases_backward,
        hints=(
            "delta_out = A_out - Y (Y one-hot); delta_h = (delta_out @ W_out) * "
            "A_h * (1 - A_h); grad W_out = delta_out.T @ A_h + l2 * W_out; grad "
            "W_h = delta_h.T @ X + l2 * W_h; the bias gradients sum the deltas "
            "over the examples (axis=0).",
        ),
        mistakes=_mistakes(
            _backward_variant,
            (
                "no_l2",
                "add the L2 term l2 * W to both weight gradients (not to the biases).",
            ),
            (
                "l2_bias",
                "the biases are not regularized: add l2 * W to the weights only.",
            ),
            (
                "derivative_a",
                "the sigmoid's derivative is a (1 - a): multiply by A_h * (1 - A_h), "
                "not by A_h.",
            ),
            (
                "derivative_z",
                "write the derivative with the activations a = sigmoid(z): A_h * "
                "(1 - A_h), not Z_h * (1 - Z_h).",
            ),
            ("mean", "the cost is summed over the examples: do not divide by n."),
            ("sign", "the output error is delta_out = A_out - Y, not Y - A_out."),
            (
                "half_l2",
                "the derivative of l2 / 2 * sum(W ** 2) is l2 * W (the 1/2 cancels).",
            ),
        ),
    ),
    Exercise(
        name="numerical_gradient",
        chapter=4,
        signature="numerical_gradient(f, x, eps=1e-6) -> array like x",
        description="The gradient of a scalar function f at x by centred "
        "differences, (f(x + eps e_i) - f(x - eps e_i)) / (2 eps) for every "
        "entry i of x (any shape); x must be left unchanged.",
        reference=gradcheck.numerical_gradient,
        make_cases=_cases_numerical_gradient,
        atol=1e-6,
        mutation_hint="the argument x must be exactly the same after the call: "
        "save x[i] before you change it and write the saved value back "
        "(adding eps and subtracting it again can leave the last bits changed).",
        hints=(
            "for each index i (np.ndindex(x.shape)): save x[i], set x[i] = old + "
            "eps and call f(x), set x[i] = old - eps and call f(x), put old back.",
        ),
        mistakes=_mistakes(
            _numgrad_variant,
            (
                "forward",
                "use centred differences, (f(x + eps) - f(x - eps)) / (2 eps), not "
                "forward differences (f(x + eps) - f(x)) / eps.",
            ),
            ("no_half", "divide by 2 * eps: the two points are 2 eps apart."),
            ("fixed_eps", "use the eps argument you are given, not a fixed 1e-6."),
            (
                "all_at_once",
                "change one entry of x at a time, not every entry at once.",
            ),
        ),
    ),
    Exercise(
        name="output_error",
        chapter=4,
        signature="output_error(A_out, y) -> delta_out",
        description="The output error delta_out = A_out - Y of the sigmoid outputs "
        "with the logistic cost, Y the one-hot targets of the integer labels y, "
        "with A_out.shape[1] columns; A_out (n, t), y (n,) -> (n, t).",
        reference=_ref_output_error,
        make_cases=_cases_output_error,
        hints=(
            "Y = np.zeros_like(A_out) has one column per output unit; set "
            "Y[np.arange(len(y)), y] = 1 and return A_out - Y.",
        ),
        mistakes=_mistakes(
            _output_error_variant,
            (
                "sign",
                "the output error is output minus target: A_out - Y, not Y - A_out.",
            ),
            (
                "times_slope",
                "with the logistic cost the sigmoid's slope A_out * (1 - A_out) "
                "cancels (section 4.4, step 1): the error is just A_out - Y.",
            ),
            (
                "mean",
                "delta_out holds one error per example and unit: do not divide by "
                "the number of examples.",
            ),
            (
                "narrow",
                "make the one-hot matrix with one column per output unit, "
                "A_out.shape[1] of them: y.max() + 1 is too narrow when the last "
                "class does not occur in y.",
            ),
        ),
        mutation_hint="build Y in a new array and return A_out - Y: changing A_out "
        "in place would change the network's outputs for the rest of the "
        "backward pass.",
    ),
    Exercise(
        name="hidden_error",
        chapter=4,
        signature="hidden_error(delta_out, W_out, A_h) -> delta_h",
        description="The hidden error delta_h = (delta_out W_out) * A_h (1 - A_h); "
        "delta_out (n, t), W_out (t, d), A_h (n, d) -> (n, d).",
        reference=_ref_hidden_error,
        make_cases=_cases_hidden_error,
        hints=("delta_h = (delta_out @ W_out) * A_h * (1 - A_h).",),
        mistakes=_mistakes(
            _hidden_error_variant,
            (
                "transposed",
                "send the error back with delta_out @ W_out, (n, t)(t, d): "
                "W_out.T is the direction of the forward pass.",
            ),
            (
                "no_slope",
                "pass the error through the hidden sigmoid: multiply by its slope "
                "A_h * (1 - A_h).",
            ),
            (
                "slope_a",
                "the sigmoid's slope is a (1 - a): multiply by A_h * (1 - A_h), "
                "not by A_h.",
            ),
            (
                "slope_one_minus",
                "the sigmoid's slope is a (1 - a): multiply by A_h * (1 - A_h), "
                "not by (1 - A_h) alone.",
            ),
        ),
    ),
    Exercise(
        name="parameter_gradients",
        chapter=4,
        signature="parameter_gradients(X, A_h, delta_out, delta_h, W_h, W_out, l2) "
        '-> {"W_h": ..., "b_h": ..., "W_out": ..., "b_out": ...}',
        description="The gradients of the summed logistic cost plus l2 / 2 (sum "
        "W_h^2 + sum W_out^2) from the error terms: delta_h.T X + l2 W_h, the "
        "column sums of delta_h, delta_out.T A_h + l2 W_out, the column sums of "
        "delta_out.",
        reference=_ref_parameter_gradients,
        make_cases=_cases_parameter_gradients,
        hints=(
            "a weight's gradient is the error at its receiving end times the "
            "activation at its sending end, summed over the examples: "
            "delta_h.T @ X + l2 * W_h is (d, m), like W_h; the bias gradients "
            "sum the errors over the examples, .sum(axis=0).",
        ),
        mistakes=_mistakes(
            _parameter_gradients_variant,
            ("no_l2", "add the L2 term l2 * W to both weight gradients."),
            (
                "half_l2",
                "the derivative of l2 / 2 * sum(W ** 2) is l2 * W (the 1/2 cancels).",
            ),
            ("mean", "the cost is summed over the examples: do not divide by n."),
            (
                "transposed",
                "each gradient has the shape of its weight matrix, (n_out, n_in): "
                "delta_h.T @ X, not X.T @ delta_h (the two only look alike when "
                "the matrix is square).",
            ),
            (
                "swapped_deltas",
                "W_h's gradient uses the hidden error (delta_h.T @ X), W_out's the "
                "output error (delta_out.T @ A_h).",
            ),
        ),
    ),
]

#: numeric answers, by question
ANSWERS = {
    "4.4a": NumericAnswer(
        name="4.4a",
        what="delta_h_3, the error of hidden unit 3",
        value=0.099031,
        tolerance=5e-4,
        mistakes=(
            (
                -0.099031,
                "the sign is wrong: the output error is a_out - y, and "
                "delta_out_3 = 0.4215 - 1 is negative.",
            ),
            (
                0.400099,
                "you stopped before the sigmoid: multiply the sum by the slope "
                "a_3 (1 - a_3) of hidden unit 3.",
            ),
            (
                0.219988,
                "the sigmoid's slope is a (1 - a), not a: here 0.5498 * 0.4502.",
            ),
            (
                0.180111,
                "the sigmoid's slope is a (1 - a), not (1 - a) alone: here "
                "0.5498 * 0.4502.",
            ),
            (
                0.064016,
                "the slope a (1 - a) uses the activation a = 0.5498, not the net "
                "input z = 0.2.",
            ),
            (
                0.097855,
                "hidden unit 3 sends its signal along column 3 of W_out, "
                "(0.5, 0.0, -0.2), one weight into each output unit; you used "
                "row 3.",
            ),
            (
                -0.074231,
                "that is the answer for the first class: with y = (0, 0, 1) the "
                "output error is (0.5688, 0.5450, -0.5785).",
            ),
            (
                0.100204,
                "that is hidden unit 4 (index 3 in the code): units count from 1 "
                "here, hidden unit 3 is W_h[2] in the code.",
            ),
        ),
        hint="delta_out = a_out - y = (0.5688, 0.5450, -0.5785); sum delta_out_j "
        "W_out[j, 3] down column 3 of W_out, then multiply by a_3 (1 - a_3).",
    ),
    "4.4b": NumericAnswer(
        name="4.4b",
        what="grad_W_h_3_2, the gradient of the weight into hidden unit 3 from input 2",
        value=0.198062,
        tolerance=5e-4,
        mistakes=(
            (-0.198062, "the sign is wrong: the output error is a_out - y."),
            (
                0.099031,
                "multiply the error of hidden unit 3 by what arrives along the "
                "weight, the input x_2 = 2.0.",
            ),
            (
                0.049516,
                "the weight comes from input 2, x_2 = 2.0, not from input 3.",
            ),
            (
                0.050102,
                "units count from 1 here: W^(h)_{3,2} is W_h[2, 1] in the code, "
                "delta_h_3 times x_2.",
            ),
            (
                0.800198,
                "you left out the sigmoid's slope a_3 (1 - a_3) in delta_h_3.",
            ),
            (
                0.195710,
                "hidden unit 3 sends its signal along column 3 of W_out, not row 3.",
            ),
            (
                -0.148461,
                "that is the answer for the first class: the target is now "
                "y = (0, 0, 1).",
            ),
        ),
        hint="the gradient of a weight is the error at its receiving end times "
        "the activation at its sending end: delta_h_3 * x_2.",
    ),
}

#: multiple-choice answers, by question
CHOICES = {
    "4.5": ChoiceAnswer(
        name="4.5",
        what="answer_4_5",
        right="c",
        explanation="the extra factor changes every output error, and the hidden "
        "error is computed from the output error, so all four gradients are wrong.",
        wrong={
            "a": "the hidden error is computed from the output error, "
            "delta_h = (delta_out @ W_out) * ...: a wrong delta_out travels back "
            "into the gradients of W_h and b_h as well.",
            "b": "the gradients of W_out and b_out are made directly from "
            "delta_out, so they are the first to go wrong.",
            "d": "A_out (1 - A_out) is a different number for every output and "
            "example, not one common factor: it changes the direction of the "
            "gradient, not just its length.",
        },
    ),
}
