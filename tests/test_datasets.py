"""Tests for mlcourse.datasets: IDX reader, MNIST, Iris and the toy problems."""

from __future__ import annotations

import gzip
import hashlib
import re
import struct
from importlib.resources import as_file, files

import numpy as np
import pytest

from mlcourse import datasets
from mlcourse.datasets import (
    TOY_PROBLEMS,
    load_iris,
    load_mnist,
    make_moons,
    make_spiral,
    make_toy_problem,
    make_xor,
    read_idx,
    train_valid_split,
)

MNIST_DIR = files("mlcourse") / "data" / "mnist"

TRAIN_LABEL_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_LABEL_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

IDX_CODES = {
    np.dtype(np.uint8): 0x08,
    np.dtype(np.int8): 0x09,
    np.dtype(np.int16): 0x0B,
    np.dtype(np.int32): 0x0C,
    np.dtype(np.float32): 0x0D,
    np.dtype(np.float64): 0x0E,
}


def idx_header(type_code: int, shape: tuple[int, ...]) -> bytes:
    return struct.pack(">HBB", 0, type_code, len(shape)) + struct.pack(
        f">{len(shape)}I", *shape
    )


def idx_bytes(array: np.ndarray) -> bytes:
    """Encode ``array`` as an IDX file (big-endian header and data)."""
    big_endian = array.astype(array.dtype.newbyteorder(">"))
    return idx_header(IDX_CODES[array.dtype], array.shape) + big_endian.tobytes()


def linear_least_squares_accuracy(X: np.ndarray, y: np.ndarray) -> float:
    """Training accuracy of a linear classifier fitted to one-hot targets."""
    A = np.column_stack([X, np.ones(len(X))])
    targets = np.eye(y.max() + 1)[y]
    W, *_ = np.linalg.lstsq(A, targets, rcond=None)
    return float(np.mean((A @ W).argmax(axis=1) == y))


