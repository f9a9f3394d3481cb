"""Hostile and damaged files: refused with a message naming the file, before
they cost memory, and never half-written.

Peak memory is measured with tracemalloc (NumPy reports its allocations to
it): every hostile file here must be refused with less than 150 MB spent.
"""

from __future__ import annotations

import gzip
import json
import shutil
import struct
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest

import mlcourse
from mlcourse import datasets, weights
from mlcourse.datasets import load_iris, read_idx
from mlcourse.mlp import MLP, NeuralNetMLP
from mlcourse.weights import load_pretrained, load_weights, save_weights

PEAK_LIMIT = 150 * 2**20
PACKAGE_DATA = Path(mlcourse.__file__).parent / "data"


def peak_bytes(call) -> tuple[int, BaseException | None]:
    """Run ``call``; return the peak traced memory and the exception it raised."""
    tracemalloc.start()
    try:
        call()
        raised = None
    except BaseException as exc:  # noqa: BLE001 (the caller inspects it)
        raised = exc
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak, raised


def small_mlp() -> MLP:
    return MLP([4, 3, 2], seed=0)


# ---------------------------------------------------------------------------
# IDX files whose header promises more than the file holds
# ---------------------------------------------------------------------------


def test_a_small_gzip_claiming_a_huge_array_is_refused_before_decompressing(tmp_path):
    """~0.5 MB of gzip that would expand to 500 MB of zeros, under a header
    declaring 47 GB: refused from the header and the file size alone."""
    path = tmp_path / "bomb-idx3-ubyte.gz"
    zeros = bytes(2**24)
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(struct.pack(">HBB3I", 0, 0x08, 3, 60_000_000, 28, 28))
        for _ in range(30):  # 30 x 16 MiB of zeros
            out.write(zeros)
    assert path.stat().st_size < 1_000_000
    peak, raised = peak_bytes(lambda: read_idx(path))
    assert isinstance(raised, ValueError)
    assert str(path) in str(raised) and "header declares shape" in str(raised)
    assert peak < PEAK_LIMIT


def test_a_header_beyond_the_documented_limit_is_refused(tmp_path):
    path = tmp_path / "big.idx"
    path.write_bytes(struct.pack(">HBB2I", 0, 0x08, 2, 20_000, 20_000) + bytes(100))
    with pytest.raises(ValueError, match="MAX_IDX_BYTES"):
        read_idx(path)
    assert datasets.MAX_IDX_BYTES == 256 * 2**20


# ---------------------------------------------------------------------------
# Weights files: names and headers checked before any data is read
# ---------------------------------------------------------------------------


def add_entry(path: Path, name: str, header_shape, n_zero_bytes: int) -> None:
    """Append a deflated .npy entry of float64 zeros to an .npz file,
    written in chunks so the test itself stays small in memory."""
    header = {"descr": "<f8", "fortran_order": False, "shape": header_shape}
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open(f"{name}.npy", "w", force_zip64=True) as entry:
            np.lib.format.write_array_header_1_0(entry, header)
            chunk = bytes(2**24)
            for start in range(0, n_zero_bytes, len(chunk)):
                entry.write(chunk[: n_zero_bytes - start])


def test_an_extra_gigabyte_entry_is_refused_by_name_before_it_is_read(tmp_path):
    path = tmp_path / "extra.npz"
    save_weights(small_mlp(), path)
    add_entry(path, "payload", (2**27,), 2**30)  # 1 GiB of zeros, about 1 MB on disk
    assert path.stat().st_size < 5_000_000
    peak, raised = peak_bytes(lambda: load_weights(path))
    assert isinstance(raised, ValueError)
    assert "extra.npz: unexpected array(s) payload" in str(raised)
    assert peak < PEAK_LIMIT


def write_weights(path: Path, config: dict, arrays: dict) -> Path:
    np.savez(path, __config__=np.array(json.dumps(config)), **arrays)
    return path


def mlp_config(layer_sizes, **changes) -> dict:
    config = {
        "class": "MLP",
        "layer_sizes": layer_sizes,
        "hidden_activation": "relu",
        "output_activation": "softmax",
        "l2": 0.0,
        "dropout": [0.0] * (len(layer_sizes) - 2),
        "dtype": "float32",
        "format_version": 1,
    }
    config.update(changes)
    return config


def test_a_config_declaring_a_huge_network_is_refused_before_building_it(tmp_path):
    """A 1 KB file whose __config__ declares 10**12 weights: no MemoryError,
    no network built, a message naming the file and the limit."""
    path = write_weights(tmp_path / "huge.npz", mlp_config([10**6, 10**6, 10]), {})
    peak, raised = peak_bytes(lambda: load_weights(path))
    assert isinstance(raised, ValueError), raised
    assert "huge.npz" in str(raised) and "MAX_PARAMETERS" in str(raised)
    assert peak < PEAK_LIMIT


