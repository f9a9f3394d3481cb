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
them. :func:`check_accuracy` checks that a trained network reaches a test
accuracy; :func:`check_tuned_network` checks Exercise 5.3 (at most 20
epochs, at least 97.5%).

How the package is laid out (to add or change an exercise, open its
chapter's module: its reference, cases, named mistakes and hints sit
together there):

- :mod:`~mlcourse.checks.exercise`: what an exercise is (:class:`Exercise`,
  :class:`Case`, :class:`Mistake`, :class:`CheckResult`);
- :mod:`~mlcourse.checks.compare`: showing values and comparing results;
- :mod:`~mlcourse.checks.engine`: running the student's function on every
  case, and :func:`check_accuracy`;
- :mod:`~mlcourse.checks.answers`: numbers and letters worked out by hand;
- :mod:`~mlcourse.checks.ch01` ... :mod:`~mlcourse.checks.ch07`: the
  exercises of each chapter, as plain lists ``EXERCISES`` and tables
  ``ANSWERS`` and ``CHOICES``, collected below.
"""

from __future__ import annotations

from collections.abc import Callable

from mlcourse.checks import ch01, ch02, ch03, ch04, ch05, ch06, ch07
from mlcourse.checks.answers import ChoiceAnswer, NumericAnswer, grade_answer
from mlcourse.checks.ch04 import check_spiral_model
from mlcourse.checks.ch05 import check_tuned_network
from mlcourse.checks.engine import check_accuracy, run_exercise
from mlcourse.checks.exercise import (
    Case,
    CheckResult,
    Exercise,
    Mistake,
    _for_nbgrader,
)

__all__ = [
    "ANSWERS",
    "CHOICES",
    "EXERCISES",
    "Case",
    "CheckResult",
    "Exercise",
    "Mistake",
    "check",
    "check_accuracy",
    "check_answer",
    "check_spiral_model",
    "check_tuned_network",
    "list_exercises",
]

_CHAPTERS = (ch01, ch02, ch03, ch04, ch05, ch06, ch07)

#: every exercise by name, in chapter order
EXERCISES: dict[str, Exercise] = {
    spec.name: spec for chapter in _CHAPTERS for spec in chapter.EXERCISES
}
#: every question answered with a number, by name ("2.6", "4.4a", ...)
ANSWERS: dict[str, NumericAnswer] = {
    name: spec
    for chapter in _CHAPTERS
    for name, spec in getattr(chapter, "ANSWERS", {}).items()
}
#: every multiple-choice question, by name ("4.5", ...)
CHOICES: dict[str, ChoiceAnswer] = {
    name: spec
    for chapter in _CHAPTERS
    for name, spec in getattr(chapter, "CHOICES", {}).items()
}


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
def check(
    exercise: str, function: Callable, timeout: float | None = None
) -> CheckResult:
    """Run a student's ``function`` against the reference on many inputs.

    exercise : the exercise's name (see :func:`list_exercises`).
    function : the student's function itself (``sigmoid``, not
        ``sigmoid(z)``).
    timeout : seconds the function may take on one input (default
        :data:`mlcourse.checks.engine.TIMEOUT`, 5 s); a function that takes
        longer is stopped and the case fails.

    Returns a :class:`CheckResult`; its text says that every case passes,
    or shows the first failing case with its input, the expected and the
    received value, the problem and a hint. Prints nothing.
    """
    return run_exercise(_get_exercise(exercise), function, timeout)


@_for_nbgrader
def check_answer(question: str, answer) -> CheckResult:
    """Check a number or letter a student worked out without code (a
    prediction, a count, a pen-and-paper result): ``question`` is the
    exercise's name ("2.6", "4.4a"), ``answer`` the number or letter."""
    spec = CHOICES.get(question) or ANSWERS.get(question)
    if spec is None:
        known = ", ".join([*ANSWERS, *CHOICES])
        raise ValueError(f"question must be one of {known}, got {question!r}")
    return grade_answer(spec, answer)
