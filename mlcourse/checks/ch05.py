"""Chapter 5, training on MNIST: each exercise's reference, test cases,
named mistakes and hints, side by side.

Exercises 5.1 and 5.2 are functions (:func:`~mlcourse.checks.check`);
Exercise 5.3 is a trained network (:func:`check_tuned_network`); 5.4 is a
number and 5.5 a letter (:func:`~mlcourse.checks.check_answer`, tables
``ANSWERS`` and ``CHOICES`` at the end).
"""

from __future__ import annotations

import warnings

import numpy as np

from mlcourse import metrics, mlp
from mlcourse._validation import check_labels, check_matrix
from mlcourse.checks.answers import ChoiceAnswer, NumericAnswer
from mlcourse.checks.compare import (
    _kind,
    _Mismatch,
    _sanitize,
    _show,
)
from mlcourse.checks.exercise import (
    Case,
    CheckResult,
    Exercise,
    Mistake,
    _for_nbgrader,
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


# -- Exercise 5.3: a tuned network, in at most 20 epochs ------------------

#: Exercise 5.3: the most epochs the tuned network may have been trained for
TUNED_MAX_EPOCHS = 20
#: Exercise 5.3: the test accuracy it must reach
TUNED_TARGET = 0.975


@_for_nbgrader
def check_tuned_network(model, X_test, y_test) -> CheckResult:
    """Check Exercise 5.3: a :class:`~mlcourse.mlp.NeuralNetMLP` trained for
    at most ``TUNED_MAX_EPOCHS`` (20) epochs that reaches at least
    ``TUNED_TARGET`` (97.5%) test accuracy.

    model : the student's network, ``tuned``.
    X_test : (n_examples, n_features); y_test : (n_examples,) labels.

    The number of epochs is read from the network itself: the length of
    ``model.eval_["cost"]``, one entry per epoch ``fit`` ran. The result
    names every condition that is not met (too many epochs, too low an
    accuracy, or both). An error in ``model.predict`` is reported in the
    result, not raised.
    """
    name = "tuned"

    def fail(text: str) -> CheckResult:
        return CheckResult(name, False, 1, f"{name}: {text}")

    check_matrix(X_test, "X_test")
    y_test = check_labels(y_test, "y_test")
    if len(y_test) != len(X_test):
        raise ValueError(
            f"X_test and y_test must have the same length, got {len(X_test)} "
            f"and {len(y_test)}"
        )
    if model is None:
        return fail(
            f"not done yet: train a NeuralNetMLP for at most {TUNED_MAX_EPOCHS} "
            "epochs and assign it to `tuned` (it is still None)."
        )
    if not isinstance(model, mlp.NeuralNetMLP):
        return fail(
            "the exercise tunes the book's network: `tuned` must be a "
            f"NeuralNetMLP, got {_kind(model)}."
        )
    history = getattr(model, "eval_", None)
    if not isinstance(history, dict) or not history.get("cost"):
        return fail(
            "the network is not trained yet: call tuned.fit(X_train, y_train, "
            "X_valid, y_valid)."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            y_pred = np.asarray(model.predict(X_test))
    except Exception as exc:
        return fail(
            _sanitize(f"tuned.predict(X_test) raised {type(exc).__name__}: {exc}")
        )
    acc = metrics.accuracy(y_test, y_pred.astype(np.int64, copy=False))
    n_epochs = len(history["cost"])
    epochs_text = f"trained for {n_epochs} epochs"
    acc_text = f"{acc:.2%} test accuracy"
    too_long = n_epochs > TUNED_MAX_EPOCHS
    too_low = acc < TUNED_TARGET
    if not too_long and not too_low:
        return CheckResult(
            name,
            True,
            1,
            f"{name}: {epochs_text} (at most {TUNED_MAX_EPOCHS}) and {acc_text} "
            f"(at least {TUNED_TARGET:.2%}): both conditions are met.",
        )
    problems = []
    if too_long:
        problems.append(
            f"it was {epochs_text}, and the exercise allows at most "
            f"{TUNED_MAX_EPOCHS} (NeuralNetMLP(..., epochs={TUNED_MAX_EPOCHS}))"
        )
    if too_low:
        short = 100 * (TUNED_TARGET - acc)
        problems.append(
            f"it reaches {acc_text}, {short:.2f} percentage points below the "
            f"{TUNED_TARGET:.2%} target"
        )
    else:
        problems.append(f"its {acc_text} does meet the {TUNED_TARGET:.2%} target")
    hint = (
        "Hint: make each epoch count: a wider hidden layer learns more per "
        "epoch, and a somewhat larger learning rate takes larger steps (section "
        "6: eta times the batch size sets the step; too large and the "
        "validation curve jumps about). Compare settings on the validation "
        "accuracy."
    )
    return fail("; ".join(problems) + ".\n" + hint)


# -- Exercises 5.4 and 5.5: a number and a letter ---------------------------

#: numbers worked out by hand, for check_answer
ANSWERS = {
    "5.4": NumericAnswer(
        name="5.4",
        what="answer_5_4, the learning rate for mini-batches of 50",
        value=0.004,
        tolerance=5e-7,
        mistakes=(
            (
                0.001,
                "halving the batch halves the summed gradient, so each update "
                "gets smaller: to keep its size, eta must grow, not shrink.",
            ),
            (
                0.002,
                "with a summed cost one update moves the weights by eta x batch "
                "size x the average gradient: with the same eta, half the batch "
                "takes half the step.",
            ),
            (
                0.0005,
                "that is the book's learning rate; the question starts from this "
                "chapter's run, eta = 0.002 with batches of 100.",
            ),
            (
                0.2,
                "0.2 is eta x batch size, the quantity to keep; divide it by the "
                "new batch size, 50.",
            ),
            (
                0.1,
                "that is 0.002 x 50; keep eta x batch size at 0.002 x 100 = 0.2 "
                "and solve eta x 50 = 0.2.",
            ),
        ),
        hint="one update moves the weights by eta x batch size x the average "
        "per-example gradient (section 6): keep eta x batch size = 0.002 x 100.",
    ),
}

#: multiple-choice questions, for check_answer
CHOICES = {
    "5.5": ChoiceAnswer(
        name="5.5",
        what="answer_5_5",
        right="b",
        explanation="keeping the best epoch's weights is early stopping, a sound "
        "choice; but the highest of 40 scores that wobble from epoch to epoch "
        "is likely to be a lucky one, so it overstates the accuracy on new "
        "digits. Measure the kept weights on the test set instead.",
        wrong={
            "a": "the validation images did not train the weights, but they "
            "chose the epoch: picking the highest of 40 scores that wobble by a "
            "few tenths of a point favours a lucky one.",
            "c": "the number of updates does not bias an accuracy measured on "
            "held-out images; what biases this one is that the epoch was "
            "chosen by looking at the same images.",
            "d": "when the later epochs overfit, an earlier epoch can do better "
            "on new digits; that is why early stopping keeps the best epoch "
            "(chapter 6).",
        },
    ),
}
