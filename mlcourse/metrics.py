"""Measuring how good a classifier is.

Every function here takes integer class labels: ``y_true`` holds the correct
class of each example and ``y_pred`` the class the model chose. Classes are
numbered ``0 .. n_classes - 1``.

The confusion matrix is the central object: most other scores (accuracy,
precision, recall, F1) can be read off it.

>>> y_true = [0, 0, 1, 2, 2]
>>> y_pred = [0, 1, 1, 2, 0]
>>> accuracy(y_true, y_pred)
0.6
>>> confusion_matrix(y_true, y_pred)
array([[1, 1, 0],
       [0, 1, 0],
       [1, 0, 1]])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mlcourse._validation import (
    check_int,
    check_labels,
    check_matrix,
    check_same_length,
)

__all__ = [
    "accuracy",
    "confusion_matrix",
    "precision_recall_f1",
    "classification_report",
    "most_confident_mistakes",
]


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _check_true_and_pred(
    y_true, y_pred, n_classes: int | None = None
) -> tuple[np.ndarray, np.ndarray, int]:
    """Check a pair of label arrays and work out the number of classes.

    Returns ``(y_true, y_pred, n_classes)`` with both arrays as int64
    ``(n_examples,)``. When ``n_classes`` is None it is one more than the
    largest label seen in either array.
    """
    if n_classes is not None:
        n_classes = check_int(n_classes, "n_classes", minimum=1)
    y_true = check_labels(y_true, "y_true", n_classes=n_classes)
    y_pred = check_labels(y_pred, "y_pred", n_classes=n_classes)
    check_same_length(y_true, "y_true", y_pred, "y_pred")
    if n_classes is None:
        n_classes = int(max(y_true.max(), y_pred.max())) + 1
    return y_true, y_pred, n_classes


def _safe_divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """Element-wise ``numerator / denominator`` where ``0 / 0`` gives 0.0.

    numerator, denominator : (n,) non-negative counts
    returns : (n,) float64
    """
    numerator = np.asarray(numerator, dtype=np.float64)
    denominator = np.asarray(denominator, dtype=np.float64)
    result = np.zeros_like(numerator)
    np.divide(numerator, denominator, out=result, where=denominator != 0)
    return result


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------


def accuracy(y_true, y_pred) -> float:
    """Fraction of examples whose predicted class is the true class.

    Parameters
    ----------
    y_true : (n_examples,) int
        Correct class of each example.
    y_pred : (n_examples,) int
        Predicted class of each example.

    Returns
    -------
    float
        A number between 0 (all wrong) and 1 (all right).
    """
    y_true, y_pred, _ = _check_true_and_pred(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """Count how often each true class was predicted as each class.

    Entry ``[i, j]`` is the number of examples of true class ``i`` that the
    model put in class ``j``. The diagonal holds the correct predictions.

    Parameters
    ----------
    y_true : (n_examples,) int
        Correct class of each example (the rows).
    y_pred : (n_examples,) int
        Predicted class of each example (the columns).
    n_classes : int, optional
        Size of the matrix. By default one more than the largest label seen,
        so pass it when some class might be missing from both arrays.

    Returns
    -------
    cm : (n_classes, n_classes) int64
    """
    y_true, y_pred, n_classes = _check_true_and_pred(y_true, y_pred, n_classes)
    # Give every (true, predicted) pair its own number, then count the
    # numbers in one go: pair (i, j) becomes i * n_classes + j.
    pair_ids = y_true * n_classes + y_pred
    counts = np.bincount(pair_ids, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes).astype(np.int64)


def precision_recall_f1(
    y_true, y_pred, n_classes: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Precision, recall, F1 score and support of every class.

    For a class ``c``:

    * precision = (correctly predicted as c) / (all predicted as c)
    * recall    = (correctly predicted as c) / (all truly c)
    * F1        = harmonic mean of precision and recall
    * support   = number of examples whose true class is c

    A score whose denominator is zero (for instance the precision of a class
    that is never predicted) is defined as 0.0, without a warning.

    Parameters
    ----------
    y_true : (n_examples,) int
    y_pred : (n_examples,) int
    n_classes : int, optional
        By default one more than the largest label seen.

    Returns
    -------
    precision : (n_classes,) float64
    recall : (n_classes,) float64
    f1 : (n_classes,) float64
    support : (n_classes,) int64
    """
    cm = confusion_matrix(y_true, y_pred, n_classes)
    true_positives = np.diag(cm)
    predicted_as = cm.sum(axis=0)  # column sums: how often each class was chosen
    truly_in = cm.sum(axis=1)  # row sums: how many examples each class has

    precision = _safe_divide(true_positives, predicted_as)
    recall = _safe_divide(true_positives, truly_in)
    # 2 * p * r / (p + r) simplifies to 2 * TP / (predicted + true counts),
    # which avoids dividing twice.
    f1 = _safe_divide(2 * true_positives, predicted_as + truly_in)
    return precision, recall, f1, truly_in.astype(np.int64)