def nearest_neighbour_accuracy(X: np.ndarray, y: np.ndarray) -> float:
    """Leave-one-out accuracy of the 1-nearest-neighbour rule."""
    distances = ((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1)
    np.fill_diagonal(distances, np.inf)
    return float(np.mean(y[distances.argmin(axis=1)] == y))


# ---------------------------------------------------------------------------
# read_idx: valid files
# ---------------------------------------------------------------------------

SAMPLE_ARRAYS = {
    "uint8": np.arange(24, dtype=np.uint8).reshape(2, 3, 4) * 10,
    "int8": np.array([[-128, -1, 0], [1, 64, 127]], dtype=np.int8),
    "int16": np.array([-32768, -300, 0, 300, 32767], dtype=np.int16),
    "int32": np.array([[-(2**31), -70000], [70000, 2**31 - 1]], dtype=np.int32),
    "float32": np.array([[-1.5, 0.0, 3.25e-7], [1e30, -2.0, np.pi]], np.float32),
    "float64": np.linspace(-1, 1, 12).reshape(3, 2, 2) ** 3,
}


@pytest.mark.parametrize("compressed", [False, True], ids=["raw", "gzip"])
@pytest.mark.parametrize("dtype_name", list(SAMPLE_ARRAYS))
def test_read_idx_round_trip(tmp_path, dtype_name, compressed):
    expected = SAMPLE_ARRAYS[dtype_name]
    content = idx_bytes(expected)
    if compressed:
        content = gzip.compress(content)
    # The name deliberately has no ".gz": gzip is detected from the content.
    path = tmp_path / f"{dtype_name}.idx"
    path.write_bytes(content)

    result = read_idx(path)

    assert result.dtype == expected.dtype
    assert result.dtype.isnative
    assert result.shape == expected.shape
    np.testing.assert_array_equal(result, expected)


def test_read_idx_known_bytes(tmp_path):
    # Written out by hand: int16, shape (2, 2), values 1, 256, -2, 0x1234.
    content = bytes.fromhex("00000B02 00000002 00000002 0001 0100 FFFE 1234")
    path = tmp_path / "by_hand.idx"
    path.write_bytes(content)
    np.testing.assert_array_equal(read_idx(path), [[1, 256], [-2, 0x1234]])


def test_read_idx_accepts_str_and_ignores_misleading_suffix(tmp_path):
    path = tmp_path / "looks_compressed.gz"  # but is raw IDX
    path.write_bytes(idx_bytes(SAMPLE_ARRAYS["uint8"]))
    np.testing.assert_array_equal(read_idx(str(path)), SAMPLE_ARRAYS["uint8"])


def test_read_idx_allows_a_zero_length_dimension(tmp_path):
    path = tmp_path / "empty.idx"
    path.write_bytes(idx_header(0x0D, (0, 5)))
    result = read_idx(path)
    assert result.shape == (0, 5)
    assert result.dtype == np.float32


def test_read_idx_matches_load_mnist_labels():
    with as_file(MNIST_DIR / "t10k-labels-idx1-ubyte.gz") as path:
        labels = read_idx(path)
    assert labels.shape == (10000,)
    assert labels.dtype == np.uint8
    _, y = load_mnist("test", scale="none")
    np.testing.assert_array_equal(labels, y)


def test_read_idx_argument_errors(tmp_path):
    with pytest.raises(TypeError, match="path"):
        read_idx(123)
    with pytest.raises(TypeError, match="path"):
        read_idx(None)
    with pytest.raises(FileNotFoundError):
        read_idx(tmp_path / "does_not_exist.idx")


# ---------------------------------------------------------------------------
# read_idx: malformed files
# ---------------------------------------------------------------------------

GOOD = idx_bytes(np.arange(12, dtype=np.int32).reshape(3, 4))

# name -> (file content, words the error message must contain)
MALFORMED = {
    "empty_file": (b"", "truncated header"),
    "header_cut_short": (b"\x00\x00\x08", "truncated header"),
    "bad_magic": (b"\x01\x00" + GOOD[2:], "first two bytes must be zero"),
    "bad_magic_second_byte": (b"\x00\x07" + GOOD[2:], "first two bytes must be zero"),
    "unknown_type_code": (GOOD[:2] + b"\x0a" + GOOD[3:], "unknown element type"),
    "zero_dimensions": (b"\x00\x00\x08\x00" + b"\x05", "0 dimensions"),
    "dimension_sizes_missing": (
        b"\x00\x00\x08\x03" + struct.pack(">I", 2),
        "truncated header",
    ),
    "truncated_data": (GOOD[:-1], "truncated data"),
    "no_data_at_all": (GOOD[:16], "truncated data"),
    "trailing_bytes": (GOOD + b"\x00", "trailing bytes"),
    # Header says 2 x 2 int32 (16 bytes) but the data is 3 x 4 int32 (48 bytes).
    "dims_product_too_small": (idx_header(0x0C, (2, 2)) + GOOD[16:], "trailing bytes"),
    # Header says 4 x 4 int32 (64 bytes) but only 48 bytes follow.
    "dims_product_too_large": (idx_header(0x0C, (4, 4)) + GOOD[16:], "truncated data"),
    # Header says uint8 where the data is int32: 12 elements but 48 bytes.
    "wrong_type_for_data": (GOOD[:2] + b"\x08" + GOOD[3:], "trailing bytes"),
    # NumPy arrays cannot have 65 dimensions.
    "too_many_dimensions": (idx_header(0x08, (1,) * 65) + b"\x07", "dimension"),
}


@pytest.mark.parametrize("compressed", [False, True], ids=["raw", "gzip"])
@pytest.mark.parametrize("case", list(MALFORMED))
def test_read_idx_rejects_malformed_files(tmp_path, case, compressed):
    content, problem = MALFORMED[case]
    if compressed:
        content = gzip.compress(content)
    path = tmp_path / f"{case}.idx"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=re.escape(str(path))) as info:
        read_idx(path)
    assert problem in str(info.value)


GOOD_GZ = gzip.compress(GOOD)

