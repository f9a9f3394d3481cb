"""Chapter 7, misclassifications and evaluation: each exercise's reference,
test cases, named mistakes and hints, side by side.
"""

from __future__ import annotations

import numpy as np

from mlcourse import metrics
from mlcourse.checks.answers import ChoiceAnswer, NumericAnswer
from mlcourse.checks.exercise import (
    Case,
    Exercise,
    Mistake,
    _labels,
    _mistakes,
    _softmax_rows,
)

Array = np.ndarray


_Y_TRUE = np.array([0, 0, 0, 0, 1, 1, 2, 2, 2])


_Y_PRED = np.array([0, 0, 0, 1, 1, 1, 2, 0, 1])


def _cases_labels_pair(rng, *, zero_division_hint: str | None = None) -> list[Case]:
    y = _labels(rng, 200, 10)
    y_pred = np.where(rng.random(200) < 0.8, y, _labels(rng, 200, 10))

    def case(label, y_true, y_pred, n_classes, hint=None):
        return Case(
            label,
            {
                "y_true": np.asarray(y_true),
                "y_pred": np.asarray(y_pred),
                "n_classes": n_classes,
            },
            hint=hint,
        )

    return [
        case("3 classes, 9 examples", _Y_TRUE, _Y_PRED, 3),
        case("every prediction right", [0, 1, 2, 1], [0, 1, 2, 1], 3),
        case(
            "class 2 is never predicted",
            [0, 1, 2, 2],
            [0, 1, 1, 0],
            3,
            zero_division_hint,
        ),
        case(
            "class 3 occurs nowhere (n_classes = 4)",
            [0, 1, 2, 0],
            [0, 2, 2, 1],
            4,
            zero_division_hint
            or "the matrix is n_classes x n_classes, even when a class occurs nowhere.",
        ),
        case("a single example", [1], [0], 2, zero_division_hint),
        case("10 classes, 200 examples", y, y_pred, 10),
    ]


def _ref_prf(y_true, y_pred, n_classes):
    return metrics.precision_recall_f1(y_true, y_pred, n_classes)[:3]


def _prf_variant(y_true, y_pred, n_classes, *, bug: str):
    cm = metrics.confusion_matrix(y_true, y_pred, n_classes).astype(float)
    tp = np.diag(cm)
    with np.errstate(all="ignore"):
        precision = np.nan_to_num(tp / cm.sum(axis=0))
        recall = np.nan_to_num(tp / cm.sum(axis=1))
        if bug == "swapped":
            precision, recall = recall, precision
        f1 = np.nan_to_num(2 * precision * recall / (precision + recall))
    if bug == "arithmetic":
        f1 = (precision + recall) / 2
    return precision, recall, f1


def _cases_confusion_matrix(rng) -> list[Case]:
    return _cases_labels_pair(rng)


def _cases_precision_recall_f1(rng) -> list[Case]:
    return _cases_labels_pair(
        rng,
        zero_division_hint="a class that is never predicted (or never occurs) "
        "makes a score 0 / 0: define it as 0 without dividing, e.g. "
        "np.divide(tp, predicted, out=np.zeros(n_classes), where=predicted > 0).",
    )


def _mcm_variant(proba, y_true, n, *, bug: str):
    y_pred = proba.argmax(axis=1)
    wrong = np.flatnonzero(y_pred != y_true)
    if bug == "true_class":
        order = np.argsort(proba[wrong, y_true[wrong]], kind="stable")
    else:
        order = np.argsort(-proba[wrong, y_pred[wrong]], kind="stable")
    if bug == "ascending":
        order = order[::-1]
    if bug == "positions":
        return order[:n]
    if bug == "no_limit":
        return wrong[order]
    return wrong[order][:n]


def _cases_most_confident_mistakes(rng) -> list[Case]:
    proba_small = np.round(_softmax_rows(rng, 8, 3), 4)
    y_small = proba_small.argmax(axis=1)
    y_small[[1, 4, 6]] = (y_small[[1, 4, 6]] + 1) % 3  # three mistakes
    proba_big = _softmax_rows(rng, 200, 10, scale=1.5)
    y_big = np.where(
        rng.random(200) < 0.6, proba_big.argmax(axis=1), _labels(rng, 200, 10)
    )
    proba_right = np.round(_softmax_rows(rng, 4, 3), 4)
    return [
        Case(
            "8 examples, 3 mistakes, n = 5 (more than there are)",
            {"proba": proba_small, "y_true": y_small, "n": 5},
        ),
        Case("the same, n = 2", {"proba": proba_small, "y_true": y_small, "n": 2}),
        Case(
            "no mistakes at all (an empty result)",
            {"proba": proba_right, "y_true": proba_right.argmax(axis=1), "n": 3},
            hint="with no mistakes, return an empty integer array, shape (0,).",
        ),
        Case(
            "200 examples, 10 classes, n = 25",
            {"proba": proba_big, "y_true": y_big, "n": 25},
        ),
        Case(
            "a single example, wrongly predicted",
            {"proba": np.array([[0.2, 0.7, 0.1]]), "y_true": np.array([2]), "n": 1},
        ),
    ]


