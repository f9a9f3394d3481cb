"""Exercise checks: one call tells a student whether an answer is right.

A chapter's exercise asks for a function; the student writes it and runs

>>> from mlcourse.checks import check
>>> check("sigmoid", sigmoid)  # doctest: +SKIP
sigmoid: all 8 test cases pass.

:func:`check` runs the student's function and the package's reference
implementation on the same inputs (ordinary ones and awkward ones: huge
``|z|``, zeros, probabilities of exactly 0 or 1, a single example, float32,
non-square matrices, ...) and returns a :class:`CheckResult`. When a case
fails, the result's text names the input, the expected value, the received
value, what is wrong with it and a hint aimed at the likely mistake.

A wrong answer never makes :func:`check` raise: exceptions from the
student's code, warnings (overflow, division by zero), results of the wrong
type, shape or dtype, NaN, and inputs changed in place are all reported as
failures. Only misuse of :func:`check` itself raises (an unknown exercise
name, something that is not a function).

Everything here is deterministic, so a notebook's output is the same on
every run: the inputs come from seeded generators and the arrays are printed
with fixed options.

:data:`EXERCISES` holds every exercise by name; :func:`list_exercises` lists
them. :func:`check_accuracy` checks the "tune the network" exercise.
"""

from __future__ import annotations

import copy
import math
import numbers
import os
import re
import traceback
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from . import activations, gradcheck, linear, losses, metrics, mlp, optimizers
from ._validation import check_float, check_labels, check_matrix

__all__ = [
    "EXERCISES",
    "Case",
    "CheckResult",
    "Exercise",
    "Mistake",
    "check",
    "check_accuracy",
    "check_answer",
    "check_spiral_model",
    "list_exercises",
]

Array = np.ndarray

#: default tolerances of the comparison |received - expected| <= ATOL + RTOL |expected|
RTOL, ATOL = 1e-5, 1e-7
#: looser tolerances for cases with float32 inputs (float32 keeps ~7 digits)
RTOL32, ATOL32 = 1e-4, 1e-6

#: print options for every array shown in a message (fixed: nbval compares them)
_PRINT_OPTIONS = {
    "precision": 4,
    "threshold": 40,
    "edgeitems": 3,
    "linewidth": 72,
    "suppress": False,
    "sign": "-",
    "floatmode": "maxprec",
    "nanstr": "nan",
    "infstr": "inf",
    "legacy": False,
}

_NOT_WRITTEN = "replace the `raise NotImplementedError` line with your code"


# ====================================================================
# Public data types
# ====================================================================


@dataclass(frozen=True, repr=False)
class CheckResult:
    """The outcome of a check.

    ``passed`` : whether every test case passed; ``exercise`` : the
    exercise's name; ``n_cases`` : how many test cases ran; ``message`` :
    the text a student reads (also the object's ``repr``, so it is what a
    notebook shows). ``bool(result)`` is ``passed``.
    """

    exercise: str
    passed: bool
    n_cases: int
    message: str

    def __repr__(self) -> str:
        return self.message

    __str__ = __repr__

    def __bool__(self) -> bool:
        return self.passed


def _for_nbgrader(check_function: Callable[..., CheckResult]):
    """Make a failed check raise AssertionError under nbgrader.

    nbgrader's autograde and validate set the environment variable
    NBGRADER_EXECUTION and score a graded cell 0 only if it raises; in a
    student's own notebook (the variable unset) a check never raises on a
    wrong or missing answer, it returns the result.
    """

    def graded(*args, **kwargs) -> CheckResult:
        result = check_function(*args, **kwargs)
        if os.environ.get("NBGRADER_EXECUTION") and not result.passed:
            raise AssertionError(result.message)
        return result

    graded.__name__ = check_function.__name__
    graded.__qualname__ = check_function.__qualname__
    graded.__doc__ = check_function.__doc__
    graded.__wrapped__ = check_function
    return graded