# The gzip layer itself is broken; name -> compressed bytes.
BROKEN_GZIP = {
    "only_the_magic": b"\x1f\x8b",
    "truncated_stream": GOOD_GZ[:-12],
    "missing_trailer": GOOD_GZ[:-8],
    "bad_crc": GOOD_GZ[:-8] + bytes(b ^ 0xFF for b in GOOD_GZ[-8:-4]) + GOOD_GZ[-4:],
    "bad_length_field": GOOD_GZ[:-4] + struct.pack("<I", len(GOOD) + 1),
    "garbage_after_stream": GOOD_GZ + b"garbage!",
    "garbled_deflate_header": GOOD_GZ[:10] + b"\xff\xff\xff" + GOOD_GZ[13:],
}


@pytest.mark.parametrize("case", list(BROKEN_GZIP))
def test_read_idx_rejects_broken_gzip(tmp_path, case):
    path = tmp_path / f"{case}.idx.gz"
    path.write_bytes(BROKEN_GZIP[case])
    with pytest.raises(ValueError, match=re.escape(str(path))) as info:
        read_idx(path)
    assert "gzip" in str(info.value)


@pytest.mark.parametrize("compressed", [False, True], ids=["raw", "gzip"])
def test_read_idx_huge_claimed_size_fails_before_allocating(tmp_path, compressed):
    # Claims (2**32 - 1)**3 float64 values (about 6e29 bytes) but holds 10 bytes.
    content = idx_header(0x0E, (2**32 - 1,) * 3) + bytes(10)
    if compressed:
        content = gzip.compress(content)
    path = tmp_path / "huge.idx"
    path.write_bytes(content)
    # a MemoryError (or a machine out of memory) would mean it tried to allocate
    with pytest.raises(ValueError, match="header declares shape .* more than"):
        read_idx(path)


# ---------------------------------------------------------------------------
# MNIST
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "n_examples"), [("train", 60000), ("test", 10000)])
def test_mnist_shapes_and_dtypes(kind, n_examples):
    X, y = load_mnist(kind)
    assert X.shape == (n_examples, 784)
    assert X.dtype == np.float32
    assert y.shape == (n_examples,)
    assert y.dtype == np.int64

    images, labels = load_mnist(kind, flatten=False)
    assert images.shape == (n_examples, 28, 28)
    assert images.dtype == np.float32
    assert np.array_equal(images.reshape(n_examples, 784), X)
    assert np.array_equal(labels, y)


@pytest.mark.parametrize(
    ("kind", "counts"), [("train", TRAIN_LABEL_COUNTS), ("test", TEST_LABEL_COUNTS)]
)
def test_mnist_label_counts(kind, counts):
    _, y = load_mnist(kind)
    assert y.min() == 0 and y.max() == 9
    assert np.bincount(y).tolist() == counts


def test_mnist_raw_pixel_statistics():
    X, _ = load_mnist("train", scale="none")
    assert X.dtype == np.uint8
    assert X.min() == 0 and X.max() == 255
    assert round(float(X.mean()), 3) == 33.318
    # The first training image is a 5, the first test image a 7.
    assert load_mnist("train")[1][0] == 5
    assert load_mnist("test")[1][0] == 7


def test_mnist_scales():
    raw, _ = load_mnist("test", scale="none")
    raw = raw.astype(np.float64)

    minus_one_one, _ = load_mnist("test")
    assert minus_one_one.min() == -1.0 and minus_one_one.max() == 1.0
    np.testing.assert_allclose(minus_one_one, raw / 255 * 2 - 1, atol=1e-7)

    zero_one, _ = load_mnist("test", scale="zero_one")
    assert zero_one.dtype == np.float32
    assert zero_one.min() == 0.0 and zero_one.max() == 1.0
    np.testing.assert_allclose(zero_one, raw / 255, atol=1e-7)

    zero_one_64, _ = load_mnist("test", scale="zero_one", dtype=np.float64)
    assert zero_one_64.dtype == np.float64
    np.testing.assert_allclose(zero_one_64, raw / 255, rtol=1e-15)

    # scale="none" ignores dtype and keeps the raw bytes.
    none_64, _ = load_mnist("test", scale="none", dtype="float64")
    assert none_64.dtype == np.uint8


