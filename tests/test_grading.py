"""nbgrader on the course: the metadata written by mlcourse.grading, and a
round trip through nbgrader's generate_assignment and autograde."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from mlcourse.grading import add_nbgrader_metadata, main
from mlcourse.student import BEGIN_RE, END_RE, TOP_LEVEL_STUB, make_student_notebook

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "solutions"  # the instructor notebooks
CHAPTERS = sorted(SOURCES.glob("[0-9][0-9]_*.ipynb"))


def small_notebook():
    return new_notebook(
        cells=[
            new_markdown_cell("Write `double`."),
            new_code_cell(
                "# Exercise 9.1: double\ndef double(x):\n"
                "    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"
            ),
            new_code_cell('check("double", double)'),
            new_code_cell("print(1)"),
        ]
    )


def test_roles_are_written_from_the_markers():
    nb = small_notebook()
    nb.cells[3].metadata["nbgrader"] = {"grade": True}  # stale: removed
    assert add_nbgrader_metadata(nb) == ["exercise_9_1"]
    meta = [cell.metadata.get("nbgrader") for cell in nb.cells]
    assert meta[0] == {
        "grade": False,
        "grade_id": "exercise_9_1_instructions",
        "locked": True,
        "schema_version": 3,
        "solution": False,
        "task": False,
    }
    assert meta[1]["solution"] is True and meta[1]["grade"] is False
    assert meta[1]["grade_id"] == "exercise_9_1" and meta[1]["locked"] is False
    assert meta[2]["grade"] is True and meta[2]["points"] == 1
    assert meta[2]["locked"] is True and meta[2]["grade_id"] == "exercise_9_1_check"
    assert meta[3] is None


def test_several_check_cells_are_graded_and_earlier_ones_are_not():
    nb = small_notebook()
    nb.cells.insert(0, new_code_cell("check_gradients(f, x)"))
    nb.cells.insert(4, new_code_cell('check("double", double, 2)'))
    add_nbgrader_metadata(nb)
    assert "nbgrader" not in nb.cells[0].metadata
    assert nb.cells[3].metadata["nbgrader"]["grade_id"] == "exercise_9_1_check"
    assert nb.cells[4].metadata["nbgrader"]["grade_id"] == "exercise_9_1_check_2"
    assert nb.cells[4].metadata["nbgrader"]["points"] == 1


def test_markers_are_made_canonical_at_their_region():
    nb = small_notebook()
    nb.cells[1].source = (
        "# Exercise 9.1: double\ndef double(x):\n"
        "## begin solution\n    return 2 * x\n### End Solution ###"
    )
    add_nbgrader_metadata(nb)
    assert nb.cells[1].source == (
        "# Exercise 9.1: double\ndef double(x):\n"
        "    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"
    )


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda nb: nb.cells.pop(2), "has no check cell"),
        (
            lambda nb: setattr(nb.cells[1], "source", nb.cells[1].source[23:]),
            "needs a '# Exercise N.M",
        ),
    ],
)
def test_inconsistent_exercises_are_refused(edit, match):
    nb = small_notebook()
    edit(nb)
    with pytest.raises(ValueError, match=match):
        add_nbgrader_metadata(nb, name="ch9.ipynb")


def test_command_writes_then_checks(tmp_path, capsys):
    path = tmp_path / "ch9.ipynb"
    nbformat.write(small_notebook(), path)
    assert main(["--check", str(tmp_path)]) == 1
    assert "ch9.ipynb: nbgrader metadata out of date" in capsys.readouterr().err
    assert main([str(tmp_path)]) == 0
    assert main(["--check", str(path)]) == 0
    assert (
        nbformat.read(path, as_version=4).cells[2].metadata["nbgrader"]["points"] == 1
    )


def test_command_names_a_malformed_file(tmp_path, capsys):
    (tmp_path / "bad.ipynb").write_text("[1, 2]")
    assert main([str(tmp_path)]) == 1
    assert "bad.ipynb: not a notebook" in capsys.readouterr().err


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.name for p in CHAPTERS])
def test_course_notebooks_carry_current_nbgrader_metadata(path):
    nb = nbformat.read(path, as_version=4)
    stored = [
        json.dumps(cell.metadata.get("nbgrader"), sort_keys=True) for cell in nb.cells
    ]
    add_nbgrader_metadata(nb, name=path.name)
    fresh = [
        json.dumps(cell.metadata.get("nbgrader"), sort_keys=True) for cell in nb.cells
    ]
    assert stored == fresh, "run: python -m mlcourse.grading"
    assert any('"solution": true' in m for m in fresh)


def test_the_course_has_chapters():
    assert len(CHAPTERS) >= 7


# ---------------------------------------------------------------------------
# nbgrader itself
# ---------------------------------------------------------------------------


def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    # nbgrader runs alembic as a subprocess: the environment's bin/ on PATH
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p
    )
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args, "--force"],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    pytest.importorskip("nbgrader", reason="nbgrader: pip install -e '.[instructor]'")
    course = tmp_path_factory.mktemp("course")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        'c.CourseDirectory.course_id = "mlcourse"\n'
        f'c.CourseDirectory.db_url = "sqlite:///{course / "gradebook.db"}"\n'
    )
    source = course / "source" / "ch"
    source.mkdir(parents=True)
    for name in ("01_adaline.ipynb", "02_forward_propagation.ipynb"):
        shutil.copy(SOURCES / name, source / name)
    _nbgrader(course, "generate_assignment", "ch")
    return course


def _solution_cells(nb):
    return [
        cell for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("solution")
    ]


def _kept_lines(source: str) -> list[str]:
    """The lines of a stubbed cell other than the stub itself."""
    stubs = ("# YOUR CODE HERE", "raise NotImplementedError", TOP_LEVEL_STUB)
    return [
        line.strip()
        for line in source.splitlines()
        if line.strip() and not line.strip().startswith(stubs)
    ]


@pytest.mark.parametrize("name", ["01_adaline.ipynb", "02_forward_propagation.ipynb"])
def test_nbgrader_and_the_student_edition_strip_the_same(course, name):
    released = nbformat.read(course / "release" / "ch" / name, as_version=4)
    student, n = make_student_notebook(
        nbformat.read(SOURCES / name, as_version=4), name=name
    )
    ours = _solution_cells(student)
    theirs = _solution_cells(released)
    assert len(ours) == len(theirs) == n >= 3
    for mine, nbgraders in zip(ours, theirs, strict=True):
        assert _kept_lines(mine.source) == _kept_lines(nbgraders.source)
        assert "raise NotImplementedError" in nbgraders.source
        assert not any(
            BEGIN_RE.match(line) or END_RE.match(line)
            for line in nbgraders.source.splitlines()
        )
    # and nothing else differs: the same cells, in the same order
    assert len(student.cells) == len(released.cells) + 1  # + the note on top
    for mine, nbgraders in zip(student.cells[1:], released.cells, strict=True):
        if not nbgraders.metadata.get("nbgrader", {}).get("solution"):
            assert mine.source == nbgraders.source


def test_autograde_scores_one_right_and_one_wrong_answer(course):
    released = course / "release" / "ch" / "01_adaline.ipynb"
    nb = nbformat.read(released, as_version=4)
    cells = {c.metadata["nbgrader"]["grade_id"]: c for c in _solution_cells(nb)}
    cells[
        "exercise_1_1"
    ].source = "# Exercise 1.1: the net input\ndef my_net_input(X, w, b):\n    return X @ w + b"
    cells["exercise_1_2"].source = (  # wrong sign
        "# Exercise 1.2: the gradient of Adaline's cost\n"
        "def my_adaline_gradient(X, y, w, b):\n"
        "    errors = y - (X @ w + b)\n"
        "    return X.T @ errors, float(errors.sum())"
    )
    # Exercises 1.3 and 1.4 left as released: not done
    submitted = course / "submitted" / "alice" / "ch"
    submitted.mkdir(parents=True)
    nbformat.write(nb, submitted / "01_adaline.ipynb")
    shutil.copy(released.with_name("02_forward_propagation.ipynb"), submitted)
    _nbgrader(course, "autograde", "ch", "--create")
    graded = nbformat.read(
        course / "autograded" / "alice" / "ch" / "01_adaline.ipynb", as_version=4
    )
    scores = {}
    for cell in graded.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
            scores[meta["grade_id"]] = 0 if errors else meta["points"]
    assert scores == {
        "exercise_1_1_check": 1,
        "exercise_1_2_check": 0,
        "exercise_1_3_check": 0,
        "exercise_1_4_check": 0,
    }
    # nbgrader's own gradebook agrees
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission_notebook("01_adaline", "ch", "alice")
        assert (submission.score, submission.max_score) == (1, 4)
