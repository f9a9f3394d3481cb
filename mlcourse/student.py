"""Make the student edition of the course notebooks: solutions out, stubs in.

The instructor notebooks hold the answers to the exercises, marked inside
the exercise's code cell::

    # Exercise 2.1: the sigmoid function
    def sigmoid(z):
        ### BEGIN SOLUTION
        return 0.5 * (1 + np.tanh(0.5 * z))
        ### END SOLUTION

and the next cell checks the answer with ``check("sigmoid", sigmoid)``.
The student edition replaces every marked block (markers included) by one
line at the marker's indentation::

        raise NotImplementedError("Exercise 2.1: write your code here")

clears the outputs and execution counts of the cells that held a solution
or call ``check(`` or another ``check_...(`` function (their messages may
quote the answer), drops the notebook's saved widget state
(``metadata.widgets``) and adds a short note at the top. Everything else is
left as it is.

Malformed markers (a BEGIN without END, an END without BEGIN, nested blocks,
markers outside code cells) are refused with a ``ValueError`` naming the
notebook and the cell (its index in ``nb.cells``, counting from 0). After
stubbing, the result is verified: no marker is left, no solution block is
found in any cell's source, and no solution line appears in any output; a
leak raises :class:`SolutionLeakError` instead of writing the notebook.

From the command line::

    python -m mlcourse.student notebooks build/student
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat

__all__ = [
    "NOTE_TEXT",
    "SolutionLeakError",
    "make_student_edition",
    "make_student_notebook",
    "main",
]

#: "### BEGIN SOLUTION" on a line of its own (any indentation)
BEGIN_RE = re.compile(r"^(?P<indent>[ \t]*)#+[ \t]*BEGIN SOLUTION[ \t]*$")
#: "### END SOLUTION" on a line of its own
END_RE = re.compile(r"^[ \t]*#+[ \t]*END SOLUTION[ \t]*$")
#: "# Exercise 2.1: ..." names the exercise of a cell
EXERCISE_RE = re.compile(
    r"^[ \t]*#[ \t]*Exercise[ \t]+(?P<number>\d+(?:\.\d+)*)[ \t]*:"
)
#: a cell that checks an answer, e.g. check("sigmoid", sigmoid),
#: check_accuracy(...), check_answer("4.4a", value), check_spiral_model(model)
CHECK_CALL_RE = re.compile(r"\bcheck(?:_\w+)?\s*\(")

#: the markdown cell put at the top of every student notebook
NOTE_TEXT = (
    "**Student edition.** The exercise cells raise `NotImplementedError` "
    "until you write them: replace each `raise NotImplementedError(...)` line "
    "with your code, then run the `check(...)` cell below it to test your "
    "answer."
)
NOTE_ID = "student-edition-note"

#: solution lines shorter than this are not searched for in the outputs
#: (a line such as ``return z`` could appear anywhere by chance)
MIN_LEAK_LINE = 10
#: solution blocks shorter than this (joined) are not searched for in sources
MIN_LEAK_BLOCK = 25

_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class SolutionLeakError(ValueError):
    """Some solution text would survive in the student notebook."""


def _stub_line(indent: str, label: str) -> str:
    return f'{indent}raise NotImplementedError("{label}: write your code here")'


def _stub_source(source: str, where: str) -> tuple[str, list[list[str]]]:
    """Replace every solution block of one code cell's source.

    Returns the new source and the blocks removed (each a list of lines,
    markers excluded).
    """
    lines = source.splitlines()
    out: list[str] = []
    blocks: list[list[str]] = []
    block: list[str] | None = None
    begin_line = 0
    indent = ""
    # A block is named by the last "# Exercise N.M:" line above it, or else
    # by the cell's first one, or else generically.
    label = "This exercise"
    for line in lines:
        match = EXERCISE_RE.match(line)
        if match:
            label = f"Exercise {match.group('number')}"
            break
    for number, line in enumerate(lines, start=1):
        exercise = EXERCISE_RE.match(line)
        if exercise and block is None:
            label = f"Exercise {exercise.group('number')}"
        begin = BEGIN_RE.match(line)
        if begin:
            if block is not None:
                raise ValueError(
                    f"{where}: BEGIN SOLUTION on line {number} inside the solution "
                    f"block that starts on line {begin_line} (nested markers)"
                )
            block, begin_line, indent = [], number, begin.group("indent")
            continue
        if END_RE.match(line):
            if block is None:
                raise ValueError(
                    f"{where}: END SOLUTION on line {number} without a BEGIN "
                    "SOLUTION before it"
                )
            blocks.append(block)
            out.append(_stub_line(indent, label))
            block = None
            continue
        if block is not None:
            block.append(line)
        else:
            out.append(line)
    if block is not None:
        raise ValueError(
            f"{where}: BEGIN SOLUTION on line {begin_line} has no END SOLUTION"
        )
    new = "\n".join(out)
    if source.endswith("\n"):
        new += "\n"
    return new, blocks


def _source(cell) -> str:
    """A cell's source as one string (nbformat may store a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _has_marker(text: str) -> bool:
    return any(BEGIN_RE.match(line) or END_RE.match(line) for line in text.splitlines())


