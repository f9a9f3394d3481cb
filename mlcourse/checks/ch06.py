"""Chapter 6, going further (optimizers, initialization, early stopping):
each exercise's reference, test cases, named mistakes and hints, side by
side.
"""

from __future__ import annotations

import math

import numpy as np

from mlcourse import activations, optimizers
from mlcourse.checks.exercise import (
    Case,
    Exercise,
    Mistake,
    _as_f64,
    _mistakes,
    _normal,
)

Array = np.ndarray


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


#: the exercises of chapter 6, in the order the chapter asks them
EXERCISES = [
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
    Exercise(
        name="relu",
        chapter=6,
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
]
