"""Input checks shared by every public function.

Each helper raises ``TypeError`` or ``ValueError`` whose message starts with
the argument's name, so a student sees at once which argument was wrong and
why. They return the checked value (often converted) so callers can write
``X = check_matrix(X, "X")``.
"""

from __future__ import annotations

import numbers

import numpy as np


def check_array(
    value,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    dtype=None,
    allow_empty: bool = False,
) -> np.ndarray:
    """Convert ``value`` to a finite numeric array and check its dimensions.

    dtype: the floating dtype to convert to (``None`` keeps a floating input's
    dtype and turns anything else into float64).
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a numeric array, got {type(value).__name__}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and other oddities
        raise TypeError(f"{name} must be a numeric array ({exc})") from None
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_
    ):
        raise TypeError(f"{name} must hold numbers, got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(str(d) for d in allowed)
            raise ValueError(
                f"{name} must have {want} dimension(s), got {arr.ndim} "
                f"(shape {arr.shape})"
            )
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    if not np.issubdtype(arr.dtype, np.floating):  # integers or booleans
        converted = arr.astype(np.float64 if dtype is None else dtype)
        _check_finite(converted, name, overflow_from=arr)
        return converted
    # a floating input: NaN and infinity are reported as such, and values that
    # only become infinite in the conversion (1e39 -> float32) as an overflow
    if dtype is not None and np.dtype(dtype) != arr.dtype:
        _check_finite(arr, name)
        with np.errstate(over="ignore"):  # reported below, with the numbers
            converted = arr.astype(dtype)
        _check_finite(converted, name, overflow_from=arr)
        return converted
    _check_finite(arr, name)
    return arr


def _check_finite(arr: np.ndarray, name: str, overflow_from=None) -> None:
    """ValueError if ``arr`` holds NaN or infinity. ``overflow_from``: the
    finite array ``arr`` was converted from; then the message says overflow."""
    if np.all(np.isfinite(arr)):
        return
    if overflow_from is None:
        raise ValueError(f"{name} contains NaN or infinite values")
    largest = np.max(np.abs(np.asarray(overflow_from, dtype=np.float64)))
    limit = np.finfo(arr.dtype).max
    raise ValueError(
        f"{name} has values too large for {arr.dtype} (overflow): the largest "
        f"magnitude is {largest:.4g}, {arr.dtype} holds at most {limit:.4g}; "
        "scale the data down (e.g. standardize it)"
    )


def check_matrix(value, name: str, *, n_features: int | None = None, dtype=None):
    """A 2-D finite array ``(n_examples, n_features)``."""
    arr = check_array(value, name, ndim=2, dtype=dtype)
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(
            f"{name} must have {n_features} features (columns), got {arr.shape[1]}"
        )
    return arr


def check_labels(
    value, name: str, *, n_classes: int | None = None, n_examples: int | None = None
) -> np.ndarray:
    """Integer class labels ``(n_examples,)`` in ``0 .. n_classes - 1``."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of integer labels")
    arr = np.asarray(value)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_
    ):
        raise TypeError(f"{name} must hold integer labels, got dtype {arr.dtype}")
    if arr.ndim != 1:
        raise ValueError(
            f"{name} must have 1 dimension, got {arr.ndim} (shape {arr.shape})"
        )
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if np.issubdtype(arr.dtype, np.floating):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} contains NaN or infinite values")
        if np.any(arr != np.round(arr)):
            raise ValueError(
                f"{name} must hold whole numbers (integer labels), "
                f"got e.g. {arr[arr != np.round(arr)][0]}"
            )
    # the range is checked on the values as given, before the cast to int64
    # (which would wrap 2**63 around to -9223372036854775808)
    lowest, highest = arr.min(), arr.max()
    if lowest < 0:
        raise ValueError(f"{name} must not be negative, got {_label_text(lowest)}")
    if n_classes is not None and highest >= n_classes:
        raise ValueError(
            f"{name} must be below {n_classes} (the number of classes), "
            f"got {_label_text(highest)}"
        )
    if (
        float(highest) >= 2.0**63
        if np.issubdtype(arr.dtype, np.floating)
        else int(highest) > np.iinfo(np.int64).max
    ):
        raise ValueError(
            f"{name} has the label {_label_text(highest)}, too large for a class "
            "label (class labels are 0, 1, ..., n_classes - 1)"
        )
    arr = arr.astype(np.int64)
    if n_examples is not None and arr.shape[0] != n_examples:
        raise ValueError(
            f"{name} has {arr.shape[0]} labels but there are {n_examples} examples"
        )
    return arr


def _label_text(value) -> str:
    """A label for a message: 3, not 3.0; 1e+20, not 100000000000000000000."""
    value = value.item() if isinstance(value, np.generic) else value
    if isinstance(value, float):
        return str(int(value)) if abs(value) < 2.0**53 else f"{value:g}"
    return str(int(value))


