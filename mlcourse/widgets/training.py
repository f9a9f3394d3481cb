"""Watch a network learn: a progress bar and learning curves that grow live.

``TrainingMonitor`` is a callable object. Pass it as the ``callback`` of
:meth:`mlcourse.mlp.NeuralNetMLP.fit` or :meth:`mlcourse.mlp.MLP.fit`; both
call ``callback(model, epoch)`` after every epoch, once the model has
recorded that epoch's numbers:

* :class:`~mlcourse.mlp.NeuralNetMLP` in ``model.eval_``, a dict of lists
  ``"cost"``, ``"train_acc"``, ``"valid_acc"``;
* :class:`~mlcourse.mlp.MLP` in ``model.history_``, a dict of lists
  ``"loss"``, ``"train_acc"``, ``"valid_acc"``, ``"learning_rate"``.

The monitor copies those lists, moves its progress bar, writes the latest
numbers in a label (``epoch 12/40 · cost 1234.5678 · train 98.12% · valid
97.50%``) and redraws its figure. Drawing a figure takes a good fraction of
a second, far longer than the numbers it shows, so the figure is redrawn at
most once every ``min_interval`` seconds (and always after the last epoch):
the curves stay live without slowing training down.

Typical use in a notebook cell::

    monitor = TrainingMonitor(epochs=40)
    monitor.show()
    net.fit(X_train, y_train, X_valid, y_valid, callback=monitor)

``show()`` displays the widget and remembers where, so that after the last
epoch the stored output of the cell (what a notebook viewer without a
kernel shows) is refreshed with the finished curves. A run that may stop
early (``MLP.fit(..., patience=...)``) should end with ``monitor.finish()``,
because the monitor cannot know which epoch is the last.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence

import ipywidgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from mlcourse._validation import check_float, check_int
from mlcourse.widgets._base import FigureWidget

__all__ = ["TrainingMonitor"]

#: the panels a monitor can draw ("loss" is another name for "cost")
METRICS = ("cost", "accuracy", "learning_rate")

#: width of one panel and height of the figure, in inches
PANEL_WIDTH = 4.6
FIGURE_HEIGHT = 3.2

#: the separator between the parts of the label
SEPARATOR = " · "


def _check_metrics(metrics) -> tuple[str, ...]:
    """The panels to draw: a non-empty sequence of names from ``METRICS``."""
    if isinstance(metrics, str):
        metrics = (metrics,)
    if not isinstance(metrics, Sequence):
        raise TypeError(
            f"metrics must be a list of names from {list(METRICS)}, "
            f"got {type(metrics).__name__}"
        )
    if len(metrics) == 0:
        raise ValueError(f"metrics is empty: name at least one of {list(METRICS)}")
    checked: list[str] = []
    for item in metrics:
        if not isinstance(item, str):
            raise TypeError(f"metrics must hold strings, got {item!r}")
        name = "cost" if item == "loss" else item
        if name not in METRICS:
            raise ValueError(
                f"metrics must be chosen from {list(METRICS)}, got {item!r}"
            )
        if name in checked:
            raise ValueError(f"metrics names {name!r} twice")
        checked.append(name)
    return tuple(checked)


def _as_floats(values, name: str) -> list[float]:
    """A learning curve as a list of Python floats (one per epoch)."""
    if isinstance(values, (str, bytes)) or not isinstance(
        values, (Sequence, np.ndarray)
    ):
        raise TypeError(
            f"{name} must be a list of numbers, got {type(values).__name__}"
        )
    try:
        return [float(v) for v in values]
    except (TypeError, ValueError):
        raise TypeError(f"{name} must hold numbers") from None


class TrainingMonitor(FigureWidget):
    """A progress bar, the latest numbers and learning curves, updated live.

    Parameters
    ----------
    epochs : int
        The number of epochs the training will run (the length of the bar
        and of the x-axes). If training goes on longer, both are extended.
    metrics : sequence of str
        The panels of the figure, left to right, chosen from ``"cost"``
        (the cost or loss per epoch; ``"loss"`` is accepted as a synonym),
        ``"accuracy"`` (training and validation accuracy in percent) and
        ``"learning_rate"`` (useful with a schedule).
    min_interval : float
        The figure is redrawn at most once every ``min_interval`` seconds
        (and, on a slow machine, only after three times as long as the last
        redraw took), plus once after the last epoch. 0 redraws after every
        epoch on a fast machine.
    title : str, optional
        A title above the figure.

    Attributes
    ----------
    progress : ipywidgets.IntProgress
        The bar, counting finished epochs.
    label : ipywidgets.Label
        The latest numbers.
    history : dict of lists
        What the monitor has seen: ``"cost"``, ``"train_acc"``,
        ``"valid_acc"``, ``"learning_rate"``, one value per epoch (lists
        the model does not record stay empty).
    epoch : int
        The last epoch reported (0 before training).
    n_redraws : int
        How many times the figure was drawn (to check the throttling).
    """

    def __init__(
        self,
        epochs: int,
        metrics: Sequence[str] = ("cost", "accuracy"),
        *,
        min_interval: float = 0.5,
        title: str | None = None,
    ) -> None:
        self.epochs = check_int(epochs, "epochs", minimum=1)
        self.metrics = _check_metrics(metrics)
        self.min_interval = check_float(min_interval, "min_interval", non_negative=True)
        if title is not None and not isinstance(title, str):
            raise TypeError(f"title must be a string or None, got {title!r}")
        self.title = title
        self.epoch = 0
        self.cost_name = "cost"
        self.history: dict[str, list[float]] = {
            "cost": [],
            "train_acc": [],
            "valid_acc": [],
            "learning_rate": [],
        }
        self.n_redraws = 0
        self._last_draw = -np.inf
        self._draw_seconds = 0.0
        self._finished = False
        self._handle = None
        self._clock: Callable[[], float] = time.monotonic

        self.progress = ipywidgets.IntProgress(
            value=0,
            min=0,
            max=self.epochs,
            description="training",
            bar_style="info",
            layout=ipywidgets.Layout(width="320px"),
        )
        self.label = ipywidgets.Label(value=self._label_text())
        height = FIGURE_HEIGHT + (0.3 if title else 0.0)
        super().__init__(
            controls=[ipywidgets.HBox([self.progress, self.label])],
            figsize=(PANEL_WIDTH * len(self.metrics), height),
        )
        self.redraw()

    # -- being called by fit() ---------------------------------------------

    def __call__(self, model, epoch: int) -> None:
        """Record ``model``'s numbers after ``epoch`` (1, 2, ...) and update.

        ``model`` is any object with ``eval_`` (as ``NeuralNetMLP``) or
        ``history_`` (as ``MLP``). Returns None, so training never stops
        because of the monitor.
        """
        history = getattr(model, "history_", None)
        if history is None:
            history = getattr(model, "eval_", None)
        if not isinstance(history, Mapping):
            raise TypeError(
                "model must record its learning curves in a dict, history_ (MLP) "
                f"or eval_ (NeuralNetMLP); {type(model).__name__} has neither"
            )
        if "learning_rate" not in history and hasattr(model, "eta"):
            # NeuralNetMLP: a constant learning rate eta
            n = len(history.get("cost", ()))
            history = {**history, "learning_rate": [model.eta] * n}
        self.update(history, epoch)

    def update(self, history: Mapping[str, Sequence[float]], epoch: int) -> None:
        """Show ``history`` (a dict of per-epoch lists) after ``epoch``.

        ``history`` holds ``"cost"`` or ``"loss"``, and optionally
        ``"train_acc"``, ``"valid_acc"`` (fractions) and ``"learning_rate"``.
        """
        epoch = check_int(epoch, "epoch", minimum=1)
        if not isinstance(history, Mapping):
            raise TypeError(
                f"history must be a dict of lists, got {type(history).__name__}"
            )
        if "cost" in history:
            self.cost_name = "cost"
        elif "loss" in history:
            self.cost_name = "loss"
        else:
            raise ValueError(
                "history must have a 'cost' or a 'loss' entry, "
                f"got keys {sorted(history)}"
            )
        self.history = {
            "cost": _as_floats(history[self.cost_name], f"history[{self.cost_name!r}]"),
            "train_acc": _as_floats(
                history.get("train_acc", []), "history['train_acc']"
            ),
            "valid_acc": _as_floats(
                history.get("valid_acc", []), "history['valid_acc']"
            ),
            "learning_rate": _as_floats(
                history.get("learning_rate", []), "history['learning_rate']"
            ),
        }
        if epoch > self.epochs:  # training runs longer than announced
            self.epochs = epoch
            self.progress.max = epoch
        self.epoch = epoch
        self._finished = False
        self.progress.value = epoch
        self.label.value = self._label_text()
        if epoch == self.epochs:
            self.finish()
        elif self._clock() - self._last_draw >= self._interval():
            self.redraw()

    def finish(self) -> None:
        """Draw the final figure, and refresh the output shown by ``show()``.

        Called by the monitor itself after the announced last epoch; call it
        yourself after a run that stopped early. The x-axes then end at the
        last epoch run.
        """
        self._finished = True
        self.progress.bar_style = "success"
        self.redraw()
        if self._handle is not None:
            self._handle.update(self)

    def show(self) -> None:
        """Display the monitor, and keep a handle to refresh that output later."""
        from IPython.display import display

        self._handle = display(self, display_id=True)

    # -- drawing -------------------------------------------------------------

    def _interval(self) -> float:
        """Seconds to wait after a redraw: ``min_interval``, or longer on a
        slow machine, so that drawing never takes more than a quarter of
        the time."""
        return max(self.min_interval, 3 * self._draw_seconds)

    def redraw(self) -> None:
        start = self._clock()
        super().redraw()
        self.n_redraws += 1
        self._last_draw = self._clock()
        self._draw_seconds = self._last_draw - start

    def _label_text(self) -> str:
        parts = [f"epoch {self.epoch}/{self.epochs}"]
        if self.epoch == 0:
            parts.append("waiting for the first epoch")
            return SEPARATOR.join(parts)
        h = self.history
        if h["cost"]:
            parts.append(f"{self.cost_name} {h['cost'][-1]:.4f}")
        if h["train_acc"]:
            parts.append(f"train {h['train_acc'][-1]:.2%}")
        if h["valid_acc"]:
            parts.append(f"valid {h['valid_acc'][-1]:.2%}")
        return SEPARATOR.join(parts)

    def _epoch_axis(self, ax: Axes) -> None:
        last = self.epoch if self._finished and self.epoch > 0 else self.epochs
        ax.set_xlim(0.5, last + 0.5)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("epoch")
        ax.grid(True, alpha=0.3)

    def _draw_cost(self, ax: Axes) -> None:
        costs = self.history["cost"]
        ax.plot(np.arange(1, len(costs) + 1), costs, color="tab:blue", marker=".")
        ax.set_ylabel(self.cost_name)
        ax.set_title(f"{self.cost_name} after each epoch", fontsize=10)

    def _draw_accuracy(self, ax: Axes) -> None:
        drawn = 0
        for key, name, color in (
            ("train_acc", "training", "tab:orange"),
            ("valid_acc", "validation", "tab:green"),
        ):
            values = 100 * np.asarray(self.history[key], dtype=float)
            if len(values) == 0 and self.epoch > 0:
                continue  # not recorded by this model (e.g. evaluate_train=False)
            ax.plot(
                np.arange(1, len(values) + 1),
                values,
                color=color,
                marker=".",
                label=name,
            )
            drawn += 1
        ax.set_ylabel("accuracy (%)")
        ax.set_title("accuracy after each epoch", fontsize=10)
        if drawn:
            ax.legend(loc="lower right", fontsize=8)

    def _draw_learning_rate(self, ax: Axes) -> None:
        rates = self.history["learning_rate"]
        ax.plot(np.arange(1, len(rates) + 1), rates, color="tab:purple", marker=".")
        ax.set_ylabel("learning rate")
        ax.set_title("learning rate in each epoch", fontsize=10)
        ax.ticklabel_format(axis="y", style="sci", scilimits=(-3, 3))

    def draw(self, fig: Figure) -> None:
        # Fixed margins (in inches, turned into fractions): a layout engine
        # would double the time of every redraw.
        width, height = fig.get_size_inches()
        n = len(self.metrics)
        top = 0.35 + (0.3 if self.title else 0.0)
        fig.subplots_adjust(
            left=0.8 / width,
            right=1 - 0.2 / width,
            bottom=0.55 / height,
            top=1 - top / height,
            wspace=0.95 * n / (width - 1.0),
        )
        axes = fig.subplots(1, n, squeeze=False)[0]
        panels = {
            "cost": self._draw_cost,
            "accuracy": self._draw_accuracy,
            "learning_rate": self._draw_learning_rate,
        }
        for ax, metric in zip(axes, self.metrics, strict=True):
            panels[metric](ax)
            self._epoch_axis(ax)
            if self.epoch == 0:
                ax.text(
                    0.5,
                    0.5,
                    "waiting for the first epoch",
                    ha="center",
                    va="center",
                    transform=ax.transAxes,
                    color="gray",
                )
        if self.title:
            fig.suptitle(self.title)

    def _repr_details(self) -> str:
        # Only the configuration: the numbers vary with the BLAS and the CPU,
        # and nbval compares this text.
        return f"{self.epochs} epochs; {', '.join(self.metrics)}"
