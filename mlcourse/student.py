"""Make the student edition of the course notebooks: solutions out, stubs in.

The instructor notebooks (``solutions/``) hold the answers to the
exercises, marked inside the exercise's code cell::

    # Exercise 2.1: the sigmoid function
    def sigmoid(z):
        ### BEGIN SOLUTION
        return 0.5 * (1 + np.tanh(0.5 * z))
        ### END SOLUTION

and the next cell checks the answer with ``check("sigmoid", sigmoid)``.
The student edition (``notebooks/``) replaces every marked region (markers
included) by one line:

* inside a function, ``raise NotImplementedError("Exercise 2.1: write your
  code here")``, so that the check cell reports "not written yet";
* at the top level of a cell, the comment ``# YOUR CODE HERE``, so that
  *Run All* goes on (the instructor cell sets its variable, e.g.
  ``spiral_model = None``, before the region).

It clears the outputs and execution counts of the cells that held a
solution or call ``check(`` / ``check_accuracy(``, drops the notebook's
saved widget state (``metadata.widgets``) and puts a note at the top that
links to the notebook's worked solutions. Every other cell keeps the
instructor's outputs, so that nbval can run the student edition strictly.

Markers are recognised case-insensitively, with any number of ``#`` in
front and optionally after (``### BEGIN SOLUTION``, ``## begin solution``,
``### END SOLUTION ###``). The tool refuses, with a ``ValueError`` naming
the notebook and the cell (its index in ``nb.cells``, from 0):

* a line that looks like a marker but is not one (``# BEGIN SOLUTION: x``,
  ``### BEGIN_SOLUTION``, a marker in a string or in a markdown cell);
* unbalanced or nested markers;
* a stubbed code cell that does not parse (IPython magics ignored);
* a notebook that calls ``check(`` but has no exercise to stub;
* a malformed notebook file (bad JSON, a JSON list, no ``metadata``).

After stubbing, the result is verified: no marker is left, and no
solution text is found in any cell's source, output or metadata, nor in the
notebook's metadata; a leak raises :class:`SolutionLeakError` instead of
writing anything. Notebooks are written through a temporary file and
``os.replace``, and never into a destination that is, or holds, a symbolic
or hard link to a source file.

From the command line (defaults: ``solutions`` to ``notebooks``)::

    python -m mlcourse.student
    python -m mlcourse.student solutions build/student
    python -m mlcourse.student --check     # exit 1 if notebooks/ is stale
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import nbformat

__all__ = [
    "NOTE_TEXT",
    "SolutionLeakError",
    "make_student_edition",
    "make_student_notebook",
    "out_of_date",
    "read_notebook",
    "solution_regions",
    "main",
]

#: "### BEGIN SOLUTION" on a line of its own (any case and indentation,
#: optional trailing #s)
BEGIN_RE = re.compile(
    r"^(?P<indent>[ \t]*)#+[ \t]*begin[ \t]+solution[ \t]*#*[ \t]*$", re.IGNORECASE
)
#: "### END SOLUTION" on a line of its own
END_RE = re.compile(
    r"^(?P<indent>[ \t]*)#+[ \t]*end[ \t]+solution[ \t]*#*[ \t]*$", re.IGNORECASE
)
#: anything that looks like a marker: "begin" or "end", then "solution",
#: separated by spaces, "_" or "-" (or nothing)
LOOKS_LIKE_MARKER_RE = re.compile(r"\b(?:begin|end)[ \t_-]*solution", re.IGNORECASE)
#: "# Exercise 2.1: ..." names the exercise of a cell
EXERCISE_RE = re.compile(
    r"^[ \t]*#[ \t]*Exercise[ \t]+(?P<number>\d+(?:\.\d+)*)[ \t]*:"
)
#: a cell that checks an answer, e.g. check("sigmoid", sigmoid),
#: check_accuracy(...), check_answer("4.4a", value), check_spiral_model(model)
CHECK_CALL_RE = re.compile(r"\bcheck(?:_\w+)?\s*\(")
#: the stub of a region at the top level of a cell
TOP_LEVEL_STUB = "# YOUR CODE HERE"

#: the markdown cell put at the top of every student notebook; {solutions}
#: is the relative link to the notebook's instructor edition
NOTE_TEMPLATE = (
    "**Student edition.** Each exercise cell is left for you to write: replace "
    "its `raise NotImplementedError(...)` line (or the `# YOUR CODE HERE` "
    "comment) with your code, then run the check cell below it. Stuck? The "
    "worked solutions are in {solutions}."
)
NOTE_TEXT = NOTE_TEMPLATE.format(solutions="the course's `solutions/` folder")
NOTE_ID = "student-edition-note"

#: solution lines shorter than this are not searched for in outputs and
#: metadata (a line such as ``return z`` could appear anywhere by chance)
MIN_LEAK_LINE = 10
#: solution blocks shorter than this (joined) are not searched for in sources
MIN_LEAK_BLOCK = 25

_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class SolutionLeakError(ValueError):
    """Some solution text would survive in the student notebook."""


# ---------------------------------------------------------------------------
# Reading notebooks
# ---------------------------------------------------------------------------


def read_notebook(path) -> nbformat.NotebookNode:
    """Read a notebook file; every problem is a ValueError naming the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the notebook: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{path}: not a notebook: invalid JSON at line {exc.lineno}, "
            f"column {exc.colno} ({exc.msg})"
        ) from None
    if not isinstance(data, dict):
        raise ValueError(
            f"{path}: not a notebook: the file holds a JSON {type(data).__name__}, "
            "expected an object with 'cells', 'metadata' and 'nbformat'"
        )
    missing = [key for key in ("cells", "metadata", "nbformat") if key not in data]
    if missing:
        raise ValueError(f"{path}: not a notebook: no {', '.join(map(repr, missing))}")
    if data["nbformat"] != 4:
        raise ValueError(
            f"{path}: nbformat {data['nbformat']!r} is not supported (only 4)"
        )
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # nbformat raises several kinds
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise ValueError(
            f"{path}: not a valid notebook: {type(exc).__name__}: {first}"
        ) from None
    return nb


