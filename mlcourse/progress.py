"""Progress bars for long work (training, evaluating 60,000 images).

``tqdm.auto`` shows a widget bar in JupyterLab and a text bar in a terminal.
In a notebook executed headless (nbval, CI), the stored output is the bar's
first frame, which is the same on every run, so it never causes a mismatch.

Set the environment variable ``MLCOURSE_PROGRESS=0`` to switch every bar off
(``TQDM_DISABLE`` does not reach notebook bars).
"""

from __future__ import annotations

import os

from tqdm.auto import tqdm

from mlcourse._validation import check_bool


def progress_enabled(requested: bool = True) -> bool:
    """A bar is shown when asked for and not switched off by the environment."""
    requested = check_bool(requested, "progress")
    return requested and os.environ.get("MLCOURSE_PROGRESS", "1") != "0"


def progress_bar(total: int, desc: str, enabled: bool = True) -> tqdm:
    """A bar counting ``total`` steps (``update()`` once per step)."""
    return tqdm(
        total=total,
        desc=desc,
        disable=not progress_enabled(enabled),
        leave=True,
        dynamic_ncols=True,
    )
