"""What an exercise is: the result of a check, a test case, a named mistake, the
exercise itself, and the seeded inputs the chapters' cases are built from."""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from mlcourse import activations

if TYPE_CHECKING:
    from mlcourse.checks.compare import _Mismatch

Array = np.ndarray


RTOL, ATOL = 1e-5, 1e-7


RTOL32, ATOL32 = 1e-4, 1e-6


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


def _mistakes(variant: Callable, *pairs: tuple[str, str]) -> tuple[Mistake, ...]:
    """Mistake objects from a variant function and (bug, hint) pairs."""
    return tuple(Mistake(hint, partial(variant, bug=bug)) for bug, hint in pairs)
