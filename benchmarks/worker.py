"""One contender in one process: ``python benchmarks/worker.py --contender ...``.

:mod:`run` starts this script once per measurement, so that NumPy and
PyTorch never share a process (after PyTorch has trained, its idle thread
pool keeps slowing NumPy down). The last line printed is a JSON object with
the per-epoch times and results, read back by :mod:`run`.

Contenders:

* ``mlcourse``: :class:`mlcourse.mlp.NeuralNetMLP` (``--net book``) or
  :class:`mlcourse.mlp.MLP` (``--net modern``), through their ``fit``.
* ``torch``: the same network, algorithm and per-epoch evaluation written in
  plain PyTorch (CPU, float32, ``torch.set_num_threads(--threads)``).
* ``peak``: NumPy's best float32 matrix-product time at every shape that one
  epoch of the network uses (see :mod:`flops`).

The functions are importable, which is how ``tests/test_benchmarks.py``
runs them on a small subset.
"""

from __future__ import annotations

import argparse
import ctypes
import glob
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from flops import Matmul, epoch_matmuls, total_flops  # noqa: E402

#: the two networks of the benchmark; ``eta``/``learning_rate`` are the
#: timing settings (the accuracy runs of run.py may override them)
NETS = {
    "book": {
        "layer_sizes": [784, 100, 10],
        "batch": 100,
        "eta": 0.0005,
        "l2": 0.01,
        "description": "784-100-10 sigmoid, logistic cost summed, L2 0.01, "
        "SGD, batch 100, N(0, 0.1^2) init",
    },
    "modern": {
        "layer_sizes": [784, 256, 128, 10],
        "batch": 128,
        "eta": 0.001,
        "dropout": 0.2,
        "description": "784-256-128-10 ReLU, softmax, Adam 1e-3, batch 128, "
        "dropout 0.2 after hidden layer 1, He init",
    },
}
N_VALID = 5_000


def eval_chunk() -> int:
    from mlcourse.mlp import EVAL_CHUNK

    return EVAL_CHUNK


def matmuls_for(net: str, n_train: int, n_valid: int) -> list[Matmul]:
    spec = NETS[net]
    return epoch_matmuls(
        spec["layer_sizes"],
        n_train,
        n_valid,
        spec["batch"],
        eval_chunk(),
        first_layer_column_major=net == "book",  # NeuralNetMLP's W_h, see flops
    )


# ---------------------------------------------------------------- data
def load_data(n_train: int | None = None, n_valid: int = N_VALID) -> dict:
    """MNIST in [-1, 1], float32: the first ``n_train`` training images (all
    but the last ``n_valid`` by default), the last ``n_valid`` for validation,
    and the 10,000 test images."""
    from mlcourse.datasets import load_mnist, train_valid_split

    X, y = load_mnist("train")
    X_train, y_train, X_valid, y_valid = train_valid_split(X, y, n_valid=n_valid)
    if n_train is not None:
        X_train, y_train = X_train[:n_train], y_train[:n_train]
    X_test, y_test = load_mnist("test")
    return {
        "X_train": X_train,
        "y_train": y_train,
        "X_valid": X_valid,
        "y_valid": y_valid,
        "X_test": X_test,
        "y_test": y_test,
    }


def _subset(data: dict, n: int) -> dict:
    """The first n rows of every array (for quick tests)."""
    return {key: value[:n] for key, value in data.items()}


