"""Drive a real JupyterLab in headless Chromium, for the browser tests.

Two pieces:

* ``JupyterLabServer`` starts ``jupyter lab`` on 127.0.0.1 with a random
  port and token, in its own process group, serving a temporary folder, and
  stops it (and its kernels) again.
* ``NotebookPage`` wraps a Playwright page showing one notebook, with the
  steps the tests need: wait for the kernel, run all cells, find widget
  outputs, move sliders, draw on canvases, click buttons, compare images.

The fixtures in ``conftest.py`` put the pieces together; a test receives a
``lab`` object and calls ``lab.open("notebooks/some.ipynb")``.

Nothing here touches the network: JupyterLab's news and update checks are
switched off, and Chromium runs with background networking disabled.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("MLCOURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Generous defaults: a cold kernel start plus numpy and matplotlib imports
# take a few seconds on a busy 2-core machine.
TIMEOUT_MS = 60_000

WIDGET_ERROR = "Error displaying widget"
OUTPUT = ".jp-OutputArea-output"
_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
_CODE_CELLS = f"{_PANEL} .jp-NotebookPanel-notebook .jp-CodeCell"
_PROMPTS = f"{_PANEL} .jp-CodeCell .jp-InputPrompt"
# Exceptions are rendered as stderr text in JupyterLab 4.
_STDERR = (
    f'{_PANEL} {OUTPUT}[data-mime-type="application/vnd.jupyter.stderr"], '
    f'{_PANEL} {OUTPUT}[data-mime-type="application/vnd.jupyter.error"]'
)
# JavaScript conditions for page.wait_for_function (argument: selectors).
_NO_PROMPT_NUMBERS = r"""(prompts) =>
    [...document.querySelectorAll(prompts)]
        .every(p => !/\[[\d*]+\]/.test(p.textContent))
"""
# Start recording, every `interval` ms, the img src or text of the elements
# matching `selector` in one code cell; a new entry whenever they change.
_RECORD = r"""([key, cells, index, selector, interval]) => {
    const recordings = (window.__mlcourseRecordings ||= {});
    const log = [];
    let last = null;
    const snapshot = () => {
        const cell = document.querySelectorAll(cells)[index];
        const values = cell
            ? [...cell.querySelectorAll(selector)].map(el =>
                  el.tagName === "IMG" ? el.getAttribute("src") || "" : el.textContent)
            : [];
        const text = JSON.stringify(values);
        if (text !== last) {
            last = text;
            log.push({ t: performance.now(), values });
        }
    };
    snapshot();
    recordings[key] = { log, timer: setInterval(snapshot, interval) };
}
"""
_CELLS_DONE = r"""([prompts, stderr]) => {
    const all = [...document.querySelectorAll(prompts)];
    if (all.some(p => p.textContent.includes("[*]"))) return false;
    const raised = [...document.querySelectorAll(stderr)]
        .some(o => o.textContent.includes("Traceback"));
    return raised || all.every(p => /\[\d+\]/.test(p.textContent));
}
"""


# -- notebooks -------------------------------------------------------------------


def write_notebook(path: Path, cells: Sequence[str]) -> Path:
    """Write a notebook whose code cells hold the given sources; return its path.

    A cell whose source starts with ``"# %% [markdown]\\n"`` becomes a
    Markdown cell (the rest of the source is its text).
    """
    marker = "# %% [markdown]\n"
    nb_cells = []
    for source in cells:
        if source.startswith(marker):
            nb_cells.append(
                {
                    "cell_type": "markdown",
                    "metadata": {},
                    "source": source[len(marker) :],
                }
            )
        else:
            nb_cells.append(
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "metadata": {},
                    "outputs": [],
                    "source": source,
                }
            )
    notebook = {
        "cells": nb_cells,
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for i, cell in enumerate(notebook["cells"]):
        cell["id"] = f"cell-{i}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, indent=1))
    return path


def code_cell_sources(path: Path) -> list[str]:
    """The sources of a notebook's code cells, in order (index = ``code_cell``)."""
    notebook = json.loads(Path(path).read_text())
    return [
        "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
    ]


