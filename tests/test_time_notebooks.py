"""scripts/time_notebooks.py times a notebook's cells and reads the kernel's memory."""

import importlib.util
import os
from pathlib import Path

import nbformat
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "time_notebooks.py"
spec = importlib.util.spec_from_file_location("time_notebooks", SCRIPT)
time_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(time_notebooks)


@pytest.fixture
def sleepy_notebook(tmp_path):
    """Two code cells: one sleeps 0.5 s, one allocates about 200 MiB and keeps it."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A notebook to time"),
        nbformat.v4.new_code_cell("import time\ntime.sleep(0.5)"),
        nbformat.v4.new_code_cell(
            "import numpy as np\nbig = np.ones(200 * 2**20 // 8)\nint(big.sum())"
        ),
    ]
    path = tmp_path / "01_sleepy.ipynb"
    nbformat.write(nb, path)
    return path


def test_times_the_cells_and_reads_the_peak_memory(sleepy_notebook):
    seconds, peak = time_notebooks.run_notebook(sleepy_notebook)
    assert 0.5 <= seconds < 30
    assert 200 <= peak < 2000
    # the notebook on disk is left as it was
    assert len(nbformat.read(sleepy_notebook, as_version=4).cells) == 3


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="Linux only")
def test_one_cpu_pins_the_kernel_to_one_cpu(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import os\nassert len(os.sched_getaffinity(0)) == 1\nassert os.environ['OPENBLAS_NUM_THREADS'] == '1'"
        )
    ]
    path = tmp_path / "one.ipynb"
    nbformat.write(nb, path)
    seconds, peak = time_notebooks.run_notebook(path, one_cpu=True)
    assert seconds >= 0 and peak > 0


def test_table_lists_every_notebook_and_the_total():
    text = time_notebooks.table(
        [("01_a.ipynb", 12.4, 300.0), ("02_b.ipynb", 30.6, 512.0)], "2 cores"
    )
    lines = text.splitlines()
    assert lines[0] == "| notebook (2 cores) | seconds | kernel peak (MiB) |"
    assert "| 01_a.ipynb | 12 | 300 |" in lines
    assert "| 02_b.ipynb | 31 | 512 |" in lines
    assert lines[-1] == "| **total** | **43** | |"
