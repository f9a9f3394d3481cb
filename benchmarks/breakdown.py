"""Where one epoch of the book network goes: ``python benchmarks/breakdown.py``.

Runs :class:`mlcourse.mlp.NeuralNetMLP`'s epoch (training pass plus the
evaluation that ``fit`` does after it) with a clock around each group of
lines, for a few epochs, and prints the minimum and the median time of each
part over the epochs. The minimum shows what the code costs on a steady
machine; a median far above it means other guests of the host were busy.
NumPy's BLAS uses as many threads as ``OPENBLAS_NUM_THREADS`` says (all
cores by default); ``run.py`` uses 2:
``OPENBLAS_NUM_THREADS=2 python benchmarks/breakdown.py``.

The timed loop below is a copy of ``NeuralNetMLP._train_one_epoch`` with
``perf_counter`` calls between the groups of lines (the clock itself costs
well under 1% here). ``tests/test_benchmarks.py`` checks that the copy
computes exactly the same weights as the original, so the two cannot drift
apart unnoticed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from time import perf_counter

import numpy as np

PARTS = (
    "gather the shuffled rows X[idx]",
    "forward product X W_h^T (100x784 @ 784x100)",
    "bias + sigmoid, hidden layer",
    "output layer, output error, delta_out W_out (small products)",
    "sigmoid derivative",
    "weight-gradient products (784x100 @ 100x100 and 10x100 @ 100x100)",
    "weight decay",
    "weight updates",
    "bias updates",
    "evaluation: product X W_h^T (55,000 + 5,000 rows)",
    "evaluation: bias + sigmoid, hidden layer",
    "evaluation: output layer",
    "evaluation: cost and accuracies",
)
MATMUL_PARTS = {1, 5, 9}


def timed_epoch(net, X, y, X_valid, y_valid, times: np.ndarray) -> None:
    """One epoch of ``net.fit``, adding each part's seconds to ``times``."""
    from mlcourse import activations as act
    from mlcourse.mlp import EVAL_CHUNK, minibatches
    from mlcourse.mlp._shared import _accuracy

    clock = perf_counter
    W_h, b_h, W_out, b_out = net.W_h, net.b_h, net.W_out, net.b_out
    eta, decay = net.eta, 1.0 - net.eta * net.l2
    size = net.minibatch_size
    n_hidden, n_features = W_h.shape
    A_h = np.empty((size, n_hidden), dtype=net.dtype)
    A_out = np.empty((size, W_out.shape[0]), dtype=net.dtype)
    delta_h = np.empty_like(A_h)
    dW_h_T = np.empty((n_features, n_hidden), dtype=net.dtype)
    dW_out = np.empty_like(W_out)
    ones = np.ones(size, dtype=net.dtype)
    rows = np.arange(size)
    rng = net._rng if net.shuffle else None
    for idx in minibatches(len(y), size, rng):
        n = len(idx)
        t0 = clock()
        Xb, a_h, a_out, d_h = X[idx], A_h[:n], A_out[:n], delta_h[:n]
        t1 = clock()
        np.dot(Xb, W_h.T, out=a_h)
        t2 = clock()
        a_h += b_h
        act.FORWARD["sigmoid"](a_h, out=a_h)
        t3 = clock()
        np.dot(a_h, W_out.T, out=a_out)
        a_out += b_out
        act.FORWARD["sigmoid"](a_out, out=a_out)
        delta_out = a_out
        delta_out[rows[:n], y[idx]] -= 1
        delta_out *= eta
        np.dot(delta_out, W_out, out=d_h)
        t4 = clock()
        act.DERIVATIVES["sigmoid"](a_h, d_h)
        t5 = clock()
        np.dot(delta_out.T, a_h, out=dW_out)
        np.dot(Xb.T, d_h, out=dW_h_T)
        t6 = clock()
        if decay != 1.0:
            W_h *= decay
            W_out *= decay
        t7 = clock()
        W_h -= dW_h_T.T
        W_out -= dW_out
        t8 = clock()
        b_h -= np.dot(ones[:n], d_h)
        b_out -= np.dot(ones[:n], delta_out)
        t9 = clock()
        stamps = (t0, t1, t2, t3, t4, t5, t6, t7, t8, t9)
        for part in range(9):
            times[part] += stamps[part + 1] - stamps[part]

    # the evaluation of fit: NeuralNetMLP._output on both sets, cost, accuracies
    outputs = []
    for data in (X, X_valid):
        out = np.empty((data.shape[0], W_out.shape[0]), dtype=net.dtype)
        hidden = np.empty((min(EVAL_CHUNK, data.shape[0]), n_hidden), net.dtype)
        for start in range(0, data.shape[0], EVAL_CHUNK):
            chunk = slice(start, start + EVAL_CHUNK)
            t0 = clock()
            a = hidden[: len(out[chunk])]
            np.dot(data[chunk], W_h.T, out=a)
            t1 = clock()
            a += b_h
            act.FORWARD["sigmoid"](a, out=a)
            t2 = clock()
            o = np.dot(a, W_out.T, out=out[chunk])
            o += b_out
            act.FORWARD["sigmoid"](o, out=o)
            t3 = clock()
            times[9] += t1 - t0
            times[10] += t2 - t1
            times[11] += t3 - t2
        outputs.append(out)
    t0 = clock()
    net._cost(outputs[0], y)
    _accuracy(outputs[0].argmax(axis=1), y)
    _accuracy(outputs[1].argmax(axis=1), y_valid)
    times[12] += clock() - t0


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=7)
    args = parser.parse_args(argv)
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "all cores")
    from mlcourse.datasets import load_mnist, train_valid_split
    from mlcourse.mlp import NeuralNetMLP

    X, y = load_mnist("train")
    X_train, y_train, X_valid, y_valid = train_valid_split(X, y, n_valid=5_000)
    net = NeuralNetMLP(n_hidden=100, l2=0.01, eta=0.0005, minibatch_size=100, seed=1)
    net.initialize(X_train.shape[1], 10)
    per_epoch, totals = [], []
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(args.epochs):
            times = np.zeros(len(PARTS))
            start = perf_counter()
            timed_epoch(net, X_train, y_train, X_valid, y_valid, times)
            totals.append(perf_counter() - start)
            per_epoch.append(times)
    table = np.array(per_epoch)[1:] * 1e3  # the first epoch warms up
    totals_ms = np.array(totals[1:]) * 1e3
    print(f"book network, BLAS threads: {threads}, {len(table)} epochs timed")
    print(f"{'part of an epoch':68s} {'min ms':>7s} {'median':>7s}")
    for part, name in enumerate(PARTS):
        mark = "*" if part in MATMUL_PARTS else " "
        column = table[:, part]
        print(f"{mark}{name:67s} {column.min():7.1f} {np.median(column):7.1f}")
    matmul = table[:, sorted(MATMUL_PARTS)].sum(axis=1)
    print(f" {'whole epoch':67s} {totals_ms.min():7.1f} {np.median(totals_ms):7.1f}")
    print(
        f" {'  of which the parts marked * (matrix products)':67s} "
        f"{matmul.min():7.1f} {statistics.median(matmul):7.1f}"
    )


if __name__ == "__main__":
    sys.exit(main())