#: the exercises of chapter 7, in the order the chapter asks them
EXERCISES = [
    Exercise(
        name="confusion_matrix",
        chapter=7,
        signature="confusion_matrix(y_true, y_pred, n_classes) -> "
        "(n_classes, n_classes) counts",
        description="Counts: entry [i, j] is how many examples of true class i "
        "were predicted as class j (rows true, columns predicted).",
        reference=metrics.confusion_matrix,
        make_cases=_cases_confusion_matrix,
        hints=(
            "cm = np.zeros((n_classes, n_classes), dtype=int); then "
            "np.add.at(cm, (y_true, y_pred), 1) or a loop with "
            "cm[t, p] += 1.",
        ),
        mistakes=(
            Mistake(
                "rows are the true classes and columns the predicted ones: "
                "cm[y_true[i], y_pred[i]] += 1. Yours is transposed.",
                lambda y_true, y_pred, n_classes: (
                    metrics.confusion_matrix(y_true, y_pred, n_classes).T
                ),
            ),
            Mistake(
                "the matrix is n_classes x n_classes, even when a class "
                "occurs nowhere.",
                lambda y_true, y_pred, n_classes: metrics.confusion_matrix(
                    y_true, y_pred
                ),
            ),
        ),
    ),
    Exercise(
        name="precision_recall_f1",
        chapter=7,
        signature="precision_recall_f1(y_true, y_pred, n_classes) -> "
        "(precision, recall, f1)",
        description="Per-class precision TP / (predicted as c), recall TP / "
        "(truly c) and F1 = 2 P R / (P + R), three arrays (n_classes,), with 0 "
        "wherever a score is 0 / 0.",
        reference=_ref_prf,
        make_cases=_cases_precision_recall_f1,
        output_names=("precision", "recall", "f1"),
        hints=(
            "from the confusion matrix cm: TP = np.diag(cm), predicted = "
            "cm.sum(axis=0), truly = cm.sum(axis=1).",
        ),
        warning_hint="a class that is never predicted (or never occurs) makes a "
        "score 0 / 0: define it as 0 without dividing, e.g. np.divide(tp, "
        "predicted, out=np.zeros(n_classes), where=predicted > 0).",
        mistakes=_mistakes(
            _prf_variant,
            (
                "swapped",
                "precision divides by the column sums (predicted as c), recall by "
                "the row sums (truly c): yours are swapped.",
            ),
            (
                "arithmetic",
                "F1 is the harmonic mean 2 P R / (P + R), not the average (P + R) / 2.",
            ),
        ),
    ),
    Exercise(
        name="most_confident_mistakes",
        chapter=7,
        signature="most_confident_mistakes(proba, y_true, n) -> indices",
        description="The indices (integers) of at most n misclassified examples, "
        "the one whose wrongly predicted class got the highest probability "
        "first; proba (n_examples, n_classes), y_true (n_examples,).",
        reference=metrics.most_confident_mistakes,
        make_cases=_cases_most_confident_mistakes,
        hints=(
            "y_pred = proba.argmax(axis=1); wrong = np.flatnonzero(y_pred != y_true); "
            "sort wrong by -proba[wrong, y_pred[wrong]]; keep the first n.",
        ),
        mistakes=_mistakes(
            _mcm_variant,
            (
                "ascending",
                "most confident first: sort by decreasing probability, "
                "np.argsort(-confidence).",
            ),
            (
                "true_class",
                "confidence is the probability of the predicted (wrong) class, "
                "proba[wrong, y_pred[wrong]], not of the true class.",
            ),
            (
                "positions",
                "return positions in y_true, wrong[order], not positions in the "
                "list of mistakes.",
            ),
            ("no_limit", "return at most n indices."),
        ),
    ),
]


# -- reading the confusion matrix (Exercises 7.4 and 7.5) --------------------

#: numeric answers, by question
ANSWERS = {
    "7.4": NumericAnswer(
        name="7.4",
        what="answer_7_4, the recall of digit 3 in percent",
        value=100 * 992 / 1010,
        tolerance=0.006,
        mistakes=(
            (
                100 * 992 / 1001,
                "that is the precision of digit 3: you divided by column 3 (all "
                "the images the network called 3). Recall divides by row 3, all "
                "the images that truly are 3s.",
            ),
            (
                98.85,
                "that is the accuracy over all ten digits; recall is about the 3s "
                "alone: row 3 of the matrix.",
            ),
            (
                100 * 18 / 1010,
                "that is the share of 3s the network missed (1 - recall): recall "
                "counts the ones it found, the diagonal entry of row 3.",
            ),
            (
                992 / 1010,
                "right number, wrong unit: the question asks for a percentage "
                "(multiply the fraction by 100).",
            ),
        ),
        hint="recall of digit 3 = C[3, 3] / (sum of row 3): the 3s found, "
        "divided by all the true 3s (1,010 in the test set).",
    ),
}

#: multiple-choice answers, by question
CHOICES = {
    "7.5": ChoiceAnswer(
        name="7.5",
        what="answer_7_5",
        right="a",
        explanation="rows are true classes and columns predicted classes, so a "
        "true 3 predicted as 5 is counted in row 3, column 5.",
        wrong={
            "b": "C[5, 3] is row 5, column 3: a true 5 that the network called "
            "3. Rows are true classes, columns predicted classes.",
            "c": "C[3, 3] is on the diagonal: the 3s the network got right.",
            "d": "C[3, 5] + C[5, 3] counts the pair 3/5 in both directions (the "
            "pair table of section 7.2); the question asks for one direction.",
        },
    ),
}
