"""mlcourse against PyTorch on the same data, in one run.

    python benchmarks/run.py                  # timing: 5 epochs, ABBA ABBA
    python benchmarks/run.py --accuracy       # + full-length accuracy runs
    python benchmarks/run.py --accuracy --write-readme   # + update README.md

Every measurement runs in its own child process (``worker.py``), NumPy and
PyTorch alternating in ABBA order, and the summary reports medians. See
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
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from flops import total_flops  # noqa: E402
from placement import build_pingpong, has_cpus_0_and_1, round_trip_ns  # noqa: E402
from worker import N_VALID, NETS, ForeignCPU, matmuls_for  # noqa: E402

README = HERE / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
LABELS = {"mlcourse": "mlcourse (NumPy)", "torch": "PyTorch"}

#: full-length settings for the accuracy runs: (eta or learning rate, epochs)
ACCURACY_SETTINGS = {
    ("book", "course"): (0.002, 40),
    ("book", "book"): (0.0005, 200),
    ("modern", "course"): (0.001, 20),
    ("modern", "book"): (0.001, 20),
}

# Targets of the issue "Fast from-scratch training, measured against PyTorch".
TARGET_RATIO = 0.6
TARGET_PEAK = 0.6
TARGET_ACCURACY = 0.975
TARGET_RSS_MIB = 600
#: share of the CPU used by other processes above which a timing is suspect
NOISY = 0.05
#: spread of the epoch times within one run (slowest / fastest - 1, warm-up
#: epoch left out) above which the machine itself was unsteady
UNSTEADY = 0.20


def epoch_spread(epoch_seconds: list[float]) -> float | None:
    """How much the epochs of one run differ: slowest / fastest - 1, without
    the first (warm-up) epoch. The same work every epoch, so on a steady
    machine this stays within a few percent."""
    steady = epoch_seconds[1:]
    if len(steady) < 2:
        return None
    return max(steady) / min(steady) - 1


# ------------------------------------------------------------ children
def run_child(args: list[str], threads: int, timeout: float) -> dict:
    """Run worker.py with ``args`` in a fresh process; return its JSON result."""
    env = dict(os.environ)
    # The thread counts of both libraries; OPENBLAS_CORETYPE and the other
    # OPENBLAS_* settings of the machine are passed on untouched.
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


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def others_cpu_share(seconds: float = 2.0) -> float | None:
    """Share of all cores busy over the next ``seconds`` (this script sleeps
    meanwhile, so the work is other processes')."""
    with ForeignCPU() as foreign:
        time.sleep(seconds)
    return foreign.share


def wait_for_quiet(minutes: float) -> None:
    """Wait (at most ``minutes``) until other processes use < NOISY of the CPU."""
    deadline = time.monotonic() + 60 * minutes
    while time.monotonic() < deadline:
        share = others_cpu_share(5.0)
        if share is None or share < NOISY:
            return
        log(f"other processes use {share:.0%} of the CPU: waiting ...")
    log("still busy: measuring anyway")


# -------------------------------------------------------------- machine
def machine() -> dict:
    info = {
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "os": f"{platform.system()} {platform.release()}",
    }
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        fields = dict(
            line.split(":", 1)
            for line in cpuinfo.split("\n\n")[0].splitlines()
            if ":" in line
        )
        fields = {k.strip(): v.strip() for k, v in fields.items()}
        info["cpu"] = (
            f"{fields.get('model name', '?')} (family {fields.get('cpu family', '?')}, "
            f"model {fields.get('model', '?')})"
        )
        flags = fields.get("flags", "").split()
        info["simd"] = (
            "avx512f"
            if "avx512f" in flags
            else ("avx2" if "avx2" in flags else "older")
        )
    except OSError:
        pass
    return info


# -------------------------------------------------------------- summary
def median(values):
    return statistics.median(values) if values else float("nan")


def summarize(timing: list[dict], peaks: dict, contenders: list[str]) -> dict:
    """Per network and contender: medians, ratios, GFLOP/s, memory, determinism."""
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
            histories = [json.dumps(r["history"]) for r in mine]
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
                "repeatable": (len(set(histories)) == 1) if len(mine) > 1 else None,
            }
        ratio = ratios = None
        if "mlcourse" in per and "torch" in per:
            # pair the runs of the same round
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


SAME = {True: "identical", False: "differ", None: "one run only"}