def _source(cell) -> str:
    """A cell's source as one string (nbformat may store a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


# ---------------------------------------------------------------------------
# Solution regions
# ---------------------------------------------------------------------------


def _check_marker_lines(text: str, where: str) -> None:
    """Refuse every line that looks like a marker but is not one."""
    for number, line in enumerate(text.splitlines(), start=1):
        if LOOKS_LIKE_MARKER_RE.search(line) and not (
            BEGIN_RE.match(line) or END_RE.match(line)
        ):
            raise ValueError(
                f"{where}, line {number}: {line.strip()!r} looks like a solution "
                "marker but is not one; write it on a line of its own as "
                "'### BEGIN SOLUTION' or '### END SOLUTION'"
            )


def solution_regions(source: str, where: str) -> list[tuple[int, int, str]]:
    """The solution regions of one code cell's source.

    Returns ``(begin, end, indent)`` for each region: the 0-based line
    numbers of its BEGIN and END markers, and the indentation its stub gets
    (that of the region's first code line, so that a marker at column 0
    inside a ``def`` still gives a stub inside the function).
    """
    _check_marker_lines(source, where)
    lines = source.splitlines()
    regions: list[tuple[int, int, str]] = []
    begin: int | None = None
    for number, line in enumerate(lines):
        if BEGIN_RE.match(line):
            if begin is not None:
                raise ValueError(
                    f"{where}: BEGIN SOLUTION on line {number + 1} inside the "
                    f"solution block that starts on line {begin + 1} (nested markers)"
                )
            begin = number
        elif END_RE.match(line):
            if begin is None:
                raise ValueError(
                    f"{where}: END SOLUTION on line {number + 1} without a BEGIN "
                    "SOLUTION before it"
                )
            regions.append((begin, number, _stub_indent(lines, begin, number)))
            begin = None
    if begin is not None:
        raise ValueError(
            f"{where}: BEGIN SOLUTION on line {begin + 1} has no END SOLUTION"
        )
    return regions


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _stub_indent(lines: list[str], begin: int, end: int) -> str:
    body = [line for line in lines[begin + 1 : end] if line.strip()]
    if body:
        return _indent_of(body[0])
    marker = _indent_of(lines[begin])
    above = [line for line in lines[:begin] if line.strip()]
    if above and above[-1].rstrip().endswith(":"):
        deeper = _indent_of(above[-1]) + "    "
        return deeper if len(deeper) > len(marker) else marker
    return marker


def _label(lines: list[str], position: int) -> str:
    """The exercise named by the last "# Exercise N.M:" line above
    ``position``, or else by the cell's first one."""
    above = [m for m in map(EXERCISE_RE.match, lines[:position]) if m]
    anywhere = [m for m in map(EXERCISE_RE.match, lines) if m]
    if above:
        return f"Exercise {above[-1].group('number')}"
    if anywhere:
        return f"Exercise {anywhere[0].group('number')}"
    return "This exercise"