def check_classes(y: np.ndarray, name: str, *, max_classes: int | None = None) -> int:
    """The number of classes, max(y) + 1, of the checked training labels
    ``y`` (n,): ValueError unless they hold two different classes or if
    there would be more than ``max_classes``."""
    if not np.any(y != y[0]):
        raise ValueError(
            f"{name} must contain at least two different classes to learn from, "
            f"got only class {y[0]} ({len(y)} labels)"
        )
    n_classes = int(y.max()) + 1
    if max_classes is not None and n_classes > max_classes:
        raise ValueError(
            f"{name}'s largest label is {n_classes - 1}: that would make "
            f"{n_classes} classes (labels are 0 .. n_classes - 1, at most "
            f"{max_classes:,} classes)"
        )
    return n_classes


def check_same_length(a: np.ndarray, a_name: str, b: np.ndarray, b_name: str) -> None:
    if len(a) != len(b):
        raise ValueError(
            f"{a_name} and {b_name} must have the same length, "
            f"got {len(a)} and {len(b)}"
        )


def check_int(value, name: str, *, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


def check_bool(value, name: str) -> bool:
    """A flag: True or False (Python's or NumPy's bool), nothing else.

    Strings are refused on purpose: ``bool("False")`` is True.
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"{name} must be True or False, got {value!r} ({type(value).__name__})"
        )
    return bool(value)


def check_float(
    value,
    name: str,
    *,
    positive: bool = False,
    non_negative: bool = False,
    below_one: bool = False,
) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    if non_negative and value < 0:
        raise ValueError(f"{name} must not be negative, got {value}")
    if below_one and value >= 1:
        raise ValueError(f"{name} must be below 1, got {value}")
    return value


def check_choice(value, name: str, choices) -> str:
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be a string, one of {sorted(choices)}, got {value!r}"
        )
    if value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}, got {value!r}")
    return value


def check_float_dtype(value, name: str = "dtype") -> np.dtype:
    """Accept float32 or float64 (as a type, dtype or name); reject the rest."""
    want = f"{name} must be np.float32 or np.float64"
    if value is None:
        raise TypeError(f"{want}, got None")
    try:
        dtype = np.dtype(value)
    except TypeError:
        raise TypeError(f"{want}, got {value!r}") from None
    if dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise ValueError(f"{want}, got {dtype}")
    return dtype


def check_seed(value, name: str = "seed") -> int | None:
    if value is None:
        return None
    return check_int(value, name, minimum=0)


def _function_name(function) -> str:
    """How a message names a function: its name, e.g. ``cosine_schedule.factor``."""
    name = getattr(function, "__qualname__", None) or repr(function)
    return name.replace("<locals>.", "")


def check_callable(value, name: str, what: str) -> None:
    """TypeError unless ``value`` is None or can be called (``what`` says
    what it should be)."""
    if value is not None and not callable(value):
        raise TypeError(f"{name} must be a function {what}, got {value!r}")


def check_schedule_factor(factor, schedule, epoch: int) -> float:
    """The factor ``schedule(epoch)`` returned, as a float, if it is a finite
    number that is not negative; otherwise a ValueError (TypeError for a
    non-number) that names the schedule and the epoch.

    0 is allowed: an epoch without updates (e.g. the start of a warm-up).
    """
    where = f"schedule {_function_name(schedule)} returned {factor!r} for epoch {epoch}"
    if isinstance(factor, (bool, np.bool_)) or not isinstance(factor, numbers.Real):
        raise TypeError(
            f"{where}: it must return a number, the factor multiplying the "
            "learning rate"
        )
    factor = float(factor)
    if not np.isfinite(factor) or factor < 0:
        raise ValueError(
            f"{where}: the factor multiplying the learning rate must be a finite "
            "number, 0 or more (a negative learning rate would climb the cost)"
        )
    return factor


def check_augmented(batch, augment, like: np.ndarray) -> np.ndarray:
    """The batch ``augment`` returned, if it is an array with the shape and
    dtype of the batch ``like`` it was given, (n_batch, n_features), and
    finite; otherwise an error that names the augmentation."""
    where = f"augment {_function_name(augment)} returned"
    if not isinstance(batch, np.ndarray):
        raise TypeError(
            f"{where} a {type(batch).__name__}: it must return a NumPy array "
            f"shaped like its input {like.shape}"
        )
    if batch.shape != like.shape:
        raise ValueError(
            f"{where} shape {batch.shape}: it must keep the batch's shape "
            f"{like.shape} (one row per example, same features)"
        )
    if batch.dtype != like.dtype:
        raise TypeError(
            f"{where} dtype {batch.dtype}: it must keep the batch's dtype "
            f"{like.dtype} (e.g. return new_batch.astype(X_batch.dtype))"
        )
    if not np.all(np.isfinite(batch)):
        raise ValueError(f"{where} NaN or infinite values")
    return batch


from .divergence import check_finite_cost  # noqa: E402,F401  (shared with the monitor)
from .errors import TrainingDivergedError  # noqa: E402,F401  (public home: mlcourse.errors)