@dataclass
class Case:
    """One test input.

    label : what is special about this input, shown when it fails.
    args : argument name -> value, passed to the function positionally in
        this order (the names only label the message).
    hint : shown when this case fails (for instance why huge values break a
        naive formula).
    display : how to print arguments that are not arrays or numbers,
        e.g. ``{"f": "f(x) = sum(x ** 2)"}``.
    extra : anything a custom comparison needs (e.g. a seed).
    """

    label: str
    args: dict[str, Any]
    hint: str | None = None
    display: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer, written out, with the hint that fixes it.

    When a student's result equals what ``function`` returns on the failing
    input, the message shows ``hint``: that is how the checks recognise,
    say, a mean squared error that sums instead of averaging.
    """

    hint: str
    function: Callable[..., Any]


@dataclass(frozen=True)
class Exercise:
    """Everything :func:`check` needs to know about one exercise.

    name, chapter, signature, description : what the student is asked for.
    reference : the correct function (from the package where it has one),
        called with the same arguments as the student's.
    make_cases : seeded generator -> the list of :class:`Case`.
    hints : general hints, shown when no more specific one applies.
    mistakes : typical wrong answers to recognise (see :class:`Mistake`).
    output_names : names of the parts of a tuple result, e.g.
        ``("grad_w", "grad_b")``.
    warning_hint : shown when the function is right but NumPy warned.
    compare : a custom comparison ``(received, expected, case, call) ->
        problem or None`` for answers that are checked by their properties
        (``call(args)`` runs the student's function again).
    rtol, atol : tolerances of the comparison (float32 cases use at least
        RTOL32 and ATOL32).
    float_counts_ok : integer results (counts) may come as floats holding
        whole numbers.
    mutation_tol : how much an input may change and still count as
        unchanged (0: not at all).
    mutation_hint : shown when the function changes an input in place.
    """

    name: str
    chapter: int
    signature: str
    description: str
    reference: Callable[..., Any]
    make_cases: Callable[[np.random.Generator], list[Case]]
    hints: tuple[str, ...]
    mistakes: tuple[Mistake, ...] = ()
    output_names: tuple[str, ...] = ()
    warning_hint: str | None = None
    compare: Callable[..., _Mismatch | None] | None = None
    rtol: float = RTOL
    atol: float = ATOL
    float_counts_ok: bool = False
    mutation_tol: float = 0.0
    mutation_hint: str | None = None

    @property
    def seed(self) -> int:
        """The seed of this exercise's inputs (fixed, from its name)."""
        return zlib.crc32(self.name.encode())


# ====================================================================
# Showing values
# ====================================================================


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
    """Capitalize a sentence, unless it starts with code such as np.exp."""
    first = text.split(" ", 1)[0]
    if any(c in first for c in "._()[]=`") or first[:1].isupper():
        return text
    return text[:1].upper() + text[1:]


# ====================================================================
# Comparing a result with the expected one
# ====================================================================


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


# ====================================================================
# Running the student's function
# ====================================================================


@dataclass
class _Outcome:
    """What happened when the student's function ran on one input."""

    value: Any = None
    error: Exception | None = None
    warnings: list[str] = field(default_factory=list)
    changed: str | None = None  # the name of an argument changed in place
    changed_to: Any = None


def _unchanged(before, after, tol: float) -> bool:
    if isinstance(before, np.ndarray):
        if not isinstance(after, np.ndarray) or after.shape != before.shape:
            return False
        if after.dtype != before.dtype:
            return False
        if tol > 0:
            return bool(np.allclose(after, before, rtol=tol, atol=tol, equal_nan=True))
        return bool(np.array_equal(after, before, equal_nan=True))
    if isinstance(before, (list, tuple)):
        return (
            type(after) is type(before)
            and len(after) == len(before)
            and all(_unchanged(x, y, tol) for x, y in zip(before, after, strict=True))
        )
    if isinstance(before, dict):
        return (
            isinstance(after, dict)
            and after.keys() == before.keys()
            and all(_unchanged(before[k], after[k], tol) for k in before)
        )
    return True  # numbers, functions, generators: nothing to compare


def _call(function: Callable, args: dict[str, Any], mutation_tol: float = 0.0):
    """Run ``function`` on copies of ``args``, catching everything."""
    call_args = {name: copy.deepcopy(value) for name, value in args.items()}
    outcome = _Outcome()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
            try:
                outcome.value = function(*call_args.values())
            except Exception as exc:  # a wrong answer must never crash the check
                outcome.error = exc
    seen: list[str] = []
    for w in caught:
        if issubclass(w.category, RuntimeWarning):
            text = f"{w.category.__name__}: {w.message}"
            if text not in seen:
                seen.append(text)
    outcome.warnings = seen
    for name, before in args.items():
        if not _unchanged(before, call_args[name], mutation_tol):
            outcome.changed, outcome.changed_to = name, call_args[name]
            break
    return outcome


def _quiet(function: Callable, args: dict[str, Any]):
    """Run a reference or a known mistake on copies, with no warnings."""
    call_args = [copy.deepcopy(value) for value in args.values()]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            return function(*call_args)


_SKIP_DIRS = (
    os.path.dirname(np.__file__),
    os.path.dirname(os.path.abspath(__file__)),
)


def _where(exc: BaseException) -> traceback.FrameSummary | None:
    """The deepest frame of the traceback in the student's own code."""
    frames = traceback.extract_tb(exc.__traceback__)[1:]  # [0] is _call
    own = [f for f in frames if not os.path.abspath(f.filename).startswith(_SKIP_DIRS)]
    return own[-1] if own else (frames[-1] if frames else None)


def _raised_in_helper(exc: BaseException, function: Callable) -> str:
    """The name of the function that raised ``exc``, if it is not ``function``
    itself (e.g. an unwritten sigmoid called by sigmoid_derivative), else ""."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None or tb.tb_frame.f_code is getattr(function, "__code__", None):
        return ""
    path = os.path.abspath(tb.tb_frame.f_code.co_filename)
    if path.startswith(_SKIP_DIRS) or tb.tb_frame.f_code.co_name.startswith("<"):
        return ""
    return tb.tb_frame.f_code.co_name


def _change_text(before, after) -> str:
    """Where an array argument changed the most, e.g. ' (by 1e-06 at [2])'."""
    if (
        isinstance(before, np.ndarray)
        and isinstance(after, np.ndarray)
        and before.shape == after.shape
        and before.size
        and np.issubdtype(after.dtype, np.number)
    ):
        change = np.abs(after.astype(np.float64) - before.astype(np.float64))
        if np.all(np.isfinite(change)) and change.max() > 0:
            at = np.unravel_index(int(np.argmax(change)), change.shape)
            where = f" at index {_index_text(at)}" if at else ""
            return f" (by up to {_num(change.max())}{where})"
    return ""


def _contains_float32(value) -> bool:
    if isinstance(value, np.ndarray):
        return value.dtype == np.float32
    if isinstance(value, (list, tuple)):
        return any(_contains_float32(v) for v in value)
    return False


@dataclass
class _Failure:
    problem: str
    expected: list[str]
    received: list[str]
    received_label: str = "Received: "
    hints: list[str] = field(default_factory=list)
    not_written_in: str | None = None  # set when NotImplementedError was raised


def _run_case(spec: Exercise, function: Callable, case: Case) -> _Failure | None:
    expected = _quiet(spec.reference, case.args)
    expected_lines = _show(expected, spec.output_names)
    rtol, atol = spec.rtol, spec.atol
    if _contains_float32(list(case.args.values())):
        rtol, atol = max(rtol, RTOL32), max(atol, ATOL32)
    outcome = _call(function, case.args, spec.mutation_tol)

    if outcome.error is not None:
        exc = outcome.error
        frame = _where(exc)
        if isinstance(exc, NotImplementedError):
            return _Failure("", [], [], not_written_in=_raised_in_helper(exc, function))
        text = _sanitize(f"{type(exc).__name__}: {exc}")
        received = [text]
        if frame is not None and frame.line:
            received.append(f"in {frame.name}, at the line: {frame.line.strip()}")
        if isinstance(exc, NameError) and getattr(exc, "name", None):
            hints = [
                f"`{exc.name}` is not defined where your function runs: run the "
                "cell that defines it (or the notebook's import cell) first."
            ]
        else:
            hints = [h for h in (case.hint,) if h] + list(spec.hints)
        return _Failure(
            f"your function raised {type(exc).__name__} on this input.",
            expected_lines,
            received,
            "Raised: ",
            hints,
        )

    try:
        if spec.compare is not None:

            def call_again(args: dict[str, Any]) -> _Outcome:
                return _call(function, args, spec.mutation_tol)

            mismatch = spec.compare(outcome.value, expected, case, call_again)
        else:
            mismatch = _compare(
                outcome.value,
                expected,
                rtol=rtol,
                atol=atol,
                names=spec.output_names,
                float_counts_ok=spec.float_counts_ok,
            )
    except Exception as exc:  # a very strange result: say so, do not crash
        mismatch = _Mismatch(
            f"your result could not be compared with the expected one "
            f"({_sanitize(f'{type(exc).__name__}: {exc}')}).",
            expected_text=expected_lines,
            received_text=[_kind(outcome.value)],
        )
    if mismatch is not None:
        hints = []
        for mistake in spec.mistakes:
            try:
                if _same(outcome.value, _quiet(mistake.function, case.args)):
                    hints = [mistake.hint]
                    break
            except Exception:
                continue
        if not hints:
            hints = [h for h in (mismatch.hint, case.hint) if h]
        if not hints:
            hints = list(spec.hints)
        return _Failure(
            mismatch.problem,
            mismatch.expected_text or expected_lines,
            mismatch.received_text or _show(outcome.value, spec.output_names),
            hints=hints,
        )

    if outcome.changed is not None:
        name = outcome.changed
        hint = spec.mutation_hint or (
            f"work on a new array instead of changing `{name}`: write "
            f"`{name} = {name} - ...` rather than `{name} -= ...` or "
            f"`{name}[...] = ...`, or start from a copy, `{name} = "
            f"{name}.copy()`."
        )
        return _Failure(
            f"the result is right, but your function changed its input `{name}` "
            f"in place{_change_text(case.args[name], outcome.changed_to)}. A "
            "function should leave its arguments as they were. After the call "
            f"`{name}` was:\n  " + "\n  ".join(_show(outcome.changed_to)),
            expected_lines,
            _show(outcome.value, spec.output_names),
            hints=[hint],
        )

    if outcome.warnings:
        hint = (
            case.hint
            or spec.warning_hint
            or (
                "find the operation that overflows or divides by zero for this "
                "input, and rewrite it so that it cannot."
            )
        )
        return _Failure(
            "the result is right, but NumPy warned while computing it: "
            + "; ".join(outcome.warnings)
            + ". A warning means a step overflowed or divided by zero and only "
            "happened to end well here.",
            expected_lines,
            _show(outcome.value, spec.output_names),
            hints=[hint],
        )
    return None


# ====================================================================
# The public entry points
# ====================================================================


def list_exercises() -> list[str]:
    """The names of all exercises, in chapter order."""
    return list(EXERCISES)


def _get_exercise(name) -> Exercise:
    if not isinstance(name, str):
        raise TypeError(
            f"exercise must be the exercise's name as a string, e.g. "
            f'check("sigmoid", sigmoid), got {type(name).__name__}'
        )
    if name not in EXERCISES:
        raise ValueError(
            f"exercise must be one of the known exercises, got {name!r}. "
            f"Known exercises: {', '.join(EXERCISES)}"
        )
    return EXERCISES[name]


@_for_nbgrader
def check(exercise: str, function: Callable) -> CheckResult:
    """Run a student's ``function`` against the reference on many inputs.

    exercise : the exercise's name (see :func:`list_exercises`).
    function : the student's function itself (``sigmoid``, not
        ``sigmoid(z)``).

    Returns a :class:`CheckResult`; its text says that every case passes,
    or shows the first failing case with its input, the expected and the
    received value, the problem and a hint. Prints nothing.
    """
    spec = _get_exercise(exercise)
    if not callable(function):
        raise TypeError(
            f"function must be a function, got {_kind(function)}. Pass the "
            f'function itself: check("{spec.name}", {spec.name}), without '
            "calling it."
        )
    cases = spec.make_cases(np.random.default_rng(spec.seed))
    n = len(cases)
    failures: list[tuple[int, Case, _Failure]] = []
    for i, case in enumerate(cases, start=1):
        failure = _run_case(spec, function, case)
        if failure is None:
            continue
        if failure.not_written_in is not None:
            return CheckResult(spec.name, False, n, _not_written(spec, failure))
        failures.append((i, case, failure))
    if not failures:
        return CheckResult(spec.name, True, n, f"{spec.name}: all {n} test cases pass.")
    return CheckResult(spec.name, False, n, _failure_message(spec, n, failures))


def _not_written(spec: Exercise, failure: _Failure) -> str:
    inner = failure.not_written_in
    if inner:
        return (
            f"{spec.name}: not written yet: your function calls `{inner}`, "
            f"which raises NotImplementedError. In `{inner}`, {_NOT_WRITTEN}."
        )
    return f"{spec.name}: not written yet: {_NOT_WRITTEN}."


def _failure_message(spec: Exercise, n: int, failures) -> str:
    i, case, failure = failures[0]
    if len(failures) == 1:
        head = f"{spec.name}: test case {i} of {n} fails."
    else:
        head = (
            f"{spec.name}: {len(failures)} of {n} test cases fail; here is the "
            f"first one, test case {i}."
        )
    lines = [head, f"Case: {case.label}", "Input:"]
    for name, value in case.args.items():
        shown = [case.display[name]] if name in case.display else _show(value)
        lines.extend(_labelled(f"{name} = ", shown, indent="  "))
    lines.extend(_labelled("Expected: ", failure.expected))
    lines.extend(_labelled(failure.received_label, failure.received))
    lines.append(f"Problem: {_cap(failure.problem)}")
    lines.extend(f"Hint: {_cap(hint)}" for hint in failure.hints)
    return "\n".join(lines)


@_for_nbgrader
def check_accuracy(model, X_test, y_test, target: float) -> CheckResult:
    """Check that a trained network beats a test accuracy ``target``.

    model : anything with ``predict(X) -> labels (n,)``, e.g. a trained
        :class:`~mlcourse.mlp.NeuralNetMLP` or :class:`~mlcourse.mlp.MLP`.
    X_test : (n_examples, n_features); y_test : (n_examples,) labels.
    target : the accuracy to reach, as a fraction (0.975 for 97.5%).

    Returns a :class:`CheckResult` saying the accuracy reached and whether
    it is at least the target. An error in ``model.predict`` is reported in
    the result, not raised.
    """
    if model is None:
        return CheckResult(
            "check_accuracy",
            False,
            0,
            "check_accuracy: not done yet: train a network and assign it to the "
            "variable checked here (it is still None).",
        )
    target = check_float(target, "target", positive=True)
    if target > 1:
        raise ValueError(
            f"target must be a fraction between 0 and 1 (0.975 for 97.5%), got {target}"
        )
    check_matrix(X_test, "X_test")
    y_test = check_labels(y_test, "y_test")
    if len(y_test) != len(X_test):
        raise ValueError(
            f"X_test and y_test must have the same length, got {len(X_test)} "
            f"and {len(y_test)}"
        )
    if not callable(getattr(model, "predict", None)):
        raise TypeError(
            f"model must have a predict(X) method (a trained network), got "
            f"{type(model).__name__}"
        )
    name, n = "check_accuracy", len(y_test)

    def fail(text: str) -> CheckResult:
        return CheckResult(name, False, n, text)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            y_pred = model.predict(X_test)
    except Exception as exc:
        return fail(
            _sanitize(f"model.predict(X_test) raised {type(exc).__name__}: {exc}")
        )
    y_pred = np.asarray(y_pred)
    if y_pred.shape != y_test.shape:
        hint = (
            " It looks like probabilities: take the most likely class with "
            ".argmax(axis=1)."
            if y_pred.ndim == 2 and y_pred.shape[0] == n
            else ""
        )
        return fail(
            f"model.predict(X_test) must return one class label per test "
            f"example, shape {y_test.shape}, got shape {y_pred.shape}.{hint}"
        )
    acc = metrics.accuracy(y_test, y_pred.astype(np.int64, copy=False))
    reached = f"your network reaches {acc:.2%} test accuracy"
    if acc > target:
        return CheckResult(name, True, n, f"{reached}: above the {target:.2%} target.")
    if acc == target:
        return CheckResult(
            name, True, n, f"{reached}: exactly the {target:.2%} target."
        )
    short = 100 * (target - acc)
    return fail(
        f"{reached}: {short:.2f} percentage points below the {target:.2%} "
        "target. Ideas: train for more epochs; try another learning rate; "
        "use more hidden units; if the training accuracy is much higher than "
        "the validation accuracy, add L2 regularization (or dropout)."
    )


# ====================================================================
# Helpers for the test inputs
# ====================================================================


def _normal(rng: np.random.Generator, shape, scale: float = 1.0, dtype=np.float64):
    """Normal numbers rounded to 2 decimals (they print compactly)."""
    return np.round(rng.normal(0.0, scale, shape), 2).astype(dtype)


def _probabilities(rng, shape, dtype=np.float64):
    """Numbers strictly inside (0, 1), rounded to 2 decimals."""
    return np.round(rng.uniform(0.05, 0.95, shape), 2).astype(dtype)


def _softmax_rows(rng, n, k, scale=2.0):
    return activations.softmax(rng.normal(0.0, scale, (n, k)))


def _labels(rng, n, k):
    return rng.integers(0, k, n).astype(np.int64)


def _as_f64(a) -> Array:
    return np.asarray(a, dtype=np.float64)


# ====================================================================
# Chapter 1: Adaline
# ====================================================================


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


# ====================================================================
# Chapter 2: forward propagation
# ====================================================================

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


def _cases_relu(rng) -> list[Case]:
    return [
        Case("mixed signs, including 0", {"z": np.linspace(-3.0, 3.0, 7)}),
        Case("all negative", {"z": -np.abs(_normal(rng, 4, 2.0)) - 0.01}),
        Case("all positive", {"z": np.abs(_normal(rng, 4, 2.0)) + 0.01}),
        Case("a matrix (3 x 5)", {"z": _normal(rng, (3, 5), 2.0)}),
        Case("a single value", {"z": np.array([-0.5])}),
        Case("large values", {"z": np.array([-1e6, -1.0, 1.0, 1e6])}),
        Case("float32 input", {"z": _normal(rng, (2, 3), 2.0, np.float32)}),
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


# ====================================================================
# Chapter 3: cost functions
# ====================================================================


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


# ====================================================================
# Chapter 4: backpropagation
# ====================================================================


def _ref_backward(X, y, W_h, b_h, W_out, b_out, l2):
    return _net(W_h, b_h, W_out, b_out, l2).gradients(X, y)


def _backward_variant(X, y, W_h, b_h, W_out, b_out, l2, *, bug: str):
    Z_h = X @ W_h.T + b_h
    A_h = _sig(Z_h)
    A_out = _sig(A_h @ W_out.T + b_out)
    Y = losses.one_hot(y, W_out.shape[0])
    delta_out = Y - A_out if bug == "sign" else A_out - Y
    slope = {"derivative_a": A_h, "derivative_z": Z_h * (1 - Z_h)}.get(
        bug, A_h * (1 - A_h)
    )
    delta_h = (delta_out @ W_out) * slope
    lam = {"no_l2": 0.0, "half_l2": 0.5 * l2}.get(bug, l2)
    scale = 1.0 / len(y) if bug == "mean" else 1.0
    grads = {
        "W_h": scale * (delta_h.T @ X) + lam * W_h,
        "b_h": scale * delta_h.sum(axis=0),
        "W_out": scale * (delta_out.T @ A_h) + lam * W_out,
        "b_out": scale * delta_out.sum(axis=0),
    }
    if bug == "l2_bias":
        grads["b_h"] = grads["b_h"] + l2 * b_h
        grads["b_out"] = grads["b_out"] + l2 * b_out
    return grads


def _cases_backward(rng) -> list[Case]:
    width_hint = (
        "the one-hot targets need one column per output unit, W_out.shape[0] of "
        "them, even for classes that do not occur in y (y.max() + 1 is too few)."
    )

    def case(label, n, d, h, t, l2, y=None, hint=None):
        if y is None:  # every class occurs when there are enough examples
            labels = rng.permutation(np.arange(n) % t).astype(np.int64)
        else:
            labels = np.asarray(y, dtype=np.int64)
        return Case(
            label,
            {
                "X": _normal(rng, (n, d)),
                "y": labels,
                "W_h": _normal(rng, (h, d), 0.5),
                "b_h": _normal(rng, h, 0.5),
                "W_out": _normal(rng, (t, h), 0.5),
                "b_out": _normal(rng, t, 0.5),
                "l2": l2,
            },
            hint=hint,
        )

    return [
        case("3 features, 4 hidden units, 3 classes, no L2", 5, 3, 4, 3, 0.0),
        case("the same sizes with L2 = 0.1", 5, 3, 4, 3, 0.1),
        case("square weights (3 features, 3 hidden units, 3 classes)", 4, 3, 3, 3, 0.0),
        case("6 features, 5 hidden units, 2 classes, L2 = 0.5", 7, 6, 5, 2, 0.5),
        case("10 classes, 8 features, 6 hidden units, L2 = 0.01", 12, 8, 6, 10, 0.01),
        case(
            "a single example (class 0 of 2, so class 1 does not occur in y)",
            1,
            4,
            3,
            2,
            0.05,
            y=[0],
            hint=width_hint,
        ),
        case(
            "the last class (2) does not occur in y",
            4,
            3,
            4,
            3,
            0.1,
            y=[0, 1, 1, 0],
            hint=width_hint,
        ),
        case(
            "every example in class 1 (classes 0 and 2 do not occur in y)",
            4,
            3,
            2,
            3,
            0.1,
            y=[1, 1, 1, 1],
            hint=width_hint,
        ),
    ]


_A_MATRIX = np.array(
    [[0.5, -1.0, 0.2], [1.5, 0.3, -0.7], [-0.4, 0.8, 1.1], [0.6, 0.6, -0.2]]
)


def _f_square(x):
    return float(np.sum(x**2))


def _f_sin(x):
    return float(np.sum(np.sin(x)))


def _f_logsumexp(x):
    top = np.max(x)
    return float(top + np.log(np.sum(np.exp(x - top))))


def _f_coupled(x):
    return float(x[0] * x[1] ** 2 + np.sin(x[2]))


def _f_cube(x):
    return float(np.sum(x**3))


def _f_tanh_matrix(x):
    return float(np.sum(np.tanh(_A_MATRIX @ x)))


def _f_exp(x):
    return float(np.exp(x[0]))


def _numgrad_variant(f, x, eps=1e-6, *, bug: str):
    x = np.array(x, dtype=np.float64)
    if bug == "fixed_eps":
        eps = 1e-6
    if bug == "all_at_once":
        return np.full_like(x, (f(x + eps) - f(x - eps)) / (2 * eps))
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        f_plus = f(x)
        x[i] = original if bug == "forward" else original - eps
        f_minus = f(x)
        x[i] = original
        grad[i] = (f_plus - f_minus) / (
            eps if bug in ("forward", "no_half") else 2 * eps
        )
    return grad


def _cases_numerical_gradient(rng) -> list[Case]:
    def case(label, f, text, x, eps=None):
        args = {"f": f, "x": x}
        if eps is not None:
            args["eps"] = eps
        return Case(label, args, display={"f": text})

    return [
        case("a vector, default eps", _f_square, "f(x) = sum(x ** 2)", _normal(rng, 4)),
        case("a matrix x (2 x 3)", _f_sin, "f(x) = sum(sin(x))", _normal(rng, (2, 3))),
        case("log-sum-exp", _f_logsumexp, "f(x) = log(sum(exp(x)))", _normal(rng, 5)),
        case(
            "entries that interact",
            _f_coupled,
            "f(x) = x[0] * x[1] ** 2 + sin(x[2])",
            _normal(rng, 3),
        ),
        case(
            "a large eps = 0.1, given as the third argument",
            _f_cube,
            "f(x) = sum(x ** 3)",
            _normal(rng, 4),
            eps=0.1,
        ),
        case(
            "a matrix x (3 x 2) inside a product",
            _f_tanh_matrix,
            "f(x) = sum(tanh(A @ x)) with a fixed 4 x 3 matrix A",
            _normal(rng, (3, 2)),
        ),
        case("a single entry", _f_exp, "f(x) = exp(x[0])", np.array([0.5])),
    ]


# ====================================================================
# Chapter 5: training on MNIST
# ====================================================================


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


# ====================================================================
# Chapter 6: optimizers and initialization
# ====================================================================


def _ref_momentum_step(w, v, grad, learning_rate, beta):
    opt = optimizers.Momentum(learning_rate, beta)
    params = {"w": _as_f64(w).copy()}
    opt.velocity["w"] = _as_f64(v).copy()
    opt.step(params, {"w": _as_f64(grad)})
    return params["w"], opt.velocity["w"]


def _momentum_variant(w, v, grad, learning_rate, beta, *, bug: str):
    v_new = beta * v - learning_rate * grad
    if bug == "plus":
        v_new = beta * v + learning_rate * grad
        return w + v_new, v_new
    if bug == "minus":
        return w - v_new, v_new
    if bug == "old_v":
        return w + v, v_new
    return v_new, w + v_new  # "swapped"


def _cases_momentum_step(rng) -> list[Case]:
    def case(label, shape, lr, beta, dtype=np.float64, first=False, no_grad=False):
        return Case(
            label,
            {
                "w": _normal(rng, shape, 1.0, dtype),
                "v": np.zeros(shape, dtype)
                if first
                else _normal(rng, shape, 0.1, dtype),
                "grad": np.zeros(shape, dtype)
                if no_grad
                else _normal(rng, shape, 1.0, dtype),
                "learning_rate": lr,
                "beta": beta,
            },
        )

    return [
        case("the first step (v = 0)", 3, 0.1, 0.9, first=True),
        case("a later step, learning_rate = 0.1, beta = 0.9", 4, 0.1, 0.9),
        case(
            "a weight matrix (2 x 3), learning_rate = 0.01, beta = 0.5",
            (2, 3),
            0.01,
            0.5,
        ),
        case("beta = 0 (plain gradient descent)", 3, 0.05, 0.0),
        case("a zero gradient (the velocity keeps going)", 3, 0.1, 0.9, no_grad=True),
        case("a single weight", 1, 0.2, 0.99),
        case("float32 arrays", (3, 2), 0.1, 0.9, dtype=np.float32),
    ]


def _ref_adam_step(
    w, m, v, grad, t, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-8
):
    opt = optimizers.Adam(learning_rate, beta1, beta2, eps)
    opt.t = int(t) - 1  # step() counts this step
    params = {"w": _as_f64(w).copy()}
    opt.m["w"] = _as_f64(m).copy()
    opt.v["w"] = _as_f64(v).copy()
    opt.step(params, {"w": _as_f64(grad)})
    return params["w"], opt.m["w"], opt.v["w"]


def _adam_variant(
    w, m, v, grad, t, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, *, bug: str
):
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * (grad if bug == "v_not_squared" else grad**2)
    tt = t + 1 if bug == "t_plus_1" else t
    m_hat, v_hat = m_new / (1 - beta1**tt), v_new / (1 - beta2**tt)
    if bug == "no_correction":
        m_hat, v_hat = m_new, v_new
    if bug == "eps_inside":
        step = m_hat / np.sqrt(v_hat + eps)
    else:
        step = m_hat / (np.sqrt(np.abs(v_hat)) + eps)
    w_new = w + learning_rate * step if bug == "plus" else w - learning_rate * step
    if bug == "return_hats":
        return w_new, m_hat, v_hat
    return w_new, m_new, v_new


def _cases_adam_step(rng) -> list[Case]:
    def case(
        label, shape, t, *hyper, first=False, g_scale=1.0, dtype=np.float64, zero=False
    ):
        args = {
            "w": _normal(rng, shape, 1.0, dtype),
            "m": np.zeros(shape, dtype)
            if first or zero
            else _normal(rng, shape, 0.1 * g_scale, dtype),
            "v": np.zeros(shape, dtype)
            if first or zero
            else np.round(rng.uniform(0.1, 1.0, shape) * g_scale**2, 12).astype(dtype),
            "grad": np.zeros(shape, dtype)
            if zero
            else (_normal(rng, shape, 1.0) * g_scale).astype(dtype),
            "t": t,
        }
        args.update(
            zip(("learning_rate", "beta1", "beta2", "eps"), hyper, strict=False)
        )
        return Case(label, args)

    return [
        case(
            "the first step (t = 1, m = v = 0), default hyperparameters",
            3,
            1,
            first=True,
        ),
        case("step t = 10, learning_rate = 0.01", 4, 10, 0.01, 0.9, 0.999, 1e-8),
        case(
            "step t = 1000 (the bias correction has almost gone)",
            3,
            1000,
            0.001,
            0.9,
            0.999,
            1e-8,
        ),
        case(
            "tiny gradients (about 1e-4), where eps matters",
            4,
            1,
            0.1,
            0.9,
            0.999,
            1e-8,
            first=True,
            g_scale=1e-4,
        ),
        case(
            "a weight matrix (2 x 3), beta1 = 0.8, beta2 = 0.99, eps = 1e-6",
            (2, 3),
            5,
            0.05,
            0.8,
            0.99,
            1e-6,
        ),
        case(
            "zero gradient and zero moments (nothing moves)",
            3,
            3,
            0.01,
            0.9,
            0.999,
            1e-8,
            zero=True,
        ),
        case("float32 arrays", (2, 2), 2, 0.01, 0.9, 0.999, 1e-8, dtype=np.float32),
    ]


def _ref_he_std(n_in):
    return math.sqrt(2.0 / n_in)  # as mlcourse.mlp.MLP(init="he") draws its weights


def _cases_he_std(rng) -> list[Case]:
    return [
        Case("n_in = 784 (an MNIST image)", {"n_in": 784}),
        Case("n_in = 100", {"n_in": 100}),
        Case("n_in = 1", {"n_in": 1}),
        Case("n_in = 2", {"n_in": 2}),
        Case("n_in = 256", {"n_in": 256}),
        Case("n_in = 10000, a NumPy integer", {"n_in": np.int64(10000)}),
    ]


def _stopping(valid_acc, patience, *, ties_improve=False, late=False, base=1):
    """Early stopping's verdict on a validation curve: (n_run, best_epoch),
    epochs counted from ``base``. The keyword arguments write out the named
    mistakes of Exercise 6.5."""
    best_acc, best_epoch, waited = -np.inf, 0, 0
    limit = patience + 1 if late else patience
    for epoch, acc in enumerate(valid_acc, start=base):
        if acc > best_acc or (ties_improve and acc == best_acc):
            best_acc, best_epoch, waited = acc, epoch, 0
        else:
            waited += 1
            if waited >= limit:
                return epoch, best_epoch
    return len(valid_acc) - 1 + base, best_epoch


def _ref_stopping_epoch(valid_acc, patience):
    return _stopping(valid_acc, patience)  # as MLP.fit(..., patience=...) stops


def _cases_stopping_epoch(rng) -> list[Case]:
    climbing = list(np.round(np.linspace(0.80, 0.97, 12), 4))
    noisy = list(np.round(0.95 + 0.01 * rng.standard_normal(20), 4))
    return [
        Case(
            "the exercise's example",
            {"valid_acc": [0.90, 0.92, 0.92, 0.91, 0.93, 0.93], "patience": 2},
        ),
        Case(
            "a curve that improves every epoch", {"valid_acc": climbing, "patience": 3}
        ),
        Case(
            "a tie with the best so far",
            {"valid_acc": [0.90, 0.95, 0.95, 0.95, 0.94], "patience": 2},
            hint="a tie is no improvement: the accuracy must be strictly higher.",
        ),
        Case("patience 1", {"valid_acc": [0.5, 0.6, 0.55, 0.7], "patience": 1}),
        Case(
            "the best epoch is the first",
            {"valid_acc": [0.9, 0.8, 0.85, 0.7, 0.6], "patience": 3},
        ),
        Case(
            "a noisy curve as a NumPy array",
            {"valid_acc": np.array(noisy), "patience": 4},
        ),
        Case("one epoch only", {"valid_acc": [0.5], "patience": 2}),
    ]


# ====================================================================
# Chapter 7: misclassifications and evaluation
# ====================================================================

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


# ====================================================================
# The registry
# ====================================================================


def _mistakes(variant: Callable, *pairs: tuple[str, str]) -> tuple[Mistake, ...]:
    """Mistake objects from a variant function and (bug, hint) pairs."""
    return tuple(Mistake(hint, partial(variant, bug=bug)) for bug, hint in pairs)


_EXERCISE_LIST = [
    # ---------------------------------------------------------- chapter 1
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
    # ---------------------------------------------------------- chapter 2
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
        name="relu",
        chapter=2,
        signature="relu(z) -> array like z",
        description="The rectified linear unit max(0, z), element-wise.",
        reference=activations.relu,
        make_cases=_cases_relu,
        hints=("np.maximum(z, 0) compares every entry with 0.",),
        mistakes=(
            Mistake(
                "np.max(z, 0) is the largest entry along axis 0; the element-wise "
                "maximum is np.maximum(z, 0).",
                lambda z: np.max(z, 0),
            ),
            Mistake(
                "ReLU keeps the positive values: np.maximum(z, 0).",
                lambda z: np.minimum(z, 0),
            ),
            Mistake(
                "negative values become 0, not positive: np.maximum(z, 0).", np.abs
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
    # ---------------------------------------------------------- chapter 3
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
    # ---------------------------------------------------------- chapter 4
    Exercise(
        name="backward",
        chapter=4,
        signature="backward(X, y, W_h, b_h, W_out, b_out, l2) -> "
        '{"W_h": ..., "b_h": ..., "W_out": ..., "b_out": ...}',
        description="The gradients of the book network's cost (the logistic cost "
        "summed over output units and examples, plus l2 / 2 (sum W_h^2 + sum "
        "W_out^2)) for integer labels y, as a dict keyed like the parameters, "
        "each gradient shaped like its parameter.",
        reference=_ref_backward,
        make_cases=_cases_backward,
        hints=(
            "delta_out = A_out - Y (Y one-hot); delta_h = (delta_out @ W_out) * "
            "A_h * (1 - A_h); grad W_out = delta_out.T @ A_h + l2 * W_out; grad "
            "W_h = delta_h.T @ X + l2 * W_h; the bias gradients sum the deltas "
            "over the examples (axis=0).",
        ),
        mistakes=_mistakes(
            _backward_variant,
            (
                "no_l2",
                "add the L2 term l2 * W to both weight gradients (not to the biases).",
            ),
            (
                "l2_bias",
                "the biases are not regularized: add l2 * W to the weights only.",
            ),
            (
                "derivative_a",
                "the sigmoid's derivative is a (1 - a): multiply by A_h * (1 - A_h), "
                "not by A_h.",
            ),
            (
                "derivative_z",
                "write the derivative with the activations a = sigmoid(z): A_h * "
                "(1 - A_h), not Z_h * (1 - Z_h).",
            ),
            ("mean", "the cost is summed over the examples: do not divide by n."),
            ("sign", "the output error is delta_out = A_out - Y, not Y - A_out."),
            (
                "half_l2",
                "the derivative of l2 / 2 * sum(W ** 2) is l2 * W (the 1/2 cancels).",
            ),
        ),
    ),
    Exercise(
        name="numerical_gradient",
        chapter=4,
        signature="numerical_gradient(f, x, eps=1e-6) -> array like x",
        description="The gradient of a scalar function f at x by centred "
        "differences, (f(x + eps e_i) - f(x - eps e_i)) / (2 eps) for every "
        "entry i of x (any shape); x must be left unchanged.",
        reference=gradcheck.numerical_gradient,
        make_cases=_cases_numerical_gradient,
        atol=1e-6,
        mutation_tol=1e-12,
        mutation_hint="the argument x must be the same after the call: after "
        "computing f at x[i] + eps and x[i] - eps, put the original x[i] back "
        "(or perturb a copy of x).",
        hints=(
            "for each index i (np.ndindex(x.shape)): save x[i], set x[i] = old + "
            "eps and call f(x), set x[i] = old - eps and call f(x), put old back.",
        ),
        mistakes=_mistakes(
            _numgrad_variant,
            (
                "forward",
                "use centred differences, (f(x + eps) - f(x - eps)) / (2 eps), not "
                "forward differences (f(x + eps) - f(x)) / eps.",
            ),
            ("no_half", "divide by 2 * eps: the two points are 2 eps apart."),
            ("fixed_eps", "use the eps argument you are given, not a fixed 1e-6."),
            (
                "all_at_once",
                "change one entry of x at a time, not every entry at once.",
            ),
        ),
    ),
    # ---------------------------------------------------------- chapter 5
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
    # ---------------------------------------------------------- chapter 6
    Exercise(
        name="momentum_step",
        chapter=6,
        signature="momentum_step(w, v, grad, learning_rate, beta) -> (w_new, v_new)",
        description="One step of gradient descent with momentum: v_new = beta v - "
        "learning_rate grad, w_new = w + v_new; w, v and grad have the same shape.",
        reference=_ref_momentum_step,
        make_cases=_cases_momentum_step,
        output_names=("w_new", "v_new"),
        hints=("v_new = beta * v - learning_rate * grad; w_new = w + v_new.",),
        mistakes=_mistakes(
            _momentum_variant,
            (
                "plus",
                "the velocity moves downhill: v_new = beta * v - learning_rate * grad.",
            ),
            ("minus", "the velocity already points downhill: w_new = w + v_new."),
            ("old_v", "move the weights with the new velocity: w_new = w + v_new."),
            ("swapped", "return (w_new, v_new), in this order."),
        ),
    ),
    Exercise(
        name="adam_step",
        chapter=6,
        signature="adam_step(w, m, v, grad, t, learning_rate=1e-3, beta1=0.9, "
        "beta2=0.999, eps=1e-8) -> (w_new, m_new, v_new)",
        description="One Adam step at step number t (1 for the first): m_new = "
        "beta1 m + (1 - beta1) grad, v_new = beta2 v + (1 - beta2) grad^2, "
        "m_hat = m_new / (1 - beta1^t), v_hat = v_new / (1 - beta2^t), w_new = "
        "w - learning_rate m_hat / (sqrt(v_hat) + eps).",
        reference=_ref_adam_step,
        make_cases=_cases_adam_step,
        output_names=("w_new", "m_new", "v_new"),
        hints=(
            "update the moments, correct their bias with t, step with the "
            "corrected ones, and return the uncorrected m_new and v_new.",
        ),
        mistakes=_mistakes(
            _adam_variant,
            (
                "no_correction",
                "correct the bias of both moments: m_hat = m_new / (1 - beta1 ** t), "
                "v_hat = v_new / (1 - beta2 ** t), and step with those.",
            ),
            ("eps_inside", "add eps after the square root: np.sqrt(v_hat) + eps."),
            (
                "return_hats",
                "return the moments m_new and v_new themselves, not the "
                "bias-corrected m_hat and v_hat.",
            ),
            ("t_plus_1", "use t as given (t = 1 on the first step) in beta ** t."),
            (
                "v_not_squared",
                "v averages the squared gradient: (1 - beta2) * grad ** 2.",
            ),
            ("plus", "step downhill: w_new = w - learning_rate * m_hat / (...)."),
        ),
    ),
    Exercise(
        name="he_std",
        chapter=6,
        signature="he_std(n_in) -> float",
        description="The standard deviation of He initialization for a layer with "
        "n_in inputs: sqrt(2 / n_in).",
        reference=_ref_he_std,
        make_cases=_cases_he_std,
        hints=("np.sqrt(2 / n_in).",),
        mistakes=(
            Mistake(
                "2 / n_in is the variance; the standard deviation is its square root.",
                lambda n_in: 2 / n_in,
            ),
            Mistake(
                "He uses 2 / n_in (for ReLU units); sqrt(1 / n_in) is LeCun's scale.",
                lambda n_in: math.sqrt(1 / n_in),
            ),
            Mistake(
                "take the square root of the whole fraction: np.sqrt(2 / n_in).",
                lambda n_in: math.sqrt(2) / n_in,
            ),
        ),
    ),
    Exercise(
        name="stopping_epoch",
        chapter=6,
        signature="stopping_epoch(valid_acc, patience) -> (n_run, best_epoch)",
        description="How many epochs a run lasts with early stopping, and the "
        "epoch whose weights it keeps, both counted from 1.",
        reference=_ref_stopping_epoch,
        make_cases=_cases_stopping_epoch,
        output_names=("n_run", "best_epoch"),
        float_counts_ok=False,
        hints=(
            "walk through the epochs keeping the best accuracy so far, its "
            "epoch, and how many epochs in a row have not beaten it.",
        ),
        mistakes=(
            Mistake(
                "a tie is no improvement: count an epoch as better only when its "
                "accuracy is strictly higher (>, not >=).",
                lambda valid_acc, patience: _stopping(
                    valid_acc, patience, ties_improve=True
                ),
            ),
            Mistake(
                "stop after the epoch that makes `patience` epochs in a row "
                "without improvement, not one epoch later.",
                lambda valid_acc, patience: _stopping(valid_acc, patience, late=True),
            ),
            Mistake(
                "count epochs from 1, as the learning curves do (enumerate(..., "
                "start=1)).",
                lambda valid_acc, patience: _stopping(valid_acc, patience, base=0),
            ),
        ),
    ),
    # ---------------------------------------------------------- chapter 7
    Exercise(
        name="confusion_matrix",
        chapter=7,
        signature="confusion_matrix(y_true, y_pred, n_classes) -> "
        "(n_classes, n_classes) counts",
        description="Counts: entry [i, j] is how many examples of true class i "
        "were predicted as class j (rows true, columns predicted).",
        reference=metrics.confusion_matrix,
        make_cases=_cases_confusion_matrix,
        float_counts_ok=True,
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

#: every exercise by name, in chapter order
EXERCISES: dict[str, Exercise] = {spec.name: spec for spec in _EXERCISE_LIST}


# ====================================================================
# Chapter 4: the backward pass in steps, a numeric answer, the spiral model
# ====================================================================


def _ref_output_error(A_out, y):
    Y = losses.one_hot(y, A_out.shape[1]).astype(A_out.dtype, copy=False)
    return A_out - Y


def _output_error_variant(A_out, y, *, bug: str):
    Y = np.zeros(A_out.shape)
    Y[np.arange(len(y)), y] = 1.0
    if bug == "sign":
        return Y - A_out
    if bug == "times_slope":
        return (A_out - Y) * A_out * (1 - A_out)
    if bug == "mean":
        return (A_out - Y) / len(y)
    if bug == "narrow":  # one column per class seen in y: broadcasts or fails
        return A_out - np.eye(int(y.max()) + 1)[y]
    raise ValueError(bug)


def _cases_output_error(rng) -> list[Case]:
    def case(label, n, t, y=None, hint=None, dtype=np.float64):
        labels = _labels(rng, n, t) if y is None else np.asarray(y, dtype=np.int64)
        return Case(
            label, {"A_out": _probabilities(rng, (n, t), dtype), "y": labels}, hint=hint
        )

    width_hint = (
        "make the one-hot matrix with one column per output unit, "
        "A_out.shape[1] of them: y.max() + 1 is too narrow when the last class "
        "does not occur in y."
    )
    return [
        case("5 examples, 3 classes", 5, 3),
        case("a single example, 2 classes", 1, 2),
        case("12 examples, 10 classes", 12, 10),
        case(
            "the last class (2) never occurs in y",
            4,
            3,
            y=[0, 1, 1, 0],
            hint=width_hint,
        ),
        case("every example in class 0", 3, 4, y=[0, 0, 0], hint=width_hint),
        case("float32 outputs", 4, 3, dtype=np.float32),
    ]


def _ref_hidden_error(delta_out, W_out, A_h):
    return (delta_out @ W_out) * A_h * (1 - A_h)


def _hidden_error_variant(delta_out, W_out, A_h, *, bug: str):
    if bug == "transposed":
        back = delta_out @ W_out.T
    else:
        back = delta_out @ W_out
    slope = {"slope_a": A_h, "slope_one_minus": 1 - A_h, "no_slope": 1.0}.get(
        bug, A_h * (1 - A_h)
    )
    return back * slope


def _cases_hidden_error(rng) -> list[Case]:
    def case(label, n, d, t, hint=None):
        return Case(
            label,
            {
                "delta_out": _normal(rng, (n, t), 0.5),
                "W_out": _normal(rng, (t, d), 0.5),
                "A_h": _probabilities(rng, (n, d)),
            },
            hint=hint,
        )

    shape_hint = (
        "delta_out is (n, t) and W_out is (t, d): delta_out @ W_out is (n, d), "
        "one error per example and hidden unit."
    )
    return [
        case("square W_out (3 hidden units, 3 outputs)", 4, 3, 3),
        case("3 examples, 4 hidden units, 3 outputs", 3, 4, 3, shape_hint),
        case("a single example, 5 hidden units, 2 outputs", 1, 5, 2, shape_hint),
        case("6 examples, 2 hidden units, 10 outputs", 6, 2, 10, shape_hint),
        case("20 examples, 8 hidden units, 4 outputs", 20, 8, 4, shape_hint),
    ]


def _ref_parameter_gradients(X, A_h, delta_out, delta_h, W_h, W_out, l2):
    return {
        "W_h": delta_h.T @ X + l2 * W_h,
        "b_h": delta_h.sum(axis=0),
        "W_out": delta_out.T @ A_h + l2 * W_out,
        "b_out": delta_out.sum(axis=0),
    }


def _parameter_gradients_variant(X, A_h, delta_out, delta_h, W_h, W_out, l2, *, bug):
    lam = {"no_l2": 0.0, "half_l2": 0.5 * l2}.get(bug, l2)
    scale = 1.0 / len(X) if bug == "mean" else 1.0
    grads = {
        "W_h": scale * (delta_h.T @ X) + lam * W_h,
        "b_h": scale * delta_h.sum(axis=0),
        "W_out": scale * (delta_out.T @ A_h) + lam * W_out,
        "b_out": scale * delta_out.sum(axis=0),
    }
    if bug == "transposed":  # only the right shape when the matrices are square
        grads["W_h"] = X.T @ delta_h + lam * W_h
        grads["W_out"] = A_h.T @ delta_out + lam * W_out
    if bug == "swapped_deltas":  # only the right shape when d == t
        grads["W_h"] = delta_out.T @ X + lam * W_h
        grads["W_out"] = delta_h.T @ A_h + lam * W_out
    return grads


def _cases_parameter_gradients(rng) -> list[Case]:
    def case(label, n, m, d, t, l2, hint=None):
        return Case(
            label,
            {
                "X": _normal(rng, (n, m)),
                "A_h": _probabilities(rng, (n, d)),
                "delta_out": _normal(rng, (n, t), 0.5),
                "delta_h": _normal(rng, (n, d), 0.1),
                "W_h": _normal(rng, (d, m), 0.5),
                "W_out": _normal(rng, (t, d), 0.5),
                "l2": l2,
            },
            hint=hint,
        )

    return [
        case(
            "square matrices (3 features, 3 hidden units, 3 outputs)", 3, 3, 3, 3, 0.0
        ),
        case(
            "5 examples, 3 features, 4 hidden units, 2 outputs, no L2", 5, 3, 4, 2, 0.0
        ),
        case("the same sizes with L2 = 0.1", 5, 3, 4, 2, 0.1),
        case("a single example, L2 = 0.5", 1, 4, 2, 3, 0.5),
        case("10 outputs, 8 features, 6 hidden units, L2 = 0.01", 7, 8, 6, 10, 0.01),
    ]


_EXERCISE_LIST_CH04 = [
    Exercise(
        name="output_error",
        chapter=4,
        signature="output_error(A_out, y) -> delta_out",
        description="The output error delta_out = A_out - Y of the sigmoid outputs "
        "with the logistic cost, Y the one-hot targets of the integer labels y, "
        "with A_out.shape[1] columns; A_out (n, t), y (n,) -> (n, t).",
        reference=_ref_output_error,
        make_cases=_cases_output_error,
        hints=(
            "Y = np.zeros_like(A_out) has one column per output unit; set "
            "Y[np.arange(len(y)), y] = 1 and return A_out - Y.",
        ),
        mistakes=_mistakes(
            _output_error_variant,
            (
                "sign",
                "the output error is output minus target: A_out - Y, not Y - A_out.",
            ),
            (
                "times_slope",
                "with the logistic cost the sigmoid's slope A_out * (1 - A_out) "
                "cancels (section 4.4, step 1): the error is just A_out - Y.",
            ),
            (
                "mean",
                "delta_out holds one error per example and unit: do not divide by "
                "the number of examples.",
            ),
            (
                "narrow",
                "make the one-hot matrix with one column per output unit, "
                "A_out.shape[1] of them: y.max() + 1 is too narrow when the last "
                "class does not occur in y.",
            ),
        ),
        mutation_hint="build Y in a new array and return A_out - Y: changing A_out "
        "in place would change the network's outputs for the rest of the "
        "backward pass.",
    ),
    Exercise(
        name="hidden_error",
        chapter=4,
        signature="hidden_error(delta_out, W_out, A_h) -> delta_h",
        description="The hidden error delta_h = (delta_out W_out) * A_h (1 - A_h); "
        "delta_out (n, t), W_out (t, d), A_h (n, d) -> (n, d).",
        reference=_ref_hidden_error,
        make_cases=_cases_hidden_error,
        hints=("delta_h = (delta_out @ W_out) * A_h * (1 - A_h).",),
        mistakes=_mistakes(
            _hidden_error_variant,
            (
                "transposed",
                "send the error back with delta_out @ W_out, (n, t)(t, d): "
                "W_out.T is the direction of the forward pass.",
            ),
            (
                "no_slope",
                "pass the error through the hidden sigmoid: multiply by its slope "
                "A_h * (1 - A_h).",
            ),
            (
                "slope_a",
                "the sigmoid's slope is a (1 - a): multiply by A_h * (1 - A_h), "
                "not by A_h.",
            ),
            (
                "slope_one_minus",
                "the sigmoid's slope is a (1 - a): multiply by A_h * (1 - A_h), "
                "not by (1 - A_h) alone.",
            ),
        ),
    ),
    Exercise(
        name="parameter_gradients",
        chapter=4,
        signature="parameter_gradients(X, A_h, delta_out, delta_h, W_h, W_out, l2) "
        '-> {"W_h": ..., "b_h": ..., "W_out": ..., "b_out": ...}',
        description="The gradients of the summed logistic cost plus l2 / 2 (sum "
        "W_h^2 + sum W_out^2) from the error terms: delta_h.T X + l2 W_h, the "
        "column sums of delta_h, delta_out.T A_h + l2 W_out, the column sums of "
        "delta_out.",
        reference=_ref_parameter_gradients,
        make_cases=_cases_parameter_gradients,
        hints=(
            "a weight's gradient is the error at its receiving end times the "
            "activation at its sending end, summed over the examples: "
            "delta_h.T @ X + l2 * W_h is (d, m), like W_h; the bias gradients "
            "sum the errors over the examples, .sum(axis=0).",
        ),
        mistakes=_mistakes(
            _parameter_gradients_variant,
            ("no_l2", "add the L2 term l2 * W to both weight gradients."),
            (
                "half_l2",
                "the derivative of l2 / 2 * sum(W ** 2) is l2 * W (the 1/2 cancels).",
            ),
            ("mean", "the cost is summed over the examples: do not divide by n."),
            (
                "transposed",
                "each gradient has the shape of its weight matrix, (n_out, n_in): "
                "delta_h.T @ X, not X.T @ delta_h (the two only look alike when "
                "the matrix is square).",
            ),
            (
                "swapped_deltas",
                "W_h's gradient uses the hidden error (delta_h.T @ X), W_out's the "
                "output error (delta_out.T @ A_h).",
            ),
        ),
    ),
]
for _exercise in _EXERCISE_LIST_CH04:
    EXERCISES[_exercise.name] = _exercise


# -- numeric answers (pen and paper) -----------------------------------


@dataclass(frozen=True)
class _NumericAnswer:
    """A number a student computes by hand, with the wrong numbers we know."""

    name: str
    what: str
    value: float
    tolerance: float
    mistakes: tuple[tuple[float, str], ...]
    hint: str


_ANSWERS = {
    "1.4": _NumericAnswer(
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
    "2.6": _NumericAnswer(
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
    "2.7": _NumericAnswer(
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
    "3.5": _NumericAnswer(
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
    "3.6": _NumericAnswer(
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
    "4.4a": _NumericAnswer(
        name="4.4a",
        what="delta_h_3, the error of hidden unit 3",
        value=0.099031,
        tolerance=5e-4,
        mistakes=(
            (
                -0.099031,
                "the sign is wrong: the output error is a_out - y, and "
                "delta_out_3 = 0.4215 - 1 is negative.",
            ),
            (
                0.400099,
                "you stopped before the sigmoid: multiply the sum by the slope "
                "a_3 (1 - a_3) of hidden unit 3.",
            ),
            (
                0.219988,
                "the sigmoid's slope is a (1 - a), not a: here 0.5498 * 0.4502.",
            ),
            (
                0.180111,
                "the sigmoid's slope is a (1 - a), not (1 - a) alone: here "
                "0.5498 * 0.4502.",
            ),
            (
                0.064016,
                "the slope a (1 - a) uses the activation a = 0.5498, not the net "
                "input z = 0.2.",
            ),
            (
                0.097855,
                "hidden unit 3 sends its signal along column 3 of W_out, "
                "(0.5, 0.0, -0.2), one weight into each output unit; you used "
                "row 3.",
            ),
            (
                -0.074231,
                "that is the answer for the first class: with y = (0, 0, 1) the "
                "output error is (0.5688, 0.5450, -0.5785).",
            ),
            (
                0.100204,
                "that is hidden unit 4 (index 3 in the code): units count from 1 "
                "here, hidden unit 3 is W_h[2] in the code.",
            ),
        ),
        hint="delta_out = a_out - y = (0.5688, 0.5450, -0.5785); sum delta_out_j "
        "W_out[j, 3] down column 3 of W_out, then multiply by a_3 (1 - a_3).",
    ),
    "4.4b": _NumericAnswer(
        name="4.4b",
        what="grad_W_h_3_2, the gradient of the weight into hidden unit 3 from input 2",
        value=0.198062,
        tolerance=5e-4,
        mistakes=(
            (-0.198062, "the sign is wrong: the output error is a_out - y."),
            (
                0.099031,
                "multiply the error of hidden unit 3 by what arrives along the "
                "weight, the input x_2 = 2.0.",
            ),
            (
                0.049516,
                "the weight comes from input 2, x_2 = 2.0, not from input 3.",
            ),
            (
                0.050102,
                "units count from 1 here: W^(h)_{3,2} is W_h[2, 1] in the code, "
                "delta_h_3 times x_2.",
            ),
            (
                0.800198,
                "you left out the sigmoid's slope a_3 (1 - a_3) in delta_h_3.",
            ),
            (
                0.195710,
                "hidden unit 3 sends its signal along column 3 of W_out, not row 3.",
            ),
            (
                -0.148461,
                "that is the answer for the first class: the target is now "
                "y = (0, 0, 1).",
            ),
        ),
        hint="the gradient of a weight is the error at its receiving end times "
        "the activation at its sending end: delta_h_3 * x_2.",
    ),
}


@dataclass(frozen=True)
class _ChoiceAnswer:
    """A multiple-choice question: the right letter and a hint per wrong one."""

    name: str
    what: str
    right: str
    explanation: str
    wrong: dict[str, str]


_CHOICES = {
    "4.5": _ChoiceAnswer(
        name="4.5",
        what="answer_4_5",
        right="c",
        explanation="the extra factor changes every output error, and the hidden "
        "error is computed from the output error, so all four gradients are wrong.",
        wrong={
            "a": "the hidden error is computed from the output error, "
            "delta_h = (delta_out @ W_out) * ...: a wrong delta_out travels back "
            "into the gradients of W_h and b_h as well.",
            "b": "the gradients of W_out and b_out are made directly from "
            "delta_out, so they are the first to go wrong.",
            "d": "A_out (1 - A_out) is a different number for every output and "
            "example, not one common factor: it changes the direction of the "
            "gradient, not just its length.",
        },
    ),
}


def _check_choice(spec: _ChoiceAnswer, answer) -> CheckResult:
    name = f"answer {spec.name}"
    letters = ", ".join(sorted([spec.right, *spec.wrong]))
    if answer is None:
        return CheckResult(
            name, False, 1, f"{name}: not done yet: assign one letter to {spec.what}."
        )
    if not isinstance(answer, str) or answer.strip().lower() not in (
        spec.right,
        *spec.wrong,
    ):
        return CheckResult(
            name,
            False,
            1,
            f"{name}: {spec.what} must be one of the letters {letters} (a "
            f'string, e.g. "a"), got {answer!r}.',
        )
    letter = answer.strip().lower()
    if letter == spec.right:
        return CheckResult(
            name, True, 1, f'{name}: "{letter}" is right: {spec.explanation}'
        )
    return CheckResult(
        name,
        False,
        1,
        f'{name}: "{letter}" is not right.\nHint: {_cap(spec.wrong[letter])}',
    )


@_for_nbgrader
def check_answer(question: str, answer) -> CheckResult:
    """Check a number or letter a student worked out without code (a
    prediction, a count, a pen-and-paper result): ``question`` is the
    exercise's name ("2.6", "4.4a"), ``answer`` the number or letter."""
    if question in _CHOICES:
        return _check_choice(_CHOICES[question], answer)
    if question not in _ANSWERS:
        known = ", ".join([*_ANSWERS, *_CHOICES])
        raise ValueError(f"question must be one of {known}, got {question!r}")
    spec = _ANSWERS[question]
    name = f"answer {spec.name}"
    if answer is None:
        return CheckResult(
            name, False, 1, f"{name}: not done yet: assign your number to {spec.what}."
        )
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return CheckResult(
            name,
            False,
            1,
            f"{name}: {spec.what} must be a single number, got {_kind(answer)}.",
        )
    value = float(answer)
    if not math.isfinite(value):
        return CheckResult(name, False, 1, f"{name}: {value} is not a finite number.")
    # a count (tolerance 0.5) is shown as a whole number, anything else to 4 places
    shown = f"{value:.0f}" if spec.tolerance >= 0.5 else f"{value:.4f}"
    exact = f"{spec.value:.0f}" if spec.tolerance >= 0.5 else f"{spec.value:.6f}"
    if abs(value - spec.value) <= spec.tolerance:
        return CheckResult(
            name,
            True,
            1,
            f"{name}: {shown} is right (the exact value is {exact}).",
        )
    near = [(abs(value - wrong), hint) for wrong, hint in spec.mistakes]
    near = [pair for pair in near if pair[0] <= spec.tolerance]
    hint = min(near)[1] if near else spec.hint
    return CheckResult(
        name, False, 1, f"{name}: {shown} is not right.\nHint: {_cap(hint)}"
    )


