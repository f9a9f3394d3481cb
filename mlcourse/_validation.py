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
    if dtype is not None:
        arr = arr.astype(dtype, copy=False)
    elif not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


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
    arr = arr.astype(np.int64)
    if arr.min() < 0:
        raise ValueError(f"{name} must not be negative, got {arr.min()}")
    if n_classes is not None and arr.max() >= n_classes:
        raise ValueError(
            f"{name} must be below {n_classes} (the number of classes), got {arr.max()}"
        )
    if n_examples is not None and arr.shape[0] != n_examples:
        raise ValueError(
            f"{name} has {arr.shape[0]} labels but there are {n_examples} examples"
        )
    return arr


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


from .errors import TrainingDivergedError  # noqa: E402  (public home: mlcourse.errors)


def check_finite_cost(cost: float, epoch: int, learning_rate_name: str = "eta") -> None:
    """Stop training with a helpful message if the cost blew up."""
    if not np.isfinite(cost):
        raise TrainingDivergedError(
            f"training diverged in epoch {epoch}: the cost became {cost}. "
            f"Try a smaller learning rate ({learning_rate_name}) or standardize "
            "the features."
        )