def _pct(x):
    return "n/a" if x is None else f"{100 * x:.1f}%"


def _yes(ok):
    return "n/a" if ok is None else ("**yes**" if ok else "**no**")


def round_ranges(timing: list[dict]) -> dict[str, list[float]]:
    """Per network and contender with several runs: [fastest, slowest] run,
    each run counted by its median epoch."""
    runs: dict[str, list[float]] = {}
    for r in timing:
        key = f"{r['net']} {LABELS[r['contender']]}"
        runs.setdefault(key, []).append(median(r["epoch_seconds"]))
    return {key: [min(v), max(v)] for key, v in runs.items() if len(v) > 1}


def round_trips(timing: list[dict]) -> dict[str, list[list[float]]]:
    """The CPU round trips (before, after) of every timed run, by contender."""
    trips: dict[str, list[list[float]]] = {}
    for r in timing:
        if r.get("round_trip_ns"):
            key = f"{r['net']} {LABELS[r['contender']]}"
            trips.setdefault(key, []).append(r["round_trip_ns"])
    return trips


def unsteady(meta: dict) -> bool:
    """Epochs within runs, or whole runs, that should take the same time
    but differ by more than UNSTEADY."""
    within = (meta.get("spread_median") or 0) > UNSTEADY
    between = any(
        hi / lo - 1 > UNSTEADY for lo, hi in (meta.get("round_ranges") or {}).values()
    )
    return within or between


def steadiness(meta: dict) -> str:
    """Sentences on noise that /proc/stat cannot see (other virtual machines
    on the same host): epochs of one run, and runs of one contender, that
    should take the same time but do not, and a matmul peak that changed
    between its two measurements."""
    if meta.get("spread_median") is None:
        return "- Steady machine? Not enough epochs per run to tell."
    text = (
        f"- Steady machine? Within one run, the slowest epoch (after the first) "
        f"took {_pct(meta['spread_median'])} longer than the fastest in the median "
        f"run and {_pct(meta['spread_max'])} in the worst."
    )
    ranges = meta.get("round_ranges") or {}
    if ranges:
        text += " From run to run, the median epoch ranged over " + "; ".join(
            f"{key} {lo:.3f}-{hi:.3f} s (+{hi / lo - 1:.0%})"
            for key, (lo, hi) in ranges.items()
        )
        text += "."
    drift = [
        f"{net} {min(v):.3f}-{max(v):.3f} s"
        for net, v in (meta.get("peak_seconds") or {}).items()
        if len(v) > 1
    ]
    if drift:
        text += (
            " The matmul peak, measured before every round and after the last "
            "(the fastest counts): " + "; ".join(drift) + "."
        )
    if unsteady(meta):
        text += (
            f" **Unsteady** (a spread above {UNSTEADY:.0%}): the host's other "
            "guests slowed this one down at random; compare the per-round "
            "numbers, or rerun at another time."
        )
    else:
        text += f" Fine: every spread below {UNSTEADY:.0%}."
    return text


def placement_line(meta: dict) -> str:
    """Where the host ran the two CPUs during each timed run, as the round trip
    of a cache line between CPU 0 and CPU 1 before and after the run."""
    trips = meta.get("round_trips") or {}
    if not trips:
        return (
            "- Placement of the two CPUs: not measured (no C compiler for "
            "`pingpong.c`, or this process may not run on both CPU 0 and CPU 1)."
        )
    runs = "; ".join(
        f"{key} " + ", ".join(f"{a:.0f}/{b:.0f}" for a, b in pairs)
        for key, pairs in trips.items()
    )
    return (
        "- Placement of the two CPUs: round trip of a cache line between CPU 0 "
        "and CPU 1 (`pingpong.c`) before/after each timed run, in ns, round by "
        f"round: {runs}. The host moves the CPUs; far apart (300 ns and more "
        "on the AMD EPYC machine of 2026-12-02) the small products of a "
        "mini-batch pay for every cache line that crosses, and an epoch takes "
        "longer (see the README)."
    )


