"""How long each chapter takes to run, for planning a class session.

    python scripts/time_notebooks.py                  # solutions/, all cores
    python scripts/time_notebooks.py --one-cpu        # 1 CPU, one BLAS thread
    python scripts/time_notebooks.py notebooks/03_cost_functions.ipynb

Executes every notebook in a fresh kernel, top to bottom, as *Run All* does,
and prints a Markdown table: seconds per notebook and the kernel's peak
resident memory. Nothing is written back to the notebooks.

``--one-cpu`` pins the kernel to one CPU (``taskset``-style, with
``os.sched_setaffinity``) and sets ``OMP_NUM_THREADS`` and
``OPENBLAS_NUM_THREADS`` to 1 before NumPy loads: roughly a small Binder
session or a busy laptop.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]

#: run first in the kernel: pin it to one CPU (before NumPy starts its threads)
ONE_CPU_SETUP = "import os\nos.sched_setaffinity(0, {min(os.sched_getaffinity(0))})\n"

#: run last in the kernel: its peak resident memory, in MiB (Linux: ru_maxrss in KiB)
PEAK_MEMORY = (
    "import resource\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
)


def run_notebook(path: Path, *, one_cpu: bool = False, timeout: int = 1200):
    """Execute ``path`` in a fresh kernel; return (seconds, peak MiB).

    The notebook's own cells are timed; the extra cells that pin the CPU and
    read the memory are added around them and excluded from the time.
    """
    nb = nbformat.read(path, as_version=4)
    cells = list(nb.cells)
    if one_cpu:
        cells.insert(0, nbformat.v4.new_code_cell(ONE_CPU_SETUP))
    cells.append(nbformat.v4.new_code_cell(PEAK_MEMORY))
    nb.cells = cells
    env = dict(os.environ)
    if one_cpu:
        env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    seconds = 0.0
    with client.setup_kernel(env=env):
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            start = time.perf_counter()
            client.execute_cell(cell, index)
            if cell is not cells[-1] and not (one_cpu and index == 0):
                seconds += time.perf_counter() - start
    peak = float(nb.cells[-1].outputs[0]["text"].strip())
    return seconds, peak


def table(rows: list[tuple[str, float, float]], heading: str) -> str:
    """A Markdown table of (notebook, seconds, peak MiB) with a total row."""
    lines = [
        f"| notebook ({heading}) | seconds | kernel peak (MiB) |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {sec:.0f} | {mib:.0f} |" for name, sec, mib in rows]
    total = sum(sec for _, sec, _ in rows)
    lines.append(f"| **total** | **{total:.0f}** | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="notebooks to run (default: every solutions/*.ipynb)",
    )
    parser.add_argument(
        "--one-cpu", action="store_true", help="1 CPU and one BLAS thread"
    )
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "solutions").glob("[0-9]*.ipynb"))
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    heading = "1 CPU, 1 BLAS thread" if args.one_cpu else f"{os.cpu_count()} cores"
    rows = []
    for path in paths:
        seconds, peak = run_notebook(path, one_cpu=args.one_cpu)
        print(f"{path.name}: {seconds:.1f} s, {peak:.0f} MiB", file=sys.stderr)
        rows.append((path.name, seconds, peak))
    print(table(rows, heading))
    return 0


if __name__ == "__main__":
    sys.exit(main())
