"""Chapter 5, training on MNIST: each exercise's reference, test cases,
named mistakes and hints, side by side.
"""

from __future__ import annotations

import numpy as np

from mlcourse import metrics, mlp
from mlcourse.checks.compare import (
    _kind,
    _Mismatch,
    _show,
)
from mlcourse.checks.exercise import (
    Case,
    Exercise,
    Mistake,
    _labels,
)

Array = np.ndarray


def _cases_accuracy(rng) -> list[Case]:
    y = _labels(rng, 1000, 10)
    y_guess = np.where(rng.random(1000) < 0.7, y, _labels(rng, 1000, 10))
    return [
        Case(
            "5 examples, 4 right",
            {"y_true": np.array([0, 1, 2, 2, 1]), "y_pred": np.array([0, 2, 2, 2, 1])},
        ),
        Case(
            "every prediction right",
            {"y_true": np.array([3, 1, 4]), "y_pred": np.array([3, 1, 4])},
        ),
        Case(
            "every prediction wrong",
            {"y_true": np.array([0, 0]), "y_pred": np.array([1, 2])},
        ),
        Case("a single example", {"y_true": np.array([7]), "y_pred": np.array([7])}),
        Case("1000 examples, 10 classes", {"y_true": y, "y_pred": y_guess}),
    ]


def _ref_minibatches(n_examples, minibatch_size, rng):
    return list(mlp.minibatches(n_examples, minibatch_size, rng))


def _cases_minibatches(rng) -> list[Case]:
    def case(label, n, size, seed):
        return Case(
            label,
            {
                "n_examples": n,
                "minibatch_size": size,
                "rng": np.random.default_rng(seed),
            },
            display={"rng": f"np.random.default_rng({seed})"},
            extra={"seed": seed},
        )

    return [
        case("10 examples in batches of 3 (the last batch is smaller)", 10, 3, 1),
        case("100 examples in batches of 10", 100, 10, 2),
        case("25 examples in batches of 4", 25, 4, 3),
        case("one batch holding every example", 12, 12, 4),
        case("a batch size larger than the data", 5, 8, 5),
        case("a single example", 1, 1, 6),
    ]


def _batches_text(batches: list) -> list[str]:
    return _show(list(batches))


