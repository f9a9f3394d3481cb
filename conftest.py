"""Marks every notebook cell that nbval collects with ``notebooks``, so that
``python -m pytest -m "not notebooks"`` leaves the chapters out (see
CONTRIBUTING.md). Lives at the repository root so that it applies whether
pytest is started on ``tests/``, on ``notebooks/`` or on both."""

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
