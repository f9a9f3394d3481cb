"""Tests for chapter 4's checks: the pen-and-paper answers and the spiral model.

The function exercises of chapter 4 (output_error, hidden_error,
parameter_gradients, backward, numerical_gradient) are covered, with every
named mistake, by the generic tests in test_checks.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.checks import ANSWERS, check, check_answer, check_spiral_model
from mlcourse.checks.compare import _cap
from mlcourse.datasets import make_spiral
from mlcourse.mlp import MLP, NeuralNetMLP

# chapter 2's 3-4-3 example network (section 2.6) and its first example
X_EX = np.array([[1.0, 2.0, 0.5]])
W_H = np.array([[0.1, -0.2, 0.3], [0.4, 0.0, -0.1], [-0.3, 0.2, 0.2], [0.0, 0.5, -0.4]])
B_H = np.array([0.1, -0.1, 0.0, 0.2])
W_OUT = np.array([[0.2, -0.3, 0.5, 0.1], [-0.4, 0.1, 0.0, 0.3], [0.3, 0.2, -0.2, -0.5]])
B_OUT = np.array([0.0, 0.1, -0.1])


def example_network() -> NeuralNetMLP:
    net = NeuralNetMLP(n_hidden=4, l2=0.0, dtype=np.float64, progress=False)
    net.initialize(n_features=3, n_classes=3)
    net.W_h, net.b_h, net.W_out, net.b_out = W_H, B_H, W_OUT, B_OUT
    return net


# ---------------------------------------------------------------------------
# Exercise 4.4: the numbers by hand
# ---------------------------------------------------------------------------


def test_the_expected_answers_are_what_backpropagation_gives():
    net = example_network()
    _, A_h, _, A_out = net.forward(X_EX)
    delta_out = A_out - np.array([[0.0, 0.0, 1.0]])  # the third class
    delta_h = (delta_out @ W_OUT) * A_h * (1 - A_h)
    assert ANSWERS["4.4a"].value == pytest.approx(delta_h[0, 2], abs=1e-6)
    grads = net.gradients(X_EX, np.array([2]))
    assert ANSWERS["4.4b"].value == pytest.approx(grads["W_h"][2, 1], abs=1e-6)


def test_the_worked_example_of_the_chapter_matches_the_package():
    # the numbers section 4.5 writes in its LaTeX (first class as the target)
    grads = example_network().gradients(X_EX, np.array([0]))
    assert round(grads["W_h"][1, 0], 4) == 0.0660
    assert round(grads["W_out"][0, 1], 4) == -0.2424


@pytest.mark.parametrize(
    ("question", "answer"),
    [("4.4a", 0.0990), ("4.4a", 0.099031), ("4.4b", 0.1981), ("4.4b", 0.1980)],
)
def test_right_answers_rounded_by_hand_pass(question, answer):
    result = check_answer(question, answer)
    assert result.passed, result.message
    assert "is right" in result.message


@pytest.mark.parametrize(
    ("question", "index"),
    [(q, i) for q, spec in ANSWERS.items() for i in range(len(spec.mistakes))],
)
def test_every_named_mistake_gets_its_own_hint(question, index):
    wrong, hint = ANSWERS[question].mistakes[index]
    result = check_answer(question, round(wrong, 4))  # as a student writes it
    assert not result.passed
    assert "is not right" in result.message
    assert "Hint: " + _cap(hint) in result.message


def test_named_mistakes_are_told_apart_from_the_right_answer():
    for spec in ANSWERS.values():
        for wrong, _ in spec.mistakes:
            assert abs(wrong - spec.value) > 2 * spec.tolerance


def test_an_unknown_wrong_number_gets_the_general_hint():
    result = check_answer("4.4a", 0.5)
    assert not result.passed
    assert "Hint: " + _cap(ANSWERS["4.4a"].hint) in result.message


def test_not_done_yet():
    result = check_answer("4.4b", None)
    assert not result.passed
    assert "not done yet" in result.message


@pytest.mark.parametrize("answer", ["0.0990", [0.099], np.array([0.099, 0.1]), True])
def test_an_answer_that_is_not_a_number_is_reported(answer):
    result = check_answer("4.4a", answer)
    assert not result.passed
    assert "must be a single number" in result.message


def test_numpy_numbers_are_accepted():
    assert check_answer("4.4a", np.float64(0.099)).passed


def test_nan_is_reported():
    result = check_answer("4.4a", float("nan"))
    assert not result.passed
    assert "not a finite number" in result.message


def test_an_unknown_question_raises():
    with pytest.raises(ValueError, match="question must be one of"):
        check_answer("4.9z", 1.0)


# ---------------------------------------------------------------------------
# Exercise 4.3: the spiral model
# ---------------------------------------------------------------------------


def test_no_model_yet():
    result = check_spiral_model(None)
    assert not result.passed
    assert "not done yet" in result.message


def test_not_an_mlp():
    result = check_spiral_model(NeuralNetMLP(n_hidden=4, progress=False))
    assert not result.passed
    assert "must be an MLP" in result.message


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_the_hidden_activation_is_verified(activation):
    X, y = make_spiral(seed=0)
    model = MLP([2, 32, 3], hidden_activation=activation, seed=1, dtype=np.float64)
    model.fit(X, y, epochs=300, minibatch_size=32, learning_rate=0.5, progress=False)
    assert model.predict(X).shape == y.shape  # trained, and maybe accurate
    result = check_spiral_model(model)
    assert not result.passed
    assert f'"{activation}" hidden units' in result.message
    assert 'hidden_activation="sigmoid"' in result.message


def test_a_model_without_hidden_layer_is_refused():
    result = check_spiral_model(MLP([2, 3], hidden_activation="sigmoid"))
    assert not result.passed
    assert "no hidden layer" in result.message


def test_the_layer_sizes_must_fit_the_spiral():
    result = check_spiral_model(MLP([2, 8, 2], hidden_activation="sigmoid"))
    assert not result.passed
    assert "must start with 2 and end with 3" in result.message


def test_an_untrained_model_is_reported():
    result = check_spiral_model(MLP([2, 8, 3], hidden_activation="sigmoid", seed=0))
    assert not result.passed
    assert "not trained yet" in result.message
    assert "spiral_model.fit(" in result.message


def test_a_weak_model_fails_with_the_test_accuracy_and_ideas():
    X, y = make_spiral(seed=0)
    model = MLP([2, 8, 3], hidden_activation="sigmoid", seed=0, dtype=np.float64)
    model.fit(X, y, epochs=5, minibatch_size=32, learning_rate=0.3, progress=False)
    result = check_spiral_model(model)
    assert not result.passed
    assert "fresh spiral (seed 1)" in result.message
    assert "below the 95% target" in result.message
    assert "larger learning rate" in result.message
    assert "validation" not in result.message


def test_the_chapter_solution_passes():
    X, y = make_spiral(seed=0)
    model = MLP([2, 32, 3], hidden_activation="sigmoid", seed=1, dtype=np.float64)
    model.fit(X, y, epochs=500, minibatch_size=32, learning_rate=3.0, progress=False)
    result = check_spiral_model(model)
    assert result.passed, result.message
    assert "98.33% accuracy on a fresh spiral (seed 1)" in result.message


# ---------------------------------------------------------------------------
# Exercise 4.1 (a): the one-hot width
# ---------------------------------------------------------------------------


def test_output_error_with_one_hot_of_the_classes_seen_gets_the_width_hint():
    def narrow(A_out, y):
        return A_out - np.eye(int(y.max()) + 1)[y]

    result = check("output_error", narrow)
    assert not result.passed
    assert "A_out.shape[1]" in result.message


# ---------------------------------------------------------------------------
# Exercise 4.5: which gradients a planted bug spoils (multiple choice)
# ---------------------------------------------------------------------------


def test_the_right_choice_is_what_gradient_checking_shows():
    from mlcourse.gradcheck import numerical_gradient, relative_error

    net = example_network()
    X = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 1.5], [0.5, 0.5, -1.0]])
    y = np.array([0, 2, 1])
    _, A_h, _, A_out = net.forward(X)
    Y = np.eye(3)[y]
    delta_out = (A_out - Y) * A_out * (1 - A_out)  # the planted bug
    delta_h = (delta_out @ net.W_out) * A_h * (1 - A_h)
    buggy = {
        "W_h": delta_h.T @ X,
        "b_h": delta_h.sum(axis=0),
        "W_out": delta_out.T @ A_h,
        "b_out": delta_out.sum(axis=0),
    }
    flagged = {
        name
        for name, param in net.params.items()
        if relative_error(
            numerical_gradient(lambda _: net.cost(X, y), param), buggy[name]
        )
        > 1e-4
    }
    assert flagged == {"W_h", "b_h", "W_out", "b_out"}  # all four: choice (c)
    assert check_answer("4.5", "c").passed


@pytest.mark.parametrize("answer", ["c", "C", " c "])
def test_the_right_letter_passes(answer):
    result = check_answer("4.5", answer)
    assert result.passed
    assert "is right" in result.message


@pytest.mark.parametrize("letter", ["a", "b", "d"])
def test_each_wrong_letter_gets_its_own_hint(letter):
    from mlcourse.checks import CHOICES

    result = check_answer("4.5", letter)
    assert not result.passed
    assert "Hint: " + _cap(CHOICES["4.5"].wrong[letter]) in result.message


@pytest.mark.parametrize("answer", ["e", 3, ["c"]])
def test_an_answer_that_is_not_a_letter_is_reported(answer):
    result = check_answer("4.5", answer)
    assert not result.passed
    assert "must be one of the letters a, b, c, d" in result.message


def test_multiple_choice_not_done_yet():
    result = check_answer("4.5", None)
    assert not result.passed
    assert "not done yet" in result.message