def test_mnist_cache_cannot_be_corrupted():
    X, y = load_mnist("test")
    X_expected, y_expected = X.copy(), y.copy()
    raw, _ = load_mnist("test", scale="none", flatten=False)
    raw_expected = raw.copy()

    X[:] = 0.5
    y[:] = 3
    raw[:] = 7

    X_again, y_again = load_mnist("test")
    raw_again, _ = load_mnist("test", scale="none", flatten=False)
    np.testing.assert_array_equal(X_again, X_expected)
    np.testing.assert_array_equal(y_again, y_expected)
    np.testing.assert_array_equal(raw_again, raw_expected)

    for cached in datasets._MNIST_CACHE.values():
        assert not cached.flags.writeable
        with pytest.raises(ValueError):
            cached[0] = 1


def test_mnist_second_load_reads_no_file(monkeypatch):
    X_first, y_first = load_mnist("train")

    def no_reading(*args, **kwargs):
        raise AssertionError("the second load read a file again")

    monkeypatch.setattr(datasets, "_read_idx_stream", no_reading)
    X, y = load_mnist("train")
    assert X.shape == (60000, 784)
    np.testing.assert_array_equal(X, X_first)
    np.testing.assert_array_equal(y, y_first)


def test_mnist_uncompressed_training_images_checksum():
    compressed = (MNIST_DIR / "train-images-idx3-ubyte.gz").read_bytes()
    digest = hashlib.sha256(gzip.decompress(compressed)).hexdigest()
    assert digest == "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"


def test_mnist_corrupt_file_is_detected(monkeypatch):
    # Pretend the bundled file should have a different checksum.
    monkeypatch.setattr(datasets, "_MNIST_CACHE", {})
    monkeypatch.setitem(datasets._MNIST_SHA256, "t10k-images-idx3-ubyte.gz", "0" * 64)
    with pytest.raises(ValueError, match="t10k-images-idx3-ubyte.gz.*corrupt"):
        load_mnist("test")
    assert "t10k-images-idx3-ubyte.gz" not in datasets._MNIST_CACHE


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"kind": "valid"}, ValueError, "kind"),
        ({"kind": 0}, TypeError, "kind"),
        ({"scale": "standardize"}, ValueError, "scale"),
        ({"scale": None}, TypeError, "scale"),
        ({"dtype": np.int32}, ValueError, "dtype"),
        ({"dtype": np.float16}, ValueError, "dtype"),
        ({"dtype": "not a dtype"}, TypeError, "dtype"),
        ({"dtype": None}, TypeError, "dtype"),
        ({"flatten": "yes"}, TypeError, "flatten"),
        ({"flatten": 1}, TypeError, "flatten"),
    ],
)
def test_mnist_bad_arguments(kwargs, error, argument):
    with pytest.raises(error, match=argument):
        load_mnist(**kwargs)


# ---------------------------------------------------------------------------
# train_valid_split
# ---------------------------------------------------------------------------


def test_train_valid_split_on_mnist():
    X, y = load_mnist("train")
    X_train, y_train, X_valid, y_valid = train_valid_split(X, y, 5000)
    assert X_train.shape == (55000, 784) and y_train.shape == (55000,)
    assert X_valid.shape == (5000, 784) and y_valid.shape == (5000,)
    # The first 55,000 rows train, the last 5,000 validate; nothing is copied.
    assert np.shares_memory(X_train, X) and np.shares_memory(X_valid, X)
    assert np.array_equal(X_train[-1], X[54999])
    assert np.array_equal(X_valid, X[55000:])
    assert np.array_equal(y_train, y[:55000])
    assert np.array_equal(y_valid, y[55000:])


def test_train_valid_split_small_example():
    X = np.arange(10).reshape(5, 2)
    y = [10, 11, 12, 13, 14]
    X_train, y_train, X_valid, y_valid = train_valid_split(X, y, n_valid=2)
    np.testing.assert_array_equal(X_train, [[0, 1], [2, 3], [4, 5]])
    np.testing.assert_array_equal(y_train, [10, 11, 12])
    np.testing.assert_array_equal(X_valid, [[6, 7], [8, 9]])
    np.testing.assert_array_equal(y_valid, [13, 14])