def _stub_source(source: str, where: str) -> tuple[str, list[list[str]]]:
    """Replace every solution region of one code cell's source.

    Returns the new source and the regions removed (each a list of lines,
    markers excluded).
    """
    lines = source.splitlines()
    regions = solution_regions(source, where)
    out: list[str] = []
    removed: list[list[str]] = []
    position = 0
    for begin, end, indent in regions:
        out.extend(lines[position:begin])
        if indent:
            label = _label(lines, begin)
            out.append(
                f'{indent}raise NotImplementedError("{label}: write your code here")'
            )
        else:
            out.append(TOP_LEVEL_STUB)
        removed.append(lines[begin + 1 : end])
        position = end + 1
    out.extend(lines[position:])
    new = "\n".join(out)
    if source.endswith("\n"):
        new += "\n"
    return new, removed


def without_magics(source: str) -> str:
    """``source`` with IPython magics and shell lines (``%``, ``!``) blanked."""
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line
        for line in source.splitlines()
    )


def _check_parses(source: str, where: str) -> None:
    try:
        ast.parse(without_magics(source))
    except SyntaxError as exc:
        raise ValueError(
            f"{where}: the stubbed cell is not valid Python (line {exc.lineno}: "
            f"{exc.msg}); check the indentation of its solution markers"
        ) from None


# ---------------------------------------------------------------------------
# Leak verification
# ---------------------------------------------------------------------------


def _has_marker(text: str) -> bool:
    return any(BEGIN_RE.match(line) or END_RE.match(line) for line in text.splitlines())


