"""Tests for mlcourse.student: the student edition of the notebooks."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from mlcourse.checks import check
from mlcourse.student import (
    BEGIN_RE,
    END_RE,
    NOTE_TEXT,
    SolutionLeakError,
    main,
    make_student_edition,
    make_student_notebook,
)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

SIGMOID_CELL = """\
# Exercise 2.1: the sigmoid function
def sigmoid(z):
    ### BEGIN SOLUTION
    return 0.5 * (1 + np.tanh(0.5 * z))
    ### END SOLUTION"""

RELU_CELL = """\
# Exercise 2.3: two functions in one cell
def relu(z):
    \"\"\"max(0, z), element-wise.\"\"\"
    ### BEGIN SOLUTION
    positive = z > 0
    return np.where(positive, z, 0.0)
    ### END SOLUTION


def relu_derivative(z):
    ### BEGIN SOLUTION
    return (z > 0).astype(float)
    ### END SOLUTION
"""


def _output(text: str):
    return new_output("stream", name="stdout", text=text)


def _result(text: str):
    return new_output("execute_result", data={"text/plain": text}, execution_count=1)


def instructor_notebook() -> nbformat.NotebookNode:
    """A small instructor notebook, executed (with stored outputs)."""
    cells = [
        new_markdown_cell("# Chapter 2\nWhat you will learn."),
        new_code_cell(
            "import numpy as np\nfrom mlcourse.checks import check",
            execution_count=1,
        ),
        new_code_cell(
            "x = np.arange(3)\nprint(x.sum())",
            execution_count=2,
            outputs=[_output("3\n")],
        ),
        new_code_cell(SIGMOID_CELL, execution_count=3),
        new_code_cell(
            'check("sigmoid", sigmoid)',
            execution_count=4,
            outputs=[_result("sigmoid: all 8 test cases pass.")],
        ),
        new_markdown_cell("Now ReLU."),
        new_code_cell(RELU_CELL, execution_count=5, outputs=[_output("defined\n")]),
        new_code_cell(
            'check("relu", relu)',
            execution_count=6,
            outputs=[_result("relu: all 7 test cases pass.")],
        ),
        new_code_cell(
            "sigmoid(np.zeros(2))",
            execution_count=7,
            outputs=[_result("array([0.5, 0.5])")],
        ),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    return nb


def write(nb, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


# ---------------------------------------------------------------------------
# make_student_notebook
# ---------------------------------------------------------------------------


def test_solutions_become_stubs():
    student, n = make_student_notebook(instructor_notebook())
    assert n == 3
    assert student.cells[4].source == (
        "# Exercise 2.1: the sigmoid function\n"
        "def sigmoid(z):\n"
        '    raise NotImplementedError("Exercise 2.1: write your code here")'
    )
    relu = student.cells[7].source
    assert (
        relu.count('raise NotImplementedError("Exercise 2.3: write your code here")')
        == 2
    )
    assert '"""max(0, z), element-wise."""' in relu
    assert "def relu_derivative(z):" in relu
    assert relu.endswith("\n")  # the trailing newline is kept
    for text in ("tanh", "positive", "astype", "SOLUTION"):
        assert all(text not in cell.source for cell in student.cells), text
    nbformat.validate(student)


def test_the_student_notebook_compiles():
    student, _ = make_student_notebook(instructor_notebook())
    for cell in student.cells:
        if cell.cell_type == "code":
            ast.parse(cell.source)


def test_indentation_of_the_marker_is_kept():
    source = (
        "class Net:\n"
        "    def forward(self, X):\n"
        "        Z = X\n"
        "        ### BEGIN SOLUTION\n"
        "        return Z\n"
        "        ### END SOLUTION"
    )
    nb = new_notebook(cells=[new_code_cell(source)])
    student, n = make_student_notebook(nb)
    assert n == 1
    assert student.cells[1].source.splitlines()[-1] == (
        '        raise NotImplementedError("This exercise: write your code here")'
    )


def test_the_nearest_exercise_comment_names_the_block():
    source = (
        "# Exercise 1.1: first\n"
        "def a():\n"
        "    ### BEGIN SOLUTION\n"
        "    return 1\n"
        "    ### END SOLUTION\n"
        "# Exercise 1.2: second\n"
        "def b():\n"
        "    ### BEGIN SOLUTION\n"
        "    return 2\n"
        "    ### END SOLUTION"
    )
    student, n = make_student_notebook(new_notebook(cells=[new_code_cell(source)]))
    assert n == 2
    text = student.cells[1].source
    assert '"Exercise 1.1: write your code here"' in text
    assert '"Exercise 1.2: write your code here"' in text


def test_outputs_are_cleared_only_in_solution_and_check_cells():
    instructor = instructor_notebook()
    student, _ = make_student_notebook(instructor)
    # the student notebook has the note on top: cell i was instructor cell i - 1
    assert student.cells[0].cell_type == "markdown"
    assert student.cells[0].source == NOTE_TEXT
    cleared = {4, 5, 7, 8}  # sigmoid, its check, relu, its check
    for i, cell in enumerate(student.cells[1:], start=1):
        if cell.cell_type != "code":
            assert cell == instructor.cells[i - 1]
        elif i in cleared:
            assert cell.outputs == []
            assert cell.execution_count is None
        else:
            assert cell == instructor.cells[i - 1]
    assert student.cells[3].outputs[0]["text"] == "3\n"
    assert student.cells[9].outputs[0]["data"]["text/plain"] == "array([0.5, 0.5])"


def test_widget_state_is_dropped_and_the_rest_of_the_metadata_kept():
    student, _ = make_student_notebook(instructor_notebook())
    assert "widgets" not in student.metadata
    assert student.metadata["kernelspec"]["name"] == "python3"


def test_the_instructor_notebook_is_not_changed():
    instructor = instructor_notebook()
    before = nbformat.writes(instructor)
    make_student_notebook(instructor)
    assert nbformat.writes(instructor) == before


def test_running_twice_adds_one_note_only():
    once, n = make_student_notebook(instructor_notebook())
    twice, m = make_student_notebook(once)
    assert (n, m) == (3, 0)
    assert len(twice.cells) == len(once.cells)


def test_check_accuracy_cells_are_cleared_too():
    nb = new_notebook(
        cells=[
            new_code_cell(
                "check_accuracy(model, X_test, y_test, 0.975)",
                execution_count=1,
                outputs=[_result("your network reaches 98.00% test accuracy")],
            )
        ]
    )
    student, n = make_student_notebook(nb)
    assert n == 0
    assert student.cells[1].outputs == []
    assert student.cells[1].execution_count is None


@pytest.mark.parametrize(
    "call",
    ['check_answer("4.4a", delta_h_3)', "check_spiral_model(spiral_model)"],
)
def test_every_check_function_has_its_output_cleared(call):
    # their messages quote the right answer: kept, they would give it away
    nb = new_notebook(
        cells=[
            new_code_cell(
                call,
                execution_count=1,
                outputs=[_result("answer 4.4a: 0.0990 is right")],
            )
        ]
    )
    student, _ = make_student_notebook(nb)
    assert student.cells[1].outputs == []
    assert student.cells[1].execution_count is None


def test_old_notebooks_without_cell_ids():
    nb = instructor_notebook()
    nb.nbformat_minor = 4
    for cell in nb.cells:
        cell.pop("id", None)
    student, _ = make_student_notebook(nb)
    assert "id" not in student.cells[0]
    nbformat.validate(student)


# ---------------------------------------------------------------------------
# Malformed markers and leaks are refused
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "match"),
    [
        (
            "def f():\n    ### BEGIN SOLUTION\n    return 1\n",
            "line 2 has no END SOLUTION",
        ),
        (
            "def f():\n    return 1\n    ### END SOLUTION",
            "END SOLUTION on line 3 without",
        ),
        (
            "### BEGIN SOLUTION\nx = 1\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION\n"
            "### END SOLUTION",
            "nested markers",
        ),
    ],
)
def test_malformed_markers_are_refused_with_notebook_and_cell(source, match):
    nb = new_notebook(cells=[new_markdown_cell("intro"), new_code_cell(source)])
    with pytest.raises(ValueError, match=match) as info:
        make_student_notebook(nb, name="02_forward.ipynb")
    assert "02_forward.ipynb: cell 1" in str(info.value)


