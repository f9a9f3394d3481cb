"""Does the book network's epoch time follow where the host puts our CPUs?

    python benchmarks/placement.py            # 20 epochs, about 15 s
    python benchmarks/placement.py --epochs 40

A cloud host runs the two virtual CPUs of this machine on physical cores of
its choosing and moves them while we run. With two BLAS threads, every
mini-batch moves data between the two cores: the worker thread reads the
rows that the main thread has just gathered and the weights it has just
updated, and the main thread reads the half of each product the worker
wrote. How much that costs depends on how far apart the two cores are.

This script trains the book network (the benchmark's settings, 2 BLAS
threads unless ``OPENBLAS_NUM_THREADS`` says otherwise) and, after every
epoch, measures the round trip of a cache line between CPU 0 and CPU 1 with
``pingpong.c`` (compiled here with the C compiler ``cc``). It prints each
epoch's time next to the round trip, then the median epoch time for each
kind of placement: "near" (round trip below ``--near-ns``) and "far".

The round trip is sampled after each epoch, not during it, so an epoch in
which the host moved the CPUs lands in either group; the medians still show
the difference.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter

HERE = Path(__file__).resolve().parent


def build_pingpong(directory: str) -> Path:
    """Compile ``pingpong.c`` into ``directory`` and return the program's path."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        raise RuntimeError("placement.py needs a C compiler (cc or gcc) for pingpong.c")
    program = Path(directory) / "pingpong"
    subprocess.run(
        [compiler, "-O2", "-pthread", str(HERE / "pingpong.c"), "-o", str(program)],
        check=True,
    )
    return program


def has_cpus_0_and_1() -> bool:
    """True if this process may run on both CPU 0 and CPU 1."""
    try:
        return {0, 1} <= os.sched_getaffinity(0)
    except AttributeError:  # not Linux
        return False


def round_trip_ns(program: Path, repeats: int = 2, round_trips: int = 200_000) -> float:
    """Best of ``repeats`` measurements of the CPU 0 <-> CPU 1 round trip (ns)."""
    results = []
    for _ in range(repeats):
        command = [str(program), str(round_trips)]
        out = subprocess.run(
            command, capture_output=True, text=True, check=True, timeout=60
        )
        results.append(float(out.stdout))
    return min(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument(
        "--near-ns",
        type=float,
        default=200.0,
        help="round trips below this count as near (on the AMD EPYC machine of "
        "2026-12-02 they took about 60-80, 100-160 or 310-380 ns)",
    )
    parser.add_argument("--n-train", type=int, default=55_000)
    args = parser.parse_args(argv)
    if not has_cpus_0_and_1():
        print("placement.py needs to run on CPU 0 and CPU 1")
        return 1

    from mlcourse.datasets import load_mnist, train_valid_split
    from mlcourse.mlp import NeuralNetMLP

    X, y = load_mnist("train")
    X_train, y_train, X_valid, y_valid = train_valid_split(X, y, n_valid=5_000)
    X_train, y_train = X_train[: args.n_train], y_train[: args.n_train]

    with tempfile.TemporaryDirectory() as tmp:
        program = build_pingpong(tmp)
        rows: list[tuple[int, float, float]] = []
        clock = [perf_counter()]

        def after_epoch(net: NeuralNetMLP, epoch: int) -> None:
            seconds = perf_counter() - clock[0]
            ns = round_trip_ns(program)
            rows.append((epoch, seconds, ns))
            print(f"epoch {epoch:3d}  {seconds:6.3f} s   round trip {ns:6.1f} ns")
            clock[0] = perf_counter()  # the measurement is not part of the epoch

        net = NeuralNetMLP(
            n_hidden=100,
            l2=0.01,
            epochs=args.epochs,
            eta=0.0005,
            minibatch_size=100,
            seed=1,
            progress=False,
        )
        net.fit(X_train, y_train, X_valid, y_valid, callback=after_epoch)

    later = rows[1:]  # the first epoch includes warming up
    near = [seconds for _, seconds, ns in later if ns < args.near_ns]
    far = [seconds for _, seconds, ns in later if ns >= args.near_ns]
    for label, times in (
        (f"near (round trip < {args.near_ns:.0f} ns)", near),
        (f"far  (round trip >= {args.near_ns:.0f} ns)", far),
    ):
        if times:
            median = statistics.median(times)
            print(f"{label}: {len(times):3d} epochs, median {median:.3f} s")
        else:
            print(f"{label}: no epoch")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")  # before NumPy is imported
    sys.exit(main())
