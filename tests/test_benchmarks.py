"""Quick checks of benchmarks/ so that the benchmark script cannot rot unseen.

The real benchmark takes minutes; here the same code paths run on a couple
of thousand images for one epoch. The PyTorch parts are skipped when torch
is not installed (it is an optional dependency: ``pip install -e ".[bench]"``).
"""

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import breakdown  # noqa: E402
import flops  # noqa: E402
import run  # noqa: E402
import worker  # noqa: E402

HAS_TORCH = importlib.util.find_spec("torch") is not None
N_SMALL = 2_000


@pytest.fixture(scope="module")
def small_data():
    return worker._subset(worker.load_data(), N_SMALL)


# ------------------------------------------------------------------ FLOPs
def test_book_network_epoch_flops_by_hand():
    products = flops.epoch_matmuls([784, 100, 10], 55_000, 5_000, 100, 10_000)
    # training, per example: forward 784*100 + 100*10 multiply-adds, the
    # same again for the weight gradients, 100*10 for delta_h (no delta for
    # the input layer); evaluation, per example of 55,000 + 5,000: forward
    per_example_train = 2 * (2 * (784 * 100 + 100 * 10) + 100 * 10)
    per_example_eval = 2 * (784 * 100 + 100 * 10)
    expected = 55_000 * per_example_train + 60_000 * per_example_eval
    assert flops.total_flops(products) == expected == 27_106_000_000


def test_modern_network_flops_count_the_hidden_deltas():
    sizes = [784, 256, 128, 10]
    train = flops.training_matmuls(sizes, 1, 1)
    macs = 784 * 256 + 256 * 128 + 128 * 10
    # forward + weight gradients + deltas of the two hidden layers
    assert flops.total_flops(train) == 2 * (2 * macs + 256 * 128 + 128 * 10)


def test_a_last_smaller_batch_and_chunk_are_counted():
    train = flops.training_matmuls([4, 3, 2], n_train=250, batch=100)
    forward = sorted((p.m, p.count) for p in train if p.layout == "NT" and p.k == 4)
    assert forward == [(50, 1), (100, 2)]
    evaluation = flops.evaluation_matmuls([4, 3, 2], (25_000, 5_000), chunk=10_000)
    first = sorted((p.m, p.count) for p in evaluation if p.k == 4)
    assert first == [(5_000, 2), (10_000, 2)]  # 25,000 = 2 x 10,000 + 5,000


def test_layouts_follow_the_code():
    products = flops.training_matmuls([784, 100, 10], 100, 100)
    shapes = {(p.m, p.k, p.n, p.layout) for p in products}
    assert (100, 784, 100, "NT") in shapes  # X W_h^T
    assert (100, 100, 784, "TN") in shapes  # delta_h^T X
    assert (100, 10, 100, "NN") in shapes  # delta_out W_out
    assert (100, 10, 784, "NN") not in shapes  # no delta for the pixels


def test_book_network_layouts_follow_its_column_major_w_h():
    sizes = [784, 100, 10]
    products = flops.epoch_matmuls(sizes, 100, 0, 100, 10_000, True)
    shapes = {(p.m, p.k, p.n, p.layout) for p in products}
    assert (100, 784, 100, "NN") in shapes  # X (W_h^T), W_h^T contiguous
    assert (784, 100, 100, "TN") in shapes  # X^T delta_h
    assert (100, 100, 10, "NT") in shapes  # A_h W_out^T
    assert (10, 100, 100, "TN") in shapes  # delta_out^T A_h
    assert (100, 784, 100, "NT") not in shapes
    # the same number of operations as with the row-major layout
    plain = flops.epoch_matmuls(sizes, 100, 0, 100, 10_000)
    assert flops.total_flops(products) == flops.total_flops(plain)


def test_neural_net_mlp_really_stores_w_h_column_major():
    from mlcourse.mlp import NeuralNetMLP

    net = NeuralNetMLP(n_hidden=5, seed=1)
    net.initialize(n_features=7, n_classes=3)
    assert net.W_h.shape == (5, 7)
    assert net.W_h.T.flags.c_contiguous