# ------------------------------------------------------------- mlcourse
def run_mlcourse(
    net: str, data: dict, epochs: int, seed: int = 1, eta: float | None = None
) -> dict:
    """Train with mlcourse's ``fit``; time every epoch through its callback.

    An epoch is what ``fit`` does per epoch: one pass of mini-batch training
    plus the evaluation of the whole training set (cost, accuracy) and of the
    validation set (accuracy).
    """
    from mlcourse.mlp import MLP, NeuralNetMLP

    spec = NETS[net]
    eta = spec["eta"] if eta is None else eta
    stamps = []

    def stamp(model, epoch):
        stamps.append(time.perf_counter())

    fit_data = (data["X_train"], data["y_train"], data["X_valid"], data["y_valid"])
    if net == "book":
        model = NeuralNetMLP(
            n_hidden=spec["layer_sizes"][1],
            l2=spec["l2"],
            epochs=epochs,
            eta=eta,
            shuffle=True,
            minibatch_size=spec["batch"],
            seed=seed,
            progress=False,
        )
        stamps.append(time.perf_counter())
        model.fit(*fit_data, callback=stamp)
        history = {
            "cost": model.eval_["cost"],
            "train_acc": model.eval_["train_acc"],
            "valid_acc": model.eval_["valid_acc"],
        }
    else:
        hidden = len(spec["layer_sizes"]) - 2
        model = MLP(
            spec["layer_sizes"],
            hidden_activation="relu",
            output_activation="softmax",
            dropout=(spec["dropout"],) + (0.0,) * (hidden - 1),
            seed=seed,
            init="he",
        )
        stamps.append(time.perf_counter())
        model.fit(
            *fit_data,
            epochs=epochs,
            minibatch_size=spec["batch"],
            optimizer="adam",
            learning_rate=eta,
            progress=False,
            callback=stamp,
        )
        history = {
            "cost": model.history_["loss"],
            "train_acc": model.history_["train_acc"],
            "valid_acc": model.history_["valid_acc"],
        }
    test_acc = float(np.mean(model.predict(data["X_test"]) == data["y_test"]))
    return {
        "epoch_seconds": list(np.diff(stamps)),
        "history": history,
        "test_acc": test_acc,
        "eta": eta,
    }


# ---------------------------------------------------------------- torch
def build_torch(net: str, eta: float, y_train):
    """PyTorch model, optimizer and costs for ``net`` (weights initialized).

    y_train : int64 tensor of the training labels.
    Returns ``(model, optimizer, batch_loss, eval_cost)`` with
    ``batch_loss(logits, idx)`` the cost of the mini-batch ``idx`` that is
    differentiated and ``eval_cost(logits)`` the cost on the whole training
    set that ``fit`` records (a float).
    """
    import torch
    import torch.nn.functional as F
    from torch import nn

    spec = NETS[net]
    sizes = spec["layer_sizes"]
    if net == "book":
        model = nn.Sequential(
            nn.Linear(sizes[0], sizes[1]), nn.Sigmoid(), nn.Linear(sizes[1], sizes[2])
        )
        weights = [model[0].weight, model[2].weight]
        biases = [model[0].bias, model[2].bias]
        with torch.no_grad():
            for w in weights:
                w.normal_(0.0, 0.1)
            for b in biases:
                b.zero_()
        # weight_decay adds lambda W to the gradient: the L2 term of the cost,
        # on the weights only, as in mlcourse
        opt = torch.optim.SGD(
            [
                {"params": weights, "weight_decay": spec["l2"]},
                {"params": biases, "weight_decay": 0.0},
            ],
            lr=eta,
        )
        Y_train = F.one_hot(y_train, sizes[-1]).to(torch.float32)

        def batch_loss(logits, idx):
            # sigmoid outputs + logistic cost, summed over examples and units
            return F.binary_cross_entropy_with_logits(
                logits, Y_train[idx], reduction="sum"
            )

        def eval_cost(logits):
            cost = F.binary_cross_entropy_with_logits(logits, Y_train, reduction="sum")
            penalty = 0.5 * spec["l2"] * sum(float((w * w).sum()) for w in weights)
            return float(cost) + penalty

    else:
        layers = []
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
            layers.append(nn.Linear(n_in, n_out))
            if i < len(sizes) - 2:
                layers.append(nn.ReLU())
                if i == 0:
                    layers.append(nn.Dropout(spec["dropout"]))
        model = nn.Sequential(*layers)
        with torch.no_grad():
            for layer in model:
                if isinstance(layer, nn.Linear):
                    # He: N(0, 2 / n_in), as mlcourse's init="he"
                    nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
                    layer.bias.zero_()
        opt = torch.optim.Adam(model.parameters(), lr=eta)

        def batch_loss(logits, idx):
            return F.cross_entropy(logits, y_train[idx])

        def eval_cost(logits):
            return float(F.cross_entropy(logits, y_train))

    return model, opt, batch_loss, eval_cost


