"""Showing values in a message, and comparing a student's result with the
expected one."""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass

import numpy as np

from mlcourse.checks.exercise import (
    _PRINT_OPTIONS,
)

Array = np.ndarray


def _sanitize(text: str) -> str:
    """Drop memory addresses (they change from run to run)."""
    return re.sub(r" at 0x[0-9a-fA-F]+", "", text)


def _num(x) -> str:
    """A number, the same way on every run and platform."""
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, (numbers.Integral, np.integer)):
        return str(int(x))
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x.is_integer() and abs(x) < 1e15:
        return f"{x:.1f}"  # 2.0, not 2: the value is a float
    return f"{x:.8g}"


def _array_text(a: Array) -> str:
    with np.printoptions(**_PRINT_OPTIONS):
        return np.array2string(a, separator=" ")


def _kind(value) -> str:
    """A short description of a value's type, for 'expected X, got Y'."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} ({value.dtype})"
    if isinstance(value, (bool, np.bool_)):
        return f"a bool ({value})"
    if isinstance(value, (numbers.Number, np.number)):
        return f"a single number ({_num(value)})"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)}"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return f"a dict with keys {sorted(map(str, value))}"
    return f"a {type(value).__name__}"


def _show(value, names: tuple[str, ...] = ()) -> list[str]:
    """Lines describing a value: a header line, then an indented body."""
    if isinstance(value, np.ndarray):
        header = f"array {value.shape} {value.dtype}"
        body = _array_text(value)
        if "\n" not in body and len(header) + len(body) < 70:
            return [f"{header}: {body}"]
        return [f"{header}:"] + ["  " + line for line in body.splitlines()]
    if value is None or isinstance(value, (numbers.Number, np.number, np.bool_)):
        return ["None" if value is None else _num(value)]
    if isinstance(value, np.random.Generator):
        return ["a np.random.Generator"]
    if isinstance(value, (list, tuple)):
        kind = "tuple" if isinstance(value, tuple) else "list"
        lines = [f"a {kind} of {len(value)}:"]
        for i, item in enumerate(value[:8]):
            label = names[i] if i < len(names) else f"[{i}]"
            sub = _show(item)
            lines.append(f"  {label} = {sub[0]}")
            lines.extend("  " + line for line in sub[1:])
        if len(value) > 8:
            lines.append(f"  ... ({len(value) - 8} more)")
        return lines
    if isinstance(value, dict):
        lines = [f"a dict with {len(value)} entries:"]
        for key, item in list(value.items())[:8]:
            sub = _show(item)
            lines.append(f"  {key!r}: {sub[0]}")
            lines.extend("  " + line for line in sub[1:])
        return lines
    if callable(value):
        return [f"the function {getattr(value, '__name__', type(value).__name__)}"]
    try:
        text = _sanitize(repr(value))
    except Exception:
        text = "(cannot be shown)"
    if len(text) > 120:
        text = text[:117] + "..."
    return [f"{type(value).__name__}: {text}"]


def _labelled(label: str, lines: list[str], indent: str = "") -> list[str]:
    out = [f"{indent}{label}{lines[0]}"]
    out.extend(indent + "  " + line for line in lines[1:])
    return out


def _index_text(index) -> str:
    return "[" + ", ".join(str(int(i)) for i in index) + "]"


def _cap(text: str) -> str:
    """Capitalize a sentence, unless it starts with code: a name with dots,
    brackets or digits (np.exp, x[i]), an assignment (S = sigmoid(z),
    errors = y - z) or a one-letter variable (z has ...), which must stay
    exactly as written so that it can be pasted."""
    words = text.split(" ", 2)
    first = words[0]
    if (
        not first
        or first[:1].isupper()
        or any(c in first for c in "._()[]=`'\"0123456789")
        or (len(first) == 1 and first != "a")
        or (len(words) > 1 and words[1] in ("=", "+=", "-=", "*=", "/=", "==", "@"))
    ):
        return text
    return text[:1].upper() + text[1:]


@dataclass
class _Mismatch:
    """What is wrong with a result (and possibly how to show things)."""

    problem: str
    hint: str | None = None
    expected_text: list[str] | None = None
    received_text: list[str] | None = None


def _shape_hint(received: tuple, expected: tuple) -> str | None:
    if len(received) == 2 and received == expected[::-1]:
        return (
            f"your array looks transposed: shape {received} instead of "
            f"{expected}. Check the order of the axes (rows are examples)."
        )
    if (
        math.prod(received) == math.prod(expected)
        and tuple(d for d in received if d != 1) == tuple(d for d in expected if d != 1)
        and received != expected
    ):
        return (
            "same numbers, different shape: an extra (or missing) axis of "
            "length 1. Use .ravel() for a flat vector, or avoid reshaping to a "
            "column (n, 1)."
        )
    return None


def _compare(
    received,
    expected,
    *,
    rtol: float,
    atol: float,
    names: tuple[str, ...] = (),
    what: str = "the result",
    float_counts_ok: bool = False,
) -> _Mismatch | None:
    """None if ``received`` matches ``expected``, else what is wrong.

    The structure of ``expected`` says what to check: a tuple (each part in
    turn), a dict (each key), an array (shape, dtype, NaN, values) or a
    number.
    """
    kw = {"rtol": rtol, "atol": atol, "float_counts_ok": float_counts_ok}
    if received is None:
        return _Mismatch(
            f"{what} is None: your function does not return anything.",
            "end the function with a `return` statement.",
        )
    if isinstance(expected, tuple):
        parts = ", ".join(names) if names else f"{len(expected)} values"
        if not isinstance(received, (tuple, list)):
            return _Mismatch(
                f"{what} is {_kind(received)}, expected a tuple ({parts}).",
                f"return all of them: `return {', '.join(names) or '...'}`.",
            )
        if len(received) != len(expected):
            return _Mismatch(
                f"{what} has {len(received)} parts, expected {len(expected)} "
                f"({parts}).",
                f"return exactly `{', '.join(names) or '...'}`, in this order.",
            )
        for i, (r, e) in enumerate(zip(received, expected, strict=True)):
            label = names[i] if i < len(names) else f"part {i}"
            problem = _compare(r, e, what=f"{label} (part {i + 1} of the tuple)", **kw)
            if problem is not None:
                return problem
        return None
    if isinstance(expected, dict):
        if not isinstance(received, dict):
            return _Mismatch(
                f"{what} is {_kind(received)}, expected a dict with keys "
                f"{list(expected)}."
            )
        missing = [key for key in expected if key not in received]
        if missing:
            return _Mismatch(
                f"{what} has no key {missing[0]!r} (it needs {list(expected)}).",
                "spell the keys exactly as given.",
            )
        for key in expected:
            problem = _compare(
                received[key], expected[key], what=f"{what}[{key!r}]", **kw
            )
            if problem is not None:
                return problem
        return None
    if isinstance(expected, np.ndarray):
        return _compare_array(received, expected, what=what, **kw)
    return _compare_number(received, expected, what=what, rtol=rtol, atol=atol)


def _compare_array(
    received, expected: Array, *, what: str, rtol: float, atol: float, float_counts_ok
) -> _Mismatch | None:
    if not isinstance(received, np.ndarray):
        if isinstance(received, (numbers.Number, np.number)) and not isinstance(
            received, bool
        ):
            return _Mismatch(
                f"{what} is a single number, expected an array of shape "
                f"{expected.shape}.",
                "keep one value per entry: did you sum or average over everything?",
            )
        if isinstance(received, (list, tuple)):
            return _Mismatch(
                f"{what} is {_kind(received)}, expected a NumPy array of shape "
                f"{expected.shape}.",
                "convert the result with np.array(...), or build it with NumPy "
                "operations.",
            )
        return _Mismatch(
            f"{what} is {_kind(received)}, expected a NumPy array of shape "
            f"{expected.shape}."
        )
    if received.dtype == object or not (
        np.issubdtype(received.dtype, np.number) or received.dtype == np.bool_
    ):
        return _Mismatch(f"{what} holds {received.dtype} values, expected numbers.")
    if received.shape != expected.shape:
        return _Mismatch(
            f"{what} has shape {received.shape}, expected {expected.shape}.",
            _shape_hint(received.shape, expected.shape),
        )
    want_float = np.issubdtype(expected.dtype, np.floating)
    if want_float and not np.issubdtype(received.dtype, np.floating):
        return _Mismatch(
            f"{what} holds {received.dtype} values, expected floating-point "
            "numbers (float64 or float32).",
            "build the result from float arrays (np.zeros(shape) is float, "
            "dtype=int is not), or convert it with .astype(float).",
        )
    if not want_float:
        if np.issubdtype(received.dtype, np.floating):
            whole = np.all(np.isfinite(received)) and np.all(
                received == np.round(received)
            )
            if not (float_counts_ok and whole):
                return _Mismatch(
                    f"{what} holds {received.dtype} values, expected integers.",
                    "indices and counts must be integers: create the array "
                    "with dtype=int or convert it with .astype(int).",
                )
        if not np.array_equal(received, expected):
            bad = received != expected
            first = tuple(np.argwhere(bad)[0])
            return _Mismatch(
                f"{int(bad.sum())} of {expected.size} entries of {what} are "
                f"wrong; the first at index {_index_text(first)}: expected "
                f"{_num(expected[first])}, received {_num(received[first])}."
            )
        return None
    r = received.astype(np.float64)
    e = expected.astype(np.float64)
    for mask, name, why in (
        (
            np.isnan(r) & ~np.isnan(e),
            "NaN (not a number)",
            " NaN comes from 0 / 0, inf - inf, 0 * inf or the log of a "
            "negative number.",
        ),
        (np.isinf(r) & np.isfinite(e), "inf", " inf comes from an overflow or log(0)."),
    ):
        if mask.any():
            first = tuple(np.argwhere(mask)[0])
            where = f" at index {_index_text(first)}" if first else ""
            return _Mismatch(
                f"{_cap(what)} contains {name} in {int(mask.sum())} of "
                f"{e.size} entries (e.g.{where or ' the only one'}: expected "
                f"{_num(e[first])}).{why}"
            )
    close = np.isclose(r, e, rtol=rtol, atol=atol)
    if close.all():
        return None
    excess = np.where(close, -np.inf, np.abs(r - e) - (atol + rtol * np.abs(e)))
    worst = np.unravel_index(int(np.argmax(excess)), e.shape)
    where = f" at index {_index_text(worst)}" if worst else ""
    return _Mismatch(
        f"{int((~close).sum())} of {e.size} values of {what} are wrong; "
        f"the largest difference is{where or ' there'}: expected "
        f"{_num(e[worst])}, received {_num(r[worst])}."
    )


def _compare_number(received, expected, *, what: str, rtol: float, atol: float):
    if isinstance(received, np.ndarray) and received.ndim == 0:
        received = received[()]
    if isinstance(received, np.ndarray):
        hint = (
            "return a plain number, e.g. float(value) or value.item()."
            if received.size == 1
            else "reduce the array to one number (np.sum or np.mean)."
        )
        return _Mismatch(
            f"{what} is an array of shape {received.shape}, expected a single number.",
            hint,
        )
    if isinstance(received, (bool, np.bool_)) or not isinstance(
        received, (numbers.Real, np.integer, np.floating)
    ):
        return _Mismatch(f"{what} is {_kind(received)}, expected a single number.")
    r, e = float(received), float(expected)
    if math.isnan(r):
        return _Mismatch(
            f"{_cap(what)} is NaN (not a number), expected {_num(e)}. NaN comes "
            "from 0 / 0, inf - inf, 0 * inf or the log of a negative number."
        )
    if math.isinf(r) and math.isfinite(e):
        return _Mismatch(
            f"{_cap(what)} is {_num(r)}, expected {_num(e)}. inf comes from an "
            "overflow or log(0)."
        )
    if abs(r - e) > atol + rtol * abs(e):
        return _Mismatch(f"{_cap(what)} is {_num(r)}, expected {_num(e)}.")
    return None


def _same(a, b) -> bool:
    """Loose equality used to recognise a known mistake (NaN equals NaN)."""
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if a is None or b is None or isinstance(a, (dict, tuple, list)):
        return False
    try:
        x = np.asarray(a, dtype=np.float64)
        y = np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    if x.shape != y.shape:
        return False
    return bool(np.allclose(x, y, rtol=1e-6, atol=1e-9, equal_nan=True))
