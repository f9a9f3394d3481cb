"""Datasets for the course: MNIST, Iris and small 2-D toy problems.

Everything here works offline. MNIST and Iris ship inside the package (in
``mlcourse/data``) and the toy problems are generated from a seed.

The IDX file format (how MNIST is stored)
-----------------------------------------
An IDX file is a tiny header followed by the raw numbers of one array. All
header fields are *big-endian* (most significant byte first)::

    bytes 0-1   always 0
    byte  2     element type: 0x08 uint8, 0x09 int8, 0x0B int16,
                0x0C int32, 0x0D float32, 0x0E float64
    byte  3     number of dimensions, ndim
    next 4*ndim bytes: the size of each dimension, one unsigned 32-bit int each
    the rest    the elements, row-major (the last index changes fastest);
                multi-byte types are big-endian too

The MNIST training images, for example, start with the bytes
``00 00 08 03 | 00 00 EA 60 | 00 00 00 1C | 00 00 00 1C``: type uint8,
3 dimensions, shape (60000, 28, 28). With the (decompressed) file contents in
a ``bytes`` object ``raw``, reading it by hand takes four lines::

    magic, n_images = struct.unpack(">II", raw[:8])  # ">" means big-endian
    n_rows, n_cols = struct.unpack(">II", raw[8:16])
    images = np.frombuffer(raw, dtype=np.uint8, offset=16)
    images = images.reshape(n_images, n_rows, n_cols)

Here ``magic`` is ``0x00000803``: the two zero bytes, the type code 0x08 and
the 3 dimensions packed into one number. :func:`read_idx` does the same for
any element type, and checks the header against the file before trusting it:
a damaged file raises ``ValueError`` instead of returning garbage.

The MNIST files are gzip-compressed. :func:`read_idx` recognises gzip data by
its first two bytes (``1f 8b``) rather than by the file name.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import math
import os
import struct
import zlib
from collections.abc import Callable
from importlib.resources import files
from typing import BinaryIO

import numpy as np

from mlcourse._validation import (
    check_bool,
    check_choice,
    check_float,
    check_float_dtype,
    check_int,
    check_same_length,
    check_seed,
)

__all__ = [
    "TOY_PROBLEMS",
    "load_iris",
    "load_mnist",
    "make_moons",
    "make_spiral",
    "make_toy_problem",
    "make_xor",
    "read_idx",
    "train_valid_split",
]

# ---------------------------------------------------------------------------
# IDX reader
# ---------------------------------------------------------------------------

#: IDX type code -> big-endian NumPy dtype of the stored elements.
_IDX_TYPES: dict[int, np.dtype] = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}

_GZIP_MAGIC = b"\x1f\x8b"

#: the largest array read_idx accepts, in bytes (MNIST's training images are
#: 47 MB); a header declaring more is refused before any data is read
MAX_IDX_BYTES = 1 << 28  # 256 MiB
#: deflate (gzip) cannot expand data by more than about 1032:1
_GZIP_MAX_RATIO = 1032

# Decompressed data is read in pieces of this size, so that memory grows with
# the data actually present and never with the size a header merely claims.
_CHUNK_BYTES = 1 << 22


def _read_at_most(stream: BinaryIO, limit: int) -> bytearray:
    """Read from ``stream`` until ``limit`` bytes or the end, whichever is first.

    ``stream.read(limit)`` is not safe when ``limit`` comes from an unchecked
    header: some readers (gzip among them) reserve ``limit`` bytes up front.
    Reading in bounded chunks only ever holds data that really exists.
    """
    buffer = bytearray()
    while len(buffer) < limit:
        chunk = stream.read(min(_CHUNK_BYTES, limit - len(buffer)))
        if not chunk:
            break
        buffer += chunk
    return buffer


def _parse_idx(stream: BinaryIO, name: str, max_bytes: int) -> np.ndarray:
    """Parse uncompressed IDX data from ``stream``; ``name`` is used in errors.

    A header that declares more than ``max_bytes`` of data is refused before
    the data is read.
    """
    header = _read_at_most(stream, 4)
    if len(header) < 4:
        raise ValueError(
            f"{name}: truncated header, expected 4 bytes, the file has {len(header)}"
        )
    zeros, type_code, ndim = struct.unpack(">HBB", header)
    if zeros != 0:
        raise ValueError(
            f"{name}: not an IDX file, the first two bytes must be zero "
            f"(bad magic number 0x{bytes(header).hex()})"
        )
    if type_code not in _IDX_TYPES:
        raise ValueError(
            f"{name}: unknown element type code 0x{type_code:02X}; known codes are "
            + ", ".join(f"0x{code:02X}" for code in _IDX_TYPES)
        )
    if ndim == 0:
        raise ValueError(f"{name}: the header declares 0 dimensions (need at least 1)")

    dims_bytes = _read_at_most(stream, 4 * ndim)
    if len(dims_bytes) < 4 * ndim:
        raise ValueError(
            f"{name}: truncated header, {ndim} dimension sizes need {4 * ndim} "
            f"bytes after the magic number, the file has {len(dims_bytes)}"
        )
    shape = struct.unpack(f">{ndim}I", dims_bytes)

    stored_dtype = _IDX_TYPES[type_code]
    # Python integers never overflow, so this is exact even for absurd headers.
    expected = math.prod(shape) * stored_dtype.itemsize
    if expected > max_bytes:
        raise ValueError(
            f"{name}: the header declares shape {shape} of {stored_dtype.name} "
            f"({expected:,} bytes), more than this file can hold or than "
            f"read_idx accepts ({max_bytes:,} bytes; see MAX_IDX_BYTES)"
        )
    # Ask for one byte more than needed: getting it means there are extra bytes.
    data = _read_at_most(stream, expected + 1)
    if len(data) < expected:
        raise ValueError(
            f"{name}: truncated data, the header promises shape {shape} of "
            f"{stored_dtype.name} ({expected} bytes) but only {len(data)} bytes follow"
        )
    if len(data) > expected:
        raise ValueError(
            f"{name}: trailing bytes after the data, the header promises shape "
            f"{shape} of {stored_dtype.name} ({expected} bytes) but more follow"
        )

    array = np.frombuffer(data, dtype=stored_dtype)
    if stored_dtype.itemsize > 1:
        # Convert big-endian numbers to the machine's own byte order.
        array = array.astype(stored_dtype.newbyteorder("="))
    try:
        return array.reshape(shape)
    except ValueError as exc:  # e.g. more dimensions than NumPy supports
        raise ValueError(
            f"{name}: cannot build an array with {ndim} dimensions ({exc})"
        ) from None


def _read_idx_stream(stream: BinaryIO, name: str) -> np.ndarray:
    """Read IDX data from a seekable binary stream, decompressing gzip if needed."""
    size = stream.seek(0, os.SEEK_END)
    stream.seek(0)
    is_gzip = stream.read(2) == _GZIP_MAGIC
    stream.seek(0)
    if not is_gzip:
        return _parse_idx(stream, name, MAX_IDX_BYTES)  # reads only what exists
    # what the compressed size allows: deflate expands at most ~1032:1
    limit = min(size * _GZIP_MAX_RATIO, MAX_IDX_BYTES)
    try:
        with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
            return _parse_idx(unzipped, name, limit)
    except (EOFError, OSError, zlib.error) as exc:
        reason = str(exc) or type(exc).__name__
        raise ValueError(
            f"{name}: corrupt or truncated gzip stream ({reason})"
        ) from None


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read an IDX file (raw or gzip-compressed) into a NumPy array.

    Parameters
    ----------
    path : str or os.PathLike
        The file to read. Gzip compression is detected from the content.

    Returns
    -------
    array : shape and dtype given by the file's header
        For example ``(60000, 28, 28)`` uint8 for the MNIST training images and
        ``(60000,)`` uint8 for their labels. Multi-byte types come back in the
        machine's native byte order.

    Raises
    ------
    TypeError
        If ``path`` is not a path.
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file is not valid IDX data (the message names the file and the
        problem): bad magic number, unknown type code, zero dimensions,
        truncated header or data, trailing bytes, a broken gzip stream, or a
        header that declares more data than the file can hold (for a gzip
        file, about 1032 times its size) or than :data:`MAX_IDX_BYTES`.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            f"path must be a file path (str or os.PathLike), got {type(path).__name__}"
        )
    with open(path, "rb") as stream:
        return _read_idx_stream(stream, os.fsdecode(path))


# ---------------------------------------------------------------------------
# MNIST
# ---------------------------------------------------------------------------

_MNIST_FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}

#: sha256 of each bundled (compressed) MNIST file.
_MNIST_SHA256 = {
    "train-images-idx3-ubyte.gz": (
        "0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971"
    ),
    "train-labels-idx1-ubyte.gz": (
        "1787548bbe0bff1ec2ecdc0ef292b02df999e2d1a6002d27500982c652b17203"
    ),
    "t10k-images-idx3-ubyte.gz": (
        "1a1a05eab793c14bb050b398624a11b0ffd1a2953baed553b1b9bd079e2a20be"
    ),
    "t10k-labels-idx1-ubyte.gz": (
        "b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b"
    ),
}

# File name -> read-only uint8 array, filled the first time a file is needed.
_MNIST_CACHE: dict[str, np.ndarray] = {}

_MNIST_SCALES = ("minus_one_one", "zero_one", "none")


def _mnist_raw(filename: str) -> np.ndarray:
    """The uint8 contents of one bundled MNIST file (cached, read-only)."""
    if filename not in _MNIST_CACHE:
        resource = files("mlcourse") / "data" / "mnist" / filename
        compressed = resource.read_bytes()
        digest = hashlib.sha256(compressed).hexdigest()
        if digest != _MNIST_SHA256[filename]:
            raise ValueError(
                f"{filename}: the bundled MNIST file is corrupt (sha256 {digest}, "
                f"expected {_MNIST_SHA256[filename]}); reinstall mlcourse"
            )
        array = _read_idx_stream(io.BytesIO(compressed), filename)
        if array.dtype != np.uint8:
            raise ValueError(f"{filename}: expected uint8 data, got {array.dtype}")
        array.flags.writeable = False
        _MNIST_CACHE[filename] = array
    return _MNIST_CACHE[filename]


def load_mnist(
    kind: str = "train",
    *,
    scale: str = "minus_one_one",
    dtype=np.float32,
    flatten: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Load the bundled MNIST handwritten digits.

    Parameters
    ----------
    kind : "train" or "test"
        The 60,000 training images or the 10,000 test images.
    scale : "minus_one_one", "zero_one" or "none"
        How pixel values 0..255 are mapped: ``"minus_one_one"`` (the default)
        gives ``pixel / 255 * 2 - 1`` in [-1, 1], ``"zero_one"`` gives
        ``pixel / 255`` in [0, 1], ``"none"`` keeps the raw uint8 values.
    dtype : np.float32 or np.float64
        Floating type of ``X``. Ignored (but still checked) for ``scale="none"``,
        which always returns uint8.
    flatten : bool
        If True each image is one row of 784 pixels, otherwise a 28 x 28 grid.

    Returns
    -------
    X : (n_examples, 784), or (n_examples, 28, 28) if ``flatten`` is False
        The images, n_examples = 60000 (train) or 10000 (test).
    y : (n_examples,) int64
        The digit shown in each image, 0 to 9.

    Notes
    -----
    The files are checked against known sha256 sums and decompressed once per
    Python session; later calls reuse the cached pixels and take a fraction of
    a second. Each call returns new arrays, so changing them is safe.
    """
    kind = check_choice(kind, "kind", _MNIST_FILES)
    scale = check_choice(scale, "scale", _MNIST_SCALES)
    dtype = check_float_dtype(dtype)
    flatten = check_bool(flatten, "flatten")

    images_file, labels_file = _MNIST_FILES[kind]
    images = _mnist_raw(images_file)  # (n_examples, 28, 28) uint8, read-only
    labels = _mnist_raw(labels_file)  # (n_examples,) uint8, read-only
    if flatten:
        images = images.reshape(len(images), -1)  # a view, no copy

    if scale == "none":
        X = images.copy()
    else:
        # uint8 -> dtype directly (no float64 detour for float32), then scale
        # in place. Division is correctly rounded, so the ends of the range
        # come out exact: 255 / 255 = 1 and 255 / 127.5 - 1 = 1.
        X = images.astype(dtype)
        if scale == "zero_one":
            X /= dtype.type(255)
        else:  # "minus_one_one": pixel / 255 * 2 - 1
            X /= dtype.type(127.5)
            X -= 1
    y = labels.astype(np.int64)
    return X, y