def _join(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


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
                if not mime.startswith("image/") and isinstance(value, (str, list)):
                    texts.append(_join(value))
        texts.extend(_strings(output.get("metadata", {})))
    return texts


def _strings(value) -> Iterator[str]:
    """Every string inside a JSON-like value (keys included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


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
    # text a reader never sees as code but that ships in the file
    hidden = [
        (f"the output of cell {i}", _output_texts(cell))
        for i, cell in enumerate(nb.cells)
    ]
    hidden += [
        (f"the metadata of cell {i}", list(_strings(cell.get("metadata", {}))))
        for i, cell in enumerate(nb.cells)
    ]
    hidden.append(("the notebook's metadata", list(_strings(nb.get("metadata", {})))))
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
            for place, texts in hidden:
                if any(line in text for text in texts):
                    raise SolutionLeakError(
                        f"{name}: a line of the solution in cell {origin} appears in "
                        f"{place}: {line!r}"
                    )
    for place, texts in hidden:
        if any(_has_marker(text) for text in texts):
            raise SolutionLeakError(f"{name}: {place} holds a solution marker")


# ---------------------------------------------------------------------------
# One notebook
# ---------------------------------------------------------------------------


def _note_cell(nb, solutions: str | None):
    text = NOTE_TEXT if solutions is None else NOTE_TEMPLATE.format(solutions=solutions)
    cell = nbformat.v4.new_markdown_cell(text)
    if (nb.nbformat, nb.nbformat_minor) >= (4, 5):
        cell["id"] = NOTE_ID
    else:  # cell ids only exist from nbformat 4.5 on
        cell.pop("id", None)
    return cell


def make_student_notebook(
    nb: nbformat.NotebookNode, *, name: str = "notebook", solutions: str | None = None
) -> tuple[nbformat.NotebookNode, int]:
    """The student edition of one notebook.

    nb : an instructor notebook (nbformat 4); it is not changed.
    name : used in error messages (e.g. the file name).
    solutions : markdown for where the worked solutions are, e.g.
        ``"[solutions/01_adaline.ipynb](../solutions/01_adaline.ipynb)"``;
        by default the note names the course's ``solutions/`` folder.
    Returns ``(student_notebook, n_exercises)``, the number of solution
    regions replaced by stubs.
    """
    if not isinstance(nb, nbformat.NotebookNode) or "cells" not in nb:
        raise TypeError(
            f"nb must be a notebook read with nbformat, got {type(nb).__name__}"
        )
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    if solutions is not None and not isinstance(solutions, str):
        raise TypeError(f"solutions must be a string, got {type(solutions).__name__}")
    student = copy.deepcopy(nb)
    removed: list[tuple[int, list[str]]] = []
    checks = 0
    for index, cell in enumerate(student.cells):
        where = f"{name}: cell {index}"
        text = _source(cell)
        if cell.cell_type != "code":
            if any(
                line.lstrip().startswith("#") and LOOKS_LIKE_MARKER_RE.search(line)
                for line in text.splitlines()
            ):
                raise ValueError(
                    f"{where} is a {cell.cell_type} cell with a solution marker; "
                    "solutions belong in code cells"
                )
            continue
        source, blocks = _stub_source(text, where)
        if CHECK_CALL_RE.search(text):
            checks += 1
        if blocks or CHECK_CALL_RE.search(text):
            cell.outputs = []
            cell.execution_count = None
        if blocks:
            _check_parses(source, where)
            cell.source = source
            removed.extend((index, block) for block in blocks)
    if checks and not removed:
        raise ValueError(
            f"{name}: {checks} cell(s) call check( or check_accuracy( but no "
            "exercise has a '### BEGIN SOLUTION' region to stub: the solutions "
            "would ship (are the markers misspelled?)"
        )
    student.metadata.pop("widgets", None)
    first = student.cells[0] if student.cells else None
    if first is not None and (
        first.get("id") == NOTE_ID or _source(first).startswith("**Student edition.**")
    ):
        student.cells.pop(0)
        removed = [(index - 1, block) for index, block in removed]
    student.cells.insert(0, _note_cell(student, solutions))
    removed = [(index + 1, block) for index, block in removed]
    _verify(student, removed, name)
    return student, len(removed)


# ---------------------------------------------------------------------------
# A folder of notebooks
# ---------------------------------------------------------------------------


def _check_destination(dst: Path, sources: list[Path]) -> None:
    """Refuse a destination that is, or holds, a link to a source file."""
    if dst.is_symlink():
        raise ValueError(
            f"{dst}: the destination folder is a symbolic link; give a real folder"
        )
    if not dst.exists():
        return
    if not dst.is_dir():
        raise ValueError(f"dst_dir must be a folder, got the file {str(dst)!r}")
    for target in sorted(dst.iterdir()):
        if target.is_symlink():
            raise ValueError(
                f"{target}: is a symbolic link (to {os.readlink(target)}); "
                "remove it: the student edition never writes through links"
            )
        if target.is_file():
            for source in sources:
                if os.path.samefile(target, source):
                    raise ValueError(
                        f"{target}: is a hard link to the source {source}; "
                        "remove it: writing it would destroy the solutions"
                    )


def _write_atomically(nb, target: Path) -> None:
    text = nbformat.writes(nb)
    if not text.endswith("\n"):
        text += "\n"
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _convert(src_dir, dst_dir) -> tuple[Path, list[tuple[str, object, int]]]:
    if not isinstance(src_dir, (str, Path)):
        raise TypeError(f"src_dir must be a path, got {type(src_dir).__name__}")
    if not isinstance(dst_dir, (str, Path)):
        raise TypeError(f"dst_dir must be a path, got {type(dst_dir).__name__}")
    src, dst = Path(src_dir), Path(dst_dir)
    if not src.is_dir():
        raise ValueError(f"src_dir must be an existing folder, got {str(src)!r}")
    if dst.is_symlink():
        raise ValueError(
            f"{dst}: the destination folder is a symbolic link; give a real folder"
        )
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
    _check_destination(dst, paths)
    converted = []
    for path in paths:
        nb = read_notebook(path)
        relative = Path(os.path.relpath(path.resolve(), dst.resolve())).as_posix()
        shown = f"{src.name}/{path.name}"
        link = f"[{shown}]({relative})"
        student, n = make_student_notebook(nb, name=str(path), solutions=link)
        converted.append((path.name, student, n))
    return dst, converted


def _build(src_dir, dst_dir) -> list[tuple[Path, int]]:
    # convert everything first, so that one bad notebook writes nothing
    dst, converted = _convert(src_dir, dst_dir)
    dst.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, student, n_exercises in converted:
        target = dst / file_name
        _write_atomically(student, target)
        written.append((target, n_exercises))
    return written


def make_student_edition(src_dir="solutions", dst_dir="notebooks") -> list[Path]:
    """Write the student edition of every notebook of ``src_dir``.

    src_dir : folder of instructor notebooks (``*.ipynb``, not recursive).
    dst_dir : folder for the student notebooks (created if needed); must
        differ from ``src_dir``. Notebooks of the same name are replaced.
    Returns the paths written, in alphabetical order. Nothing is written
    if any notebook is malformed or would leak a solution.
    """
    return [path for path, _ in _build(src_dir, dst_dir)]


def out_of_date(src_dir="solutions", dst_dir="notebooks") -> list[str]:
    """The notebooks of ``dst_dir`` that differ from a fresh student edition
    of ``src_dir`` (missing, changed, or with no instructor notebook)."""
    dst, converted = _convert(src_dir, dst_dir)
    stale = []
    expected = set()
    for file_name, student, _ in converted:
        expected.add(file_name)
        target = dst / file_name
        text = nbformat.writes(student)
        text += "" if text.endswith("\n") else "\n"
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            stale.append(file_name)
    if dst.is_dir():
        stale += sorted(p.name for p in dst.glob("*.ipynb") if p.name not in expected)
    return sorted(stale)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m mlcourse.student [--check] [SRC [DST]]``."""
    parser = argparse.ArgumentParser(
        prog="python -m mlcourse.student",
        description="Write the student edition of the course notebooks: every "
        "### BEGIN SOLUTION ... ### END SOLUTION region becomes a stub, and the "
        "outputs of the exercise and check cells are cleared.",
    )
    parser.add_argument(
        "src",
        nargs="?",
        default="solutions",
        help="folder of instructor notebooks (default: solutions)",
    )
    parser.add_argument(
        "dst",
        nargs="?",
        default="notebooks",
        help="folder for the student notebooks (default: notebooks)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if DST is out of date with SRC",
    )
    args = parser.parse_args(argv)
    try:
        if args.check:
            stale = out_of_date(args.src, args.dst)
            for name in stale:
                print(f"  {name}: out of date", file=sys.stderr)
            if stale:
                print(
                    f"error: {args.dst} is out of date with {args.src}; run "
                    f"python -m mlcourse.student {args.src} {args.dst}",
                    file=sys.stderr,
                )
                return 1
            print(f"{args.dst} is up to date with {args.src}.")
            return 0
        written = _build(args.src, args.dst)
    except (ValueError, OSError) as exc:
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