def run_torch(
    net: str,
    data: dict,
    epochs: int,
    seed: int = 1,
    eta: float | None = None,
    threads: int = 2,
) -> dict:
    """The same training in plain PyTorch on the CPU, float32.

    Book network: SGD with weight decay lambda on the weights only (the
    update is grad + lambda W, as in mlcourse), the logistic cost summed over
    the examples and output units. Modern network: Adam, mean cross-entropy,
    dropout. Both evaluate the whole training set and the validation set after
    every epoch, like mlcourse's ``fit``; that time is part of the epoch.
    """
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    spec = NETS[net]
    eta = spec["eta"] if eta is None else eta
    X_train = torch.from_numpy(np.ascontiguousarray(data["X_train"]))
    y_train = torch.from_numpy(np.asarray(data["y_train"]))
    X_valid = torch.from_numpy(np.ascontiguousarray(data["X_valid"]))
    y_valid = torch.from_numpy(np.asarray(data["y_valid"]))
    model, opt, batch_loss, eval_cost = build_torch(net, eta, y_train)

    generator = torch.Generator().manual_seed(seed)
    batch = spec["batch"]
    n = len(y_train)
    history = {"cost": [], "train_acc": [], "valid_acc": []}
    stamps = [time.perf_counter()]
    for _ in range(epochs):
        model.train()
        order = torch.randperm(n, generator=generator)
        for start in range(0, n, batch):
            idx = order[start : start + batch]
            loss = batch_loss(model(X_train[idx]), idx)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        model.eval()
        with torch.inference_mode():
            logits = model(X_train)
            history["cost"].append(eval_cost(logits))
            history["train_acc"].append(
                float((logits.argmax(1) == y_train).float().mean())
            )
            history["valid_acc"].append(
                float((model(X_valid).argmax(1) == y_valid).float().mean())
            )
        stamps.append(time.perf_counter())
    with torch.inference_mode():
        X_test = torch.from_numpy(np.ascontiguousarray(data["X_test"]))
        pred = model(X_test).argmax(1).numpy()
    return {
        "epoch_seconds": list(np.diff(stamps)),
        "history": history,
        "test_acc": float(np.mean(pred == data["y_test"])),
        "eta": eta,
        "torch_threads": torch.get_num_threads(),
    }


# ----------------------------------------------------------------- peak
def _operands(m: int, k: int, n: int, layout: str, rng) -> tuple:
    """float32 A (m x k), B (k x n) with A or B a transposed view as in layout."""
    f32 = np.float32
    a = rng.standard_normal((k, m) if layout == "TN" else (m, k), dtype=f32)
    b = rng.standard_normal((n, k) if layout == "NT" else (k, n), dtype=f32)
    return (a.T if layout == "TN" else a), (b.T if layout == "NT" else b)


def best_matmul_seconds(
    m: int, k: int, n: int, layout: str, min_time: float = 0.02, repeats: int = 5
) -> float:
    """NumPy's fastest time for one (m x k) @ (k x n) float32 product.

    Tries ``np.dot(a, b, out=c)``, ``np.matmul(a, b, out=c)`` and ``a @ b``
    (which of them reaches BLAS at full speed depends on the layout and the
    NumPy version) and keeps the best of ``repeats`` loops of each, every loop
    lasting about ``min_time`` seconds.
    """
    rng = np.random.default_rng(0)
    a, b = _operands(m, k, n, layout, rng)
    c = np.empty((m, n), dtype=np.float32)
    calls = (
        lambda: np.dot(a, b, out=c),
        lambda: np.matmul(a, b, out=c),
        lambda: a @ b,
    )
    best = float("inf")
    for call in calls:
        call()  # warm up (thread start, page faults)
        t0 = time.perf_counter()
        call()
        once = max(time.perf_counter() - t0, 1e-7)
        number = max(1, int(min_time / once))
        for _ in range(repeats):
            t0 = time.perf_counter()
            for _ in range(number):
                call()
            best = min(best, (time.perf_counter() - t0) / number)
    return best


