"""Ablation of the course's best recipe: train it without each ingredient.

    nice -n 19 python scripts/ablate_best_recipe.py            # all rows, 6 trainings
    python scripts/ablate_best_recipe.py --only full no-shift  # some rows

Every row trains on the 60,000 training images with seed 1, exactly as
mlcourse.recipes.train_best_mlp does, except for the one ingredient the row
leaves out, and reports the accuracy on the 10,000 test images. Each training
takes about as long as the recipe itself (about a minute on a 2-core machine),
so the whole table takes several minutes. Chapter 6 quotes the table.

With 10,000 test images, an accuracy p has a standard error of
sqrt(p (1 - p) / 10000), about 0.1 percentage points near 99%; the table
prints it so that small differences are read as what they are. One seed per
row: a difference of a few tenths of a point between two rows is a hint, not
a proof (run with --seed 2, 3 to see how much a row moves).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys

import numpy as np

from mlcourse.augment import random_shift
from mlcourse.datasets import load_mnist
from mlcourse.metrics import accuracy
from mlcourse.mlp import MLP
from mlcourse.optimizers import Adam
from mlcourse.recipes import BEST_RECIPE, cosine_schedule

#: row name -> (description, changes to the recipe)
VARIANTS: dict[str, tuple[str, dict]] = {
    "full": ("the full recipe", {}),
    "no-shift": ("without random shifts", {"max_shift": 0}),
    "no-cosine": ("without the cosine schedule (constant rate)", {"cosine": False}),
    "no-dropout": ("without dropout", {"dropout": 0.0}),
    "narrow": (
        "narrower network, 784-256-128-10",
        {"layer_sizes": [784, 256, 128, 10]},
    ),
    "zero-one": ("pixels in [0, 1] instead of [-1, 1]", {"scale": "zero_one"}),
}


def train_variant(
    X_train: np.ndarray,
    y_train: np.ndarray,
    *,
    seed: int = 1,
    epochs: int | None = None,
    layer_sizes: list[int] | None = None,
    dropout: float | None = None,
    max_shift: int | None = None,
    cosine: bool = True,
) -> MLP:
    """Train the best recipe with some ingredients changed.

    X_train : (n, 784) pixels, y_train : (n,) labels. With the defaults this
    is mlcourse.recipes.train_best_mlp, step for step (tests check that the
    weights come out identical). ``max_shift=0`` turns the random shifts off,
    ``cosine=False`` keeps the learning rate constant, ``dropout=0.0`` turns
    dropout off.
    """
    recipe = BEST_RECIPE
    epochs = recipe["epochs"] if epochs is None else epochs
    sizes = recipe["layer_sizes"] if layer_sizes is None else layer_sizes
    rate = recipe["dropout"] if dropout is None else dropout
    shift_by = recipe["max_shift"] if max_shift is None else max_shift
    model = MLP(
        sizes,
        hidden_activation="relu",
        output_activation="softmax",
        dropout=rate,
        init="he",
        seed=seed,
    )

    def shift(X_batch: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        return random_shift(X_batch, rng, shift_by)

    model.fit(
        X_train,
        y_train,
        epochs=epochs,
        minibatch_size=recipe["minibatch_size"],
        optimizer=Adam(recipe["learning_rate"]),
        schedule=cosine_schedule(epochs) if cosine else None,
        augment=shift if shift_by > 0 else None,
        evaluate_train=False,
        progress=False,
    )
    return model


def standard_error(p: float, n: int) -> float:
    """Standard error of an accuracy p measured on n independent examples,
    sqrt(p (1 - p) / n)."""
    return math.sqrt(p * (1 - p) / n)


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=None, help="default: recipe's")
    parser.add_argument(
        "--only", nargs="+", choices=list(VARIANTS), default=list(VARIANTS)
    )
    args = parser.parse_args(argv)

    print(f"machine: {cpu_model()}, {os.cpu_count()} cores, numpy {np.__version__}")
    print(f"recipe: {BEST_RECIPE}, seed {args.seed}")
    data = {}
    rows = []
    for name in args.only:
        description, changes = VARIANTS[name]
        changes = dict(changes)
        scale = changes.pop("scale", "minus_one_one")
        if scale not in data:
            data[scale] = (
                load_mnist("train", scale=scale),
                load_mnist("test", scale=scale),
            )
        (X_train, y_train), (X_test, y_test) = data[scale]
        model = train_variant(
            X_train, y_train, seed=args.seed, epochs=args.epochs, **changes
        )
        acc = accuracy(y_test, model.predict(X_test))
        n_wrong = int(np.sum(model.predict(X_test) != y_test))
        rows.append((description, acc, n_wrong, standard_error(acc, len(y_test))))
        print(f"  done: {description}: {acc:.2%}", flush=True)

    print()
    print(f"{'recipe':45} {'test accuracy':>13} {'std. error':>10} {'mistakes':>8}")
    for description, acc, n_wrong, se in rows:
        print(f"{description:45} {acc:13.2%} {100 * se:7.2f} pt {n_wrong:8d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
