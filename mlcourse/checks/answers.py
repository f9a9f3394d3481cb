"""Numbers and letters worked out without code (a prediction, a pen-and-paper
result, a multiple-choice question), with the wrong answers we know."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from mlcourse.checks.compare import (
    _cap,
    _kind,
)
from mlcourse.checks.exercise import (
    CheckResult,
)

Array = np.ndarray


@dataclass(frozen=True)
class NumericAnswer:
    """A number a student computes by hand, with the wrong numbers we know."""

    name: str
    what: str
    value: float
    tolerance: float
    mistakes: tuple[tuple[float, str], ...]
    hint: str


@dataclass(frozen=True)
class ChoiceAnswer:
    """A multiple-choice question: the right letter and a hint per wrong one."""

    name: str
    what: str
    right: str
    explanation: str
    wrong: dict[str, str]


def _check_choice(spec: ChoiceAnswer, answer) -> CheckResult:
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


def grade_answer(spec: NumericAnswer | ChoiceAnswer, answer) -> CheckResult:
    """The result of :func:`~mlcourse.checks.check_answer` for one question."""
    if isinstance(spec, ChoiceAnswer):
        return _check_choice(spec, answer)
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
