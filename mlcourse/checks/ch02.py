"""Chapter 2, forward propagation: each exercise's reference, test cases,
named mistakes and hints, side by side.
"""

from __future__ import annotations

import numpy as np

from mlcourse import activations, losses, mlp
from mlcourse.checks.answers import (
    NumericAnswer,
)
from mlcourse.checks.exercise import (
    Case,
    Exercise,
    Mistake,
    _as_f64,
    _labels,
    _mistakes,
    _normal,
)

Array = np.ndarray


_SIGMOID_OVERFLOW = (
    "np.exp(-z) overflows for z = -1000: use np.tanh or np.clip. For "
    "example sigmoid(z) = 0.5 * (1 + np.tanh(0.5 * z)), which never "
    "overflows, or clip z before calling np.exp. (np.where(z >= 0, ..., ...) "
    "does not help: NumPy computes both branches.)"
)


_SIGMOID_OVERFLOW_32 = (
    "in float32, np.exp(-z) overflows already for z < -88 (e^88 is about the "
    "largest float32): use np.tanh, sigmoid(z) = 0.5 * (1 + np.tanh(0.5 * z)), "
    "or clip z to [-88, 88] before np.exp."
)


def _cases_sigmoid(rng) -> list[Case]:
    return [
        Case("a few ordinary values", {"z": np.linspace(-4.0, 4.0, 9)}),
        Case("zeros", {"z": np.zeros(5)}),
        Case("a matrix (2-D input, 3 x 4)", {"z": _normal(rng, (3, 4), 3.0)}),
        Case("a single value", {"z": np.array([0.7])}),
        Case("a column (5 x 1)", {"z": _normal(rng, (5, 1), 2.0)}),
        Case(
            "large |z| (z = -1000 and z = 1000)",
            {"z": np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])},
            hint=_SIGMOID_OVERFLOW,
        ),
        Case("float32 input", {"z": _normal(rng, (4, 2), 3.0, np.float32)}),
        Case(
            "float32 input with |z| = 100",
            {"z": np.array([-100.0, -20.0, 20.0, 100.0], dtype=np.float32)},
            hint=_SIGMOID_OVERFLOW_32,
        ),
    ]