def _compare_minibatches(received, expected, case: Case, call) -> _Mismatch | None:
    n = case.args["n_examples"]
    size = case.args["minibatch_size"]
    seed = case.extra["seed"]
    n_batches = -(-n // size)
    sizes = [size] * (n_batches - 1) + [n - size * (n_batches - 1)]
    want = [
        f"{n_batches} index arrays of sizes {sizes}, together holding every "
        f"index 0 .. {n - 1} exactly once"
        + (", in shuffled order" if n >= 10 else "")
        + ". For example, the package's answer:"
    ] + ["  " + line for line in _show(expected)]

    def problem(text, hint=None, shown=None):
        return _Mismatch(text, hint, want, shown)

    if received is None:
        return problem(
            "your function returned None.", "end the function with `return batches`."
        )
    if isinstance(received, (str, bytes, dict)) or not hasattr(received, "__iter__"):
        return problem(
            f"your function returned {_kind(received)}, expected a list of index "
            "arrays."
        )
    try:
        batches = [np.asarray(b) for b in received]
    except Exception as exc:
        return problem(f"going through the batches raised {type(exc).__name__}: {exc}")
    shown = _batches_text(batches)
    for i, b in enumerate(batches):
        if b.ndim != 1 or not np.issubdtype(b.dtype, np.integer):
            return problem(
                f"batch {i} is an array of shape {b.shape} ({b.dtype}); each batch "
                "must be a 1-D array of integer indices.",
                "slice a shuffled array of indices: order = "
                "rng.permutation(n_examples), "
                "then order[start:start + minibatch_size].",
                shown,
            )
    if len(batches) != n_batches:
        return problem(
            f"your function returned {len(batches)} batches, expected {n_batches}.",
            "step through the indices with range(0, n_examples, minibatch_size); "
            "the last batch keeps whatever is left.",
            shown,
        )
    got_sizes = [len(b) for b in batches]
    if got_sizes != sizes:
        return problem(
            f"the batches have sizes {got_sizes}, expected {sizes}.",
            "every batch holds minibatch_size indices, except possibly the last.",
            shown,
        )
    every = np.concatenate(batches) if batches else np.array([], dtype=int)
    counts = np.bincount(every[(every >= 0) & (every < n)], minlength=n)
    if np.any((every < 0) | (every >= n)):
        bad = int(every[(every < 0) | (every >= n)][0])
        return problem(
            f"index {bad} is outside 0 .. {n - 1}.",
            "shuffle the indices 0 .. n_examples - 1: rng.permutation(n_examples).",
            shown,
        )
    if np.any(counts != 1):
        twice = np.flatnonzero(counts > 1)
        what = (
            f"index {int(twice[0])} appears {int(counts[twice[0]])} times"
            if twice.size
            else f"index {int(np.flatnonzero(counts == 0)[0])} is missing"
        )
        return problem(
            f"{what}: every example must be in exactly one batch.",
            "draw the indices without replacement: rng.permutation(n_examples) "
            "(rng.integers or rng.choice with replace=True repeat some).",
            shown,
        )
    if n >= 10 and np.array_equal(every, np.arange(n)):
        return problem(
            "the indices come in their original order 0, 1, 2, ...; they must "
            "be shuffled.",
            "shuffle first: order = rng.permutation(n_examples).",
            shown,
        )
    again = call(dict(case.args, rng=np.random.default_rng(seed)))
    if again.error is not None or not _same_batches(again.value, batches):
        return problem(
            "a second call with a generator seeded the same way, "
            f"np.random.default_rng({seed}), gave different batches.",
            "use the generator you are given, rng.permutation(n_examples), not "
            "np.random.permutation or np.random.shuffle (whose state is global).",
            shown,
        )
    if n >= 10:
        other = call(dict(case.args, rng=np.random.default_rng(seed + 1000)))
        if other.error is None and _same_batches(other.value, batches):
            return problem(
                "a generator with another seed gave the same batches: the "
                "shuffling ignores rng.",
                "shuffle with the generator you are given: "
                "rng.permutation(n_examples).",
                shown,
            )
    return None


def _same_batches(value, batches: list) -> bool:
    try:
        other = [np.asarray(b) for b in value]
    except Exception:
        return False
    return len(other) == len(batches) and all(
        a.shape == b.shape and np.array_equal(a, b)
        for a, b in zip(other, batches, strict=True)
    )


#: the exercises of chapter 5, in the order the chapter asks them
EXERCISES = [
    Exercise(
        name="accuracy",
        chapter=5,
        signature="accuracy(y_true, y_pred) -> float",
        description="The fraction of examples whose predicted label equals the "
        "true one, between 0 and 1.",
        reference=metrics.accuracy,
        make_cases=_cases_accuracy,
        hints=("np.mean(y_true == y_pred).",),
        mistakes=(
            Mistake(
                "divide the number of right predictions by the number of examples.",
                lambda y_true, y_pred: int(np.sum(y_true == y_pred)),
            ),
            Mistake(
                "return a fraction between 0 and 1, not a percentage.",
                lambda y_true, y_pred: 100 * float(np.mean(y_true == y_pred)),
            ),
            Mistake(
                "that is the error rate: count the right predictions, "
                "y_true == y_pred.",
                lambda y_true, y_pred: float(np.mean(y_true != y_pred)),
            ),
        ),
    ),
    Exercise(
        name="minibatches",
        chapter=5,
        signature="minibatches(n_examples, minibatch_size, rng) -> "
        "list of index arrays",
        description="The mini-batches of one epoch: the indices 0 .. n_examples - 1 "
        "shuffled with the generator rng and cut into arrays of minibatch_size "
        "(the last may be smaller).",
        reference=_ref_minibatches,
        make_cases=_cases_minibatches,
        compare=_compare_minibatches,
        hints=(
            "order = rng.permutation(n_examples); return [order[i:i + minibatch_size] "
            "for i in range(0, n_examples, minibatch_size)].",
        ),
    ),
]
