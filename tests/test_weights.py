"""Tests for mlcourse.weights: saving and loading networks without pickle."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from mlcourse.datasets import make_moons
from mlcourse.mlp import MLP, NeuralNetMLP
from mlcourse.weights import FORMAT_VERSION, load_weights, save_weights


@pytest.fixture(scope="module")
def data():
    return make_moons(60, seed=0)


@pytest.fixture(scope="module")
def trained_mlp(data):
    X, y = data
    model = MLP([2, 6, 5, 2], "elu", "softmax", l2=0.01, dropout=(0.1, 0.0), seed=0)
    return model.fit(X, y, epochs=3, optimizer="adam", progress=False)


@pytest.fixture(scope="module")
def trained_book(data):
    X, y = data
    model = NeuralNetMLP(
        n_hidden=4, l2=0.1, epochs=2, eta=0.05, minibatch_size=8, seed=0, progress=False
    )
    return model.fit(X, y, X, y)


def read_npz(path):
    with np.load(path, allow_pickle=False) as f:
        return {k: f[k] for k in f.files}


def write_npz(path, arrays):
    np.savez(path, **arrays)
    return path


# ---------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------


def test_mlp_round_trip_gives_identical_predictions(tmp_path, data, trained_mlp):
    X, _ = data
    path = tmp_path / "mlp.npz"
    save_weights(trained_mlp, path)
    loaded = load_weights(path)
    assert isinstance(loaded, MLP)
    assert loaded is not trained_mlp
    assert loaded.layer_sizes == [2, 6, 5, 2]
    assert loaded.hidden_activation == "elu"
    assert loaded.output_activation == "softmax"
    assert loaded.l2 == 0.01
    assert loaded.dropout == [0.1, 0.0]
    assert loaded.dtype == np.float32
    for k, v in trained_mlp.params.items():
        assert loaded.params[k].dtype == v.dtype
        assert loaded.params[k].tobytes() == v.tobytes()
    np.testing.assert_array_equal(loaded.predict_proba(X), trained_mlp.predict_proba(X))


def test_book_network_round_trip(tmp_path, data, trained_book):
    X, _ = data
    path = tmp_path / "book.npz"
    save_weights(trained_book, path, compress=False)
    loaded = load_weights(path)
    assert isinstance(loaded, NeuralNetMLP)
    assert (loaded.n_hidden, loaded.l2, loaded.epochs, loaded.eta) == (4, 0.1, 2, 0.05)
    assert loaded.minibatch_size == 8
    np.testing.assert_array_equal(
        loaded.predict_proba(X), trained_book.predict_proba(X)
    )
    assert loaded.cost(*data) == trained_book.cost(*data)


def test_float64_round_trip_keeps_the_dtype(tmp_path):
    model = MLP([3, 4, 2], "sigmoid", "sigmoid", seed=1, dtype=np.float64)
    save_weights(model, tmp_path / "m.npz")
    loaded = load_weights(tmp_path / "m.npz")
    assert loaded.dtype == np.float64
    assert loaded.output_activation == "sigmoid"
    np.testing.assert_array_equal(loaded.params["W1"], model.params["W1"])


def test_the_file_holds_the_parameters_and_a_json_config(tmp_path, trained_mlp):
    path = tmp_path / "mlp.npz"
    save_weights(trained_mlp, str(path))
    arrays = read_npz(path)
    assert set(arrays) == {"W1", "b1", "W2", "b2", "W3", "b3", "__config__"}
    config = json.loads(str(arrays["__config__"]))
    assert config["class"] == "MLP"
    assert config["format_version"] == FORMAT_VERSION
    assert config["layer_sizes"] == [2, 6, 5, 2]


def test_a_name_without_npz_suffix_loads_back(tmp_path, trained_mlp):
    path = tmp_path / "weights"
    save_weights(trained_mlp, path)
    assert path.exists()
    loaded = load_weights(path)
    np.testing.assert_array_equal(loaded.params["W2"], trained_mlp.params["W2"])


def test_loading_into_an_existing_model(tmp_path, data, trained_mlp, trained_book):
    X, _ = data
    save_weights(trained_mlp, tmp_path / "mlp.npz")
    other = MLP([2, 6, 5, 2], "elu", seed=99)
    W1 = other.params["W1"]
    assert not np.array_equal(W1, trained_mlp.params["W1"])
    assert load_weights(tmp_path / "mlp.npz", other) is other
    assert other.params["W1"] is W1  # filled in place
    np.testing.assert_array_equal(other.predict_proba(X), trained_mlp.predict_proba(X))

    save_weights(trained_book, tmp_path / "book.npz")
    fresh = NeuralNetMLP(n_hidden=4)  # never trained: initialized from the file
    assert load_weights(tmp_path / "book.npz", fresh) is fresh
    np.testing.assert_array_equal(fresh.predict(X), trained_book.predict(X))


def test_loading_into_a_model_of_another_shape_names_the_array(tmp_path, trained_mlp):
    path = tmp_path / "mlp.npz"
    save_weights(trained_mlp, path)
    wrong = MLP([2, 7, 5, 2])
    with pytest.raises(ValueError, match=r"mlp\.npz: array W1 has shape \(6, 2\)"):
        load_weights(path, wrong)
    with pytest.raises(ValueError, match=r"mlp\.npz: missing array\(s\) W4"):
        load_weights(path, MLP([2, 6, 5, 4, 2]))
    with pytest.raises(TypeError, match="^model must be an MLP or a NeuralNetMLP"):
        load_weights(path, object())


# ---------------------------------------------------------------------------
# Files that must be refused
# ---------------------------------------------------------------------------


@pytest.fixture
def good_arrays(tmp_path, trained_mlp):
    save_weights(trained_mlp, tmp_path / "good.npz")
    return read_npz(tmp_path / "good.npz")


def test_missing_array(tmp_path, good_arrays):
    del good_arrays["b2"]
    path = write_npz(tmp_path / "missing.npz", good_arrays)
    with pytest.raises(ValueError, match=r"missing\.npz: missing array\(s\) b2"):
        load_weights(path)


def test_extra_array(tmp_path, good_arrays):
    good_arrays["W9"] = np.zeros(3, dtype=np.float32)
    path = write_npz(tmp_path / "extra.npz", good_arrays)
    with pytest.raises(ValueError, match=r"extra\.npz: unexpected array\(s\) W9"):
        load_weights(path)


def test_mis_shaped_array(tmp_path, good_arrays):
    good_arrays["W2"] = good_arrays["W2"].T
    path = write_npz(tmp_path / "shape.npz", good_arrays)
    with pytest.raises(
        ValueError, match=r"shape\.npz: array W2 has shape \(6, 5\), expected \(5, 6\)"
    ):
        load_weights(path)


@pytest.mark.parametrize(
    "bad",
    [np.ones((5, 6), dtype=np.int64), np.full((5, 6), np.nan, dtype=np.float32)],
    ids=["integers", "nan"],
)
def test_non_float_or_non_finite_array(tmp_path, good_arrays, bad):
    good_arrays["W2"] = bad
    path = write_npz(tmp_path / "values.npz", good_arrays)
    with pytest.raises(
        ValueError,
        match=r"values\.npz: array W2 (must hold floating-point|contains NaN)",
    ):
        load_weights(path)


def test_text_file_is_not_a_weights_file(tmp_path):
    path = tmp_path / "notes.npz"
    path.write_text("these are not weights\n")
    with pytest.raises(ValueError, match=r"notes\.npz: not a readable \.npz"):
        load_weights(path)


def test_npy_file_is_not_a_weights_file(tmp_path):
    path = tmp_path / "single.npy"
    np.save(path, np.ones(3))
    with pytest.raises(ValueError, match=r"single\.npy: not a \.npz weights file"):
        load_weights(path)


def test_npz_without_config(tmp_path, good_arrays):
    del good_arrays["__config__"]
    path = write_npz(tmp_path / "noconfig.npz", good_arrays)
    with pytest.raises(ValueError, match=r"noconfig\.npz: missing the __config__"):
        load_weights(path)


@pytest.mark.parametrize(
    "config, pattern",
    [
        ("{not json", "__config__ is not valid JSON"),
        (
            '{"class": "Transformer", "format_version": 1}',
            "unknown network class 'Transformer'",
        ),
        (
            '{"class": "MLP", "format_version": 1}',
            "the stored configuration is invalid",
        ),
        (
            '{"class": "MLP", "layer_sizes": [2, 0], "hidden_activation": "relu",'
            ' "output_activation": "softmax", "l2": 0, "dropout": [],'
            ' "dtype": "float32", "format_version": 1}',
            "the stored configuration is invalid",
        ),
    ],
)
def test_bad_config(tmp_path, good_arrays, config, pattern):
    good_arrays["__config__"] = np.array(config)
    path = write_npz(tmp_path / "config.npz", good_arrays)
    with pytest.raises(ValueError, match=rf"config\.npz: {pattern}"):
        load_weights(path)


class Trap:
    """Unpickling this object would create a file: proof that code ran."""

    def __init__(self, target):
        self.target = target

    def __reduce__(self):
        return (os.mkdir, (self.target,))


def test_pickled_object_array_is_refused_and_never_executed(tmp_path, good_arrays):
    marker = tmp_path / "code_was_executed"
    trap = np.empty(1, dtype=object)
    trap[0] = Trap(str(marker))
    good_arrays["W1"] = trap
    path = write_npz(tmp_path / "pickled.npz", good_arrays)  # np.savez pickles it
    with pytest.raises(
        ValueError,
        match=r"pickled\.npz: array W1 must hold floating-point numbers, got object",
    ):
        load_weights(path)
    assert not marker.exists()
    # the same file does run code when loaded carelessly: the trap is real
    with np.load(path, allow_pickle=True) as f:
        f["W1"]
    assert marker.exists()


def test_arrays_are_read_without_pickle(tmp_path, trained_mlp, monkeypatch):
    calls = []
    real_read = np.lib.format.read_array

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real_read(*args, **kwargs)

    save_weights(trained_mlp, tmp_path / "m.npz")
    monkeypatch.setattr(np.lib.format, "read_array", spy)
    load_weights(tmp_path / "m.npz")
    assert calls and all(c.get("allow_pickle") is False for c in calls)


def test_missing_file_and_bad_arguments(tmp_path, trained_mlp):
    with pytest.raises(FileNotFoundError):
        load_weights(tmp_path / "nowhere.npz")
    with pytest.raises(TypeError, match="^path must be a file name"):
        load_weights(42)
    with pytest.raises(TypeError, match="^path must be a file name"):
        save_weights(trained_mlp, 42)
    with pytest.raises(TypeError, match="^model must be an MLP or a NeuralNetMLP"):
        save_weights({"W1": np.ones(2)}, tmp_path / "x.npz")