# ---------------------------------------------------------------- peak
def test_peak_measurement_on_small_shapes():
    products = [flops.Matmul(8, 16, 4, layout, 3) for layout in ("NT", "TN", "NN")]
    peak = worker.measure_peak(products, min_time=0.001, repeats=2)
    assert peak["flops"] == 3 * 3 * 2 * 8 * 16 * 4
    assert len(peak["shapes"]) == 3
    assert peak["epoch_matmul_seconds"] == pytest.approx(
        sum(3 * s["seconds"] for s in peak["shapes"])
    )
    assert peak["gflops"] > 0


@pytest.mark.parametrize("layout", ["NT", "TN", "NN"])
def test_peak_operands_have_the_layout(layout):
    a, b = worker._operands(5, 7, 3, layout, np.random.default_rng(0))
    assert a.shape == (5, 7) and b.shape == (7, 3)
    assert a.dtype == b.dtype == np.float32
    assert a.flags.c_contiguous == (layout != "TN")
    assert b.flags.c_contiguous == (layout != "NT")


# ---------------------------------------------------------------- runners
def _check_result(result, epochs):
    assert len(result["epoch_seconds"]) == epochs
    assert all(s > 0 for s in result["epoch_seconds"])
    for key in ("cost", "train_acc", "valid_acc"):
        assert len(result["history"][key]) == epochs
        assert np.all(np.isfinite(result["history"][key]))
    assert 0.0 <= result["test_acc"] <= 1.0


def test_mlcourse_book_runner_one_epoch_is_repeatable(small_data):
    first = worker.run_mlcourse("book", small_data, epochs=1, seed=3)
    second = worker.run_mlcourse("book", small_data, epochs=1, seed=3)
    _check_result(first, 1)
    assert first["history"] == second["history"]
    assert first["test_acc"] == second["test_acc"]
    assert first["eta"] == worker.NETS["book"]["eta"] == 0.0005


def test_mlcourse_book_runner_learns_with_the_course_rate(small_data):
    result = worker.run_mlcourse("book", small_data, epochs=2, seed=1, eta=0.002)
    _check_result(result, 2)
    assert result["history"]["cost"][1] < result["history"]["cost"][0]
    assert result["test_acc"] > 0.5  # 10 classes: chance is 0.1


def test_mlcourse_modern_runner(small_data):
    result = worker.run_mlcourse("modern", small_data, epochs=1, seed=1)
    _check_result(result, 1)
    assert result["test_acc"] > 0.5


def test_environment_names_the_blas():
    import mlcourse

    env = worker.environment()
    assert env["numpy"] == np.__version__
    assert env["mlcourse"] == mlcourse.__version__
    assert env["blas"]["library"]  # NumPy always names its BLAS
    assert worker.maxrss_mib() > 10


@pytest.mark.slow
@pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed")
@pytest.mark.parametrize("net", ["book", "modern"])
def test_torch_runner_matches_mlcourse_roughly(small_data, net):
    ours = worker.run_mlcourse(net, small_data, epochs=1, seed=1)
    theirs = worker.run_torch(net, small_data, epochs=1, seed=1, threads=1)
    _check_result(theirs, 1)
    # Different random numbers, same algorithm and cost: after one epoch the
    # training cost is similar (a cost summed instead of averaged, or eta
    # applied differently, would be far off).
    assert theirs["history"]["cost"][0] == pytest.approx(
        ours["history"]["cost"][0], rel=0.2
    )


@pytest.mark.slow
@pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed")
def test_torch_book_network_takes_the_same_sgd_step_as_mlcourse(small_data):
    """From the same weights, one mini-batch step agrees to float32 rounding:
    same cost, same gradient, same L2 term, same learning rate."""
    import torch

    from mlcourse.mlp import NeuralNetMLP

    X, y = small_data["X_train"][:100], small_data["y_train"][:100]
    ours = NeuralNetMLP(
        n_hidden=100,
        l2=0.01,
        eta=0.0005,
        minibatch_size=100,
        shuffle=False,
        seed=0,
        progress=False,
    )
    ours.initialize(784, 10)
    start = {k: torch.from_numpy(v.copy()) for k, v in ours.params.items()}
    ours._train_one_epoch(X, y)  # one batch of 100: one step

    model, opt, batch_loss, _ = worker.build_torch("book", 0.0005, torch.from_numpy(y))
    with torch.no_grad():
        model[0].weight.copy_(start["W_h"])
        model[0].bias.copy_(start["b_h"])
        model[2].weight.copy_(start["W_out"])
        model[2].bias.copy_(start["b_out"])
    loss = batch_loss(model(torch.from_numpy(X)), torch.arange(100))
    opt.zero_grad()
    loss.backward()
    opt.step()
    theirs = {
        "W_h": model[0].weight,
        "b_h": model[0].bias,
        "W_out": model[2].weight,
        "b_out": model[2].bias,
    }
    for key, value in ours.params.items():
        moved = np.abs(value - start[key].numpy()).max()
        assert moved > 0
        # the step moved the weights by `moved`; both sides agree far closer
        np.testing.assert_allclose(
            theirs[key].detach().numpy(), value, rtol=0, atol=1e-3 * moved + 1e-7
        )