def test_markers_outside_code_cells_are_refused():
    nb = new_notebook(cells=[new_markdown_cell("```\n### BEGIN SOLUTION\n```")])
    with pytest.raises(ValueError, match="cell 0 is a markdown cell with a solution"):
        make_student_notebook(nb, name="nb.ipynb")


def test_a_solution_shown_in_an_output_is_a_leak():
    nb = instructor_notebook()
    nb.cells.append(
        new_code_cell(
            "import inspect\nprint(inspect.getsource(sigmoid))",
            outputs=[
                _output("def sigmoid(z):\n    return 0.5 * (1 + np.tanh(0.5 * z))\n")
            ],
        )
    )
    with pytest.raises(SolutionLeakError, match="appears in the output of cell 10"):
        make_student_notebook(nb, name="leaky.ipynb")


def test_a_solution_in_a_traceback_is_a_leak():
    nb = instructor_notebook()
    nb.cells.append(
        new_code_cell(
            "sigmoid(None)",
            outputs=[
                new_output(
                    "error",
                    ename="TypeError",
                    evalue="bad operand",
                    traceback=[
                        "\x1b[0;31mTypeError\x1b[0m",
                        "----> 4     return 0.5 * (1 + np.tanh(0.5 * z))",
                    ],
                )
            ],
        )
    )
    with pytest.raises(SolutionLeakError, match="tanh"):
        make_student_notebook(nb, name="leaky.ipynb")