def _sig(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _cases_sigmoid_derivative(rng) -> list[Case]:
    return [
        Case("a few ordinary values", {"z": np.linspace(-4.0, 4.0, 9)}),
        Case("zeros (the maximum, 0.25)", {"z": np.zeros(3)}),
        Case("a matrix (2-D input, 2 x 5)", {"z": _normal(rng, (2, 5), 3.0)}),
        Case("a single value", {"z": np.array([-1.3])}),
        Case(
            "large |z| (z = -1000 and z = 1000)",
            {"z": np.array([-1000.0, -40.0, 40.0, 1000.0])},
            hint="for large |z| the derivative is 0. Compute it from your "
            "(stable) sigmoid, s = sigmoid(z); return s * (1 - s), rather "
            "than from np.exp(-z), which overflows for z = -1000.",
        ),
        Case("float32 input", {"z": _normal(rng, (3, 3), 3.0, np.float32)}),
        Case(
            "float32 input with |z| = 100",
            {"z": np.array([-100.0, 100.0], dtype=np.float32)},
            hint=_SIGMOID_OVERFLOW_32,
        ),
    ]


def _cases_one_hot(rng) -> list[Case]:
    return [
        Case("3 classes", {"y": np.array([0, 2, 1, 2]), "n_classes": 3}),
        Case("a single example", {"y": np.array([1]), "n_classes": 2}),
        Case("every label the same", {"y": np.array([3, 3, 3]), "n_classes": 5}),
        Case(
            "a class that does not occur in y (n_classes = 4, labels 0 and 1)",
            {"y": np.array([0, 1, 0]), "n_classes": 4},
            hint="the number of columns is n_classes, not y.max() + 1: a class "
            "may be missing from y.",
        ),
        Case("10 classes (like MNIST)", {"y": _labels(rng, 12, 10), "n_classes": 10}),
        Case(
            "labels stored as int32",
            {"y": np.array([2, 0, 1], dtype=np.int32), "n_classes": 3},
        ),
    ]


_SOFTMAX_STABLE = (
    "np.exp(1000) overflows to inf (and inf / inf is NaN): subtract each row's "
    "maximum first, np.exp(Z - Z.max(axis=-1, keepdims=True)); this does not "
    "change the result."
)


def _softmax_variant(Z, *, bug: str):
    if bug == "axis0":
        e = np.exp(Z - Z.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)
    if bug == "whole":
        e = np.exp(Z - Z.max())
        return e / e.sum()
    e = np.exp(Z)  # "naive"
    return e / e.sum(axis=-1, keepdims=True)


def _cases_softmax(rng) -> list[Case]:
    return [
        Case(
            "small values, 2 x 3", {"Z": np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])}
        ),
        Case("random values, 4 x 3", {"Z": _normal(rng, (4, 3), 2.0)}),
        Case("a single row (1 x 5)", {"Z": _normal(rng, (1, 5), 2.0)}),
        Case(
            "large values (1000, 1001, 1002)",
            {"Z": np.array([[1000.0, 1001.0, 1002.0], [1000.0, 1000.0, 1000.0]])},
            hint=_SOFTMAX_STABLE,
        ),
        Case(
            "very negative values (-1000, -1001, -1002)",
            {"Z": np.array([[-1000.0, -1001.0, -1002.0]])},
            hint="np.exp(-1000) underflows to 0 for every entry, and 0 / 0 is "
            "NaN: subtract each row's maximum first, np.exp(Z - Z.max(axis=-1, "
            "keepdims=True)).",
        ),
        Case(
            "rows on very different scales",
            {"Z": np.array([[1000.0, 1001.0, 999.0], [-1000.0, -998.0, -1003.0]])},
            hint="subtract each row's own maximum, Z.max(axis=-1, keepdims=True), "
            "not the largest value of the whole array.",
        ),
        Case("more columns than rows (2 x 6)", {"Z": _normal(rng, (2, 6), 2.0)}),
        Case("float32 input", {"Z": _normal(rng, (3, 4), 2.0, np.float32)}),
        Case(
            "a single vector (1-D input)",
            {"Z": np.array([1.0, 2.0, 3.0])},
            hint="use the last axis, axis=-1 (with keepdims=True), so that the "
            "same code works for a vector and for a matrix.",
        ),
    ]


def _net(W_h, b_h, W_out, b_out, l2: float = 0.0) -> mlp.NeuralNetMLP:
    """The book network with the given weights, in float64."""
    net = mlp.NeuralNetMLP(
        n_hidden=np.shape(W_h)[0], l2=l2, dtype=np.float64, progress=False
    )
    net.W_h, net.b_h = _as_f64(W_h).copy(), _as_f64(b_h).copy()
    net.W_out, net.b_out = _as_f64(W_out).copy(), _as_f64(b_out).copy()
    return net


def _ref_forward(X, W_h, b_h, W_out, b_out):
    return _net(W_h, b_h, W_out, b_out).forward(X)[3]


def _forward_variant(X, W_h, b_h, W_out, b_out, *, bug: str):
    if bug == "no_transpose":
        A_h = _sig(X @ W_h + b_h)
        return _sig(A_h @ W_out + b_out)
    if bug == "no_bias":
        return _sig(_sig(X @ W_h.T) @ W_out.T)
    A_h = _sig(X @ W_h.T + b_h)
    if bug == "no_hidden_sigmoid":
        return _sig((X @ W_h.T + b_h) @ W_out.T + b_out)
    return A_h @ W_out.T + b_out  # "no_output_sigmoid"