def classification_report(
    y_true,
    y_pred,
    class_names: Sequence[str] | None = None,
    digits: int = 3,
) -> str:
    """A text table of precision, recall, F1 and support for every class.

    The last two rows give the overall accuracy and the macro averages (the
    plain mean over all classes, so every class counts equally whatever its
    size; a class that never appears scores 0).

    Parameters
    ----------
    y_true : (n_examples,) int
    y_pred : (n_examples,) int
    class_names : sequence of n_classes str, optional
        Row names. Their number fixes the number of classes; by default the
        classes are numbered ``0 .. max label``.
    digits : int
        Number of decimals printed for each score.

    Returns
    -------
    str
        The table; ``print`` it to read it.
    """
    digits = check_int(digits, "digits", minimum=1)
    n_classes = None
    if class_names is not None:
        class_names = _check_class_names(class_names)
        n_classes = len(class_names)
    precision, recall, f1, support = precision_recall_f1(y_true, y_pred, n_classes)
    n_classes = len(support)
    if class_names is None:
        class_names = [str(c) for c in range(n_classes)]
    acc = accuracy(y_true, y_pred)

    headers = ("precision", "recall", "f1-score", "support")
    name_width = max(len("macro avg"), *(len(name) for name in class_names))
    col = max(len(h) for h in headers) + 2  # width of every number column

    def row(name: str, scores: list[float | None], count: int) -> str:
        cells = ["" if s is None else f"{s:.{digits}f}" for s in scores]
        return (
            f"{name:>{name_width}}"
            + "".join(f"{cell:>{col}}" for cell in cells)
            + f"{count:>{col}d}"
        )

    lines = [" " * name_width + "".join(f"{h:>{col}}" for h in headers), ""]
    for c, name in enumerate(class_names):
        lines.append(row(name, [precision[c], recall[c], f1[c]], int(support[c])))
    total = int(support.sum())
    lines.append("")
    lines.append(row("accuracy", [None, None, acc], total))
    lines.append(row("macro avg", [precision.mean(), recall.mean(), f1.mean()], total))
    return "\n".join(lines)


def _check_class_names(class_names) -> list[str]:
    """Check that ``class_names`` is a non-empty sequence of strings."""
    if isinstance(class_names, (str, bytes)) or not isinstance(
        class_names, (Sequence, np.ndarray)
    ):
        raise TypeError(
            "class_names must be a list of strings, one per class, "
            f"got {type(class_names).__name__}"
        )
    names = list(class_names)
    if len(names) == 0:
        raise ValueError("class_names is empty")
    for name in names:
        if not isinstance(name, (str, np.str_)):
            raise TypeError(
                f"class_names must hold strings, got {name!r} ({type(name).__name__})"
            )
    return [str(name) for name in names]


# ---------------------------------------------------------------------------
# Looking at the errors
# ---------------------------------------------------------------------------


def most_confident_mistakes(proba, y_true, n: int = 25) -> np.ndarray:
    """Indices of the wrong predictions the model was most sure about.

    The predicted class of an example is the one with the highest
    probability. Among the examples where it differs from the true class,
    the ones whose (wrong) predicted class got the highest probability come
    first.

    Parameters
    ----------
    proba : (n_examples, n_classes) float
        Predicted probability of every class, e.g. the softmax output.
    y_true : (n_examples,) int
        Correct class of each example.
    n : int
        Maximum number of indices returned.

    Returns
    -------
    indices : (min(n, n_mistakes),) int64
        Positions in ``y_true``, most confident mistake first. Empty when
        every prediction is right.
    """
    proba = check_matrix(proba, "proba")
    n_examples, n_classes = proba.shape
    y_true = check_labels(y_true, "y_true", n_classes=n_classes, n_examples=n_examples)
    n = check_int(n, "n", minimum=1)

    y_pred = np.argmax(proba, axis=1)
    wrong = np.flatnonzero(y_pred != y_true)
    confidence = proba[wrong, y_pred[wrong]]
    # Sort by decreasing confidence; "stable" keeps ties in index order.
    order = np.argsort(-confidence, kind="stable")
    return wrong[order][:n].astype(np.int64)
