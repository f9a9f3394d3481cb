"""Chapter 1, Adaline: each exercise's reference, test cases, named
mistakes and hints, side by side.
"""

from __future__ import annotations

import numpy as np

from mlcourse import linear, losses
from mlcourse.checks.answers import (
    NumericAnswer,
)
from mlcourse.checks.exercise import (
    Case,
    Exercise,
    Mistake,
    _as_f64,
    _mistakes,
    _normal,
)

Array = np.ndarray


def _ref_net_input(X, w, b):
    unit = linear.Adaline()
    unit.w_ = _as_f64(w)
    unit.b_ = float(b)
    return unit.net_input(X)


def _cases_net_input(rng) -> list[Case]:
    def case(label, n, d, b, dtype=np.float64, scale=1.0):
        X = _normal(rng, (n, d), scale, dtype)
        return Case(label, {"X": X, "w": _normal(rng, d, 1.0, dtype), "b": b})

    return [
        case("3 examples, 2 features", 3, 2, 0.5),
        case("a single example (X has one row)", 1, 4, -0.25),
        case("more features than examples", 2, 5, 1.5),
        case("the bias b is 0", 6, 3, 0.0),
        case("a single feature (X has one column)", 5, 1, 2.0),
        case("float32 inputs", 4, 3, 0.75, dtype=np.float32),
        case("large values", 8, 2, 10.0, scale=100.0),
    ]


def _ref_adaline_gradient(X, y, w, b):
    z = _ref_net_input(X, w, b)
    dJ_dz = losses.sse_gradient(y, z)  # -(y - z): J = 1/2 sum (y - z)^2
    return _as_f64(X).T @ dJ_dz, float(dJ_dz.sum())


def _adaline_gradient_variant(X, y, w, b, *, bug: str):
    z = X @ w + (0.0 if bug == "no_bias" else b)
    errors = y - z
    grad_w, grad_b = -(X.T @ errors), -float(errors.sum())
    if bug == "sign":
        return -grad_w, -grad_b
    if bug == "mean":
        return grad_w / len(y), grad_b / len(y)
    return grad_w, grad_b


def _cases_adaline_gradient(rng) -> list[Case]:
    def case(label, n, d, dtype=np.float64, zero=False, y=None):
        X = _normal(rng, (n, d), 1.0, dtype)
        w = np.zeros(d, dtype) if zero else _normal(rng, d, 0.5, dtype)
        b = 0.0 if zero else 0.1
        y = (rng.integers(0, 2, n) if y is None else np.full(n, y)).astype(dtype)
        return Case(label, {"X": X, "y": y, "w": w, "b": b})

    return [
        case("5 examples, 2 features", 5, 2),
        case("a single example", 1, 3),
        case("more features than examples", 3, 6),
        case("all weights and the bias are 0", 4, 2, zero=True),
        case("every target is 1", 6, 3, y=1),
        case("float32 inputs", 8, 4, dtype=np.float32),
    ]


def _standardize_variant(X, *, bug: str):
    if bug == "ddof1":
        return (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)
    if bug == "rows":
        return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
    if bug == "whole":
        return (X - X.mean()) / X.std()
    if bug == "no_scale":
        return X - X.mean(axis=0)
    return X / X.std(axis=0)  # "no_center"


def _cases_standardize(rng) -> list[Case]:
    def scaled(n, means, stds, dtype=np.float64):
        X = np.round(rng.normal(means, stds, (n, len(means))), 2)
        return X.astype(dtype)

    return [
        Case("features on different scales", {"X": scaled(5, [5, -300], [2, 50])}),
        Case(
            "more features than examples", {"X": scaled(3, [0, 1, 2, 3], [1, 1, 2, 3])}
        ),
        Case("a single feature", {"X": scaled(6, [10], [3])}),
        Case("only two examples", {"X": scaled(2, [1, 2], [1, 1])}),
        Case(
            "values around 1,000,000",
            {"X": np.round(1e6 + rng.normal(0, 3, (6, 2)), 2)},
        ),
        Case("float32 input", {"X": scaled(10, [1, -1, 4], [2, 1, 0.5], np.float32)}),
    ]