def _cases_forward(rng) -> list[Case]:
    def case(label, n, d, h, t, scale=0.5, dtype=np.float64, zero=False):
        def weights(shape):
            return np.zeros(shape, dtype) if zero else _normal(rng, shape, scale, dtype)

        return Case(
            label,
            {
                "X": _normal(rng, (n, d), 1.0, dtype),
                "W_h": weights((h, d)),
                "b_h": weights(h),
                "W_out": weights((t, h)),
                "b_out": weights(t),
            },
        )

    return [
        case("3 features, 3 hidden units, 3 classes (square weights)", 2, 3, 3, 3),
        case("the 3-4-3 network: 3 features, 4 hidden units, 3 classes", 2, 3, 4, 3),
        case("a single example", 1, 4, 5, 2),
        case("20 features, 8 hidden units, 10 classes, 6 examples", 6, 20, 8, 10),
        case("all weights and biases 0", 3, 2, 4, 3, zero=True),
        case("large weights (saturated units)", 4, 3, 5, 2, scale=10.0),
        case("float32 inputs", 5, 4, 3, 2, dtype=np.float32),
    ]


#: the exercises of chapter 2, in the order the chapter asks them
EXERCISES = [
    Exercise(
        name="sigmoid",
        chapter=2,
        signature="sigmoid(z) -> array like z",
        description="The logistic sigmoid 1 / (1 + e^(-z)), element-wise, for z "
        "of any shape, without overflow for large |z|.",
        reference=activations.sigmoid,
        make_cases=_cases_sigmoid,
        hints=("sigmoid(z) = 1 / (1 + np.exp(-z)) = 0.5 * (1 + np.tanh(0.5 * z)).",),
        warning_hint=_SIGMOID_OVERFLOW,
        mistakes=(
            Mistake(
                "check the sign: sigmoid(z) = 1 / (1 + e^(-z)), so sigmoid(2) > 0.5.",
                lambda z: 1 / (1 + np.exp(z)),
            ),
            Mistake(
                "that is tanh(z), which ranges over (-1, 1); sigmoid(z) = 0.5 * "
                "(1 + tanh(z / 2)).",
                np.tanh,
            ),
        ),
    ),
    Exercise(
        name="sigmoid_derivative",
        chapter=2,
        signature="sigmoid_derivative(z) -> array like z",
        description="The derivative of the sigmoid, sigma(z) (1 - sigma(z)), "
        "element-wise; 0.25 at z = 0, about 0 for large |z|.",
        reference=activations.sigmoid_derivative,
        make_cases=_cases_sigmoid_derivative,
        hints=("s = sigmoid(z); return s * (1 - s).",),
        warning_hint=_SIGMOID_OVERFLOW,
        mistakes=(
            Mistake(
                "that is sigma(z) itself; its derivative is sigma(z) * (1 - sigma(z)).",
                _sig,
            ),
            Mistake(
                "apply the formula to sigma(z), not to z: s = sigmoid(z); "
                "return s * (1 - s).",
                lambda z: z * (1 - z),
            ),
            Mistake(
                "it is s * (1 - s), with a minus.", lambda z: _sig(z) * (1 + _sig(z))
            ),
        ),
    ),
    Exercise(
        name="one_hot",
        chapter=2,
        signature="one_hot(y, n_classes) -> (n_examples, n_classes) float",
        description="One-hot encoding of integer labels y (n_examples,): row i is "
        "all 0 except a 1 in column y[i]; float values.",
        reference=losses.one_hot,
        make_cases=_cases_one_hot,
        hints=("Y = np.zeros((len(y), n_classes)); Y[np.arange(len(y)), y] = 1.",),
        mistakes=(
            Mistake(
                "one row per example: the shape is (n_examples, n_classes); yours "
                "is transposed (Y[y, np.arange(n)] instead of Y[np.arange(n), y]).",
                lambda y, n_classes: losses.one_hot(y, n_classes).T,
            ),
            Mistake(
                "the number of columns is n_classes, not y.max() + 1: a class may "
                "be missing from y.",
                lambda y, n_classes: losses.one_hot(y, int(np.max(y)) + 1),
            ),
        ),
    ),
    Exercise(
        name="softmax",
        chapter=2,
        signature="softmax(Z) -> array like Z",
        description="Softmax over the last axis (each row of a matrix sums to 1), "
        "without overflow for large values.",
        reference=activations.softmax,
        make_cases=_cases_softmax,
        hints=(
            "E = np.exp(Z - Z.max(axis=-1, keepdims=True)); return E / "
            "E.sum(axis=-1, keepdims=True).",
        ),
        warning_hint=_SOFTMAX_STABLE,
        mistakes=_mistakes(
            _softmax_variant,
            (
                "axis0",
                "normalise each row (one example) over its classes: use "
                "axis=-1, not axis=0.",
            ),
            (
                "whole",
                "divide each row by its own sum, E.sum(axis=-1, keepdims=True), not "
                "by the sum of the whole array.",
            ),
        ),
    ),
    Exercise(
        name="forward",
        chapter=2,
        signature="forward(X, W_h, b_h, W_out, b_out) -> A_out",
        description="The forward pass of the one-hidden-layer sigmoid network: "
        "A_h = sigmoid(X W_h^T + b_h), A_out = sigmoid(A_h W_out^T + b_out). "
        "X (n, n_features), W_h (n_hidden, n_features), b_h (n_hidden,), W_out "
        "(n_classes, n_hidden), b_out (n_classes,) -> A_out (n, n_classes).",
        reference=_ref_forward,
        make_cases=_cases_forward,
        hints=(
            "weights are stored (n_out, n_in): Z_h = X @ W_h.T + b_h is (n, n_hidden).",
            "apply the sigmoid to both layers and return the output "
            "layer's activations.",
        ),
        mistakes=_mistakes(
            _forward_variant,
            (
                "no_transpose",
                "W_h is stored (n_hidden, n_features): multiply by its transpose, "
                "X @ W_h.T (and A_h @ W_out.T).",
            ),
            ("no_bias", "add the biases: X @ W_h.T + b_h and A_h @ W_out.T + b_out."),
            (
                "no_hidden_sigmoid",
                "apply the sigmoid to the hidden layer too: A_h = sigmoid(Z_h).",
            ),
            (
                "no_output_sigmoid",
                "return the output activations, sigmoid(Z_out), not the net "
                "input Z_out.",
            ),
        ),
    ),
]