def train_valid_split(
    X, y, n_valid: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hold out the last ``n_valid`` examples as a validation set.

    No shuffling: with MNIST and ``n_valid=5000`` this gives the classic split
    of the first 55,000 training images for training and the last 5,000 for
    validation.

    Parameters
    ----------
    X : (n_examples, ...)
        Inputs, one example per row (any number of further dimensions).
    y : (n_examples, ...)
        Targets, one per example.
    n_valid : int
        Size of the validation set, 1 <= n_valid < n_examples.

    Returns
    -------
    X_train : (n_examples - n_valid, ...)
    y_train : (n_examples - n_valid, ...)
    X_valid : (n_valid, ...)
    y_valid : (n_valid, ...)
        Slices (views) of ``X`` and ``y``, no data is copied.
    """
    for value, name in ((X, "X"), (y, "y")):
        if isinstance(value, (str, bytes)) or value is None:
            raise TypeError(f"{name} must be an array, got {type(value).__name__}")
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim == 0:
        raise ValueError("X must have at least 1 dimension (one row per example)")
    if y.ndim == 0:
        raise ValueError("y must have at least 1 dimension (one entry per example)")
    check_same_length(X, "X", y, "y")
    n_valid = check_int(n_valid, "n_valid", minimum=1)
    n_examples = len(X)
    if n_valid >= n_examples:
        raise ValueError(
            f"n_valid must be smaller than the number of examples ({n_examples}) "
            f"so that some are left for training, got {n_valid}"
        )
    n_train = n_examples - n_valid
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


# ---------------------------------------------------------------------------
# Iris
# ---------------------------------------------------------------------------

#: sha256 of the bundled iris.csv
_IRIS_SHA256 = "d32f10723d055c863a7e257d933706ec4fb6e9ec60e9567f68e377bbc6ca9da9"
_IRIS_COLUMNS = [
    "sepal_length_cm",
    "sepal_width_cm",
    "petal_length_cm",
    "petal_width_cm",
    "species",
]
_IRIS_CLASSES = ["setosa", "versicolor", "virginica"]


def load_iris() -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    """Load Fisher's Iris flowers: 150 flowers, 4 measurements, 3 species.

    Returns
    -------
    X : (150, 4) float64
        Sepal length, sepal width, petal length and petal width in cm.
    y : (150,) int64
        Species index: 0 setosa, 1 versicolor, 2 virginica (50 of each).
    feature_names : list of 4 str
        ``["sepal length (cm)", "sepal width (cm)", ...]``, one per column of X.
    class_names : list of 3 str
        ``["setosa", "versicolor", "virginica"]``, indexed by y.
    """
    filename = "iris.csv"
    resource = files("mlcourse") / "data" / "iris" / filename
    content = resource.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    if digest != _IRIS_SHA256:
        raise ValueError(
            f"{filename}: the bundled Iris file is corrupt or was changed (sha256 "
            f"{digest}, expected {_IRIS_SHA256}); reinstall mlcourse"
        )
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))

    if not rows or rows[0] != _IRIS_COLUMNS:
        raise ValueError(f"{filename}: unexpected header {rows[:1]}")
    features: list[list[float]] = []
    labels: list[int] = []
    for line_number, row in enumerate(rows[1:], start=2):
        if not row:  # tolerate blank lines
            continue
        if len(row) != len(_IRIS_COLUMNS) or row[-1] not in _IRIS_CLASSES:
            raise ValueError(f"{filename}, line {line_number}: bad row {row}")
        try:
            features.append([float(value) for value in row[:-1]])
        except ValueError:
            raise ValueError(
                f"{filename}, line {line_number}: non-numeric measurement in {row}"
            ) from None
        labels.append(_IRIS_CLASSES.index(row[-1]))

    X = np.array(features, dtype=np.float64)
    y = np.array(labels, dtype=np.int64)
    # "sepal_length_cm" -> "sepal length (cm)"
    feature_names = [
        column.removesuffix("_cm").replace("_", " ") + " (cm)"
        for column in _IRIS_COLUMNS[:-1]
    ]
    return X, y, feature_names, list(_IRIS_CLASSES)


# ---------------------------------------------------------------------------
# 2-D toy problems
# ---------------------------------------------------------------------------


def _check_toy_arguments(
    n_examples, noise, seed, n_classes: int
) -> tuple[int, float, int | None]:
    n_examples = check_int(n_examples, "n_examples", minimum=n_classes)
    noise = check_float(noise, "noise", non_negative=True)
    seed = check_seed(seed, "seed")
    return n_examples, noise, seed


def _class_sizes(n_examples: int, n_classes: int) -> list[int]:
    """Split n_examples into n_classes sizes that differ by at most one."""
    base, extra = divmod(n_examples, n_classes)
    return [base + (k < extra) for k in range(n_classes)]


def _shuffled(
    rng: np.random.Generator, X: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Shuffle the rows of X (n, 2) and y (n,) together, so classes are mixed."""
    order = rng.permutation(len(y))
    return X[order], y[order]


def make_xor(
    n_examples: int = 200, noise: float = 0.1, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The XOR problem: the class is 1 when exactly one coordinate is negative.

    Points fall in the four quadrants of the square [-1, 1] x [-1, 1]; class 0
    fills the top-right and bottom-left quadrants, class 1 the other two. No
    single straight line separates the classes.

    Parameters
    ----------
    n_examples : int
        Number of points, at least 2. The two classes differ in size by at most 1.
    noise : float
        Standard deviation of Gaussian noise added to every coordinate.
    seed : int or None
        Seed for ``np.random.default_rng``; the same seed gives the same data.

    Returns
    -------
    X : (n_examples, 2) float64
    y : (n_examples,) int64, values 0 and 1
    """
    n_examples, noise, seed = _check_toy_arguments(n_examples, noise, seed, 2)
    rng = np.random.default_rng(seed)

    y = np.repeat([0, 1], _class_sizes(n_examples, 2))
    # The sign of the first coordinate is random; the second one has the same
    # sign for class 0 and the opposite sign for class 1.
    sign_x0 = rng.choice([-1.0, 1.0], size=n_examples)
    sign_x1 = np.where(y == 0, sign_x0, -sign_x0)
    distance = rng.uniform(0.0, 1.0, size=(n_examples, 2))  # from each axis
    X = np.column_stack([sign_x0, sign_x1]) * distance
    X += noise * rng.standard_normal((n_examples, 2))
    return _shuffled(rng, X, y.astype(np.int64))


def make_moons(
    n_examples: int = 200, noise: float = 0.1, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two interlocking half circles ("moons").

    Class 0 lies on the upper half of the unit circle around (0, 0); class 1
    on the lower half of the unit circle around (1, 0.5), so each moon reaches
    into the hollow of the other.

    Parameters
    ----------
    n_examples : int
        Number of points, at least 2. The two classes differ in size by at most 1.
    noise : float
        Standard deviation of Gaussian noise added to every coordinate.
    seed : int or None
        Seed for ``np.random.default_rng``; the same seed gives the same data.

    Returns
    -------
    X : (n_examples, 2) float64
    y : (n_examples,) int64, values 0 and 1
    """
    n_examples, noise, seed = _check_toy_arguments(n_examples, noise, seed, 2)
    rng = np.random.default_rng(seed)

    y = np.repeat([0, 1], _class_sizes(n_examples, 2))
    angle = rng.uniform(0.0, np.pi, size=n_examples)  # position along the arc
    upper = np.column_stack([np.cos(angle), np.sin(angle)])
    lower = np.column_stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)])
    X = np.where((y == 0)[:, None], upper, lower)
    X += noise * rng.standard_normal((n_examples, 2))
    return _shuffled(rng, X, y.astype(np.int64))


