"""Data augmentation (random shifts) and the course's best recipe."""

import math

import numpy as np
import pytest

from mlcourse.augment import random_shift
from mlcourse.datasets import load_mnist
from mlcourse.mlp import MLP
from mlcourse.recipes import BEST_RECIPE, cosine_schedule, train_best_mlp


def shift_one_by_one(X, dy, dx, max_shift, side, fill):
    """The definition, one image at a time: the output pixel (r, c) of image i
    is the input pixel (r + dy[i] - max_shift, c + dx[i] - max_shift), or
    ``fill`` where that falls outside the image."""
    out = np.full((len(X), side, side), fill, dtype=X.dtype)
    for i, image in enumerate(X.reshape(-1, side, side)):
        for r in range(side):
            for c in range(side):
                rr, cc = r + dy[i] - max_shift, c + dx[i] - max_shift
                if 0 <= rr < side and 0 <= cc < side:
                    out[i, r, c] = image[rr, cc]
    return out.reshape(len(X), side * side)


@pytest.mark.parametrize("max_shift", [1, 2, 3])
def test_random_shift_moves_each_image_by_its_own_offset(max_shift):
    side = 6
    rng = np.random.default_rng(0)
    X = rng.random((9, side * side)).astype(np.float32)
    shifted = random_shift(X, np.random.default_rng(5), max_shift, side=side)
    # the same generator state gives the offsets the function drew
    draw = np.random.default_rng(5)
    dy = draw.integers(0, 2 * max_shift + 1, size=len(X))
    dx = draw.integers(0, 2 * max_shift + 1, size=len(X))
    expected = shift_one_by_one(X, dy, dx, max_shift, side, fill=X.min())
    np.testing.assert_array_equal(shifted, expected)
    assert shifted.dtype == X.dtype and shifted.shape == X.shape


def test_random_shift_on_mnist_keeps_the_ink_and_fills_with_white():
    X, _ = load_mnist("test")
    X = X[:50]
    shifted = random_shift(X, np.random.default_rng(1), 2)
    assert shifted.min() == -1.0  # white, the smallest value, shifted in
    # a 2-pixel shift moves a digit without cutting it: MNIST digits sit in a
    # 20 x 20 box in the middle of the 28 x 28 image, 4 pixels from each edge
    np.testing.assert_allclose(shifted.sum(axis=1), X.sum(axis=1), rtol=1e-5)
    assert (shifted != X).any(axis=1).mean() > 0.8  # 1/25 keep (0, 0)


def test_random_shift_background_and_no_shift():
    X = np.arange(16, dtype=np.float64).reshape(1, 16)
    out = random_shift(X, np.random.default_rng(2), 1, side=4, background=-7.0)
    assert set(np.unique(out)) <= set(np.unique(X)) | {-7.0}
    same = random_shift(X, np.random.default_rng(2), 0, side=4)
    np.testing.assert_array_equal(same, X)
    assert same is not X  # a copy, as for any other shift


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"X": np.zeros((2, 10))}, ValueError, "X"),
        ({"max_shift": -1}, ValueError, "max_shift"),
        ({"rng": 3}, TypeError, "rng"),
        ({"background": "white"}, TypeError, "background"),
        ({"side": 0}, ValueError, "side"),
    ],
)
def test_random_shift_rejects_bad_input(kwargs, error, words):
    args = {"X": np.zeros((2, 784)), "rng": np.random.default_rng(0), "max_shift": 2}
    args.update(kwargs)
    with pytest.raises(error, match=words):
        random_shift(**args)


def test_cosine_schedule_falls_from_one_towards_zero():
    factor = cosine_schedule(4)
    values = [factor(e) for e in range(1, 5)]
    expected = [0.5 * (1 + math.cos(math.pi * k / 4)) for k in range(4)]
    assert values == pytest.approx(expected)
    assert values[0] == 1.0
    assert values == sorted(values, reverse=True) and values[-1] > 0


@pytest.mark.slow
def test_train_best_mlp_builds_the_recipe_and_learns():
    X, y = load_mnist("train")
    X_test, y_test = load_mnist("test")
    model = train_best_mlp(
        X[:6000], y[:6000], X[-500:], y[-500:], epochs=2, progress=False
    )
    assert isinstance(model, MLP)
    assert model.layer_sizes == BEST_RECIPE["layer_sizes"]
    assert model.dropout == [BEST_RECIPE["dropout"]] * 2
    history = model.history_
    assert len(history["valid_acc"]) == 2
    # cosine schedule over 2 epochs: full rate, then half of it
    assert history["learning_rate"] == pytest.approx(
        [BEST_RECIPE["learning_rate"], BEST_RECIPE["learning_rate"] / 2]
    )
    # 6,000 images and 2 epochs already read most digits
    assert np.mean(model.predict(X_test[:1000]) == y_test[:1000]) > 0.8
    # same seed, same network
    again = train_best_mlp(X[:6000], y[:6000], epochs=2, progress=False)
    for key, value in model.params.items():
        np.testing.assert_array_equal(again.params[key], value)