def measure_peak(products: list[Matmul], min_time: float = 0.02, repeats: int = 5):
    """Per-shape best times and the time one epoch's products would take at them."""
    shapes = []
    epoch_seconds = 0.0
    for p in products:
        seconds = best_matmul_seconds(p.m, p.k, p.n, p.layout, min_time, repeats)
        epoch_seconds += seconds * p.count
        shapes.append(
            {
                "shape": f"({p.m}x{p.k})@({p.k}x{p.n}) {p.layout}",
                "count": p.count,
                "seconds": seconds,
                "gflops": 2 * p.m * p.k * p.n / seconds / 1e9,
            }
        )
    flops = total_flops(products)
    return {
        "epoch_matmul_seconds": epoch_seconds,
        "flops": flops,
        "gflops": flops / epoch_seconds / 1e9,
        "shapes": shapes,
    }


# -------------------------------------------------------- environment
def _openblas(function: str, restype):
    """Call ``openblas_<function>()`` in the OpenBLAS that NumPy bundles, with
    ctypes (what threadpoolctl does); None if there is no such library."""
    here = Path(np.__file__).resolve().parent
    for path in glob.glob(str(here.parent / "numpy.libs" / "*openblas*.so*")):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix in ("scipy_openblas", "openblas"):
            for suffix in ("64_", ""):
                fn = getattr(lib, f"{prefix}_{function}{suffix}", None)
                if fn is not None:
                    fn.restype = restype
                    return fn()
    return None


def blas_info() -> dict:
    """NumPy's BLAS: library, version, kernel (core type) and thread count."""
    info = {
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE"),
    }
    try:
        from threadpoolctl import threadpool_info

        for pool in threadpool_info():
            if pool.get("user_api") == "blas":
                info.update(
                    library=pool.get("internal_api"),
                    version=pool.get("version"),
                    kernel=pool.get("architecture"),
                    threads=pool.get("num_threads"),
                    source="threadpoolctl",
                )
                return info
    except ImportError:
        pass
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        info.update(library=blas.get("name"), version=blas.get("version"))
    except Exception:  # show_config's layout is not a stable API
        pass
    kernel = _openblas("get_corename", ctypes.c_char_p)
    info.update(
        kernel=kernel.decode() if kernel else None,
        threads=_openblas("get_num_threads", ctypes.c_int),
        source="numpy.show_config + ctypes",
    )
    return info


def environment() -> dict:
    import mlcourse

    env = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "mlcourse": mlcourse.__version__,
        "blas": blas_info(),
    }
    if "torch" in sys.modules:
        env["torch"] = sys.modules["torch"].__version__
    return env


def maxrss_mib() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ----------------------------------------------------------------- main
def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contender", choices=("mlcourse", "torch", "peak"))
    parser.add_argument("--net", choices=tuple(NETS), default="book")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--eta", type=float, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--n-train", type=int, default=None)
    args = parser.parse_args(argv)

    if args.contender == "peak":
        n_train = 60_000 - N_VALID if args.n_train is None else args.n_train
        result = measure_peak(matmuls_for(args.net, n_train, N_VALID))
    else:
        data = load_data(args.n_train)
        if args.contender == "mlcourse":
            result = run_mlcourse(args.net, data, args.epochs, args.seed, args.eta)
        else:
            result = run_torch(
                args.net, data, args.epochs, args.seed, args.eta, args.threads
            )
        result["n_train"] = len(data["y_train"])
    result.update(
        contender=args.contender,
        net=args.net,
        epochs=args.epochs,
        seed=args.seed,
        maxrss_mib=maxrss_mib(),
        environment=environment(),
    )
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