def make_spiral(
    n_examples: int = 300, n_classes: int = 3, noise: float = 0.2, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Spiral arms winding out from the origin, one arm per class.

    Each arm makes one full turn while its radius grows from 0 to 1; the arms
    start at evenly spaced angles, so they interleave.

    Parameters
    ----------
    n_examples : int
        Number of points, at least ``n_classes``. Class sizes differ by at most 1.
    n_classes : int
        Number of arms (classes), at least 2.
    noise : float
        Standard deviation of Gaussian noise added to each point's angle, in
        radians (so points farther out are displaced more).
    seed : int or None
        Seed for ``np.random.default_rng``; the same seed gives the same data.

    Returns
    -------
    X : (n_examples, 2) float64
    y : (n_examples,) int64, values 0 to n_classes - 1
    """
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    n_examples, noise, seed = _check_toy_arguments(n_examples, noise, seed, n_classes)
    rng = np.random.default_rng(seed)

    parts_X, parts_y = [], []
    for k, size in enumerate(_class_sizes(n_examples, n_classes)):
        radius = (np.arange(size) + 0.5) / size  # evenly spaced in (0, 1)
        start = 2 * np.pi * k / n_classes
        angle = start + 2 * np.pi * radius + noise * rng.standard_normal(size)
        parts_X.append(
            radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
        )
        parts_y.append(np.full(size, k, dtype=np.int64))
    return _shuffled(rng, np.concatenate(parts_X), np.concatenate(parts_y))


#: Name -> generator, for the backpropagation playground.
TOY_PROBLEMS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "xor": make_xor,
    "moons": make_moons,
    "spiral": make_spiral,
}


def make_toy_problem(
    name: str,
    n_examples: int | None = None,
    noise: float | None = None,
    seed: int | None = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Generate the toy problem called ``name`` ("xor", "moons" or "spiral").

    ``n_examples`` and ``noise`` left as None take the generator's defaults.

    Returns
    -------
    X : (n_examples, 2) float64
    y : (n_examples,) int64
    """
    name = check_choice(name, "name", TOY_PROBLEMS)
    options: dict[str, object] = {"seed": seed}
    if n_examples is not None:
        options["n_examples"] = n_examples
    if noise is not None:
        options["noise"] = noise
    return TOY_PROBLEMS[name](**options)