# ----------------------------------------------------------------- report
def test_summary_and_report(small_data, tmp_path):
    timing = []
    for _ in range(2):
        r = worker.run_mlcourse("book", small_data, epochs=1, seed=1)
        r.update(
            contender="mlcourse",
            net="book",
            epochs=1,
            n_train=N_SMALL,
            maxrss_mib=worker.maxrss_mib(),
        )
        timing.append(r)
        fake = dict(r, contender="torch", epoch_seconds=[2 * r["epoch_seconds"][0]])
        timing.append(fake)
    products = worker.matmuls_for("book", N_SMALL, worker.N_VALID)
    peak = worker.measure_peak(products[:1], min_time=0.001, repeats=1)
    summary = run.summarize(timing, {"book": peak}, ["mlcourse", "torch"])
    book = summary["book"]
    assert book["ratio"] == pytest.approx(0.5)
    assert book["contenders"]["mlcourse"]["repeatable"] is True
    assert book["flops"] == flops.total_flops(products)

    meta = {
        "date": "today",
        "command": "python benchmarks/run.py",
        "n_train": N_SMALL,
        "machine": run.machine(),
        "environment": worker.environment(),
        "torch_version": None,
        "threads": 2,
        "epochs": 1,
        "rounds": 2,
        "order": "AB BA",
    }
    accuracy = [dict(timing[0], settings="course: eta 0.002")]
    text = run.report(summary, accuracy, meta)
    assert "| book | mlcourse (NumPy) |" in text
    assert "**0.50** (0.50, 0.50)" in text
    assert "mlcourse (NumPy) identical, PyTorch identical" in text
    assert "(**a subset: a check of the script, not a measurement**)" in text
    assert "| book | mlcourse (NumPy) | course: eta 0.002 | 1 |" in text

    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{run.START}\nold\n{run.END}\noutro\n")
    run.write_readme(text, readme)
    written = readme.read_text()
    assert written.startswith("intro\n") and written.endswith("outro\n")
    assert "old" not in written and "| book | PyTorch |" in written


# ------------------------------------------------------------- breakdown
def test_breakdown_times_the_real_training_loop(small_data):
    """benchmarks/breakdown.py times a copy of NeuralNetMLP's epoch: from the
    same start, the copy must compute exactly the same weights."""
    from mlcourse.mlp import NeuralNetMLP

    d = small_data
    nets = []
    for _ in range(2):
        net = NeuralNetMLP(n_hidden=20, l2=0.01, eta=0.001, minibatch_size=64, seed=3)
        net.initialize(784, 10)
        nets.append(net)
    times = np.zeros(len(breakdown.PARTS))
    for _ in range(2):  # two epochs: the shuffling order must match too
        nets[0]._train_one_epoch(d["X_train"], d["y_train"])
        breakdown.timed_epoch(
            nets[1], d["X_train"], d["y_train"], d["X_valid"], d["y_valid"], times
        )
    for name in ("W_h", "b_h", "W_out", "b_out"):
        np.testing.assert_array_equal(getattr(nets[0], name), getattr(nets[1], name))
    assert (times > 0).all()  # every part was timed
    # and the copy's evaluation is NeuralNetMLP's: same outputs, same layout
    np.testing.assert_array_equal(
        nets[1]._output(d["X_valid"]), nets[0]._output(d["X_valid"])
    )


@pytest.mark.slow
def test_breakdown_prints_every_part(capsys):
    breakdown.main(["--epochs", "2"])
    out = capsys.readouterr().out
    for name in breakdown.PARTS:
        assert name in out
    assert "whole epoch" in out
