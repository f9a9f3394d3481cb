"""Learning curves: cost and accuracy per epoch, one run or several."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from mlcourse._validation import check_bool
from mlcourse.plotting._common import (
    FIGSIZE_PAIR,
    FIGSIZE_SINGLE,
    _check_curve,
    _check_fractions,
    _epochs,
    _get_fig_ax,
    _integer_epoch_ticks,
)


def plot_cost(
    costs,
    ax: Axes | None = None,
    *,
    ylabel: str = "Cost",
    xlabel: str = "Epoch",
    title: str = "Cost during training",
    log: bool = False,
    label: str | None = None,
) -> tuple[Figure, Axes]:
    """Plot the cost after each epoch.

    Parameters
    ----------
    costs : (n_epochs,)
        ``costs[0]`` is drawn at epoch 1.
    ax : Axes, optional
        Where to draw; by default a new figure.
    ylabel, xlabel, title : str
    log : bool
        Use a logarithmic y-axis (all costs must then be positive); useful
        when the cost falls by orders of magnitude.
    label : str, optional
        Legend entry for this curve (no legend when None).

    Returns
    -------
    fig : Figure
    ax : Axes
    """
    costs = _check_curve(costs, "costs")
    log = check_bool(log, "log")
    if log and costs.min() <= 0:
        raise ValueError(
            f"costs must be positive for a log scale (log=True), got {costs.min()}"
        )
    fig, ax = _get_fig_ax(ax, FIGSIZE_SINGLE)
    ax.plot(_epochs(len(costs)), costs, label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    _integer_epoch_ticks(ax)
    ax.grid(True, alpha=0.3)
    if label is not None:
        ax.legend()
    return fig, ax


def plot_accuracy(
    train_acc,
    valid_acc=None,
    ax: Axes | None = None,
    *,
    title: str = "Accuracy during training",
) -> tuple[Figure, Axes]:
    """Plot training and validation accuracy after each epoch, in percent.

    Parameters
    ----------
    train_acc : (n_epochs,)
        Accuracy on the training set as fractions between 0 and 1 (what
        :func:`mlcourse.metrics.accuracy` returns); drawn in percent.
    valid_acc : (n_epochs,), optional
        Accuracy on the validation set, same convention.
    ax : Axes, optional
        Where to draw; by default a new figure.
    title : str

    Returns
    -------
    fig : Figure
    ax : Axes
        With a legend "training" / "validation".
    """
    train_acc = _check_fractions(train_acc, "train_acc")
    if valid_acc is not None:
        valid_acc = _check_fractions(valid_acc, "valid_acc")
    fig, ax = _get_fig_ax(ax, FIGSIZE_SINGLE)

    ax.plot(_epochs(len(train_acc)), 100 * train_acc, label="training")
    if valid_acc is not None:
        ax.plot(_epochs(len(valid_acc)), 100 * valid_acc, label="validation")
    ax.set_xlabel("Epoch")
    ax.set_ylabel("Accuracy (%)")
    ax.set_title(title)
    _integer_epoch_ticks(ax)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig, ax


def _check_history(history, name: str = "history") -> Mapping:
    if not isinstance(history, Mapping):
        raise TypeError(
            f"{name} must be a dict of lists such as "
            f"{{'cost': [...], 'train_acc': [...]}}, got {type(history).__name__}"
        )
    return history


def plot_learning_curves(
    history: Mapping[str, Sequence[float]],
    *,
    log: bool = False,
    figsize: tuple[float, float] = FIGSIZE_PAIR,
    suptitle: str | None = None,
) -> tuple[Figure, tuple[Axes, Axes]]:
    """Draw the cost (left) and the accuracies (right) side by side.

    Parameters
    ----------
    history : dict
        What a training loop recorded, one value per epoch:

        * ``"cost"`` (or ``"loss"``) : (n_epochs,)
        * ``"train_acc"`` : (n_epochs,) fractions between 0 and 1
        * ``"valid_acc"`` : (n_epochs,) fractions, optional

    log : bool
        Logarithmic y-axis for the cost.
    figsize : (width, height)
    suptitle : str, optional
        Title of the whole figure.

    Returns
    -------
    fig : Figure
    (ax_cost, ax_accuracy) : tuple of two Axes
    """
    history = _check_history(history)
    log = check_bool(log, "log")
    if "cost" in history:
        cost_key = "cost"
    elif "loss" in history:
        cost_key = "loss"
    else:
        raise ValueError(
            f"history must have a 'cost' or a 'loss' entry, got keys {sorted(history)}"
        )
    if "train_acc" not in history:
        raise ValueError(
            f"history must have a 'train_acc' entry, got keys {sorted(history)}"
        )
    costs = _check_curve(history[cost_key], f"history['{cost_key}']")
    train_acc = _check_fractions(history["train_acc"], "history['train_acc']")
    valid_acc = history.get("valid_acc")
    if valid_acc is not None:
        valid_acc = _check_fractions(valid_acc, "history['valid_acc']")

    fig, (ax_cost, ax_acc) = plt.subplots(1, 2, figsize=figsize)
    plot_cost(
        costs,
        ax_cost,
        ylabel=cost_key.capitalize(),
        log=log,
        title=f"{cost_key.capitalize()} during training",
    )
    plot_accuracy(train_acc, valid_acc, ax_acc)
    if suptitle is not None:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig, (ax_cost, ax_acc)


def compare_learning_curves(
    histories: Mapping[str, Mapping[str, Sequence[float]]],
    key: str = "valid_acc",
    ax: Axes | None = None,
    *,
    title: str | None = None,
) -> tuple[Figure, Axes]:
    """Draw the same curve for several training runs on one plot.

    Parameters
    ----------
    histories : dict of {run name: history}
        Each history is a dict like the one :func:`plot_learning_curves`
        takes. The run names become the legend.
    key : str
        Which entry of each history to draw, e.g. "valid_acc" or "cost".
        Entries ending in "acc" are fractions and are drawn in percent.
    ax : Axes, optional
        Where to draw; by default a new figure.
    title : str, optional
        By default "Comparison of <key>".

    Returns
    -------
    fig : Figure
    ax : Axes
    """
    if not isinstance(histories, Mapping):
        raise TypeError(
            "histories must be a dict of {run name: history}, "
            f"got {type(histories).__name__}"
        )
    if len(histories) == 0:
        raise ValueError("histories is empty")
    if not isinstance(key, str):
        raise TypeError(f"key must be a string, got {key!r}")
    is_accuracy = key.endswith("acc")

    curves = {}
    for run_name, history in histories.items():
        name = f"histories[{run_name!r}]"
        history = _check_history(history, name)
        if key not in history:
            raise ValueError(f"{name} has no {key!r} entry, got keys {sorted(history)}")
        check = _check_fractions if is_accuracy else _check_curve
        curves[str(run_name)] = check(history[key], f"{name}[{key!r}]")

    fig, ax = _get_fig_ax(ax, FIGSIZE_SINGLE)
    for run_name, values in curves.items():
        ax.plot(
            _epochs(len(values)),
            100 * values if is_accuracy else values,
            label=run_name,
        )
    nice_names = {
        "valid_acc": "Validation accuracy (%)",
        "train_acc": "Training accuracy (%)",
        "cost": "Cost",
        "loss": "Loss",
    }
    ylabel = nice_names.get(key, f"{key} (%)" if is_accuracy else key)
    ax.set_xlabel("Epoch")
    ax.set_ylabel(ylabel)
    ax.set_title(title if title is not None else f"Comparison of {key}")
    _integer_epoch_ticks(ax)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return fig, ax