#: numeric answers, by question
ANSWERS = {
    "2.6": NumericAnswer(
        name="2.6",
        what="answer_2_6, the number of weights and biases of a 784-100-10 network",
        value=79510,
        tolerance=0.5,
        mistakes=(
            (
                79400,
                "you counted the weights only: add one bias per hidden and "
                "output unit (100 + 10).",
            ),
            (
                78500,
                "W_h (100 x 784) and W_out (10 x 100) are there, but each "
                "hidden and output unit also has a bias: add 100 + 10.",
            ),
            (79500, "add a bias for every output unit too (10 of them)."),
            (79410, "add a bias for every hidden unit too (100 of them)."),
        ),
        hint="W_h is (100, 784), b_h (100,), W_out (10, 100), b_out (10,): add "
        "up their sizes.",
    ),
    "2.7": NumericAnswer(
        name="2.7",
        what="answer_2_7, sigma'(ln 3)",
        value=0.1875,
        tolerance=5e-5,
        mistakes=(
            (
                0.75,
                "that is sigma(ln 3) = 1 / (1 + 1/3) = 3/4; now use "
                "sigma' = sigma (1 - sigma).",
            ),
            (0.25, "that is 1 - sigma(ln 3); multiply it by sigma(ln 3)."),
            (0.5625, "sigma' = sigma (1 - sigma), not sigma squared."),
        ),
        hint="sigma(ln 3) = 1 / (1 + e^(-ln 3)) = 1 / (1 + 1/3) = 3/4, and "
        "sigma' = sigma (1 - sigma).",
    ),
}
