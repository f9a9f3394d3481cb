"""Chapter 3, cost functions: each exercise's reference, test cases, named
mistakes and hints, side by side.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np

from mlcourse import losses
from mlcourse.checks.answers import (
    NumericAnswer,
)
from mlcourse.checks.exercise import (
    Case,
    Exercise,
    Mistake,
    _labels,
    _mistakes,
    _normal,
    _probabilities,
    _softmax_rows,
)

Array = np.ndarray


def _cases_mse(rng) -> list[Case]:
    def pair(shape, dtype=np.float64):
        return {
            "y_true": _normal(rng, shape, 1.0, dtype),
            "y_pred": _normal(rng, shape, 1.0, dtype),
        }

    same = _normal(rng, 4)
    return [
        Case("one output unit (1-D arrays of 5)", pair(5)),
        Case("several output units (4 examples x 3 units)", pair((4, 3))),
        Case(
            "a perfect prediction (the cost is 0)",
            {"y_true": same, "y_pred": same.copy()},
        ),
        Case("a single example", pair(1)),
        Case("a single example with 3 units (1 x 3)", pair((1, 3))),
        Case("float32 inputs", pair((6, 2), np.float32)),
    ]


def _mse_variant(y_true, y_pred, *, bug: str):
    sq = (y_true - y_pred) ** 2
    if bug == "sum":
        return float(np.sum(sq))
    if bug == "mean_all":
        return float(np.mean(sq))
    if bug == "half":
        return 0.5 * float(np.sum(sq)) / len(y_true)
    if bug == "root":
        return math.sqrt(float(np.sum(sq)) / len(y_true))
    return float(np.sum(np.abs(y_true - y_pred))) / len(y_true)  # "abs"


_CLIP_HINT = (
    "log(0) is -inf (and 0 * log(0) is NaN): clip the probabilities first, "
    "p = np.clip(p, 1e-12, 1 - 1e-12). The check uses exactly these bounds."
)


def _bce_variant(y_true, p, *, bug: str):
    if bug == "clip_other":
        p = np.clip(p, 1e-15, 1 - 1e-15)
    elif bug != "no_clip":
        p = np.clip(p, 1e-12, 1 - 1e-12)
    terms = y_true * np.log(p) + (1 - y_true) * np.log(1 - p)
    if bug == "sum":
        return -float(np.sum(terms))
    if bug == "mean_all":
        return -float(np.mean(terms))
    if bug == "sign":
        return float(np.sum(terms)) / len(y_true)
    return -float(np.sum(terms)) / len(y_true)


def _bce_clip_variant(y_true, p, eps: float):
    p = np.clip(p, eps, 1 - eps)
    return -float(np.sum(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))) / len(
        y_true
    )


def _cases_binary_cross_entropy(rng) -> list[Case]:
    def case(label, y, p, hint=None):
        return Case(label, {"y_true": y, "p": p}, hint=hint)

    return [
        case(
            "ordinary probabilities",
            rng.integers(0, 2, 6).astype(float),
            _probabilities(rng, 6),
        ),
        case(
            "several output units (4 examples x 3 units)",
            rng.integers(0, 2, (4, 3)).astype(float),
            _probabilities(rng, (4, 3)),
        ),
        case(
            "probabilities of exactly 0 and 1, all right",
            np.array([1.0, 0.0, 1.0, 0.0]),
            np.array([1.0, 0.0, 1.0, 0.0]),
            _CLIP_HINT,
        ),
        case(
            "probabilities of exactly 0 and 1, all wrong",
            np.array([1.0, 0.0]),
            np.array([0.0, 1.0]),
            _CLIP_HINT,
        ),
        case("a single example", np.array([1.0]), np.array([0.8])),
        case(
            "float32 inputs",
            rng.integers(0, 2, 5).astype(np.float32),
            _probabilities(rng, 5, np.float32),
        ),
    ]


def _cce_variant(Y, P, *, bug: str):
    P = np.clip(P, 1e-12, 1 - 1e-12)
    terms = Y * np.log(P)
    if bug == "sum":
        return -float(np.sum(terms))
    if bug == "mean_all":
        return -float(np.mean(terms))
    if bug == "sign":
        return float(np.sum(terms)) / len(Y)
    both = terms + (1 - Y) * np.log(1 - P)  # "binary"
    return -float(np.sum(both)) / len(Y)


def _cases_categorical_cross_entropy(rng) -> list[Case]:
    def onehot(labels, k):
        return losses.one_hot(labels, k)

    zeros_p = np.array([[0.7, 0.3, 0.0], [0.0, 0.0, 1.0], [0.2, 0.0, 0.8]])
    soft = np.array([[0.8, 0.1, 0.1], [0.1, 0.1, 0.8]])
    return [
        Case(
            "one-hot targets, softmax outputs (4 examples, 3 classes)",
            {
                "Y": onehot(_labels(rng, 4, 3), 3),
                "P": np.round(_softmax_rows(rng, 4, 3), 4),
            },
        ),
        Case(
            "a single example (5 classes)",
            {"Y": onehot([2], 5), "P": np.round(_softmax_rows(rng, 1, 5), 4)},
        ),
        Case(
            "probabilities of exactly 0 on the wrong classes",
            {"Y": onehot([0, 2, 2], 3), "P": zeros_p},
            hint="0 * log(0) is NaN: clip P first, e.g. np.clip(P, 1e-12, 1.0), "
            "before taking the log.",
        ),
        Case(
            "a probability of exactly 0 on the true class",
            {"Y": onehot([1], 3), "P": np.array([[1.0, 0.0, 0.0]])},
            hint="log(0) is -inf: clip P to [1e-12, 1 - 1e-12] first (the "
            "check uses exactly these bounds).",
        ),
        Case(
            "soft targets (each row of Y is a distribution)",
            {"Y": soft, "P": np.round(_softmax_rows(rng, 2, 3), 4)},
        ),
        Case(
            "10 classes, 8 examples",
            {
                "Y": onehot(_labels(rng, 8, 10), 10),
                "P": np.round(_softmax_rows(rng, 8, 10), 4),
            },
        ),
        Case(
            "float32 inputs",
            {
                "Y": onehot(_labels(rng, 3, 4), 4).astype(np.float32),
                "P": np.round(_softmax_rows(rng, 3, 4), 4).astype(np.float32),
            },
        ),
    ]


def _l2_variant(weights, l2, *, bug: str):
    if bug == "no_half":
        return l2 * sum(float(np.sum(W**2)) for W in weights)
    if bug == "norm":
        return 0.5 * l2 * sum(float(np.linalg.norm(W)) for W in weights)
    if bug == "first_only":
        return 0.5 * l2 * float(np.sum(weights[0] ** 2))
    if bug == "abs":
        return 0.5 * l2 * sum(float(np.sum(np.abs(W))) for W in weights)
    return 0.5 * l2 * sum(float(np.mean(W**2)) for W in weights)  # "mean"


def _cases_l2_penalty(rng) -> list[Case]:
    def mats(*shapes, dtype=np.float64):
        return [_normal(rng, s, 1.0, dtype) for s in shapes]

    return [
        Case(
            "two weight matrices, l2 = 0.1",
            {"weights": mats((3, 2), (2, 4)), "l2": 0.1},
        ),
        Case(
            "a single weight matrix, l2 = 0.01", {"weights": mats((4, 3)), "l2": 0.01}
        ),
        Case("l2 = 0 (no penalty)", {"weights": mats((2, 2), (2, 3)), "l2": 0.0}),
        Case(
            "three matrices of different shapes, l2 = 1",
            {"weights": mats((5, 4), (3, 5), (2, 3)), "l2": 1.0},
        ),
        Case(
            "float32 weights, l2 = 0.5",
            {"weights": mats((3, 3), dtype=np.float32), "l2": 0.5},
        ),
    ]


#: the exercises of chapter 3, in the order the chapter asks them
EXERCISES = [
    Exercise(
        name="mse",
        chapter=3,
        signature="mse(y_true, y_pred) -> float",
        description="Mean squared error: the squared errors summed over the "
        "output units of each example (2-D arrays), averaged over the examples.",
        reference=losses.mse,
        make_cases=_cases_mse,
        hints=("np.sum((y_true - y_pred) ** 2) / len(y_true).",),
        mistakes=_mistakes(
            _mse_variant,
            (
                "sum",
                "average over the examples (divide by len(y_true)), do not just sum.",
            ),
            (
                "mean_all",
                "for 2-D arrays, sum over the output units of each example and "
                "average over the examples only: np.sum(...) / len(y_true), not "
                "np.mean over every entry.",
            ),
            ("half", "the MSE has no factor 1/2 (that is Adaline's cost)."),
            ("root", "no square root: that would be the root mean squared error."),
            ("abs", "square the errors (absolute errors give the MAE)."),
        ),
    ),
    Exercise(
        name="binary_cross_entropy",
        chapter=3,
        signature="binary_cross_entropy(y_true, p) -> float",
        description="-[y log p + (1 - y) log(1 - p)], summed over the output units "
        "(2-D arrays) and averaged over the examples, with p clipped to "
        "[1e-12, 1 - 1e-12] so that p = 0 or 1 gives a finite cost.",
        reference=losses.binary_cross_entropy,
        make_cases=_cases_binary_cross_entropy,
        hints=(
            "p = np.clip(p, 1e-12, 1 - 1e-12); then -np.sum(y * np.log(p) + "
            "(1 - y) * np.log(1 - p)) / len(y).",
        ),
        warning_hint=_CLIP_HINT,
        mistakes=_mistakes(
            _bce_variant,
            (
                "sum",
                "average over the examples (divide by len(y_true)), do not just sum.",
            ),
            (
                "mean_all",
                "for 2-D arrays, sum over the output units and average over the "
                "examples only: np.sum(...) / len(y_true), not np.mean over "
                "every entry.",
            ),
            (
                "sign",
                "the cost has a minus sign in front: logs of probabilities "
                "are negative.",
            ),
            ("no_clip", _CLIP_HINT),
            ("clip_other", _CLIP_HINT),
        )
        + (Mistake(_CLIP_HINT, partial(_bce_clip_variant, eps=1e-7)),),
    ),
    Exercise(
        name="categorical_cross_entropy",
        chapter=3,
        signature="categorical_cross_entropy(Y, P) -> float",
        description="-sum_k Y_k log P_k for each example, averaged over the "
        "examples: Y (n, n_classes) targets, P (n, n_classes) softmax "
        "probabilities, clipped to [1e-12, 1 - 1e-12] before the log.",
        reference=losses.categorical_cross_entropy,
        make_cases=_cases_categorical_cross_entropy,
        hints=("-np.sum(Y * np.log(np.clip(P, 1e-12, 1 - 1e-12))) / len(Y).",),
        mistakes=_mistakes(
            _cce_variant,
            ("sum", "average over the examples (divide by len(Y)), do not just sum."),
            (
                "mean_all",
                "sum over the classes and average over the examples only: "
                "np.sum(...) / len(Y), not np.mean over every entry.",
            ),
            (
                "sign",
                "the cost has a minus sign in front: logs of probabilities "
                "are negative.",
            ),
            (
                "binary",
                "categorical cross-entropy has only the Y * log(P) term; the "
                "(1 - Y) log(1 - P) term belongs to the binary cross-entropy.",
            ),
        ),
    ),
    Exercise(
        name="l2_penalty",
        chapter=3,
        signature="l2_penalty(weights, l2) -> float",
        description="The L2 penalty l2 / 2 * (sum of the squares of every entry "
        "of every weight matrix in the list weights).",
        reference=losses.l2_penalty,
        make_cases=_cases_l2_penalty,
        hints=("0.5 * l2 * sum(np.sum(W ** 2) for W in weights).",),
        mistakes=_mistakes(
            _l2_variant,
            (
                "no_half",
                "the penalty is l2 / 2 times the sum of squares: do not "
                "forget the 1/2.",
            ),
            (
                "norm",
                "square the weights: np.sum(W ** 2), not np.linalg.norm(W) (which "
                "takes a square root).",
            ),
            (
                "first_only",
                "add up the squares of every matrix in the list, not just the first.",
            ),
            ("abs", "square the weights (absolute values give the L1 penalty)."),
            ("mean", "sum the squares (np.sum), do not average them."),
        ),
    ),
]

#: numeric answers, by question
ANSWERS = {
    "3.5": NumericAnswer(
        name="3.5",
        what="answer_3_5, the cross-entropy of p = (0.7, 0.2, 0.1) for class 1",
        value=1.609438,
        tolerance=5e-5,
        mistakes=(
            (
                -1.609438,
                "the cross-entropy is -log p of the true class: mind the minus sign.",
            ),
            (
                0.356675,
                "that is -log 0.7, the largest probability; the true "
                "class is class 1 (counting from 0), with p = 0.2.",
            ),
            (
                2.302585,
                "that is -log 0.1; the true class is class 1 (counting "
                "from 0), with p = 0.2.",
            ),
            (0.698970, "use the natural logarithm (np.log), not log10."),
        ),
        hint="only the true class's probability counts: J = -log p_1.",
    ),
    "3.6": NumericAnswer(
        name="3.6",
        what="answer_3_6, dJ/dz_1 for the same example",
        value=-0.8,
        tolerance=5e-5,
        mistakes=(
            (0.8, "the gradient is p - y, here 0.2 - 1: mind the sign."),
            (0.2, "subtract the one-hot target: y_1 = 1 for the true class."),
            (
                -5.0,
                "that is the gradient with respect to p_1 (-1 / p_1); at "
                "the net input softmax and cross-entropy together give p - y.",
            ),
        ),
        hint="for softmax with cross-entropy, dJ/dz = p - y (section 3.5).",
    ),
}
