"""mlcourse against PyTorch on the same data, in one run.

    python benchmarks/run.py                  # timing: 5 epochs, 4 rounds
    python benchmarks/run.py --accuracy       # + full-length accuracy runs
    python benchmarks/run.py --write-readme   # + put the table into README.md

Every measurement runs in its own child process (``worker.py``), mlcourse and
PyTorch alternating (AB, BA, AB, ...), and the table reports medians. See
``benchmarks/README.md`` for what is measured and how to read the table.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from flops import total_flops  # noqa: E402
from worker import N_VALID, NETS, matmuls_for  # noqa: E402

README = HERE / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
LABELS = {"mlcourse": "mlcourse (NumPy)", "torch": "PyTorch"}

#: full-length settings of the accuracy runs: (eta or learning rate, epochs)
ACCURACY_SETTINGS = {
    ("book", "course"): (0.002, 40),
    ("book", "book"): (0.0005, 200),
    ("modern", "course"): (0.001, 20),
    ("modern", "book"): (0.001, 20),
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_child(args: list[str], threads: int, timeout: float) -> dict:
    """Run worker.py with ``args`` in a fresh process; return its JSON result."""
    env = dict(os.environ)
    # The thread counts of both libraries; the machine's other OPENBLAS_*
    # settings are passed on untouched.
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    env["OMP_NUM_THREADS"] = str(threads)
    cmd = [sys.executable, str(HERE / "worker.py"), *args, "--threads", str(threads)]
    proc = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"worker failed ({proc.returncode}): {' '.join(cmd)}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> str:
    """The CPU model and its widest vector instructions, from /proc/cpuinfo."""
    name = platform.processor() or platform.machine()
    try:
        first_cpu = Path("/proc/cpuinfo").read_text().split("\n\n")[0]
    except OSError:
        return f"{name}, {os.cpu_count()} cores"
    fields = {}
    for line in first_cpu.splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            fields[key.strip()] = value.strip()
    flags = fields.get("flags", "").split()
    simd = "avx512f" if "avx512f" in flags else "avx2" if "avx2" in flags else "older"
    return f"{fields.get('model name', name)}, {os.cpu_count()} cores ({simd})"


# -------------------------------------------------------------- summary
def median(values):
    return statistics.median(values) if values else float("nan")


def summarize(timing: list[dict], peaks: dict, contenders: list[str]) -> dict:
    """Per network and contender: medians, ratios, GFLOP/s, memory, determinism.

    A run's time per epoch is the median of its epochs; a contender's time is
    the median over its runs; the ratio is the median of the per-round ratios
    mlcourse / PyTorch (both ran in the same round, so under similar load).
    """
    summary = {}
    for net in NETS:
        runs = [r for r in timing if r["net"] == net]
        if not runs:
            continue
        flops = total_flops(matmuls_for(net, runs[0]["n_train"], N_VALID))
        peak = peaks.get(net)
        per = {}
        for contender in contenders:
            mine = [r for r in runs if r["contender"] == contender]
            if not mine:
                continue
            round_medians = [median(r["epoch_seconds"]) for r in mine]
            seconds = median(round_medians)
            histories = {json.dumps(r["history"]) for r in mine}
            per[contender] = {
                "seconds": seconds,
                "round_medians": round_medians,
                "gflops": flops / seconds / 1e9,
                "peak_fraction": (
                    peak["epoch_matmul_seconds"] / seconds if peak else None
                ),
                "maxrss_mib": max(r["maxrss_mib"] for r in mine),
                "test_acc": [r["test_acc"] for r in mine],
                "epochs": mine[0]["epochs"],
                "repeatable": len(histories) == 1 if len(mine) > 1 else None,
            }
        ratio = ratios = None
        if "mlcourse" in per and "torch" in per:
            ml = per["mlcourse"]["round_medians"]
            pt = per["torch"]["round_medians"]
            ratios = [a / b for a, b in zip(ml, pt, strict=True)]
            ratio = median(ratios)
        summary[net] = {
            "flops": flops,
            "peak": peak,
            "contenders": per,
            "ratio": ratio,
            "round_ratios": ratios,
        }
    return summary


SAME = {True: "identical", False: "**differ**", None: "one run only"}


def _pct(x):
    return "n/a" if x is None else f"{100 * x:.1f}%"


def report(summary: dict, accuracy: list[dict], meta: dict) -> str:
    """The results as Markdown (printed, and written into README.md on request)."""
    env = meta["environment"]
    blas = env["blas"]
    torch = meta.get("torch_version")
    subset = meta["n_train"] < 60_000 - N_VALID
    lines = [
        f"Measured {meta['date']} with `{meta['command']}` on {meta['machine']}: "
        f"Python {env['python']}, NumPy {env['numpy']} "
        f"({blas.get('library', '?')} {blas.get('version', '?')}, "
        f"kernel {blas.get('kernel')}, {blas.get('threads')} threads), "
        + (f"PyTorch {torch} ({meta['threads']} threads), " if torch else "")
        + f"mlcourse {env['mlcourse']}. "
        f"{meta['epochs']} epochs per run, {meta['rounds']} rounds "
        f"({meta['order']}), each run in its own process; "
        f"{meta['n_train']:,} training / {N_VALID:,} validation images, float32"
        + (
            " (**a subset: a check of the script, not a measurement**)."
            if subset
            else "."
        ),
        "",
        "| network | contender | s/epoch (median) | per round | mlcourse / PyTorch "
        "| GFLOP/s | of NumPy f32 matmul peak | peak RSS (MiB) "
        "| test acc. after the timing epochs |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for net, s in summary.items():
        for contender, c in s["contenders"].items():
            ratio = ""
            if contender == "mlcourse" and s["ratio"] is not None:
                per_round = ", ".join(f"{r:.2f}" for r in s["round_ratios"])
                ratio = f"**{s['ratio']:.2f}** ({per_round})"
            lines.append(
                f"| {net} | {LABELS[contender]} | {c['seconds']:.3f} | "
                + ", ".join(f"{x:.3f}" for x in c["round_medians"])
                + f" | {ratio} | {c['gflops']:.0f} | {_pct(c['peak_fraction'])} | "
                f"{c['maxrss_mib']:.0f} | "
                + ", ".join(f"{a:.4f}" for a in sorted(set(c["test_acc"])))
                + f" ({c['epochs']} ep.) |"
            )
    lines.append("")
    for net, s in summary.items():
        same = ", ".join(
            f"{LABELS[name]} {SAME[c['repeatable']]}"
            for name, c in s["contenders"].items()
        )
        text = f"- {net}: {s['flops'] / 1e9:.1f} GFLOP of matrix products per epoch. "
        if s["peak"]:
            text += (
                "NumPy's best float32 times at the same shapes add up to "
                f"{s['peak']['epoch_matmul_seconds']:.3f} s. "
            )
        lines.append(text + f"Per-epoch results of the rounds, same seed: {same}.")
    if accuracy:
        lines += [
            "",
            "| network | contender | settings | epochs | test acc. "
            "| final valid acc. | s/epoch (median) |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in accuracy:
            lines.append(
                f"| {r['net']} | {LABELS[r['contender']]} | {r['settings']} | "
                f"{r['epochs']} | {r['test_acc']:.4f} | "
                f"{r['history']['valid_acc'][-1]:.4f} | "
                f"{median(r['epoch_seconds']):.3f} |"
            )
    return "\n".join(lines) + "\n"


def write_readme(text: str, path: Path = README) -> None:
    """Replace the part of README.md between the two result markers."""
    readme = path.read_text()
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{text}{END}{tail}")


# ----------------------------------------------------------------- main
def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add = parser.add_argument
    add("--nets", nargs="+", choices=tuple(NETS), default=list(NETS))
    add("--epochs", type=int, default=5, help="epochs per timing run")
    add("--rounds", type=int, default=4, help="timing rounds (AB, BA, AB, ...)")
    add("--threads", type=int, default=2, help="BLAS and PyTorch threads")
    add("--seed", type=int, default=1)
    add(
        "--n-train",
        type=int,
        default=None,
        help="train on the first N of the 55,000 training images "
        "(a quick check of the script; the times then mean little)",
    )
    add("--no-torch", action="store_true", help="mlcourse only")
    add("--accuracy", action="store_true", help="also train full-length runs")
    add(
        "--settings",
        choices=("course", "book"),
        default="course",
        help="book network's accuracy run: 'course' = eta 0.002 for 40 epochs, "
        "'book' = eta 0.0005 for 200 epochs",
    )
    add("--accuracy-epochs", type=int, default=None, help="override their epochs")
    add("--write-readme", action="store_true", help="update benchmarks/README.md")
    add("--json", type=Path, default=None, help="save every raw result here")
    add("--timeout", type=float, default=3600.0, help="seconds for one child")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    contenders = ["mlcourse"]
    if not args.no_torch:
        if importlib.util.find_spec("torch") is None:
            log(
                "PyTorch is not installed in this interpreter: mlcourse only "
                "(pip install -e '.[bench]' for the comparison)"
            )
        else:
            contenders.append("torch")
    subset = [] if args.n_train is None else ["--n-train", args.n_train]

    def child(*a):
        return run_child([str(x) for x in (*a, *subset)], args.threads, args.timeout)

    # NumPy's matmul peak at each network's shapes, measured before every
    # round and after the last; the fastest counts (noise only slows down).
    peaks: dict = {}

    def measure_peaks():
        for net in args.nets:
            log(f"peak: NumPy float32 matmuls at the {net} network's shapes")
            p = child("--contender", "peak", "--net", net)
            if (
                net not in peaks
                or p["epoch_matmul_seconds"] < peaks[net]["epoch_matmul_seconds"]
            ):
                peaks[net] = p

    timing, order = [], []
    for rnd in range(args.rounds):
        measure_peaks()
        sequence = contenders if rnd % 2 == 0 else contenders[::-1]
        order.append("".join("A" if c == "mlcourse" else "B" for c in sequence))
        for net in args.nets:
            for contender in sequence:
                r = child(
                    *("--contender", contender, "--net", net),
                    *("--epochs", args.epochs, "--seed", args.seed),
                )
                epochs = ", ".join(f"{s:.3f}" for s in r["epoch_seconds"])
                log(
                    f"round {rnd + 1}: {net:6s} {contender:8s} "
                    f"{median(r['epoch_seconds']):.3f} s/epoch (epochs: {epochs}), "
                    f"{r['maxrss_mib']:.0f} MiB"
                )
                timing.append(r)
    measure_peaks()

    accuracy = []
    if args.accuracy:
        for net in args.nets:
            eta, epochs = ACCURACY_SETTINGS[(net, args.settings)]
            epochs = args.accuracy_epochs or epochs
            for contender in contenders:
                log(f"accuracy: {net} {contender}, {epochs} epochs at {eta} ...")
                r = child(
                    *("--contender", contender, "--net", net, "--epochs", epochs),
                    *("--seed", args.seed, "--eta", eta),
                )
                r["settings"] = (
                    f"{args.settings}: eta {eta}" if net == "book" else f"Adam {eta}"
                )
                log(f"  test accuracy {r['test_acc']:.4f}")
                accuracy.append(r)

    torch_runs = [r for r in timing + accuracy if r["contender"] == "torch"]
    meta = {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "command": " ".join(["python benchmarks/run.py", *(argv or sys.argv[1:])]),
        "machine": machine(),
        "environment": timing[0]["environment"],
        "torch_version": torch_runs[0]["environment"]["torch"] if torch_runs else None,
        "threads": args.threads,
        "epochs": args.epochs,
        "rounds": args.rounds,
        "order": " ".join(order) if len(contenders) > 1 else "mlcourse only",
        "n_train": timing[0]["n_train"],
    }
    summary = summarize(timing, peaks, contenders)
    text = report(summary, accuracy, meta)
    print(text)
    if args.json:
        raw = {"meta": meta, "summary": summary, "timing": timing}
        args.json.write_text(json.dumps({**raw, "accuracy": accuracy}, indent=1))
    if args.write_readme:
        write_readme(text)
        log(f"wrote the results into {README}")


if __name__ == "__main__":
    main()
