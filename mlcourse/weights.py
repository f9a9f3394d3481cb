"""Saving and loading trained networks as ``.npz`` files, without pickle.

A file holds one array per parameter (``W1``, ``b1``, ... for an
:class:`~mlcourse.mlp.MLP`; ``W_h``, ``b_h``, ``W_out``, ``b_out`` for a
:class:`~mlcourse.mlp.NeuralNetMLP`) and a JSON string ``__config__`` with
what is needed to rebuild the network. Loading uses ``allow_pickle=False``,
so a file can never run code, and checks that every expected array is
present with the expected shape.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from ._validation import check_bool
from .mlp import MLP, NeuralNetMLP

FORMAT_VERSION = 1


def _config(model) -> dict:
    if isinstance(model, MLP):
        return {
            "class": "MLP",
            "layer_sizes": model.layer_sizes,
            "hidden_activation": model.hidden_activation,
            "output_activation": model.output_activation,
            "l2": model.l2,
            "dropout": model.dropout,
            "dtype": model.dtype.name,
        }
    if isinstance(model, NeuralNetMLP):
        return {
            "class": "NeuralNetMLP",
            "n_hidden": model.n_hidden,
            "l2": model.l2,
            "epochs": model.epochs,
            "eta": model.eta,
            "minibatch_size": model.minibatch_size,
            "dtype": model.dtype.name,
            "n_features": int(model.W_h.shape[1]),
            "n_classes": int(model.W_out.shape[0]),
        }
    raise TypeError(
        f"model must be an MLP or a NeuralNetMLP, got {type(model).__name__}"
    )


def _check_savable(model) -> dict:
    """The configuration of ``model``, after checking it can be saved."""
    if isinstance(model, NeuralNetMLP) and not hasattr(model, "W_h"):
        raise ValueError(
            "model is not trained yet: call fit (or initialize) before saving it"
        )
    config = _config(model)
    for name, value in model.params.items():
        value = np.asarray(value)
        if not np.issubdtype(value.dtype, np.floating):
            raise ValueError(
                f"model parameter {name} must hold floating-point numbers, "
                f"got {value.dtype}"
            )
        if not np.all(np.isfinite(value)):
            raise ValueError(
                f"model parameter {name} contains NaN or infinite values "
                "(did training diverge?); refusing to save it"
            )
    return config


def save_weights(model, path: str | os.PathLike, *, compress: bool = True) -> None:
    """Write a trained network's parameters and configuration to ``path``.

    The file is written next to ``path`` under a temporary name and then
    renamed over it (``os.replace``), so a save that fails half-way leaves
    any previous file at ``path`` as it was.
    """
    config = _check_savable(model)  # checks the type first
    compress = check_bool(compress, "compress")
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file name, got {type(path).__name__}")
    config["format_version"] = FORMAT_VERSION
    arrays = {k: np.asarray(v) for k, v in model.params.items()}
    arrays["__config__"] = np.array(json.dumps(config, sort_keys=True))
    target = Path(path)
    fd, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        # Through an open file: given a name, np.savez would append ".npz"
        with os.fdopen(fd, "wb") as file:
            (np.savez_compressed if compress else np.savez)(file, **arrays)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------
# Loading: headers first, data last
# ---------------------------------------------------------------------------

#: the largest network a weights file may declare (parameters, all layers);
#: the pretrained network has 535,818 and chapter 5's 79,510
MAX_PARAMETERS = 50_000_000
#: the largest __config__ entry, in bytes (a real one is under 1 KB)
MAX_CONFIG_BYTES = 65_536
_UNREADABLE = (ValueError, OSError, zipfile.BadZipFile, EOFError)


def _npy_header(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path):
    """(shape, dtype) of one .npy entry, read from its header alone."""
    try:
        with archive.open(info) as stream:
            version = np.lib.format.read_magic(stream)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(stream)
            elif version == (2, 0):
                shape, _, dtype = np.lib.format.read_array_header_2_0(stream)
            else:
                raise ValueError(f"unsupported .npy version {version}")
    except _UNREADABLE as exc:
        raise ValueError(
            f"{path}: entry {info.filename} is not a readable array ({exc})"
        ) from None
    return shape, dtype


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path) -> np.ndarray:
    try:
        with archive.open(info) as stream:
            return np.lib.format.read_array(stream, allow_pickle=False)
    except _UNREADABLE as exc:
        raise ValueError(
            f"{path}: entry {info.filename} cannot be read ({exc})"
        ) from None


def _expected_shapes(config: dict, path) -> dict[str, tuple[int, ...]]:
    """Parameter name -> shape, from the configuration alone (nothing built)."""

    def size(value, what: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(
                f"{path}: the stored configuration is invalid ({what} must be a "
                f"positive whole number, got {value!r})"
            )
        return value

    kind = config.get("class")
    if kind == "MLP":
        sizes = config.get("layer_sizes")
        if not isinstance(sizes, list) or len(sizes) < 2:
            raise ValueError(
                f"{path}: the stored configuration is invalid (layer_sizes must "
                f"be a list of at least 2 sizes, got {sizes!r})"
            )
        sizes = [size(n, "every layer size") for n in sizes]
        shapes = {}
        for k in range(1, len(sizes)):
            shapes[f"W{k}"] = (sizes[k], sizes[k - 1])
            shapes[f"b{k}"] = (sizes[k],)
    elif kind == "NeuralNetMLP":
        d = size(config.get("n_hidden"), "n_hidden")
        m = size(config.get("n_features"), "n_features")
        t = size(config.get("n_classes"), "n_classes")
        shapes = {"W_h": (d, m), "b_h": (d,), "W_out": (t, d), "b_out": (t,)}
    else:
        raise ValueError(f"{path}: unknown network class {kind!r}")
    n_parameters = sum(math.prod(shape) for shape in shapes.values())
    if n_parameters > MAX_PARAMETERS:
        raise ValueError(
            f"{path}: the stored configuration declares {n_parameters:,} "
            f"parameters, more than the {MAX_PARAMETERS:,} a weights file may "
            "hold (mlcourse.weights.MAX_PARAMETERS)"
        )
    return shapes


def _read_config(archive: zipfile.ZipFile, entries: dict, path) -> dict:
    info = entries.get("__config__")
    if info is None:
        raise ValueError(
            f"{path}: missing the __config__ entry (not saved by save_weights?)"
        )
    shape, dtype = _npy_header(archive, info, path)
    if shape != () or dtype.kind != "U" or info.file_size > MAX_CONFIG_BYTES:
        raise ValueError(f"{path}: __config__ must be one short string")
    try:
        config = json.loads(str(_read_entry(archive, info, path)))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: __config__ is not valid JSON ({exc})") from None
    if not isinstance(config, dict):
        raise ValueError(f"{path}: __config__ must be a JSON object")
    version = config.get("format_version")
    if version != FORMAT_VERSION:
        raise ValueError(
            f"{path}: format_version {version!r} is not one this mlcourse reads "
            f"(it writes and reads version {FORMAT_VERSION}); save the network "
            "again with this version, or upgrade mlcourse"
        )
    return config


def _build(config: dict, path) -> MLP | NeuralNetMLP:
    try:
        if config["class"] == "MLP":
            return MLP(
                config["layer_sizes"],
                config["hidden_activation"],
                config["output_activation"],
                l2=config["l2"],
                dropout=config["dropout"],
                dtype=config["dtype"],
            )
        if config["class"] == "NeuralNetMLP":
            model = NeuralNetMLP(
                n_hidden=config["n_hidden"],
                l2=config["l2"],
                epochs=config["epochs"],
                eta=config["eta"],
                minibatch_size=config["minibatch_size"],
                dtype=config["dtype"],
            )
            model.initialize(config["n_features"], config["n_classes"])
            return model
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(
            f"{path}: the stored configuration is invalid ({exc})"
        ) from None
    raise ValueError(f"{path}: unknown network class {config.get('class')!r}")


def load_weights(path: str | os.PathLike, model=None):
    """Load a network saved by :func:`save_weights`.

    With ``model=None`` a new network is built from the stored configuration;
    otherwise the arrays are copied into ``model``, whose architecture must
    match. Returns the network.

    Nothing large is read before it is known to be expected: first the
    configuration (a short string), then every entry's ``.npy`` header
    (name, shape, dtype), which must match the configuration, and which may
    declare at most :data:`MAX_PARAMETERS` numbers; only then is a network
    built and the data decompressed. Every error is a ``ValueError`` naming
    the file (and the array, where one is to blame).
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file name, got {type(path).__name__}")
    if model is not None and not isinstance(model, (MLP, NeuralNetMLP)):
        raise TypeError(
            f"model must be an MLP or a NeuralNetMLP, got {type(model).__name__}"
        )
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such weights file")
    with open(path, "rb") as file:
        if file.read(6) == b"\x93NUMPY":
            raise ValueError(
                f"{path}: not a .npz weights file (it holds a single array)"
            )
    try:
        archive = zipfile.ZipFile(path)
    except _UNREADABLE as exc:
        raise ValueError(f"{path}: not a readable .npz weights file ({exc})") from None
    with archive:
        entries = {}
        for info in archive.infolist():
            if not info.filename.endswith(".npy"):
                raise ValueError(
                    f"{path}: unexpected entry {info.filename} (a weights file "
                    "holds only .npy arrays)"
                )
            entries[info.filename.removesuffix(".npy")] = info
        config = _read_config(archive, entries, path)
        shapes = _expected_shapes(config, path)
        names = set(entries) - {"__config__"}
        missing, extra = sorted(set(shapes) - names), sorted(names - set(shapes))
        if missing:
            raise ValueError(f"{path}: missing array(s) {', '.join(missing)}")
        if extra:
            raise ValueError(f"{path}: unexpected array(s) {', '.join(extra)}")
        for name, shape in shapes.items():
            stored_shape, dtype = _npy_header(archive, entries[name], path)
            if dtype.kind != "f":
                raise ValueError(
                    f"{path}: array {name} must hold floating-point numbers, "
                    f"got {dtype}"
                )
            if stored_shape != shape:
                raise ValueError(
                    f"{path}: array {name} has shape {stored_shape}, expected {shape}"
                )
            if entries[name].file_size > math.prod(shape) * dtype.itemsize + 4096:
                raise ValueError(
                    f"{path}: entry {name} is larger than its header declares"
                )
        if model is None:
            model = _build(config, path)
        elif isinstance(model, NeuralNetMLP) and not hasattr(model, "W_h"):
            model.initialize(config["n_features"], config["n_classes"])
        expected = model.params
        missing = sorted(set(expected) - set(shapes))
        extra = sorted(set(shapes) - set(expected))
        if missing:
            raise ValueError(f"{path}: missing array(s) {', '.join(missing)}")
        if extra:
            raise ValueError(f"{path}: unexpected array(s) {', '.join(extra)}")
        for name, target in expected.items():
            if target.shape != shapes[name]:
                raise ValueError(
                    f"{path}: array {name} has shape {shapes.get(name)}, "
                    f"expected {target.shape} for this model"
                )
        for name, target in expected.items():
            value = _read_entry(archive, entries[name], path)
            with np.errstate(over="ignore"):
                cast = value.astype(target.dtype)
            if not np.all(np.isfinite(cast)):
                overflow = np.all(np.isfinite(value))
                raise ValueError(
                    f"{path}: array {name} "
                    + (
                        f"holds values too large for {target.dtype} (they "
                        "overflow to infinity)"
                        if overflow
                        else "contains NaN or infinite values"
                    )
                )
            target[...] = cast
    return model


#: the network shipped with the package (made by scripts/make_pretrained.py)
PRETRAINED_FILE = "mnist_mlp.npz"
#: its sha256 (a changed or swapped file is refused)
PRETRAINED_SHA256 = "5421875e2db64b68b2b54c323b7962df33681cdc4c596e6897216186a2b61bc8"


def load_pretrained():
    """The course's pretrained MNIST network (an :class:`~mlcourse.mlp.MLP`).

    Trained by ``scripts/make_pretrained.py`` with the recipe of
    :mod:`mlcourse.recipes` on the 60,000 training images scaled to [-1, 1]
    (``load_mnist()``'s default); it expects inputs scaled the same way.
    The file is checked against its SHA-256 sum before it is read.
    """
    from importlib.resources import as_file, files

    resource = files("mlcourse") / "data" / "pretrained" / PRETRAINED_FILE
    digest = hashlib.sha256(resource.read_bytes()).hexdigest()
    if digest != PRETRAINED_SHA256:
        raise ValueError(
            f"{PRETRAINED_FILE}: the bundled pretrained network is corrupt or "
            f"was replaced (sha256 {digest}, expected {PRETRAINED_SHA256}); "
            "reinstall mlcourse"
        )
    with as_file(resource) as path:
        return load_weights(path)