def _output_texts(cell) -> list[str]:
    """Every piece of text a cell's outputs would show (images excluded)."""
    texts: list[str] = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            texts.append(_join(output.get("text", "")))
        elif kind == "error":
            texts.append(f"{output.get('ename', '')}: {output.get('evalue', '')}")
            texts.extend(_ANSI_RE.sub("", line) for line in output.get("traceback", []))
        elif kind in ("execute_result", "display_data"):
            for mime, value in output.get("data", {}).items():
                if mime.startswith("image/"):
                    continue
                if isinstance(value, (str, list)):
                    texts.append(_join(value))
    return texts


def _join(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _stripped_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _contains_sequence(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _verify(nb, blocks: list[tuple[int, list[str]]], name: str) -> None:
    """Raise SolutionLeakError if any solution text is left in ``nb``."""
    for index, cell in enumerate(nb.cells):
        if _has_marker(_source(cell)):
            raise SolutionLeakError(
                f"{name}: cell {index} still holds a solution marker"
            )
    sources = [_stripped_lines(_source(cell)) for cell in nb.cells]
    outputs = [_output_texts(cell) for cell in nb.cells]
    for origin, block in blocks:
        wanted = _stripped_lines("\n".join(block))
        if wanted and len(" ".join(wanted)) >= MIN_LEAK_BLOCK:
            for index, lines in enumerate(sources):
                if _contains_sequence(lines, wanted):
                    raise SolutionLeakError(
                        f"{name}: the solution of cell {origin} also appears in "
                        f"cell {index}: {wanted[0]!r}"
                    )
        for line in wanted:
            if len(line) < MIN_LEAK_LINE:
                continue
            for index, texts in enumerate(outputs):
                if any(line in text for text in texts):
                    raise SolutionLeakError(
                        f"{name}: a line of the solution in cell {origin} appears in "
                        f"the output of cell {index}: {line!r}"
                    )


def _note_cell(nb):
    cell = nbformat.v4.new_markdown_cell(NOTE_TEXT)
    if (nb.nbformat, nb.nbformat_minor) >= (4, 5):
        cell["id"] = NOTE_ID
    else:  # cell ids only exist from nbformat 4.5 on
        cell.pop("id", None)
    return cell


def make_student_notebook(
    nb: nbformat.NotebookNode, *, name: str = "notebook"
) -> tuple[nbformat.NotebookNode, int]:
    """The student edition of one notebook.

    nb : an instructor notebook (nbformat 4); it is not changed.
    name : used in error messages (e.g. the file name).
    Returns ``(student_notebook, n_exercises)``, the number of solution
    blocks replaced by stubs.
    """
    if not isinstance(nb, nbformat.NotebookNode) or "cells" not in nb:
        raise TypeError(
            f"nb must be a notebook read with nbformat, got {type(nb).__name__}"
        )
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    student = copy.deepcopy(nb)
    removed: list[tuple[int, list[str]]] = []
    for index, cell in enumerate(student.cells):
        where = f"{name}: cell {index}"
        text = _source(cell)
        if cell.cell_type != "code":
            if _has_marker(text):
                raise ValueError(
                    f"{where} is a {cell.cell_type} cell with a solution marker; "
                    "solutions belong in code cells"
                )
            continue
        source, blocks = _stub_source(text, where)
        if blocks or CHECK_CALL_RE.search(text):
            cell.outputs = []
            cell.execution_count = None
        if blocks:
            cell.source = source
            removed.extend((index, block) for block in blocks)
    student.metadata.pop("widgets", None)
    first = student.cells[0] if student.cells else None
    if first is None or (first.get("id") != NOTE_ID and _source(first) != NOTE_TEXT):
        student.cells.insert(0, _note_cell(student))
        removed = [(index + 1, block) for index, block in removed]
    _verify(student, removed, name)
    return student, len(removed)


def _build(src_dir, dst_dir) -> list[tuple[Path, int]]:
    if not isinstance(src_dir, (str, Path)):
        raise TypeError(f"src_dir must be a path, got {type(src_dir).__name__}")
    if not isinstance(dst_dir, (str, Path)):
        raise TypeError(f"dst_dir must be a path, got {type(dst_dir).__name__}")
    src, dst = Path(src_dir), Path(dst_dir)
    if not src.is_dir():
        raise ValueError(f"src_dir must be an existing folder, got {str(src)!r}")
    if dst.exists() and not dst.is_dir():
        raise ValueError(f"dst_dir must be a folder, got the file {str(dst)!r}")
    if dst.resolve() == src.resolve():
        raise ValueError(
            "dst_dir must differ from src_dir: the student edition would "
            "overwrite the instructor notebooks"
        )
    paths = sorted(src.glob("*.ipynb"))
    if not paths:
        raise ValueError(f"src_dir {str(src)!r} holds no notebooks (*.ipynb)")
    # convert everything first, so that one bad notebook writes nothing
    converted = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        converted.append((path.name, *make_student_notebook(nb, name=path.name)))
    dst.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, student, n_exercises in converted:
        target = dst / file_name
        nbformat.write(student, target)
        written.append((target, n_exercises))
    return written


def make_student_edition(src_dir, dst_dir) -> list[Path]:
    """Write the student edition of every notebook of ``src_dir``.

    src_dir : folder of instructor notebooks (``*.ipynb``, not recursive).
    dst_dir : folder for the student notebooks (created if needed); must
        differ from ``src_dir``. Notebooks of the same name are overwritten.
    Returns the paths written, in alphabetical order. Nothing is written
    if any notebook is malformed or would leak a solution.
    """
    return [path for path, _ in _build(src_dir, dst_dir)]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m mlcourse.student SRC DST``."""
    parser = argparse.ArgumentParser(
        prog="python -m mlcourse.student",
        description="Write the student edition of the course notebooks: every "
        "### BEGIN SOLUTION ... ### END SOLUTION block becomes a `raise "
        "NotImplementedError` stub, and the outputs of the exercise and "
        "check cells are cleared.",
    )
    parser.add_argument("src", help="folder of instructor notebooks (*.ipynb)")
    parser.add_argument("dst", help="folder for the student notebooks")
    args = parser.parse_args(argv)
    try:
        written = _build(args.src, args.dst)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path, n_exercises in written:
        plural = "" if n_exercises == 1 else "s"
        print(f"  {path.name}: {n_exercises} exercise{plural} stubbed")
    total = sum(n for _, n in written)
    print(
        f"Wrote {len(written)} student notebook{'' if len(written) == 1 else 's'} "
        f"to {args.dst} ({total} exercise{'' if total == 1 else 's'} stubbed)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
