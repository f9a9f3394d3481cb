"""The Binder configuration agrees with pyproject.toml and is well formed."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from mlcourse.student import BEGIN_RE, END_RE

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"

#: provided by Binder's base image; pinning the server can break the hub
FROM_BASE_IMAGE = {"jupyterlab"}


def runtime_requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    return {r.name.lower(): r for r in reqs}


def binder_pins() -> dict[str, str]:
    pins = {}
    for line in (BINDER / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", (
            f"binder/requirements.txt must pin with ==, got {line!r}"
        )
        pins[req.name.lower()] = specs[0].version
    return pins


def test_every_runtime_dependency_is_pinned_for_binder():
    pins = binder_pins()
    for name, req in runtime_requirements().items():
        if name in FROM_BASE_IMAGE:
            assert name not in pins, f"{name} comes from Binder's base image"
            continue
        assert name in pins, f"{name} is a runtime dependency but not in binder"
        assert req.specifier.contains(pins[name]), (
            f"binder pins {name}=={pins[name]}, outside pyproject's {req.specifier}"
        )


def test_binder_installs_the_tools_that_execute_the_notebooks():
    pins = binder_pins()
    assert {"nbval", "pytest"} <= set(pins)


def test_package_installed_by_postbuild_not_requirements():
    lines = (BINDER / "requirements.txt").read_text().splitlines()
    assert not any(line.strip() in {".", "-e ."} for line in lines)
    post = (BINDER / "postBuild").read_text()
    assert re.search(r"pip install .*--no-deps \.$", post, re.M)
    assert (BINDER / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"


def test_runtime_is_python_311():
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"


def test_readme_binder_badge_opens_the_first_chapter():
    readme = (ROOT / "README.md").read_text()
    match = re.search(
        r"https://mybinder\.org/v2/gh/[^)\s]+urlpath=lab/tree/([^)\s]+)", readme
    )
    assert match, "README needs a Binder badge that opens JupyterLab"
    assert (ROOT / match.group(1)).is_file(), f"the badge opens {match.group(1)}"
    # the student edition: no solutions (tests/test_student.py checks it fully)
    assert match.group(1).startswith("notebooks/"), match.group(1)
    assert not _solution_markers(ROOT / match.group(1))


def _solution_markers(path: Path) -> list[str]:
    nb = json.loads(path.read_text())
    return [
        line
        for cell in nb["cells"]
        for line in "".join(cell["source"]).splitlines()
        if BEGIN_RE.match(line) or END_RE.match(line)
    ]


def test_the_instructors_share_link_opens_the_student_edition():
    guide = (ROOT / "docs" / "instructors.md").read_text()
    links = re.findall(r"https://mybinder\.org/v2/gh/\S+urlpath=lab/tree/(\S+)", guide)
    assert links
    for path in links:
        assert path.startswith("notebooks/"), path
        assert not _solution_markers(ROOT / path)
