"""Running a student's function on every case of an exercise, and checking a
trained network's accuracy.

The student's function runs on copies of each case's inputs, with every
exception and warning caught, ``SystemExit`` included (a stray ``exit()``
must not end the check; ``KeyboardInterrupt`` still interrupts it), and with
a time limit per case, :data:`TIMEOUT` seconds unless ``check(...,
timeout=...)`` says otherwise: a function that never returns is reported as
a failed case. The limit uses the ``SIGALRM`` timer, which only the main
thread of a process can set; a Jupyter kernel, nbgrader and pytest run
cells and tests there. Elsewhere (another thread, or Windows) the function
runs without a limit.
"""

from __future__ import annotations

import copy
import os
import signal
import threading
import traceback
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mlcourse import metrics
from mlcourse._validation import check_float, check_labels, check_matrix
from mlcourse.checks.compare import (
    _cap,
    _compare,
    _index_text,
    _kind,
    _labelled,
    _Mismatch,
    _num,
    _same,
    _sanitize,
    _show,
)
from mlcourse.checks.exercise import (
    _NOT_WRITTEN,
    ATOL32,
    RTOL32,
    Case,
    CheckResult,
    Exercise,
    _for_nbgrader,
)

Array = np.ndarray

#: seconds a student's function may take on one test case
TIMEOUT = 5.0


class _TimeLimitReached(BaseException):
    """Raised inside the student's function when its time is up (a
    BaseException, so a student's ``except Exception`` cannot swallow it)."""


@contextmanager
def _time_limit(seconds: float | None):
    """Interrupt the enclosed code after ``seconds`` (main thread only)."""
    usable = (
        seconds is not None
        and hasattr(signal, "SIGALRM")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def interrupt(signum, frame):
        raise _TimeLimitReached

    previous_handler = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)


@dataclass
class _Outcome:
    """What happened when the student's function ran on one input."""

    value: Any = None
    error: BaseException | None = None
    timed_out: bool = False
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


def _call(
    function: Callable,
    args: dict[str, Any],
    mutation_tol: float = 0.0,
    timeout: float | None = None,
):
    """Run ``function`` on copies of ``args``, catching everything.

    The arguments are copied together, so arguments that share an array
    still share it in the copy (a function ``f`` that reads ``x`` in place).
    """
    call_args = copy.deepcopy(args)
    outcome = _Outcome()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
            try:
                with _time_limit(timeout):
                    outcome.value = function(*call_args.values())
            except _TimeLimitReached:
                outcome.timed_out = True
            except (Exception, SystemExit) as exc:  # a wrong answer never crashes
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
    call_args = list(copy.deepcopy(args).values())
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


def _run_case(
    spec: Exercise, function: Callable, case: Case, timeout: float | None = None
) -> _Failure | None:
    expected = _quiet(spec.reference, case.args)
    expected_lines = _show(expected, spec.output_names)
    rtol, atol = spec.rtol, spec.atol
    if _contains_float32(list(case.args.values())):
        rtol, atol = max(rtol, RTOL32), max(atol, ATOL32)
    outcome = _call(function, case.args, spec.mutation_tol, timeout)

    if outcome.timed_out:
        return _Failure(
            f"your function did not return within {timeout:g} s on this input.",
            expected_lines,
            ["nothing (stopped after the time limit)"],
            hints=[
                "look for a loop that never ends: a `while` loop whose condition "
                "never becomes false, or a loop over something that keeps "
                "growing. (A correct answer takes well under a second.)"
            ],
        )
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
                return _call(function, args, spec.mutation_tol, timeout)

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


def run_exercise(
    spec: Exercise, function: Callable, timeout: float | None = None
) -> CheckResult:
    """Run ``function`` on every case of ``spec``; the result of :func:`check`.

    timeout : seconds allowed per case (default :data:`TIMEOUT`).

    Stops at the first case that finds the function not written yet
    (``raise NotImplementedError``); otherwise runs every case and reports
    the first failure in full and how many failed.
    """
    if not callable(function):
        raise TypeError(
            f"function must be a function, got {_kind(function)}. Pass the "
            f'function itself: check("{spec.name}", {spec.name}), without '
            "calling it."
        )
    timeout = (
        TIMEOUT if timeout is None else check_float(timeout, "timeout", positive=True)
    )
    cases = spec.make_cases(np.random.default_rng(spec.seed))
    n = len(cases)
    failures: list[tuple[int, Case, _Failure]] = []
    for i, case in enumerate(cases, start=1):
        failure = _run_case(spec, function, case, timeout)
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
    problem = _not_labels(y_pred)
    if problem:
        return fail(f"model.predict(X_test) {problem}")
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


def _not_labels(y_pred: Array) -> str | None:
    """What keeps ``y_pred`` from being class labels, or None if nothing."""
    if y_pred.dtype == bool or not np.issubdtype(y_pred.dtype, np.number):
        return f"must return integer class labels, got values of type {y_pred.dtype}."
    if np.issubdtype(y_pred.dtype, np.complexfloating):
        return "must return integer class labels, got complex numbers."
    if not np.all(np.isfinite(y_pred)):
        return (
            "returned NaN or infinite values instead of class labels: the "
            "network's weights are probably not finite (did training diverge?)."
        )
    if np.any(y_pred != np.round(y_pred)):
        return (
            "returned values that are not whole numbers (e.g. "
            f"{_num(y_pred[y_pred != np.round(y_pred)][0])}): it must return class "
            "labels 0, 1, 2, ..., not scores; take .argmax(axis=1) of the "
            "probabilities."
        )
    if y_pred.size and y_pred.min() < 0:
        return f"returned a negative class label ({_num(y_pred.min())})."
    return None
