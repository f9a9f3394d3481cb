"""Fixtures shared by several test files, and the settings every test runs with."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlcourse.datasets import load_iris  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    """No pyplot figure outlives the test that opened it."""
    yield
    plt.close("all")


@pytest.fixture
def strict_numpy():
    """Overflow, invalid operations, division by zero and every warning become
    errors. (Underflow to 0, as in exp(-2000), is exact enough and allowed.)"""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            yield


@pytest.fixture(scope="session")
def iris2():
    """Setosa (0) and versicolor (1), sepal length and petal length:
    X (100, 2), y (100,)."""
    X, y, _, _ = load_iris()
    keep = y < 2
    return X[keep][:, [0, 2]], y[keep]