def find_code_cells(path: Path, pattern: str) -> list[int]:
    """Indices of the code cells whose source matches the regex ``pattern``."""
    regex = re.compile(pattern, re.MULTILINE)
    return [
        i for i, source in enumerate(code_cell_sources(path)) if regex.search(source)
    ]


def copy_notebooks(root: Path, source: Path = REPO_ROOT / "notebooks") -> None:
    """Copy the course's ``notebooks/`` folder (if any) into ``root/notebooks``."""
    if source.is_dir():
        shutil.copytree(
            source,
            root / "notebooks",
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
            dirs_exist_ok=True,
        )


# -- the server ------------------------------------------------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _proc_stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, start time) of a process from /proc, or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # no such process (any more)
        return None
    # The command name (2nd field) is in parentheses and may hold spaces.
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1]), int(fields[19])


def _descendants(pid: int) -> list[tuple[int, int]]:
    """(pid, start time) of all descendants of ``pid``.

    The start time tells a process apart from a later one that got the same
    pid, so that we never signal a process we did not start.
    """
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _proc_stat(int(entry.name))):
            table[int(entry.name)] = stat
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        kids = [child for child, (_, ppid, _) in table.items() if ppid == parent]
        found.extend((child, table[child][2]) for child in kids)
        todo.extend(kids)
    return found


def _still_running(pid: int, start_time: int) -> bool:
    """True if the process ``pid`` started at ``start_time`` is alive."""
    stat = _proc_stat(pid)
    return stat is not None and stat[2] == start_time and stat[0] != "Z"


class JupyterLabServer:
    """``jupyter lab`` serving ``root_dir`` on 127.0.0.1, for one test session.

    Use as a context manager, or call ``start()`` and ``stop()``.
    """

    def __init__(self, root_dir: Path, *, startup_timeout: float = 60.0) -> None:
        self.root_dir = Path(root_dir)
        self.startup_timeout = startup_timeout
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base_url = f"http://127.0.0.1:{self.port}/"
        # Settings, config, data and runtime files of this server live here,
        # so the user's own Jupyter setup is neither read nor touched.
        self.home = self.root_dir.parent / f"{self.root_dir.name}-jupyter-home"
        self.log_path = self.home / "jupyterlab.log"
        self.process: subprocess.Popen | None = None

    def _write_settings(self) -> Path:
        settings = self.home / "lab-settings"
        files = {
            # No news feed, no update check: there is no network.
            "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
                "fetchNews": "false",
                "checkForUpdates": False,
            },
            # Keep every cell in the page, so locators find off-screen cells.
            "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
                "windowingMode": "none"
            },
        }
        for name, value in files.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        return settings

    def start(self) -> JupyterLabServer:
        self.home.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env.update(
            JUPYTERLAB_SETTINGS_DIR=str(self._write_settings()),
            JUPYTERLAB_WORKSPACES_DIR=str(self.home / "workspaces"),
            JUPYTER_CONFIG_DIR=str(self.home / "config"),
            JUPYTER_DATA_DIR=str(self.home / "data"),
            JUPYTER_RUNTIME_DIR=str(self.home / "runtime"),
            IPYTHONDIR=str(self.home / "ipython"),
            PYTHONUNBUFFERED="1",
        )
        env.pop("MPLBACKEND", None)  # the kernel must use the inline backend
        # One BLAS thread per kernel. Chromium, the server and the test share
        # the (2) cores with the kernel; two OpenBLAS threads on a busy core
        # pair make NumPy's small matrix products collapse (chapter 5's
        # training went from 0.5 s to 5 s an epoch), one thread degrades
        # gently. An explicit setting in the environment wins.
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env.setdefault(name, "1")
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.allow_root=True",
            f"--ServerApp.root_dir={self.root_dir}",
            "--LabApp.extension_manager=readonly",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp
            "--LabApp.news_url=",
            "--LanguageServerManager.autodetect=False",
        ]
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=self.root_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group, stopped as a whole
        )
        self._wait_until_up()
        return self

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        status_url = f"{self.base_url}api/status?token={self.token}"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"jupyter lab exited with code {self.process.returncode}:\n"
                    + self.log_tail()
                )
            try:
                with urllib.request.urlopen(status_url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("jupyter lab did not start in time:\n" + self.log_tail())

    def url(self, path: str = "", *, workspace: str | None = None) -> str:
        """Address of ``path`` (relative to the root folder) in JupyterLab.

        A ``workspace`` name gives the tab a layout of its own: without it,
        JupyterLab would reopen the notebooks that earlier tests left open
        (and start their kernels again).
        """
        lab = f"lab/workspaces/{workspace}" if workspace else "lab"
        return f"{self.base_url}{lab}/tree/{path}?token={self.token}"

    def api(self, method: str, path: str) -> object:
        """Call the server's REST API (``path`` like ``"api/sessions"``)."""
        request = urllib.request.Request(
            f"{self.base_url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self, paths: Iterable[str] | None = None) -> None:
        """Shut down the kernels (and sessions) of the notebooks at ``paths``.

        ``paths`` are relative to the root folder, as given to
        ``NotebookPage.open``; None shuts down every kernel.
        """
        wanted = None if paths is None else set(paths)
        for session in self.api("GET", "api/sessions"):
            if wanted is None or session.get("path") in wanted:
                self.api("DELETE", f"api/sessions/{session['id']}")

    def log_tail(self, n_chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n_chars:]
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop the server, its kernels and anything else it started."""
        if self.process is None:
            return
        pid = self.process.pid
        # Kernels run in sessions of their own, so note them before leaving.
        descendants = _descendants(pid)
        if self.process.poll() is None:
            try:  # the polite way: the server shuts its kernels down itself
                request = urllib.request.Request(
                    f"{self.base_url}api/shutdown?token={self.token}", method="POST"
                )
                urllib.request.urlopen(request, timeout=5).close()
                self.process.wait(timeout=15)
            except Exception:
                pass
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.process.poll() is not None:
                break
            try:
                os.killpg(pid, sig)  # the server's process group
                self.process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        # Whatever it started and left behind (kernels in their own groups).
        deadline = time.monotonic() + 5
        for child, start_time in descendants:
            while _still_running(child, start_time) and time.monotonic() < deadline:
                time.sleep(0.1)
            if _still_running(child, start_time):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)
        self.process = None
        self._log.close()

    def __enter__(self) -> JupyterLabServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


# -- the page ---------------------------------------------------------------------


def open_tab(browser: Browser, server: JupyterLabServer) -> NotebookPage:
    """A new tab, in a browser context of its own, on the JupyterLab server.

    The window is tall (JupyterLab scrolls inside the notebook panel, not
    the page), and every Playwright action waits up to ``TIMEOUT_MS``.
    Close it with ``NotebookPage.close()``.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 2000})
    context.set_default_timeout(TIMEOUT_MS)
    return NotebookPage(context.new_page(), server)