@pytest.mark.parametrize(
    ("X", "y", "n_valid", "error", "message"),
    [
        (np.zeros((5, 2)), np.zeros(5), 0, ValueError, "n_valid"),
        (np.zeros((5, 2)), np.zeros(5), 5, ValueError, "n_valid"),
        (np.zeros((5, 2)), np.zeros(5), -1, ValueError, "n_valid"),
        (np.zeros((5, 2)), np.zeros(5), 2.0, TypeError, "n_valid"),
        (np.zeros((5, 2)), np.zeros(4), 1, ValueError, "X and y"),
        (None, np.zeros(5), 1, TypeError, "X"),
        (np.zeros((5, 2)), "abcde", 1, TypeError, "y"),
        (np.float64(3.0), np.zeros(5), 1, ValueError, "X"),
    ],
)
def test_train_valid_split_bad_arguments(X, y, n_valid, error, message):
    with pytest.raises(error, match=message):
        train_valid_split(X, y, n_valid)


# ---------------------------------------------------------------------------
# Iris
# ---------------------------------------------------------------------------


def test_iris():
    X, y, feature_names, class_names = load_iris()
    assert X.shape == (150, 4) and X.dtype == np.float64
    assert y.shape == (150,) and y.dtype == np.int64
    assert np.bincount(y).tolist() == [50, 50, 50]
    assert feature_names == [
        "sepal length (cm)",
        "sepal width (cm)",
        "petal length (cm)",
        "petal width (cm)",
    ]
    assert class_names == ["setosa", "versicolor", "virginica"]
    np.testing.assert_allclose(X.mean(axis=0), [5.843, 3.057, 3.758, 1.199], atol=1e-3)
    np.testing.assert_array_equal(X[0], [5.1, 3.5, 1.4, 0.2])
    assert y[0] == 0 and y[-1] == 2
    # Setosa is the easy class: every setosa petal is shorter than any other.
    assert X[y == 0, 2].max() < X[y != 0, 2].min()


def test_iris_returns_fresh_objects():
    X, y, feature_names, class_names = load_iris()
    X[:] = 0
    class_names.append("rose")
    feature_names.clear()
    X2, _, feature_names2, class_names2 = load_iris()
    assert X2[0, 0] == 5.1
    assert len(class_names2) == 3 and len(feature_names2) == 4


# ---------------------------------------------------------------------------
# Toy problems
# ---------------------------------------------------------------------------

GENERATORS = {
    "xor": (make_xor, 200, 2),
    "moons": (make_moons, 200, 2),
    "spiral": (make_spiral, 300, 3),
}


def test_toy_problem_registry():
    assert TOY_PROBLEMS == {"xor": make_xor, "moons": make_moons, "spiral": make_spiral}


@pytest.mark.parametrize("name", list(GENERATORS))
def test_toy_shapes_and_dtypes(name):
    make, n_default, n_classes = GENERATORS[name]
    X, y = make()
    assert X.shape == (n_default, 2) and X.dtype == np.float64
    assert y.shape == (n_default,) and y.dtype == np.int64
    assert set(y.tolist()) == set(range(n_classes))
    assert np.all(np.isfinite(X))

    X, y = make(n_examples=51)
    assert X.shape == (51, 2) and y.shape == (51,)


@pytest.mark.parametrize("name", list(GENERATORS))
def test_toy_seeds(name):
    make = GENERATORS[name][0]
    X1, y1 = make(seed=7)
    X2, y2 = make(seed=7)
    assert X1.tobytes() == X2.tobytes()  # bit for bit
    assert y1.tobytes() == y2.tobytes()
    X3, _ = make(seed=8)
    assert not np.array_equal(X1, X3)
    X4, _ = make(seed=None)
    X5, _ = make(seed=None)
    assert not np.array_equal(X4, X5)


