"""Write nbgrader's cell metadata from the solution markers.

nbgrader (``generate_assignment``, ``autograde``) reads its roles from each
cell's ``metadata.nbgrader``, not from the markers. This module derives
that metadata from the markers, so that chapter authors only write
markers and re-run one command after adding an exercise::

    python -m mlcourse.grading            # every notebook of solutions/
    python -m mlcourse.grading solutions/04_backpropagation.ipynb
    python -m mlcourse.grading --check    # exit 1 if some metadata is stale

The roles (nbgrader schema version 3):

* an **exercise cell** (a code cell with a ``### BEGIN SOLUTION`` region)
  is a solution cell: ``solution: true``, ``grade_id: "exercise_4_3"``;
* its **check cell** (the next code cell that calls ``check(`` or
  ``check_accuracy(``) is a graded, locked test cell worth ``POINTS``
  points (``grade_id: "exercise_4_3_check"``);
* the markdown cell just above the exercise cell, if any, holds the
  instructions: read-only (``locked: true``).

Every other cell loses any ``metadata.nbgrader`` it had, so the result
depends on the markers only. Marker lines are rewritten to the canonical
``### BEGIN SOLUTION`` / ``### END SOLUTION`` at the indentation of their
region, which is what nbgrader's own ClearSolutions recognises.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .student import (
    CHECK_CALL_RE,
    EXERCISE_RE,
    _source,
    _write_atomically,
    read_notebook,
    solution_regions,
)

__all__ = ["POINTS", "SCHEMA_VERSION", "add_nbgrader_metadata", "main"]

POINTS = 1
#: "(a)" in an exercise's first line names a part: exercise_4_1_a
_PART_RE = re.compile(r"Exercise[ \t]+[\d.]+[ \t]*:[ \t]*\(([a-z])\)", re.IGNORECASE)
SCHEMA_VERSION = 3


def _role(grade_id: str, *, solution=False, grade=False, locked=False, points=None):
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return meta


def _canonical_markers(source: str, where: str) -> str:
    lines = source.splitlines()
    for begin, end, indent in solution_regions(source, where):
        lines[begin] = f"{indent}### BEGIN SOLUTION"
        lines[end] = f"{indent}### END SOLUTION"
    new = "\n".join(lines)
    return new + "\n" if source.endswith("\n") else new


def add_nbgrader_metadata(nb, *, name: str = "notebook") -> list[str]:
    """Set nbgrader's metadata on every cell of ``nb`` (in place).

    Returns the grade ids of the exercises, in order. Raises ValueError
    (naming the notebook and cell) for an exercise cell without a
    ``# Exercise N.M:`` line, an exercise without a check cell after it,
    a check cell that belongs to no exercise, or a repeated exercise number.
    """
    cells = nb.cells
    roles: dict[int, dict] = {}
    grade_ids: list[str] = []
    exercises: list[tuple[int, str, str]] = []  # (cell, grade id, number)
    for index, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        where = f"{name}: cell {index}"
        source = _source(cell)
        if not solution_regions(source, where):
            continue
        found = [m for m in map(EXERCISE_RE.match, source.splitlines()) if m]
        if not found:
            raise ValueError(
                f"{where}: an exercise cell needs a '# Exercise N.M: title' line"
            )
        number = found[0].group("number")
        part = _PART_RE.search(source.splitlines()[0])
        grade_id = "exercise_" + number.replace(".", "_")
        if part:
            grade_id += "_" + part.group(1).lower()
        if grade_id in grade_ids:
            raise ValueError(f"{where}: Exercise {number} appears twice ({grade_id})")
        grade_ids.append(grade_id)
        cell.source = _canonical_markers(source, where)
        roles[index] = _role(grade_id, solution=True)
        if index > 0 and cells[index - 1].cell_type == "markdown":
            roles.setdefault(index - 1, _role(f"{grade_id}_instructions", locked=True))
        exercises.append((index, grade_id, number))
    # the check cells of an exercise: the code cells calling check...( between
    # it and the next exercise
    bounds = [index for index, _, _ in exercises] + [len(cells)]
    for (index, grade_id, number), stop in zip(exercises, bounds[1:], strict=True):
        checks = [
            i
            for i in range(index + 1, stop)
            if cells[i].cell_type == "code" and CHECK_CALL_RE.search(_source(cells[i]))
        ]
        if not checks:
            raise ValueError(
                f"{name}: cell {index}: Exercise {number} has no check cell after it"
            )
        for k, i in enumerate(checks, start=1):
            suffix = "_check" if k == 1 else f"_check_{k}"
            roles[i] = _role(
                f"{grade_id}{suffix}", grade=True, locked=True, points=POINTS
            )
    for index, cell in enumerate(cells):
        if index in roles:
            cell.metadata["nbgrader"] = roles[index]
        else:
            cell.metadata.pop("nbgrader", None)
    return grade_ids


def _targets(paths: Sequence[str]) -> list[Path]:
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(path.glob("*.ipynb")))
        elif path.is_file():
            found.append(path)
        else:
            raise ValueError(f"{path}: no such notebook or folder")
    if not found:
        raise ValueError(f"no notebooks (*.ipynb) in {', '.join(paths)}")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m mlcourse.grading [--check] [PATH ...]``."""
    parser = argparse.ArgumentParser(
        prog="python -m mlcourse.grading",
        description="Write nbgrader's cell metadata (solution, graded check and "
        "read-only instruction cells) from the ### BEGIN SOLUTION markers.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        default=["solutions"],
        help="notebooks or folders of notebooks (default: solutions)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if some notebook's metadata is out of date",
    )
    args = parser.parse_args(argv)
    stale = []
    try:
        for path in _targets(args.paths):
            nb = read_notebook(path)
            before = copy.deepcopy(nb)
            ids = add_nbgrader_metadata(nb, name=str(path))
            if nb == before:
                print(f"  {path}: {len(ids)} exercises, metadata up to date")
                continue
            stale.append(path)
            if not args.check:
                _write_atomically(nb, path)
                print(f"  {path}: {len(ids)} exercises, metadata written")
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.check and stale:
        for path in stale:
            print(f"error: {path}: nbgrader metadata out of date", file=sys.stderr)
        print("run: python -m mlcourse.grading", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
