"""Chapter 5's checks beyond the function exercises: Exercise 5.3 (a network
trained in at most 20 epochs, read from the model), 5.4 (a number) and 5.5
(a letter). Right answers pass, each named mistake gets its own hint, and a
missing answer says "not done yet"."""

import numpy as np
import pytest

from mlcourse import checks
from mlcourse.checks import check_answer, check_tuned_network
from mlcourse.checks.ch05 import TUNED_MAX_EPOCHS, TUNED_TARGET
from mlcourse.mlp import MLP, NeuralNetMLP

# ---------------------------------------------------------------------------
# Exercise 5.4: the learning rate for mini-batches of 50
# ---------------------------------------------------------------------------


def test_5_4_the_right_answer_passes():
    result = check_answer("5.4", 0.002 * 100 / 50)
    assert result.passed
    assert (
        result.message == "answer 5.4: 0.0040 is right (the exact value is 0.004000)."
    )


def test_5_4_none_is_not_done_yet():
    result = check_answer("5.4", None)
    assert not result.passed
    assert "not done yet" in result.message
    assert "answer_5_4" in result.message


@pytest.mark.parametrize("wrong", [w for w, _ in checks.ANSWERS["5.4"].mistakes])
def test_5_4_each_named_mistake_gets_its_hint(wrong):
    hint = dict(checks.ANSWERS["5.4"].mistakes)[wrong]
    result = check_answer("5.4", wrong)
    assert not result.passed
    assert hint[1:] in result.message


def test_5_4_the_named_mistakes_are_the_ones_we_expect():
    wrong = {w for w, _ in checks.ANSWERS["5.4"].mistakes}
    assert wrong == {0.001, 0.002, 0.0005, 0.2, 0.1}


def test_5_4_an_unlisted_number_gets_the_general_hint():
    result = check_answer("5.4", 0.003)
    assert not result.passed
    assert "keep eta x batch size = 0.002 x 100" in result.message


# ---------------------------------------------------------------------------
# Exercise 5.5: the best epoch's validation accuracy is optimistic
# ---------------------------------------------------------------------------


def test_5_5_the_right_letter_passes_in_any_case():
    for answer in ("b", "B", " b "):
        result = check_answer("5.5", answer)
        assert result.passed
        assert '"b" is right' in result.message


@pytest.mark.parametrize("letter", ["a", "c", "d"])
def test_5_5_each_wrong_letter_gets_its_hint(letter):
    hint = checks.CHOICES["5.5"].wrong[letter]
    result = check_answer("5.5", letter)
    assert not result.passed
    assert f'"{letter}" is not right' in result.message
    assert hint[1:] in result.message


def test_5_5_none_is_not_done_yet_and_other_values_name_the_letters():
    assert "not done yet" in check_answer("5.5", None).message
    result = check_answer("5.5", "e")
    assert not result.passed
    assert "one of the letters a, b, c, d" in result.message


# ---------------------------------------------------------------------------
# Exercise 5.3: a NeuralNetMLP trained for at most 20 epochs, >= 97.5%
# ---------------------------------------------------------------------------


def _blobs(seed: int, n: int = 300):
    """Three well separated classes in 4 features: (n, 4), (n,)."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 3
    centres = np.array([[4.0, 0, 0, 0], [0, 4.0, 0, 0], [0, 0, 4.0, 0]])
    X = centres[y] + 0.5 * rng.standard_normal((n, 4))
    return X.astype(np.float32), y


X_TRAIN, Y_TRAIN = _blobs(0)
X_TEST, Y_TEST = _blobs(1)


def _trained(epochs: int, **kwargs) -> NeuralNetMLP:
    net = NeuralNetMLP(
        n_hidden=8, epochs=epochs, eta=0.05, minibatch_size=20, seed=1, progress=False
    )
    return net.fit(X_TRAIN, Y_TRAIN, X_TEST[:30], Y_TEST[:30], **kwargs)


def test_tuned_the_constraint_and_the_target():
    assert (TUNED_MAX_EPOCHS, TUNED_TARGET) == (20, 0.975)


def test_tuned_none_is_not_done_yet():
    result = check_tuned_network(None, X_TEST, Y_TEST)
    assert not result.passed
    assert result.message.startswith("tuned: not done yet")
    assert "at most 20 epochs" in result.message


def test_tuned_a_network_within_the_rules_passes():
    net = _trained(TUNED_MAX_EPOCHS)
    result = check_tuned_network(net, X_TEST, Y_TEST)
    assert result.passed, result.message
    assert result.message == (
        "tuned: trained for 20 epochs (at most 20) and 100.00% test accuracy "
        "(at least 97.50%): both conditions are met."
    )


def test_tuned_too_many_epochs_is_named_even_when_the_accuracy_is_met():
    net = _trained(TUNED_MAX_EPOCHS + 1)
    result = check_tuned_network(net, X_TEST, Y_TEST)
    assert not result.passed
    assert "it was trained for 21 epochs, and the exercise allows at most 20" in (
        result.message
    )
    assert "does meet the 97.50% target" in result.message


def test_tuned_the_epochs_are_read_from_the_training_record():
    """A run of epochs=40 stopped by its callback after 5 epochs counts 5."""
    net = _trained(40, callback=lambda model, epoch: epoch == 5)
    assert net.epochs == 40
    result = check_tuned_network(net, X_TEST, Y_TEST)
    assert result.passed, result.message
    assert "trained for 5 epochs" in result.message


def test_tuned_too_low_an_accuracy_is_named():
    net = _trained(5)
    y_shuffled = np.random.default_rng(2).permutation(Y_TEST)  # ~33% right
    result = check_tuned_network(net, X_TEST, y_shuffled)
    assert not result.passed
    assert "percentage points below the 97.50% target" in result.message
    assert "the exercise allows" not in result.message  # 5 epochs are fine
    assert "wider hidden layer" in result.message


def test_tuned_both_violations_are_named():
    net = _trained(TUNED_MAX_EPOCHS + 5)
    y_shuffled = np.random.default_rng(2).permutation(Y_TEST)
    result = check_tuned_network(net, X_TEST, y_shuffled)
    assert not result.passed
    assert "trained for 25 epochs" in result.message
    assert "below the 97.50% target" in result.message


def test_tuned_must_be_a_neuralnetmlp():
    model = MLP([4, 8, 3], seed=0).fit(
        X_TRAIN, Y_TRAIN, epochs=2, minibatch_size=20, progress=False
    )
    result = check_tuned_network(model, X_TEST, Y_TEST)
    assert not result.passed
    assert "must be a NeuralNetMLP" in result.message


def test_tuned_an_untrained_network_is_reported():
    result = check_tuned_network(NeuralNetMLP(epochs=10), X_TEST, Y_TEST)
    assert not result.passed
    assert "not trained yet" in result.message


def test_tuned_an_error_in_predict_is_reported_not_raised():
    net = _trained(3)
    result = check_tuned_network(net, np.zeros((10, 7)), np.zeros(10, dtype=int))
    assert not result.passed
    assert "tuned.predict(X_test) raised ValueError" in result.message


def test_tuned_under_nbgrader_a_failed_check_raises(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(AssertionError, match="not done yet"):
        check_tuned_network(None, X_TEST, Y_TEST)
    assert check_tuned_network(_trained(3), X_TEST, Y_TEST).passed


def test_tuned_misuse_raises():
    with pytest.raises(ValueError, match="same length"):
        check_tuned_network(None, X_TEST, Y_TEST[:10])
    with pytest.raises(ValueError, match="X_test must have 2 dimension"):
        check_tuned_network(None, np.zeros(10), Y_TEST[:10])