@pytest.mark.parametrize("name", list(GENERATORS))
@pytest.mark.parametrize("n_examples", [7, 200, 301])
def test_toy_classes_are_balanced_and_shuffled(name, n_examples):
    make = GENERATORS[name][0]
    _, y = make(n_examples=n_examples)
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1
    if n_examples >= 200:
        # Shuffled: the first half is not all one class.
        assert len(set(y[: n_examples // 2].tolist())) > 1


def test_spiral_with_more_classes():
    X, y = make_spiral(n_examples=250, n_classes=5, seed=3)
    assert X.shape == (250, 2)
    assert np.bincount(y).tolist() == [50] * 5


def test_noise_free_geometry():
    X, y = make_xor(n_examples=400, noise=0.0)
    assert np.all(np.abs(X) <= 1)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(np.int64))

    X, y = make_moons(n_examples=400, noise=0.0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    assert np.all(upper[:, 1] >= 0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert np.all(lower[:, 1] <= 0.5)

    X, y = make_spiral(n_examples=300, n_classes=3, noise=0.0)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert np.all((radius > 0) & (radius < 1))
    # Without noise each arm's angle is start + 2 pi radius (modulo 2 pi).
    expected = 2 * np.pi * y / 3 + 2 * np.pi * radius
    difference = np.angle(np.exp(1j * (np.arctan2(X[:, 1], X[:, 0]) - expected)))
    np.testing.assert_allclose(difference, 0.0, atol=1e-9)


@pytest.mark.parametrize("name", ["xor", "spiral"])
def test_linear_classifier_fails_but_problem_is_learnable(name):
    for seed in range(3):
        X, y = make_toy_problem(name, seed=seed)
        assert linear_least_squares_accuracy(X, y) < 0.8
        # A non-linear rule does well, so the failure is not just noise.
        assert nearest_neighbour_accuracy(X, y) > 0.84


def test_moons_are_learnable():
    X, y = make_moons()
    assert nearest_neighbour_accuracy(X, y) > 0.95


def test_make_toy_problem():
    for name, make in TOY_PROBLEMS.items():
        X1, y1 = make_toy_problem(name, seed=4)
        X2, y2 = make(seed=4)
        np.testing.assert_array_equal(X1, X2)
        np.testing.assert_array_equal(y1, y2)
    X, y = make_toy_problem("moons", n_examples=40, noise=0.0, seed=1)
    X_direct, _ = make_moons(n_examples=40, noise=0.0, seed=1)
    assert X.shape == (40, 2)
    np.testing.assert_array_equal(X, X_direct)


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: make_xor(n_examples=1), ValueError, "n_examples"),
        (lambda: make_xor(n_examples=10.0), TypeError, "n_examples"),
        (lambda: make_xor(noise=-0.1), ValueError, "noise"),
        (lambda: make_xor(noise="a lot"), TypeError, "noise"),
        (lambda: make_xor(noise=float("nan")), ValueError, "noise"),
        (lambda: make_xor(seed=-1), ValueError, "seed"),
        (lambda: make_xor(seed=1.5), TypeError, "seed"),
        (lambda: make_moons(n_examples=0), ValueError, "n_examples"),
        (lambda: make_moons(noise=-1), ValueError, "noise"),
        (lambda: make_moons(seed="zero"), TypeError, "seed"),
        (lambda: make_spiral(n_classes=1), ValueError, "n_classes"),
        (lambda: make_spiral(n_classes=2.0), TypeError, "n_classes"),
        (lambda: make_spiral(n_examples=3, n_classes=4), ValueError, "n_examples"),
        (lambda: make_spiral(noise=-0.2), ValueError, "noise"),
        (lambda: make_toy_problem("circles"), ValueError, "name"),
        (lambda: make_toy_problem(3), TypeError, "name"),
        (lambda: make_toy_problem("xor", n_examples=1), ValueError, "n_examples"),
        (lambda: make_toy_problem("spiral", noise=-1.0), ValueError, "noise"),
    ],
)
def test_toy_bad_arguments(call, error, argument):
    with pytest.raises(error, match=argument):
        call()


def test_package_data_is_where_expected():
    # The loaders find their files through importlib.resources.
    for name in datasets._MNIST_SHA256:
        assert (MNIST_DIR / name).is_file()
    assert (files("mlcourse") / "data" / "iris" / "iris.csv").is_file()