#: the exercises of chapter 1, in the order the chapter asks them
EXERCISES = [
    Exercise(
        name="net_input",
        chapter=1,
        signature="net_input(X, w, b) -> z",
        description="The net input z = X w + b of every example: X (n_examples, "
        "n_features), w (n_features,), b a number -> z (n_examples,).",
        reference=_ref_net_input,
        make_cases=_cases_net_input,
        hints=("z has one entry per example: X @ w is (n_examples,); then add b.",),
        mistakes=(
            Mistake("add the bias: z = X @ w + b.", lambda X, w, b: X @ w),
            Mistake(
                "the bias is added, not subtracted: z = X @ w + b.",
                lambda X, w, b: X @ w - b,
            ),
            Mistake(
                "keep one value per example: X @ w + b, without summing it up.",
                lambda X, w, b: float(np.sum(X @ w + b)),
            ),
        ),
    ),
    Exercise(
        name="adaline_gradient",
        chapter=1,
        signature="adaline_gradient(X, y, w, b) -> (grad_w, grad_b)",
        description="The gradient of Adaline's cost J = 1/2 sum_i (y_i - z_i)^2 "
        "with z = X w + b: grad_w = -X^T (y - z), shape (n_features,), and "
        "grad_b = -sum(y - z), a number.",
        reference=_ref_adaline_gradient,
        make_cases=_cases_adaline_gradient,
        output_names=("grad_w", "grad_b"),
        hints=(
            "errors = y - (X @ w + b); grad_w = -X.T @ errors; grad_b = -errors.sum().",
        ),
        mistakes=_mistakes(
            _adaline_gradient_variant,
            (
                "sign",
                "the gradient is -X^T (y - z): your signs are flipped (X^T (y - z) "
                "is the direction of the update, w := w - eta * grad_w).",
            ),
            (
                "mean",
                "J is half the sum of the squared errors, not their mean: do not "
                "divide by the number of examples.",
            ),
            ("no_bias", "compute z = X @ w + b, including the bias b."),
        ),
    ),
    Exercise(
        name="standardize",
        chapter=1,
        signature="standardize(X) -> X_std",
        description="Scale every column (feature) of X (n_examples, n_features) to "
        "mean 0 and standard deviation 1 (the population standard deviation, "
        "ddof=0), like mlcourse.linear.standardize(X)[0].",
        reference=lambda X: linear.standardize(X)[0],
        make_cases=_cases_standardize,
        hints=("(X - X.mean(axis=0)) / X.std(axis=0) works on every column at once.",),
        mistakes=_mistakes(
            _standardize_variant,
            (
                "ddof1",
                "use the population standard deviation, X.std(axis=0) (ddof=0), "
                "not ddof=1.",
            ),
            (
                "rows",
                "standardize each column (feature), axis=0, not each row (example).",
            ),
            (
                "whole",
                "compute the mean and std per column (axis=0), not over all of X.",
            ),
            (
                "no_scale",
                "after subtracting the mean, divide by the standard deviation.",
            ),
            ("no_center", "subtract the column means before dividing by the std."),
        ),
    ),
]

#: numeric answers, by question
ANSWERS = {
    "1.4": NumericAnswer(
        name="1.4",
        what="answer_1_4, the smallest of 0.005, 0.01, 0.02, 0.05 that diverges",
        value=0.02,
        tolerance=1e-9,
        mistakes=(
            (
                0.005,
                "0.005 is below the limit 2 / lambda_max ~ 0.011: the cost falls.",
            ),
            (
                0.01,
                "0.01 is just below the limit 2 / lambda_max ~ 0.011: the cost "
                "still falls, slowly along the steep direction.",
            ),
            (
                0.05,
                "0.05 diverges, but so does a smaller rate on the list: compare "
                "each with 2 / lambda_max ~ 0.011.",
            ),
        ),
        hint="full-batch gradient descent on a quadratic cost diverges once the "
        "learning rate exceeds 2 / lambda_max ~ 0.011 (section 5).",
    ),
}