# -- the spiral model of Exercise 4.3 ------------------------------------


@_for_nbgrader
def check_spiral_model(model) -> CheckResult:
    """Check Exercise 4.3: an MLP with sigmoid hidden units, trained on the
    spiral of section 4.10 (``make_spiral(seed=0)``), that reaches at least 95%
    accuracy on a fresh spiral, ``make_spiral(seed=1)``, never seen in
    training."""
    from .datasets import make_spiral

    name, target = "spiral_model", 0.95

    def fail(text: str) -> CheckResult:
        return CheckResult(name, False, 1, f"{name}: {text}")

    if model is None:
        return fail(
            "not done yet: build an MLP with sigmoid hidden units, train it and "
            "assign it to `spiral_model`."
        )
    if not isinstance(model, mlp.MLP):
        return fail(
            f'must be an MLP, e.g. MLP([2, 32, 3], hidden_activation="sigmoid", '
            f"seed=0, dtype=np.float64), got {_kind(model)}."
        )
    if model.hidden_activation != "sigmoid" or model.n_layers < 2:
        what = (
            f'"{model.hidden_activation}" hidden units'
            if model.n_layers >= 2
            else "no hidden layer"
        )
        return fail(
            f"the exercise asks for sigmoid hidden units, your network has {what}. "
            'Build it with MLP([2, hidden_units, 3], hidden_activation="sigmoid", ...).'
        )
    if model.layer_sizes[0] != 2 or model.layer_sizes[-1] != 3:
        return fail(
            f"the spiral has 2 features and 3 classes: the layer sizes must start "
            f"with 2 and end with 3, got {model.layer_sizes}."
        )
    if getattr(model, "history_", None) is None:
        return fail(
            "the network is not trained yet: call spiral_model.fit(X_spiral, "
            "y_spiral, epochs=..., minibatch_size=32, learning_rate=..., "
            "progress=False)."
        )
    X_test, y_test = make_spiral(seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        acc = metrics.accuracy(y_test, model.predict(X_test))
    reached = f"sigmoid hidden units, {acc:.2%} accuracy on a fresh spiral (seed 1)"
    if acc >= target:
        return CheckResult(
            name, True, 1, f"{name}: {reached}: at least the {target:.0%} target."
        )
    return fail(
        f"{reached}, {100 * (target - acc):.2f} percentage points below the "
        f"{target:.0%} target. Sigmoid units have a smaller slope than tanh "
        "(at most 0.25): try a larger learning rate (1 to 5), more epochs, "
        "more hidden units (up to 32)."
    )