class NotebookPage:
    """A notebook open in JupyterLab, driven through a Playwright ``page``."""

    _count = 0  # numbers the workspaces of successive pages

    def __init__(self, page: Page, server: JupyterLabServer) -> None:
        NotebookPage._count += 1
        self.workspace = f"test-{NotebookPage._count}"
        self.page = page
        self.server = server
        self.path: str | None = None
        self.opened: set[str] = set()  # every notebook this page has opened
        self.console: list[str] = []
        self._focus: Locator | None = None
        self._recordings = 0
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda err: self.console.append(f"pageerror: {err}"))

    def close(self) -> None:
        """Close the tab and shut down the kernels of the notebooks it opened."""
        self.page.context.close()
        # Only this tab's kernels: another tab may still be running a notebook.
        self.server.shutdown_kernels(self.opened)

    @contextlib.contextmanager
    def artifacts_on_failure(self, name: str):
        """Save the artifacts as ``name`` if the ``with`` block raises.

        For a page that a test did not get from the ``lab`` fixture (which
        saves them itself).
        """
        try:
            yield self
        except BaseException:
            saved = self.save_artifacts(name)
            print("browser artifacts:", *saved, sep="\n  ")
            raise

    # Opening and running ---------------------------------------------------

    def open(
        self, path: str, *, wait_for_kernel: bool = True, timeout: float = TIMEOUT_MS
    ) -> NotebookPage:
        """Open ``path`` (relative to the server's root) and wait for the kernel.

        ``wait_for_kernel=False`` returns as soon as the notebook is shown,
        for tests that only look at saved outputs.
        """
        self.path = path
        self.opened.add(path)
        self.page.goto(self.server.url(path, workspace=self.workspace))
        name = Path(path).name
        tab = self.page.locator(".lm-TabBar-tab.jp-mod-current", has_text=name)
        expect(tab).to_be_visible(timeout=timeout)
        expect(self.notebook).to_be_visible(timeout=timeout)
        if wait_for_kernel:
            self.wait_for_idle_kernel(timeout=timeout)
        return self

    @property
    def notebook(self) -> Locator:
        """The notebook panel that is currently shown."""
        return self.page.locator(f"{_PANEL} .jp-NotebookPanel-notebook")

    def wait_for_idle_kernel(self, *, timeout: float = TIMEOUT_MS) -> None:
        """Wait until the status bar says ``| Idle``.

        The toolbar's kernel indicator says idle before the kernel is even
        connected (and cells run then would queue forever); the status bar
        only does so once the kernel has answered.
        """
        status = self.page.locator(".jp-StatusBar-Widget", has_text="| Idle")
        expect(status.first).to_be_visible(timeout=timeout)

    def command(self, command_id: str, args: dict | None = None) -> None:
        """Execute a JupyterLab command by id, e.g. ``"runmenu:run-all"``."""
        # Not awaited: "run all" resolves only when the cells are done, and
        # the wait_for_* helpers are the ones with a timeout.
        self.page.evaluate(
            "([id, args]) => { window.jupyterapp.commands.execute(id, args); }",
            [command_id, args or {}],
        )

    def run_all(self, *, timeout: float = TIMEOUT_MS, wait: bool = True) -> None:
        """Clear the outputs, run every cell, wait until all have finished.

        Clearing first matters for notebooks saved with outputs: their old
        execution numbers would otherwise look like finished cells.
        ``wait=False`` returns once the run has started (to watch a cell
        while it runs); call ``wait_for_cells_done()`` afterwards.
        """
        self.command("notebook:clear-all-cell-outputs")
        self.page.wait_for_function(_NO_PROMPT_NUMBERS, arg=_PROMPTS, timeout=timeout)
        self.command("runmenu:run-all")
        if wait:
            self.wait_for_cells_done(timeout=timeout)

    def run_cell(self, index: int, *, timeout: float = TIMEOUT_MS) -> None:
        """Run one code cell (0-based, Markdown cells not counted) and wait."""
        cell = self.code_cell(index)
        cell.locator(".jp-InputPrompt").click()  # select the cell
        self.command("notebook:run-cell")
        self.wait_for_cells_done(timeout=timeout)

    def wait_for_cells_done(self, *, timeout: float = TIMEOUT_MS) -> None:
        """Wait until no cell is running or queued (``[*]``).

        Done means: every code cell shows an execution number, or a cell
        raised (Run All stops there; ``assert_no_errors`` reports it).
        """
        self.page.wait_for_function(
            _CELLS_DONE, arg=[_PROMPTS, _STDERR], timeout=timeout
        )
        self.wait_for_idle_kernel(timeout=timeout)

    def kernel_eval(self, code: str, *, timeout: float = TIMEOUT_MS) -> str:
        """Run ``code`` in the notebook's kernel, off the record; return its result.

        Nothing appears in the notebook: the code goes straight to the
        kernel (``store_history=False``), after the messages already sent
        to it (widget updates, button clicks). Returns the ``text/plain``
        of the last expression, else what was printed. Raises if the code
        raised. For asking the kernel about a widget's state.
        """
        result = self.page.evaluate(
            """async ([code, timeout]) => {
                const panel = window.jupyterapp.shell.currentWidget;
                const kernel = panel.sessionContext.session.kernel;
                const future = kernel.requestExecute(
                    { code, silent: false, store_history: false });
                let value = null, printed = "", error = null;
                future.onIOPub = (msg) => {
                    const type = msg.header.msg_type;
                    if (type === "execute_result") value = msg.content.data["text/plain"];
                    else if (type === "stream") printed += msg.content.text;
                    else if (type === "error")
                        error = `${msg.content.ename}: ${msg.content.evalue}`;
                };
                const timer = new Promise((_, reject) => setTimeout(
                    () => reject(new Error("kernel_eval timed out")), timeout));
                await Promise.race([future.done, timer]);
                return { value, printed, error };
            }""",
            [code, timeout],
        )
        if result["error"]:
            raise AssertionError(f"{code!r} raised {result['error']}")
        return result["value"] if result["value"] is not None else result["printed"]

    def wait_for_kernel_value(
        self, code: str, expected: str, *, timeout: float = TIMEOUT_MS
    ) -> None:
        """Ask the kernel ``code`` again and again until it answers ``expected``."""
        deadline = time.monotonic() + timeout / 1000
        while (value := self.kernel_eval(code, timeout=timeout)) != expected:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the kernel still answers {value!r} to {code!r}, "
                    f"not {expected!r}, after {timeout / 1000:.0f} s"
                )
            time.sleep(0.2)

    # Finding outputs -------------------------------------------------------

    def code_cell(self, index: int) -> Locator:
        """The ``index``-th code cell (0-based, Markdown cells not counted)."""
        return self.notebook.locator(".jp-CodeCell").nth(index)

    def output_area(self, cell: int) -> Locator:
        """The whole output area of one code cell."""
        return self.code_cell(cell).locator(".jp-OutputArea")

    def outputs(self, cell: int | None = None) -> Locator:
        """The outputs (one element per display) of one code cell, or of all.

        Careful: the renderer's classes sit on these elements themselves
        (e.g. ``.jp-OutputArea-output.jp-RenderedImage`` for a PNG), so use
        ``output_area(cell)`` to look for a kind of output.
        """
        scope = self.notebook if cell is None else self.code_cell(cell)
        return scope.locator(OUTPUT)

    def widget_outputs(self, cell: int | None = None) -> Locator:
        """Outputs showing a live widget (one per displayed widget)."""
        return self.outputs(cell).filter(
            has=self.page.locator(".jupyter-widgets"), has_not_text=WIDGET_ERROR
        )

    def output_text(self, cell: int | None = None) -> str:
        return "\n".join(self.outputs(cell).all_inner_texts())

    def assert_no_errors(self) -> None:
        """No widget failed to display and no cell raised an exception."""
        text = self.output_text()
        assert WIDGET_ERROR not in text, f"widget error in the outputs:\n{text}"
        # Exceptions show as error outputs, rendered as stderr text.
        errors = self.notebook.locator(
            f'{OUTPUT}[data-mime-type="application/vnd.jupyter.error"], '
            f'{OUTPUT}[data-mime-type="application/vnd.jupyter.stderr"]'
        ).filter(has_text=re.compile(r"Traceback|Error"))
        assert errors.count() == 0, "a cell raised:\n" + "\n".join(
            errors.all_inner_texts()
        )

    def stderr_texts(self) -> list[str]:
        """The text of every stderr output (warnings, tracebacks) in the notebook."""
        return self.notebook.locator(
            f'{OUTPUT}[data-mime-type="application/vnd.jupyter.stderr"], '
            f'{OUTPUT}[data-mime-type="application/vnd.jupyter.error"]'
        ).all_inner_texts()

    def widget_views(self) -> Locator:
        """Every output of the notebook that holds a widget (live or broken).

        The widget renderer is the output element itself: it holds the
        widget's view (``.jupyter-widgets``), or, when the widget cannot be
        shown, it carries that class itself and says "Error displaying
        widget". (Unlike other outputs it has no ``data-mime-type``.)
        """
        return self.notebook.locator(
            f"{OUTPUT}:has(> .jupyter-widgets), {OUTPUT}.jupyter-widgets"
        )

    def assert_widgets_render(self, *, timeout: float = TIMEOUT_MS) -> int:
        """Every widget output shows a live widget, and its figures are loaded.

        Returns the number of widget outputs. Each ``img.widget-image`` (the
        figure of a ``FigureWidget``) must hold a decoded, non-empty image.
        """
        # "Loading widget..." is what the renderer says until the model exists.
        loading = self.notebook.locator(OUTPUT, has_text=re.compile(r"^Loading widget"))
        expect(loading).to_have_count(0, timeout=timeout)
        views = self.widget_views()
        n_views = views.count()
        for i in range(n_views):
            view = views.nth(i)
            expect(view).not_to_contain_text(WIDGET_ERROR)
            expect(view.locator(".jupyter-widgets").first).to_be_attached(
                timeout=timeout
            )
            images = view.locator("img.widget-image")
            for j in range(images.count()):
                self.wait_for_image(images.nth(j), timeout=timeout)
        return n_views

    def wait_for_image(self, image: Locator, *, timeout: float = TIMEOUT_MS) -> None:
        """Wait until the <img> has a ``src`` and shows a decoded picture."""
        expect(image).to_have_attribute("src", re.compile(r"."), timeout=timeout)
        self.page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0 && img.naturalHeight > 0",
            arg=image.element_handle(timeout=timeout),
            timeout=timeout,
        )

    def focus(self, target: Locator) -> Locator:
        """Remember ``target`` (e.g. the widget under test) for the failure
        screenshot, which is then also taken with it scrolled into view."""
        self._focus = target
        return target

    # Watching a cell while it runs -------------------------------------------

    def record(self, cell: int, selector: str, *, interval_ms: int = 25) -> str:
        """Start recording what ``selector`` shows in code cell ``cell``.

        Every ``interval_ms`` the page notes the ``src`` of each matching
        <img> (or the text of any other element) and keeps a new entry
        whenever they change: the history of a figure or a label while the
        kernel updates it, without the test having to poll in time. Returns
        a key for ``recorded()``.
        """
        self._recordings += 1
        key = f"recording-{self._recordings}"
        self.page.evaluate(_RECORD, [key, _CODE_CELLS, cell, selector, interval_ms])
        return key

    def recorded(self, key: str, *, stop: bool = False) -> list[list[str]]:
        """The successive values recorded under ``key`` (oldest first).

        Each entry lists the src or text of every element matched at that
        moment. ``stop=True`` also ends the recording.
        """
        return self.page.evaluate(
            """([key, stop]) => {
                const rec = window.__mlcourseRecordings[key];
                if (stop) clearInterval(rec.timer);
                return rec.log.map(entry => entry.values);
            }""",
            [key, stop],
        )

    # Driving widgets -------------------------------------------------------

    def click_button(self, text: str, *, within: Locator | None = None) -> None:
        """Click the (first) button whose label is ``text``."""
        scope = within if within is not None else self.notebook
        button = scope.get_by_role("button", name=text, exact=True).first
        button.scroll_into_view_if_needed()
        button.click()

    def slider_handle(self, slider: Locator) -> Locator:
        """The draggable handle of an ipywidgets slider (noUiSlider)."""
        return slider.locator(".noUi-handle").first

    def move_slider(self, slider: Locator, steps: int) -> None:
        """Move an ipywidgets slider by ``steps`` steps with the arrow keys.

        ``slider`` is the slider widget (e.g. ``lab.sliders().nth(0)``);
        a negative ``steps`` moves it to the left.
        """
        handle = self.slider_handle(slider)
        handle.scroll_into_view_if_needed()
        handle.focus()
        key = "ArrowRight" if steps > 0 else "ArrowLeft"
        for _ in range(abs(steps)):
            handle.press(key)

    def drag_slider(self, slider: Locator, fraction: float) -> None:
        """Drag a slider's handle to ``fraction`` (0 = left end, 1 = right end)."""
        handle = self.slider_handle(slider)
        handle.scroll_into_view_if_needed()
        track = slider.locator(".noUi-target").first.bounding_box()
        start = handle.bounding_box()
        y = start["y"] + start["height"] / 2
        self.page.mouse.move(start["x"] + start["width"] / 2, y)
        self.page.mouse.down()
        self.page.mouse.move(track["x"] + fraction * track["width"], y, steps=10)
        self.page.mouse.up()

    @staticmethod
    def slider_fraction(slider: Locator) -> float:
        """Where the slider's handle is: 0 at the left end, 1 at the right end."""
        handle = slider.locator(".noUi-handle").first
        now, low, high = (
            float(handle.get_attribute(name))
            for name in ("aria-valuenow", "aria-valuemin", "aria-valuemax")
        )
        return (now - low) / (high - low) if high > low else 0.0

    @staticmethod
    def select_other_option(select: Locator) -> str:
        """Pick another option of a <select> (a Dropdown); return its value."""
        current = select.input_value()
        values = select.locator("option").evaluate_all(
            "options => options.map(o => o.value)"
        )
        other = next((v for v in values if v != current), None)
        assert other is not None, f"the dropdown has no other option than {current!r}"
        select.select_option(value=other)
        return other

    def sliders(self, cell: int | None = None) -> Locator:
        """The ipywidgets sliders in the outputs."""
        return self.outputs(cell).locator(".widget-slider")

    def draw_stroke(
        self,
        canvas: Locator,
        points: Iterable[tuple[float, float]],
        *,
        steps: int = 8,
    ) -> None:
        """Press the mouse, move it through ``points``, release it.

        ``points`` are relative to the canvas: (0, 0) its top-left corner,
        (1, 1) its bottom-right corner.
        """
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        assert box is not None, "the canvas is not visible"
        where = [
            (box["x"] + x * box["width"], box["y"] + y * box["height"])
            for x, y in points
        ]
        mouse = self.page.mouse
        mouse.move(*where[0])
        mouse.down()
        for x, y in where[1:]:
            mouse.move(x, y, steps=steps)
        mouse.up()

    # Images ----------------------------------------------------------------

    @staticmethod
    def img_src(image: Locator) -> str:
        """The ``src`` of an <img> (for widgets: a ``blob:`` or data URL)."""
        return image.get_attribute("src") or ""

    def wait_for_src_change(
        self, image: Locator, old_src: str, *, timeout: float = TIMEOUT_MS
    ) -> str:
        """Wait until the <img> shows something other than ``old_src``."""
        expect(image).not_to_have_attribute("src", old_src, timeout=timeout)
        return self.img_src(image)

    def image_sha256(self, image: Locator) -> str:
        """SHA-256 (hex) of the bytes the <img> shows, e.g. a widget's PNG.

        Compare with ``hashlib.sha256(widget.image.value).hexdigest()`` in
        the kernel to check that the browser shows the kernel's picture.
        Empty if the image changed while it was read.
        """
        return image.evaluate(
            """async (img) => {
                try {
                    const response = await fetch(img.src);
                    const digest = await crypto.subtle.digest(
                        "SHA-256", await response.arrayBuffer());
                    return [...new Uint8Array(digest)]
                        .map(b => b.toString(16).padStart(2, "0")).join("");
                } catch (err) {
                    return "";  // a blob: URL revoked by a newer picture
                }
            }"""
        )

    def wait_for_image_sha256(
        self, image: Locator, sha256: str, *, timeout: float = TIMEOUT_MS
    ) -> None:
        """Wait until the <img> shows the bytes whose SHA-256 is ``sha256``."""
        deadline = time.monotonic() + timeout / 1000
        while (shown := self.image_sha256(image)) != sha256:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the image shows bytes with SHA-256 {shown or '?'}, "
                    f"not {sha256}, after {timeout / 1000:.0f} s"
                )
            time.sleep(0.1)

    # Diagnostics -----------------------------------------------------------

    def save_artifacts(self, name: str) -> list[Path]:
        """Save a screenshot, the page text, console and server log."""
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        stem = ARTIFACTS_DIR / re.sub(r"[^\w.-]+", "_", name)
        saved = []
        try:
            self.notebook.evaluate("el => { el.scrollTop = 0; }")
        except Exception:
            pass
        try:
            self.page.screenshot(path=f"{stem}.png", full_page=True)
            saved.append(Path(f"{stem}.png"))
        except Exception:
            pass
        if self._focus is not None:  # the widget under test, scrolled to
            try:
                self._focus.first.scroll_into_view_if_needed(timeout=5_000)
                self.page.screenshot(path=f"{stem}-widget.png", full_page=True)
                saved.append(Path(f"{stem}-widget.png"))
            except Exception:
                pass
        try:
            text = self.page.locator("body").inner_text()
        except Exception as exc:
            text = f"(could not read the page: {exc})"
        report = [
            f"URL: {self.page.url}",
            "== page text ==",
            text,
            "== browser console ==",
            *self.console,
            "== server log (end) ==",
            self.server.log_tail(),
        ]
        Path(f"{stem}.txt").write_text("\n".join(report))
        saved.append(Path(f"{stem}.txt"))
        return saved