def test_a_solution_copied_into_another_cell_is_a_leak():
    nb = instructor_notebook()
    nb.cells.append(
        new_code_cell("positive = z > 0\nreturn np.where(positive, z, 0.0)")
    )
    with pytest.raises(SolutionLeakError, match="also appears in cell 10"):
        make_student_notebook(nb, name="copied.ipynb")


def test_leak_errors_are_value_errors():
    assert issubclass(SolutionLeakError, ValueError)


def test_bad_arguments():
    with pytest.raises(TypeError, match="nb must be a notebook"):
        make_student_notebook({"cells": []})
    with pytest.raises(TypeError, match="name must be a string"):
        make_student_notebook(instructor_notebook(), name=3)


# ---------------------------------------------------------------------------
# make_student_edition and the command line
# ---------------------------------------------------------------------------


def test_make_student_edition_writes_every_notebook(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "out" / "student"
    source = write(instructor_notebook(), src / "02_forward.ipynb")
    before = source.read_text()
    write(
        new_notebook(cells=[new_markdown_cell("no exercises")]), src / "01_intro.ipynb"
    )
    write(instructor_notebook(), src / "sub" / "99_nested.ipynb")  # not recursive
    (src / "notes.txt").write_text("not a notebook")
    written = make_student_edition(src, dst)
    assert written == [dst / "01_intro.ipynb", dst / "02_forward.ipynb"]
    assert sorted(p.name for p in dst.iterdir()) == [
        "01_intro.ipynb",
        "02_forward.ipynb",
    ]
    student = nbformat.read(dst / "02_forward.ipynb", as_version=4)
    assert "NotImplementedError" in student.cells[4].source
    assert source.read_text() == before  # the instructor notebook is untouched


def test_one_bad_notebook_writes_nothing(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    write(instructor_notebook(), src / "01_good.ipynb")
    bad = new_notebook(cells=[new_code_cell("### BEGIN SOLUTION\nx = 1")])
    write(bad, src / "02_bad.ipynb")
    with pytest.raises(ValueError, match="02_bad.ipynb: cell 0"):
        make_student_edition(src, dst)
    assert not dst.exists()


def test_make_student_edition_refuses_to_overwrite_the_sources(tmp_path):
    write(instructor_notebook(), tmp_path / "01.ipynb")
    with pytest.raises(ValueError, match="dst_dir must differ from src_dir"):
        make_student_edition(tmp_path, tmp_path / ".")


def test_make_student_edition_argument_checks(tmp_path):
    with pytest.raises(ValueError, match="src_dir must be an existing folder"):
        make_student_edition(tmp_path / "missing", tmp_path / "dst")
    with pytest.raises(ValueError, match="holds no notebooks"):
        make_student_edition(tmp_path, tmp_path / "dst")
    with pytest.raises(TypeError, match="src_dir must be a path"):
        make_student_edition(3, tmp_path)


def test_main_prints_a_summary(tmp_path, capsys):
    write(instructor_notebook(), tmp_path / "src" / "02_forward.ipynb")
    assert main([str(tmp_path / "src"), str(tmp_path / "dst")]) == 0
    out = capsys.readouterr().out
    assert "02_forward.ipynb: 3 exercises stubbed" in out
    assert "Wrote 1 student notebook to" in out
    assert "(3 exercises stubbed)." in out


def test_main_reports_errors(tmp_path, capsys):
    assert main([str(tmp_path / "missing"), str(tmp_path / "dst")]) == 1
    assert "error: src_dir must be an existing folder" in capsys.readouterr().err


@pytest.mark.slow
def test_command_line(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "build" / "student"
    write(instructor_notebook(), src / "02_forward.ipynb")
    done = subprocess.run(
        [sys.executable, "-m", "mlcourse.student", str(src), str(dst)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "3 exercises stubbed" in done.stdout
    assert (dst / "02_forward.ipynb").exists()
    helped = subprocess.run(
        [sys.executable, "-m", "mlcourse.student", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert helped.returncode == 0
    assert "usage: python -m mlcourse.student" in helped.stdout


# ---------------------------------------------------------------------------
# End to end: run a student notebook in a kernel
# ---------------------------------------------------------------------------


def _execute(nb, cwd: Path):
    nbclient = pytest.importorskip("nbclient")
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        allow_errors=True,
        timeout=60,
        resources={"metadata": {"path": str(cwd)}},
    )
    return client.execute()


def _text(cell) -> str:
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}")
        else:
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def test_a_student_notebook_runs_and_its_checks_say_not_written(tmp_path):
    instructor = instructor_notebook()
    student, _ = make_student_notebook(instructor)
    # one more cell, to see the result's `passed` attribute
    student.cells.insert(6, new_code_cell('print(check("sigmoid", sigmoid).passed)'))
    executed = _execute(student, tmp_path)
    cells = executed.cells
    # the cells before the first exercise run without errors
    assert _text(cells[3]).strip() == "3"
    assert all(
        o.output_type != "error" for c in cells[:5] for o in c.get("outputs", [])
    )
    # defining the stubbed functions is fine; calling them raises
    assert cells[4].outputs == []
    assert "not written yet" in _text(cells[5])
    assert "replace the `raise NotImplementedError` line" in _text(cells[5])
    assert _text(cells[6]).strip() == "False"
    assert "relu: not written yet" in _text(cells[9])
    assert _text(cells[10]) == "NotImplementedError: Exercise 2.1: write your code here"


def test_the_instructor_notebook_passes_its_checks(tmp_path):
    executed = _execute(instructor_notebook(), tmp_path)
    assert _text(executed.cells[4]) == "sigmoid: all 8 test cases pass."
    assert _text(executed.cells[7]) == "relu: all 7 test cases pass."


# ---------------------------------------------------------------------------
# The course's own notebooks
# ---------------------------------------------------------------------------


def _strip_magics(source: str) -> str:
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line
        for line in source.splitlines()
    )


def _is_definition(node: ast.stmt) -> bool:
    """Imports, undecorated functions and classes, and call-free assignments:
    what a later exercise may rely on, without running the notebook."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return True
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        return not node.decorator_list
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        return not any(isinstance(sub, ast.Call) for sub in ast.walk(node))
    return False


def _check_calls(tree: ast.Module) -> list[tuple[str, str]]:
    """(exercise, function name) of every check("name", function) call."""
    calls = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == "check"
            and len(node.args) == 2
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[1], ast.Name)
        ):
            calls.append((node.args[0].value, node.args[1].id))
    return calls


def run_checks(nb) -> list[tuple[str, object]]:
    """Define a notebook's functions cell by cell (nothing else runs) and run
    every check(...) call at the point where it appears."""
    namespace: dict = {"np": np, "__name__": "__notebook__"}
    results = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(_strip_magics(cell.source))
        except SyntaxError:
            continue
        for node in tree.body:
            if _is_definition(node):
                try:
                    exec(compile(ast.Module([node], []), "<cell>", "exec"), namespace)
                except Exception:
                    pass  # e.g. an assignment that needs data loaded earlier
        for exercise, function in _check_calls(tree):
            assert function in namespace, f"{function} is not defined before its check"
            results.append((exercise, check(exercise, namespace[function])))
    return results


def _solution_lines(cell_source: str) -> tuple[list[str], set[str]]:
    """Lines inside the markers, and the lines outside them."""
    inside: list[str] = []
    outside: set[str] = set()
    in_block = False
    for line in cell_source.splitlines():
        if BEGIN_RE.match(line):
            in_block = True
        elif END_RE.match(line):
            in_block = False
        elif line.strip() and in_block:
            inside.append(line.strip())
        elif line.strip():
            outside.add(line.strip())
    return inside, outside


@pytest.mark.parametrize(
    "path",
    NOTEBOOKS
    or [pytest.param(None, marks=pytest.mark.skip(reason="no notebooks yet"))],
    ids=[p.name for p in NOTEBOOKS] or ["none"],
)
def test_course_notebook(path):
    instructor = nbformat.read(path, as_version=4)
    student, n_exercises = make_student_notebook(instructor, name=path.name)
    markers = sum(
        1
        for cell in instructor.cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if BEGIN_RE.match(line)
    )
    assert n_exercises == markers
    # the student notebook has the note on top, then the same cells
    assert len(student.cells) == len(instructor.cells) + 1
    for before, after in zip(instructor.cells, student.cells[1:], strict=True):
        inside, outside = _solution_lines(before.source)
        after_lines = {line.strip() for line in after.source.splitlines()}
        for line in inside:
            assert line in outside or line not in after_lines, line
        assert not any(BEGIN_RE.match(x) or END_RE.match(x) for x in after_lines)
    # every check passes with the instructor's solutions, and says "not
    # written yet" for the student's stubs
    solved, stubbed = run_checks(instructor), run_checks(student)
    assert [name for name, _ in solved] == [name for name, _ in stubbed]
    for (_, result), (_, stub_result) in zip(solved, stubbed, strict=True):
        assert result.passed, result.message
        assert not stub_result.passed
        assert "not written yet" in stub_result.message, stub_result.message
