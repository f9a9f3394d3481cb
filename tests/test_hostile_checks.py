"""Student code that misbehaves inside `check`: it cannot hang the check,
end the process, or pass with predictions that are not labels."""

import sys
import threading

import numpy as np
import pytest

from mlcourse.checks import check, check_accuracy
from mlcourse.checks.compare import _cap

# ---------------------------------------------------------------------------
# A function that never returns
# ---------------------------------------------------------------------------


def endless_sigmoid(z):
    while True:
        pass


def test_an_endless_loop_fails_the_check_with_a_hint():
    result = check("sigmoid", endless_sigmoid, timeout=0.2)
    assert not result.passed
    assert "did not return within 0.2 s" in result.message
    assert "loop that never ends" in result.message


def test_an_endless_loop_that_catches_exceptions_is_still_stopped():
    def stubborn(z):
        while True:
            try:
                while True:
                    pass
            except Exception:
                continue

    assert "did not return within" in check("sigmoid", stubborn, timeout=0.2).message


def test_a_correct_answer_is_not_disturbed_by_the_timer():
    from mlcourse.activations import sigmoid

    assert check("sigmoid", sigmoid, timeout=0.5).passed


def test_the_timer_is_switched_off_after_the_check():
    import signal

    check("sigmoid", endless_sigmoid, timeout=0.1)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (
        signal.SIG_DFL,
        signal.default_int_handler,
        None,
    )


@pytest.mark.parametrize("timeout", [0, -1, "5", float("nan")])
def test_a_bad_timeout_is_refused(timeout):
    with pytest.raises((TypeError, ValueError), match="timeout"):
        check("sigmoid", np.tanh, timeout=timeout)


def test_outside_the_main_thread_the_check_runs_without_a_limit():
    from mlcourse.activations import sigmoid

    results = []
    worker = threading.Thread(target=lambda: results.append(check("sigmoid", sigmoid)))
    worker.start()
    worker.join(timeout=60)
    assert results and results[0].passed


# ---------------------------------------------------------------------------
# SystemExit and KeyboardInterrupt
# ---------------------------------------------------------------------------


def test_system_exit_is_a_failed_check_not_the_end_of_the_kernel():
    def quitter(z):
        sys.exit("bye")

    result = check("sigmoid", quitter)
    assert not result.passed
    assert "raised SystemExit" in result.message


def test_keyboard_interrupt_still_interrupts():
    def interrupted(z):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        check("sigmoid", interrupted)


# ---------------------------------------------------------------------------
# check_accuracy with predictions that are not labels
# ---------------------------------------------------------------------------


class Predicts:
    def __init__(self, values):
        self.values = np.asarray(values)

    def predict(self, X):
        return self.values


X = np.zeros((4, 2))
y = np.array([0, 1, 2, 1])


def test_labels_plus_a_fraction_do_not_pass_as_right():
    result = check_accuracy(Predicts(y + 0.7), X, y, target=0.5)
    assert not result.passed
    assert "not whole numbers (e.g. 0.7)" in result.message
    assert "argmax" in result.message


def test_whole_float_labels_are_accepted():
    assert check_accuracy(Predicts(y.astype(float)), X, y, target=0.9).passed


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_predictions_say_so(bad):
    result = check_accuracy(Predicts([0.0, bad, 2.0, 1.0]), X, y, target=0.5)
    assert not result.passed
    assert "NaN or infinite" in result.message


@pytest.mark.parametrize(
    "values, words",
    [
        ([True, False, True, True], "integer class labels"),
        (["0", "1", "2", "1"], "integer class labels"),
        ([0, -1, 2, 1], "negative class label (-1)"),
    ],
)
def test_other_non_labels_are_named(values, words):
    result = check_accuracy(Predicts(values), X, y, target=0.5)
    assert not result.passed
    assert words in result.message


# ---------------------------------------------------------------------------
# Hints keep code as written
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hint",
    [
        "S = sigmoid(z); then S * (1 - S).",
        "errors = y - (X @ w + b); grad_w = -X.T @ errors.",
        "z has one entry per example.",
        "np.exp(-z) overflows.",
        "x[i] must be restored.",
        "delta_out = A_out - Y.",
    ],
)
def test_a_hint_that_starts_with_code_is_left_as_written(hint):
    assert _cap(hint) == hint


@pytest.mark.parametrize(
    "hint, capitalised",
    [
        ("use centred differences.", "Use centred differences."),
        ("a loop over the examples works.", "A loop over the examples works."),
    ],
)
def test_a_hint_in_words_gets_a_capital(hint, capitalised):
    assert _cap(hint) == capitalised