def report(
    summary: dict,
    accuracy: list[dict],
    meta: dict,
) -> str:
    """The results as Markdown (printed, and written into README.md on request)."""
    env, mach = meta["environment"], meta["machine"]
    blas = env["blas"]
    lines = [
        f"Measured {meta['date']} with `{meta['command']}`.",
        "",
        f"- Machine: {mach['cpu']}, {mach['cores']} cores ({mach.get('simd', '?')}), "
        f"{mach['os']}.",
        f"- Software: Python {env['python']}, NumPy {env['numpy']}, "
        f"{blas.get('library', '?')} {blas.get('version', '?')} "
        f"(kernel **{blas.get('kernel')}**, {blas.get('threads')} threads; "
        f"OPENBLAS_CORETYPE={blas.get('OPENBLAS_CORETYPE')}, "
        f"OPENBLAS_L2_SIZE={blas.get('OPENBLAS_L2_SIZE')}; via {blas.get('source')}), "
        + (
            f"PyTorch {meta['torch_version']} ({meta['threads']} threads), "
            if meta.get("torch_version")
            else "PyTorch not run, "
        )
        + f"mlcourse {env['mlcourse']}.",
        f"- Quiet machine? Other processes (and hypervisor steal) used "
        f"{_pct(meta['foreign_median'])} of the CPU time during the median timed "
        f"run and {_pct(meta['foreign_max'])} during the worst one "
        f"({'fine' if (meta['foreign_max'] or 0) < NOISY else '**noisy: rerun**'}; "
        f"above {NOISY:.0%} the times suffer). Load average (1 min, this "
        f"benchmark's own {meta['threads']} threads included): "
        f"{meta['load_start']:.2f} at the start, {meta['load_max']:.2f} at most.",
        steadiness(meta),
        placement_line(meta),
        f"- Timing: {meta['epochs']} epochs per run, {meta['rounds']} rounds "
        f"(order {meta['order']}), each run in its own process; "
        f"{meta['n_train']:,} training / {N_VALID:,} validation images, float32"
        + (
            "."
            if meta["n_train"] >= 60_000 - N_VALID
            else " (**a subset: a check of the script, not a measurement**)."
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
                ratio = (
                    f"**{s['ratio']:.2f}** ("
                    + ", ".join(f"{r:.2f}" for r in s["round_ratios"])
                    + ")"
                )
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
        peak = s["peak"]
        if peak:
            lines.append(
                f"- {net}: {s['flops'] / 1e9:.1f} GFLOP of matrix products per epoch "
                f"(training + evaluation); NumPy's best float32 times at the same "
                f"shapes add up to {peak['epoch_matmul_seconds']:.3f} s, "
                f"i.e. a peak of {peak['gflops']:.0f} GFLOP/s."
            )
    if accuracy:
        lines += [
            "",
            "Full-length runs (accuracy):",
            "",
            "| network | contender | settings | epochs | test acc. | final valid acc. "
            "| s/epoch (median; one run) | others' CPU share | peak RSS (MiB) |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in accuracy:
            lines.append(
                f"| {r['net']} | {LABELS[r['contender']]} | {r['settings']} | "
                f"{r['epochs']} | {r['test_acc']:.4f} | "
                f"{r['history']['valid_acc'][-1]:.4f} | "
                f"{median(r['epoch_seconds']):.3f} | {_pct(r['foreign_cpu'])} | "
                f"{r['maxrss_mib']:.0f} |"
            )
    lines += ["", "Targets:", "", "| target | measured | met |", "|---|---|---|"]
    # speed verdicts from a busy machine or a subset say little: flag them
    caveat = ""
    if (meta["foreign_max"] or 0) >= NOISY:
        caveat = " (busy machine)"
    elif unsteady(meta):
        caveat = " (unsteady machine)"
    if meta["n_train"] < 60_000 - N_VALID:
        caveat = " (subset only)"
    book = summary.get("book")
    if book:
        ml = book["contenders"].get("mlcourse")
        ratio = book["ratio"]
        lines.append(
            f"| book network, mlcourse time per epoch <= {TARGET_RATIO} x PyTorch's "
            f"| {'n/a' if ratio is None else f'{ratio:.3f} x'} "
            f"| {_yes(None if ratio is None else ratio <= TARGET_RATIO)}{caveat} |"
        )
        if ml:
            frac = ml["peak_fraction"]
            lines.append(
                f"| book network, mlcourse >= {TARGET_PEAK:.0%} of NumPy's float32 "
                f"matmul peak | {_pct(frac)} "
                f"| {_yes(None if frac is None else frac >= TARGET_PEAK)}{caveat} |"
            )
            rss = ml["maxrss_mib"]
            lines.append(
                f"| training on all 60,000 images (55,000 + 5,000, float32) peaks "
                f"below {TARGET_RSS_MIB} MiB RSS (mlcourse process) | {rss:.0f} MiB "
                f"| {_yes(rss < TARGET_RSS_MIB)} |"
            )
    book_acc = [r for r in accuracy if r["net"] == "book"]
    book_acc = [r for r in book_acc if r["contender"] == "mlcourse"]
    for r in book_acc:
        lines.append(
            f"| book network >= {TARGET_ACCURACY:.1%} test accuracy "
            f"({r['settings']}) | {r['test_acc']:.2%} "
            f"| {_yes(r['test_acc'] >= TARGET_ACCURACY)} |"
        )
    if not book_acc:
        lines.append(
            f"| book network >= {TARGET_ACCURACY:.1%} test accuracy | "
            "not measured (run with --accuracy) | n/a |"
        )
    for net, s in summary.items():
        ml = s["contenders"].get("mlcourse")
        if ml:
            others = [
                f"{LABELS[name]}: {SAME[c['repeatable']]}"
                for name, c in s["contenders"].items()
                if name != "mlcourse"
            ]
            lines.append(
                f"| {net} network, mlcourse gives the same results for the same seed "
                f"({meta['rounds']} runs, every per-epoch cost and accuracy compared "
                f"exactly) | {SAME[ml['repeatable']]}"
                + "".join(f" ({o})" for o in others)
                + f" | {_yes(ml['repeatable'])} |"
            )
    return "\n".join(lines) + "\n"


def write_readme(text: str, path: Path = README) -> None:
    """Replace the part of README.md between the two result markers."""
    readme = path.read_text()
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{text}{END}{tail}")


# ----------------------------------------------------------------- main
def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--nets", nargs="+", choices=tuple(NETS), default=list(NETS))
    parser.add_argument("--epochs", type=int, default=5, help="epochs per timing run")
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="timing rounds; the order alternates (AB, BA, AB, ...)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=2,
        help="BLAS threads (NumPy) and torch.set_num_threads",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--n-train",
        type=int,
        default=None,
        help="train on the first N of the 55,000 training images "
        "(a quick check of the script; the numbers then mean little)",
    )
    parser.add_argument("--no-torch", action="store_true", help="mlcourse only")
    parser.add_argument(
        "--accuracy",
        action="store_true",
        help="also train full-length runs and report test accuracy",
    )
    parser.add_argument(
        "--settings",
        choices=("course", "book"),
        default="course",
        help="accuracy run of the book network: 'course' = eta "
        "0.002 for 40 epochs, 'book' = eta 0.0005 for 200 epochs",
    )
    parser.add_argument(
        "--accuracy-epochs",
        type=int,
        default=None,
        help="override the epochs of the accuracy runs",
    )
    parser.add_argument(
        "--write-readme",
        action="store_true",
        help="write the results into benchmarks/README.md",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        help="also save every raw result to this file",
    )
    parser.add_argument(
        "--wait-for-quiet",
        type=float,
        default=0.0,
        metavar="MIN",
        help="wait up to MIN minutes for other processes to leave the CPU "
        "(below 5%% of it) before starting",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=3600.0,
        help="seconds allowed for one child process",
    )
    args = parser.parse_args(argv)

    contenders = ["mlcourse"]
    if not args.no_torch:
        if importlib.util.find_spec("torch") is None:
            log(
                "PyTorch is not installed in this interpreter: mlcourse only "
                "(pip install -e '.[bench]' for the comparison)"
            )
        else:
            contenders.append("torch")
    if args.wait_for_quiet:
        wait_for_quiet(args.wait_for_quiet)
    loads = [os.getloadavg()[0]]
    share = others_cpu_share()
    if share is not None and share >= NOISY:
        log(
            f"warning: other processes use {share:.0%} of the CPU right now: the "
            "times will be noisy (see --wait-for-quiet)"
        )
    subset = [] if args.n_train is None else ["--n-train", args.n_train]

    def child(*a):
        return run_child([str(x) for x in (*a, *subset)], args.threads, args.timeout)

    # NumPy's matmul peak at the shapes of each network, measured before every
    # round and after the last; the fastest counts (noise only slows).
    peaks: dict = {}
    peak_seconds: dict = {}  # every measurement, to see whether the machine drifted

    def measure_peaks():
        for net in args.nets:
            log(f"peak: NumPy float32 matmuls at the {net} network's shapes")
            p = child("--contender", "peak", "--net", net)
            loads.extend([p["loadavg_before"], p["loadavg_after"]])
            peak_seconds.setdefault(net, []).append(p["epoch_matmul_seconds"])
            best = peaks.get(net, p)
            peaks[net] = min(best, p, key=lambda q: q["epoch_matmul_seconds"])

    # The round trip of a cache line between the two CPUs, before and after
    # every timed run, to see where the host ran them (placement.py).
    pingpong_dir = tempfile.TemporaryDirectory()
    pingpong = None
    if has_cpus_0_and_1():
        try:
            pingpong = build_pingpong(pingpong_dir.name)
        except (RuntimeError, subprocess.CalledProcessError) as error:
            log(f"placement not measured: {error}")

    def trip() -> float:
        try:
            return round_trip_ns(pingpong, repeats=1)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            return float("nan")

    timing = []
    order = []
    for rnd in range(args.rounds):
        measure_peaks()
        sequence = contenders if rnd % 2 == 0 else contenders[::-1]
        order.append("".join("A" if c == "mlcourse" else "B" for c in sequence))
        for net in args.nets:
            for contender in sequence:
                before = None if pingpong is None else trip()
                r = child(
                    "--contender",
                    contender,
                    "--net",
                    net,
                    "--epochs",
                    args.epochs,
                    "--seed",
                    args.seed,
                )
                r["round_trip_ns"] = None if pingpong is None else [before, trip()]
                loads.extend([r["loadavg_before"], r["loadavg_after"]])
                where = (
                    ""
                    if r["round_trip_ns"] is None
                    else ", CPU round trip {:.0f}/{:.0f} ns".format(*r["round_trip_ns"])
                )
                log(
                    f"round {rnd + 1}: {net:6s} {contender:8s} "
                    f"{median(r['epoch_seconds']):.3f} s/epoch "
                    f"(epochs: {', '.join(f'{s:.3f}' for s in r['epoch_seconds'])}) "
                    f"{r['maxrss_mib']:.0f} MiB, others used "
                    f"{_pct(r['foreign_cpu'])} of the CPU{where}"
                )
                timing.append(r)
    measure_peaks()
    pingpong_dir.cleanup()

    accuracy = []
    if args.accuracy:
        for net in args.nets:
            eta, epochs = ACCURACY_SETTINGS[(net, args.settings)]
            epochs = args.accuracy_epochs or epochs
            for contender in contenders:
                log(f"accuracy: {net} {contender}, {epochs} epochs at {eta} ...")
                r = child(
                    "--contender",
                    contender,
                    "--net",
                    net,
                    "--epochs",
                    epochs,
                    "--seed",
                    args.seed,
                    "--eta",
                    eta,
                )
                loads.extend([r["loadavg_before"], r["loadavg_after"]])
                r["settings"] = (
                    f"{args.settings}: eta {eta}" if net == "book" else f"Adam {eta}"
                )
                log(f"  test accuracy {r['test_acc']:.4f}")
                accuracy.append(r)
    loads.append(os.getloadavg()[0])

    foreign = [r["foreign_cpu"] for r in timing if r["foreign_cpu"] is not None]
    spreads = [epoch_spread(r["epoch_seconds"]) for r in timing]
    spreads = [x for x in spreads if x is not None]
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
        "foreign_median": median(foreign) if foreign else None,
        "foreign_max": max(foreign) if foreign else None,
        "load_start": loads[0],
        "load_max": max(loads),
        "round_ranges": round_ranges(timing),
        "spread_median": median(spreads) if spreads else None,
        "spread_max": max(spreads) if spreads else None,
        "peak_seconds": peak_seconds,
        "round_trips": round_trips(timing),
    }
    summary = summarize(timing, peaks, contenders)
    text = report(summary, accuracy, meta)
    print(text)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "meta": meta,
                    "summary": summary,
                    "timing": timing,
                    "accuracy": accuracy,
                    "peaks": peaks,
                },
                indent=1,
            )
        )
    if args.write_readme:
        write_readme(text)
        log(f"wrote the results into {README}")


if __name__ == "__main__":
    main()
