"""The course's best recipe for MNIST, built only from mlcourse parts.

Chapter 6 explains each ingredient; ``scripts/best_recipe.py`` times the
training and checks the test accuracy; ``scripts/make_pretrained.py`` uses the
same function to make the pretrained network shipped with the package.

The ingredients:

* a wider network, 784-512-256-10, ReLU hidden units, softmax output;
* He initialization (variance 2 / n_in), which suits ReLU;
* Adam with a cosine learning-rate schedule: large steps early, small steps
  at the end, which settles into a good minimum;
* dropout 0.2 on both hidden layers;
* data augmentation: every mini-batch is shifted by up to 2 pixels at random,
  so the network sees a slightly different copy of each digit every epoch;
* mini-batches of 128.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import check_bool
from .augment import random_shift
from .mlp import MLP
from .optimizers import Adam

#: the recipe's settings, in one place
BEST_RECIPE = {
    "layer_sizes": [784, 512, 256, 10],
    "dropout": 0.2,
    "epochs": 20,
    "minibatch_size": 128,
    "learning_rate": 0.001,
    "max_shift": 2,
}


def cosine_schedule(epochs: int):
    """Factor for epoch e = 1..epochs: (1 + cos(pi (e - 1) / epochs)) / 2,
    falling smoothly from 1 towards 0."""

    def factor(epoch: int) -> float:
        return 0.5 * (1 + math.cos(math.pi * (epoch - 1) / epochs))

    return factor


def train_best_mlp(
    X_train,
    y_train,
    X_valid=None,
    y_valid=None,
    *,
    seed: int = 1,
    epochs: int | None = None,
    progress: bool = True,
    callback=None,
) -> MLP:
    """Train the recipe's network. X_train : (n, 784) scaled to [-1, 1],
    y_train : (n,). Returns the trained :class:`~mlcourse.mlp.MLP`."""
    progress = check_bool(progress, "progress")  # before building the network
    recipe = BEST_RECIPE
    epochs = recipe["epochs"] if epochs is None else epochs
    model = MLP(
        recipe["layer_sizes"],
        hidden_activation="relu",
        output_activation="softmax",
        dropout=recipe["dropout"],
        init="he",
        seed=seed,
    )

    def shift(X_batch: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        # the public, checked function: its checks cost little next to a batch
        return random_shift(X_batch, rng, recipe["max_shift"])

    model.fit(
        X_train,
        y_train,
        X_valid,
        y_valid,
        epochs=epochs,
        minibatch_size=recipe["minibatch_size"],
        optimizer=Adam(recipe["learning_rate"]),
        schedule=cosine_schedule(epochs),
        augment=shift,
        evaluate_train=False,
        progress=progress,
        callback=callback,
    )
    return model
