"""Train Adaline with the turn of a slider and watch what the learning rate does.

``AdalineExplorer`` fits :class:`mlcourse.linear.Adaline` on two features
every time a control changes and draws two panels side by side:

* the cost J(w) after each epoch on a logarithmic axis, which makes a
  crawling descent (a nearly flat line) and a divergent one (a line shooting
  upwards) equally easy to see;
* the decision regions of the trained neuron, always drawn in the original
  units of the features, so that the picture with and without
  standardization can be compared directly.

When the weights overflow, ``Adaline.fit`` raises
:class:`mlcourse.errors.TrainingDivergedError`. The widget catches it,
plots the costs of the epochs before the blow-up and writes the message in
the figure title instead of failing.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from mlcourse._validation import (
    check_bool,
    check_choice,
    check_float,
    check_int,
    check_labels,
    check_matrix,
    check_same_length,
    check_seed,
)
from mlcourse.errors import TrainingDivergedError
from mlcourse.linear import Adaline
from mlcourse.linear import standardize as standardize_features
from mlcourse.plotting import MARKERS, plot_decision_regions
from mlcourse.widgets._base import FigureWidget

__all__ = ["AdalineExplorer"]


class _Standardized:
    """A trained classifier wrapped to accept features in their original units.

    ``predict(X)`` standardizes ``X`` (n, 2) with the training mean and
    standard deviation before asking the wrapped classifier.
    """

    def __init__(self, classifier: Adaline, mean: np.ndarray, std: np.ndarray):
        self.classifier = classifier
        self.mean = mean
        self.std = std

    def predict(self, X: np.ndarray) -> np.ndarray:
        X_std, _, _ = standardize_features(X, self.mean, self.std)
        return self.classifier.predict(X_std)


class AdalineExplorer(FigureWidget):
    """Sliders for Adaline's learning rate and epochs, with the cost and regions.

    Parameters
    ----------
    X : (n_examples, 2)
        Two features per example, in their original units.
    y : (n_examples,) int
        Class labels 0 and 1.
    feature_names : two str, optional
        Axis labels of the decision-region plot; by default "feature 1" and
        "feature 2".
    class_names : two str, optional
        Legend entries; by default "class 0" and "class 1".
    eta : float
        Initial learning rate, between 1e-5 and 1e-1.
    epochs : int
        Initial number of epochs, between 1 and 100.
    standardize : bool
        Initially standardize the features (mean 0, standard deviation 1).
    mode : {"full batch", "stochastic", "mini-batch"}
        Initial training mode: one update per epoch, one per example, or one
        per mini-batch of ``MINIBATCH_SIZE`` examples.
    seed : int
        Seed of the initial weights and of the shuffling.

    Attributes
    ----------
    eta_slider : ipywidgets.FloatLogSlider
    epochs_slider : ipywidgets.IntSlider
    standardize_box : ipywidgets.Checkbox
    mode_dropdown : ipywidgets.Dropdown
    model : Adaline
        The neuron trained with the current settings.
    initial_cost : float
        The cost at the starting weights, before the first update.
    diverged : str or None
        The message of the ``TrainingDivergedError`` when the last training
        blew up, otherwise None.
    """

    ETA_RANGE = (1e-5, 1e-1)
    MAX_EPOCHS = 100
    MINIBATCH_SIZE = 10
    #: Dropdown label -> ``Adaline(minibatch_size=...)``.
    MODES = {"full batch": None, "stochastic": 1, "mini-batch": MINIBATCH_SIZE}

    def __init__(
        self,
        X,
        y,
        feature_names: Sequence[str] | None = None,
        *,
        class_names: Sequence[str] | None = None,
        eta: float = 0.01,
        epochs: int = 20,
        standardize: bool = True,
        mode: str = "full batch",
        seed: int = 1,
    ) -> None:
        self.X = check_matrix(X, "X", dtype=np.float64)
        if self.X.shape[1] != 2:
            raise ValueError(
                "X must have 2 features (columns) to draw decision regions in "
                f"the plane, got {self.X.shape[1]}"
            )
        self.y = check_labels(y, "y", n_classes=2)
        check_same_length(self.X, "X", self.y, "y")
        if np.any(self.X.std(axis=0) == 0):
            raise ValueError("X must not have a constant feature (it cannot be scaled)")
        self.feature_names = _two_names(
            feature_names, "feature_names", ["feature 1", "feature 2"]
        )
        self.class_names = _two_names(
            class_names, "class_names", ["class 0", "class 1"]
        )
        eta = check_float(eta, "eta", positive=True)
        low, high = self.ETA_RANGE
        if not low <= eta <= high:
            raise ValueError(f"eta must be between {low:g} and {high:g}, got {eta:g}")
        epochs = check_int(epochs, "epochs", minimum=1)
        if epochs > self.MAX_EPOCHS:
            raise ValueError(f"epochs must be at most {self.MAX_EPOCHS}, got {epochs}")
        standardize = check_bool(standardize, "standardize")
        mode = check_choice(mode, "mode", self.MODES)
        self.seed = check_seed(seed)

        self.X_std, self._mean, self._std = standardize_features(self.X)

        style = {"description_width": "initial"}
        self.eta_slider = ipywidgets.FloatLogSlider(
            value=eta,
            base=10,
            min=np.log10(low),
            max=np.log10(high),
            step=0.25,
            description="learning rate η",
            readout_format=".2g",
            continuous_update=False,
            style=style,
        )
        self.epochs_slider = ipywidgets.IntSlider(
            value=epochs,
            min=1,
            max=self.MAX_EPOCHS,
            description="epochs",
            continuous_update=False,
            style=style,
        )
        self.standardize_box = ipywidgets.Checkbox(
            value=bool(standardize), description="standardize features", indent=False
        )
        self.mode_dropdown = ipywidgets.Dropdown(
            options=list(self.MODES),
            value=mode,
            description="mode",
            style=style,
        )
        controls = [
            ipywidgets.HBox([self.eta_slider, self.epochs_slider]),
            ipywidgets.HBox([self.mode_dropdown, self.standardize_box]),
        ]
        super().__init__(controls=controls, figsize=(10.0, 4.0))
        for control in (
            self.eta_slider,
            self.epochs_slider,
            self.standardize_box,
            self.mode_dropdown,
        ):
            control.observe(self._on_change, names="value")

        self.model: Adaline
        self.diverged: str | None = None
        self.update()

    # -- training ----------------------------------------------------------

    @property
    def eta(self) -> float:
        return float(self.eta_slider.value)

    @property
    def epochs(self) -> int:
        return int(self.epochs_slider.value)

    @property
    def standardized(self) -> bool:
        return bool(self.standardize_box.value)

    @property
    def mode(self) -> str:
        return str(self.mode_dropdown.value)

    def train(self) -> None:
        """Fit a fresh Adaline with the current settings (may diverge)."""
        self.model = Adaline(
            eta=self.eta,
            epochs=self.epochs,
            minibatch_size=self.MODES[self.mode],
            seed=self.seed,
        )
        features = self.X_std if self.standardized else self.X
        # the cost at the starting weights, before any update (fit starts
        # from the same seeded weights)
        self.model._init_weights(features.shape[1])
        self.initial_cost = self.model.cost(features, self.y)
        self.diverged = None
        try:
            self.model.fit(features, self.y)
        except TrainingDivergedError as error:
            # cost_ keeps the epochs before the blow-up
            self.diverged = str(error)

    def update(self) -> None:
        """Train with the current settings and redraw the figure."""
        self.train()
        self.redraw()

    def _on_change(self, change: dict) -> None:
        self.update()

    @property
    def costs(self) -> np.ndarray:
        """The cost after each completed epoch, (n_completed_epochs,)."""
        return np.asarray(self.model.cost_, dtype=np.float64)

    @property
    def growing(self) -> bool:
        """True when the cost ended higher than it was before training."""
        costs = self.costs
        return len(costs) > 0 and costs[-1] > self.initial_cost

    def classifier(self) -> Adaline | _Standardized:
        """The trained neuron, taking features in their original units."""
        if self.standardized:
            return _Standardized(self.model, self._mean, self._std)
        return self.model

    def accuracy(self) -> float | None:
        """Fraction of training examples classified correctly (None if diverged)."""
        if self.diverged is not None:
            return None
        return float(np.mean(self.classifier().predict(self.X) == self.y))

    # -- drawing -----------------------------------------------------------

    def _setting_text(self) -> str:
        scaling = "standardized" if self.standardized else "raw features"
        return f"η = {self.eta:.2g}, {self.mode}, {scaling}"

    def draw(self, fig: Figure) -> None:
        # fixed margins: much faster than a layout engine at every redraw
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.12, top=0.8, wspace=0.22)
        ax_cost, ax_regions = fig.subplots(1, 2)
        self._draw_cost(ax_cost)
        self._draw_regions(ax_regions)
        if self.diverged is not None:
            # "training diverged in epoch 7: the cost became inf. Try ..."
            first, _, rest = self.diverged.partition(". ")
            title = f"{first[:1].upper()}{first[1:]}.\n{rest}"
            color = "tab:red"
        elif self.growing:
            title = (
                "The cost is growing: training is diverging.\n"
                "Try a smaller learning rate (η) or standardize the features."
            )
            color = "tab:red"
        else:
            title = (
                f"Training accuracy {100 * self.accuracy():.2f}%, "
                f"cost after {self.epochs} epochs {self.costs[-1]:.4f}"
            )
            color = "black"
        fig.suptitle(title, color=color, fontsize=11)

    def _draw_cost(self, ax: Axes) -> None:
        # log10 of the cost on a linear axis rather than a log-scaled axis:
        # a diverging cost reaches 1e300 and beyond, where Matplotlib's log
        # axis overflows while computing its ticks
        # epoch 0 is the starting point, before the first update
        costs = np.concatenate([[self.initial_cost], self.costs])
        epochs = np.arange(len(costs))
        with np.errstate(divide="ignore"):  # a cost of exactly 0 -> -inf
            log_costs = np.log10(costs)
        ax.plot(epochs, log_costs, marker="o", markersize=3)
        ax.set_xlim(-0.5, self.epochs + 0.5)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("epoch (0 = before training)")
        ax.set_ylabel("log$_{10}$ of the cost J(w)")
        ax.set_title(f"Cost per epoch ({self._setting_text()})", fontsize=10)
        ax.grid(True, alpha=0.3)

    def _draw_regions(self, ax: Axes) -> None:
        if self.diverged is not None:
            for label, color in ((0, "tab:blue"), (1, "tab:orange")):
                in_class = self.y == label
                ax.scatter(
                    self.X[in_class, 0],
                    self.X[in_class, 1],
                    color=color,
                    marker=MARKERS[label],
                    edgecolor="black",
                    linewidth=0.5,
                    label=self.class_names[label],
                )
            ax.text(
                0.5,
                0.5,
                "no decision regions:\nthe weights are not finite",
                ha="center",
                va="center",
                transform=ax.transAxes,
                color="tab:red",
                bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "tab:red"},
            )
            ax.set_xlabel(self.feature_names[0])
            ax.set_ylabel(self.feature_names[1])
            ax.set_title("Decision regions", fontsize=10)
            ax.legend(loc="upper left")
            return
        plot_decision_regions(
            self.X,
            self.y,
            self.classifier(),
            ax=ax,
            n_grid=100,
            feature_names=self.feature_names,
            class_names=self.class_names,
            title="Decision regions",
        )
        ax.title.set_fontsize(10)

    def _repr_details(self) -> str:
        epochs = f"{self.epochs} epoch" + ("s" if self.epochs > 1 else "")
        setting = f"eta={self.eta:.2g}, {epochs}, {self.mode}, " + (
            "standardized" if self.standardized else "raw features"
        )
        if self.diverged is not None:
            outcome = f"diverged in epoch {len(self.costs) + 1}"
        elif self.growing:
            outcome = "cost growing"
        else:
            outcome = f"training accuracy {100 * self.accuracy():.2f}%"
        return f"{setting}: {outcome}"


def _two_names(names, name: str, default: list[str]) -> list[str]:
    """Two strings (feature or class names), or the default when None."""
    if names is None:
        return list(default)
    if isinstance(names, (str, bytes)) or not isinstance(names, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a list of two strings, got {names!r}")
    names = list(names)
    if len(names) != 2:
        raise ValueError(f"{name} must hold 2 strings, got {len(names)}")
    for item in names:
        if not isinstance(item, (str, np.str_)):
            raise TypeError(f"{name} must hold strings, got {item!r}")
    return [str(item) for item in names]
