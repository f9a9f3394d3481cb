"""scripts/ablate_best_recipe.py: the recipe without each ingredient."""

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest

from mlcourse.datasets import load_mnist
from mlcourse.recipes import BEST_RECIPE, train_best_mlp

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "ablate_best_recipe.py"


@pytest.fixture(scope="module")
def ablate():
    spec = importlib.util.spec_from_file_location("ablate_best_recipe", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def small():
    X, y = load_mnist("train")
    return X[:600], y[:600]


def test_the_full_row_is_the_recipe_bit_for_bit(ablate, small):
    X, y = small
    ours = ablate.train_variant(X, y, epochs=2)
    recipe = train_best_mlp(X, y, epochs=2, progress=False)
    assert ours.layer_sizes == recipe.layer_sizes
    for name, value in recipe.params.items():
        np.testing.assert_array_equal(ours.params[name], value, err_msg=name)


@pytest.mark.parametrize(
    "changes",
    [
        {"max_shift": 0},
        {"cosine": False},
        {"dropout": 0.0},
        {"layer_sizes": [784, 256, 128, 10]},
    ],
)
def test_every_row_changes_the_training(ablate, small, changes):
    X, y = small
    full = ablate.train_variant(X, y, epochs=2)
    other = ablate.train_variant(X, y, epochs=2, **changes)
    if "layer_sizes" in changes:
        assert other.layer_sizes == [784, 256, 128, 10]
        assert other.params["W1"].shape == (256, 784)
    else:
        assert other.layer_sizes == BEST_RECIPE["layer_sizes"]
        assert not np.array_equal(other.params["W1"], full.params["W1"])
    if "dropout" in changes:
        assert other.dropout == [0.0, 0.0]
    if "cosine" in changes:  # a constant rate: the recipe's, in every epoch
        assert other.history_["learning_rate"] == [BEST_RECIPE["learning_rate"]] * 2
    else:  # the cosine schedule: full rate in epoch 1, half of it in epoch 2 of 2
        assert other.history_["learning_rate"][0] == BEST_RECIPE["learning_rate"]
        assert other.history_["learning_rate"][1] == pytest.approx(
            0.5 * BEST_RECIPE["learning_rate"]
        )


def test_standard_error(ablate):
    assert ablate.standard_error(0.9885, 10_000) == pytest.approx(
        math.sqrt(0.9885 * 0.0115 / 10_000)
    )
    assert ablate.standard_error(1.0, 10) == 0.0


def test_main_prints_one_row_per_variant(ablate, monkeypatch, capsys):
    def few_images(split, scale="minus_one_one"):
        X, y = load_mnist(split, scale=scale)
        return X[:300], y[:300]

    monkeypatch.setattr(ablate, "load_mnist", few_images)
    assert ablate.main(["--only", "full", "zero-one", "--epochs", "1"]) == 0
    out = capsys.readouterr().out
    table = out[out.index("recipe  ") :].splitlines()
    assert len(table) == 3  # the header and two rows
    assert table[1].startswith("the full recipe")
    assert table[2].startswith("pixels in [0, 1] instead of [-1, 1]")
    for row in table[1:]:
        accuracy_text = row.split()[-4]  # "93.33%"
        assert accuracy_text.endswith("%")
        assert 0 < float(accuracy_text[:-1]) <= 100
