"""Fixtures for the browser tests: a JupyterLab server, Chromium, a page.

* ``lab_root``: a temporary folder served by JupyterLab, holding a copy of
  the course's ``notebooks/`` folder; tests may write more notebooks into it.
* ``jupyter_server``: one JupyterLab for the whole test session.
* ``browser``: one headless Chromium (Debian's ``/usr/bin/chromium``).
* ``lab``: a fresh browser tab (``NotebookPage``) per test. When the test
  fails, a screenshot and the page text land in ``test-artifacts/``.

Without Chromium the tests are skipped, unless ``MLCOURSE_REQUIRE_BROWSER=1``
asks for them to fail instead (for CI, where a skip would hide a problem).
"""

from __future__ import annotations

import os

import pytest

REQUIRE_BROWSER = os.environ.get("MLCOURSE_REQUIRE_BROWSER") == "1"


def _missing(reason: str):
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason} (MLCOURSE_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


try:  # Playwright is a test dependency, but keep its absence a clean skip.
    from jupyter_harness import (
        CHROMIUM,
        CHROMIUM_ARGS,
        JupyterLabServer,
        copy_notebooks,
        open_tab,
    )
    from playwright.sync_api import expect, sync_playwright

    _IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - depends on the environment
    _IMPORT_ERROR = exc


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Remember each phase's report on the test item, so that the `lab`
    # fixture can tell whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium_path():
    if _IMPORT_ERROR is not None:
        _missing(f"playwright is not installed ({_IMPORT_ERROR})")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _missing(f"{CHROMIUM} not found: apt-get install chromium")
    return CHROMIUM


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory, chromium_path):
    root = tmp_path_factory.mktemp("lab-root")
    copy_notebooks(root)
    return root


@pytest.fixture(scope="session")
def jupyter_server(lab_root):
    server = JupyterLabServer(lab_root)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    expect.set_options(timeout=60_000)  # expect() would wait only 5 s
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _failed(request) -> bool:
    """True if the setup or the call of the current test failed."""
    return any(
        getattr(getattr(request.node, f"report_{when}", None), "failed", False)
        for when in ("setup", "call")
    )


@pytest.fixture
def lab(request, browser, jupyter_server):
    """A new tab on the JupyterLab server; ``lab.open(path)`` shows a notebook."""
    page = open_tab(browser, jupyter_server)
    yield page
    if _failed(request):
        saved = page.save_artifacts(request.node.name)
        print("browser artifacts:", *saved, sep="\n  ")
    # Shuts down the kernels this tab started, so that they don't pile up
    # across tests (but not those of other tabs, which may still be busy).
    page.close()
