"""Saving and loading trained networks as ``.npz`` files, without pickle.

A file holds one array per parameter (``W1``, ``b1``, ... for an
:class:`~mlcourse.mlp.MLP`; ``W_h``, ``b_h``, ``W_out``, ``b_out`` for a
:class:`~mlcourse.mlp.NeuralNetMLP`) and a JSON string ``__config__`` with
what is needed to rebuild the network. Loading uses ``allow_pickle=False``,
so a file can never run code, and checks that every expected array is
present with the expected shape.
"""

from __future__ import annotations

import json
import os
import zipfile

import numpy as np

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


def save_weights(model, path: str | os.PathLike, *, compress: bool = True) -> None:
    """Write a trained network's parameters and configuration to ``path``."""
    config = _config(model)  # checks the type first
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file name, got {type(path).__name__}")
    config["format_version"] = FORMAT_VERSION
    arrays = {k: np.asarray(v) for k, v in model.params.items()}
    arrays["__config__"] = np.array(json.dumps(config, sort_keys=True))
    # Through an open file: given a name, np.savez would append ".npz" to it
    # when missing, and load_weights(path) would then not find the file.
    with open(path, "wb") as file:
        (np.savez_compressed if compress else np.savez)(file, **arrays)


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
    match. Returns the network. Raises ``ValueError`` naming the file and
    the array when an array is missing, extra, or of the wrong shape.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file name, got {type(path).__name__}")
    unreadable = (ValueError, OSError, zipfile.BadZipFile, EOFError)
    try:
        data = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise
    except unreadable as exc:
        raise ValueError(f"{path}: not a readable .npz weights file ({exc})") from None
    if not isinstance(data, np.lib.npyio.NpzFile):  # a .npy file: one bare array
        raise ValueError(f"{path}: not a .npz weights file (it holds a single array)")
    arrays = {}
    with data:
        for name in data.files:
            try:
                arrays[name] = data[name]
            except unreadable as exc:  # e.g. an object array (needs pickle)
                raise ValueError(
                    f"{path}: array {name} cannot be read ({exc})"
                ) from None
    if "__config__" not in arrays:
        raise ValueError(
            f"{path}: missing the __config__ entry (not saved by save_weights?)"
        )
    try:
        config = json.loads(str(arrays.pop("__config__")))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: __config__ is not valid JSON ({exc})") from None
    if model is None:
        model = _build(config, path)
    elif not isinstance(model, (MLP, NeuralNetMLP)):
        raise TypeError(
            f"model must be an MLP or a NeuralNetMLP, got {type(model).__name__}"
        )
    elif isinstance(model, NeuralNetMLP) and not hasattr(model, "W_h"):
        model.initialize(config.get("n_features", 0), config.get("n_classes", 0))
    expected = model.params
    missing = sorted(set(expected) - set(arrays))
    extra = sorted(set(arrays) - set(expected))
    if missing:
        raise ValueError(f"{path}: missing array(s) {', '.join(missing)}")
    if extra:
        raise ValueError(f"{path}: unexpected array(s) {', '.join(extra)}")
    for name, target in expected.items():
        value = arrays[name]
        if value.shape != target.shape:
            raise ValueError(
                f"{path}: array {name} has shape {value.shape}, expected {target.shape}"
            )
        if not np.issubdtype(value.dtype, np.floating) or not np.all(
            np.isfinite(value)
        ):
            raise ValueError(
                f"{path}: array {name} must hold finite floating-point numbers"
            )
    for name, target in expected.items():
        target[...] = arrays[name]
    return model


#: the network shipped with the package (made by scripts/make_pretrained.py)
PRETRAINED_FILE = "mnist_mlp.npz"


def load_pretrained():
    """The course's pretrained MNIST network (an :class:`~mlcourse.mlp.MLP`).

    Trained by ``scripts/make_pretrained.py`` with the recipe of
    :mod:`mlcourse.recipes` on the 60,000 training images scaled to [-1, 1]
    (``load_mnist()``'s default); it expects inputs scaled the same way.
    """
    from importlib.resources import as_file, files

    resource = files("mlcourse") / "data" / "pretrained" / PRETRAINED_FILE
    with as_file(resource) as path:
        return load_weights(path)