def test_headers_that_disagree_with_the_config_are_refused_before_reading(tmp_path):
    config = mlp_config([4, 3, 2])
    arrays = {k: v for k, v in small_mlp().params.items() if k != "W1"}
    path = write_weights(tmp_path / "liar.npz", config, arrays)
    add_entry(path, "W1", (3, 4, 1000), 3 * 4 * 8)  # header shape (3, 4, 1000)
    with pytest.raises(
        ValueError, match=r"liar\.npz: array W1 has shape \(3, 4, 1000\)"
    ):
        load_weights(path)


def test_an_entry_larger_than_its_header_is_refused(tmp_path):
    config = mlp_config([4, 3, 2])
    arrays = {k: v for k, v in small_mlp().params.items() if k != "W1"}
    path = write_weights(tmp_path / "padded.npz", config, arrays)
    add_entry(path, "W1", (3, 4), 2**20)  # the header says 96 bytes, 1 MiB follows
    with pytest.raises(ValueError, match=r"padded\.npz: entry W1 is larger"):
        load_weights(path)


@pytest.mark.parametrize("version", [2, None, "1"])
def test_an_unknown_format_version_is_refused(tmp_path, version):
    model = small_mlp()
    config = mlp_config([4, 3, 2], format_version=version)
    if version is None:
        del config["format_version"]
    path = write_weights(tmp_path / "future.npz", config, model.params)
    with pytest.raises(ValueError, match=r"future\.npz: format_version"):
        load_weights(path)


def test_values_that_overflow_the_models_dtype_are_refused_after_the_cast(tmp_path):
    params = {k: v.astype(np.float64) for k, v in small_mlp().params.items()}
    params["W1"][0, 0] = 1e300  # finite in float64, inf in float32
    path = write_weights(tmp_path / "big.npz", mlp_config([4, 3, 2]), params)
    with pytest.raises(ValueError, match=r"big\.npz: array W1 holds values too large"):
        load_weights(path)


def test_a_non_zip_file_names_the_file(tmp_path):
    path = tmp_path / "notes.npz"
    path.write_text("just text")
    with pytest.raises(ValueError, match=r"notes\.npz: not a readable \.npz"):
        load_weights(path)


# ---------------------------------------------------------------------------
# Saving: validated, and atomic
# ---------------------------------------------------------------------------


def test_an_untrained_book_network_cannot_be_saved(tmp_path):
    with pytest.raises(ValueError, match="not trained yet"):
        save_weights(NeuralNetMLP(), tmp_path / "untrained.npz")
    assert not (tmp_path / "untrained.npz").exists()


def test_non_finite_parameters_are_not_saved_and_the_old_file_survives(tmp_path):
    path = tmp_path / "net.npz"
    good = small_mlp()
    save_weights(good, path)
    before = path.read_bytes()
    broken = small_mlp()
    broken.params["W2"][0, 0] = np.nan
    with pytest.raises(ValueError, match="W2 contains NaN or infinite"):
        save_weights(broken, path)
    assert path.read_bytes() == before


def test_a_save_that_fails_half_way_leaves_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "net.npz"
    save_weights(small_mlp(), path)
    before = path.read_bytes()

    def disk_full(file, **arrays):
        file.write(b"PK\x03\x04 half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez_compressed", disk_full)
    with pytest.raises(OSError, match="No space left"):
        save_weights(small_mlp(), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]  # no temporary left


def test_the_compress_flag_must_be_a_bool(tmp_path):
    with pytest.raises(TypeError, match="compress must be True or False"):
        save_weights(small_mlp(), tmp_path / "x.npz", compress="no")


# ---------------------------------------------------------------------------
# Bundled files: checked against their SHA-256 sums
# ---------------------------------------------------------------------------


def copy_of_package_data(tmp_path: Path) -> Path:
    root = tmp_path / "mlcourse"
    shutil.copytree(PACKAGE_DATA / "iris", root / "data" / "iris")
    shutil.copytree(PACKAGE_DATA / "pretrained", root / "data" / "pretrained")
    return root


def test_an_edited_iris_file_is_refused(tmp_path, monkeypatch):
    root = copy_of_package_data(tmp_path)
    csv = root / "data" / "iris" / "iris.csv"
    csv.write_text(csv.read_text().replace("5.1,3.5", "9.1,3.5", 1))
    monkeypatch.setattr(datasets, "files", lambda package: root)
    with pytest.raises(
        ValueError, match=r"iris\.csv: .* corrupt .* reinstall mlcourse"
    ):
        load_iris()


def test_a_swapped_pretrained_network_is_refused(tmp_path, monkeypatch):
    import importlib.resources

    root = copy_of_package_data(tmp_path)
    save_weights(
        MLP([784, 16, 10], seed=0),
        root / "data" / "pretrained" / weights.PRETRAINED_FILE,
    )
    monkeypatch.setattr(importlib.resources, "files", lambda package: root)
    with pytest.raises(ValueError, match=r"mnist_mlp\.npz: .* reinstall mlcourse"):
        load_pretrained()


def test_the_bundled_files_pass_their_checks():
    X, y, _, _ = load_iris()
    assert X.shape == (150, 4) and np.bincount(y).tolist() == [50, 50, 50]
    assert load_pretrained().layer_sizes == [784, 512, 256, 10]
