"""Move a predicted probability vector and watch every loss respond.

``LossExplorer`` has one slider per class for the network's net inputs
(logits). They go through softmax, so the prediction is always a proper
probability distribution. A dropdown picks the true class; a second slider
can smooth the one-hot target (label smoothing), which is the only way the
KL divergence and the cross-entropy come apart.

The figure has two panels: the target and the prediction as bars, side by
side, and the value of every loss of :mod:`mlcourse.losses` for this one
example (each summed over the classes, as the package does within an
example).
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets
import numpy as np
from matplotlib.figure import Figure

from mlcourse import losses
from mlcourse._validation import check_array, check_float, check_int
from mlcourse.activations import softmax
from mlcourse.widgets._base import FigureWidget

__all__ = ["LossExplorer"]

#: range of every logit slider
LOGIT_RANGE = (-5.0, 5.0)

#: largest label smoothing offered
SMOOTHING_MAX = 0.5

#: bar label -> loss function of mlcourse.losses, in the order drawn
LOSS_FUNCTIONS = {
    "MSE": losses.mse,
    "MAE": losses.mae,
    "cross-entropy": losses.categorical_cross_entropy,
    "KL divergence": losses.kl_divergence,
    "logistic cost": losses.logistic_cost,
}


class LossExplorer(FigureWidget):
    """A target class, a softmax prediction and the value of every loss.

    Parameters
    ----------
    n_classes : int
        Number of classes, 2 to 6 (one logit slider each).
    target : int
        The true class shown first, ``0 <= target < n_classes``.
    logits : sequence of float or None
        Starting logits, one per class, each within ``LOGIT_RANGE``; None
        starts from all zeros (a uniform prediction).
    smoothing : float
        Label smoothing epsilon in ``[0, SMOOTHING_MAX]``: the target becomes
        ``(1 - epsilon) * one_hot + epsilon / n_classes``. 0 keeps it one-hot.

    Attributes
    ----------
    logit_sliders : list of ipywidgets.FloatSlider
        One net input z_k per class.
    target_class : ipywidgets.Dropdown
        The true class (its value is the class index).
    smoothing : ipywidgets.FloatSlider
        The label smoothing epsilon.
    """

    def __init__(
        self,
        n_classes: int = 3,
        target: int = 0,
        logits: Sequence[float] | None = None,
        smoothing: float = 0.0,
    ) -> None:
        n_classes = check_int(n_classes, "n_classes", minimum=2)
        if n_classes > 6:
            raise ValueError(f"n_classes must be at most 6, got {n_classes}")
        self.n_classes = n_classes
        target = check_int(target, "target", minimum=0)
        if target >= n_classes:
            raise ValueError(
                f"target must be below n_classes = {n_classes}, got {target}"
            )
        if logits is None:
            start = np.zeros(n_classes)
        else:
            start = check_array(logits, "logits", ndim=1)
            if start.shape != (n_classes,):
                raise ValueError(
                    f"logits must hold n_classes = {n_classes} values, "
                    f"got {start.shape[0]}"
                )
            low, high = LOGIT_RANGE
            if start.min() < low or start.max() > high:
                raise ValueError(f"logits must lie between {low} and {high}")
        smoothing = check_float(smoothing, "smoothing", non_negative=True)
        if smoothing > SMOOTHING_MAX:
            raise ValueError(
                f"smoothing must be at most {SMOOTHING_MAX}, got {smoothing}"
            )

        self.logit_sliders = [
            ipywidgets.FloatSlider(
                value=float(value),
                min=LOGIT_RANGE[0],
                max=LOGIT_RANGE[1],
                step=0.1,
                description=f"z{k}",
                readout_format=".1f",
                continuous_update=False,
            )
            for k, value in enumerate(start)
        ]
        self.target_class = ipywidgets.Dropdown(
            options=[(f"class {k}", k) for k in range(n_classes)],
            value=target,
            description="target",
        )
        self.smoothing = ipywidgets.FloatSlider(
            value=smoothing,
            min=0.0,
            max=SMOOTHING_MAX,
            step=0.01,
            description="smoothing",
            readout_format=".2f",
            continuous_update=False,
        )
        super().__init__(
            controls=[
                ipywidgets.HBox(
                    [
                        ipywidgets.VBox(self.logit_sliders),
                        ipywidgets.VBox([self.target_class, self.smoothing]),
                    ]
                )
            ],
            figsize=(9.0, 3.6),
        )
        for control in [*self.logit_sliders, self.target_class, self.smoothing]:
            control.observe(self._on_change, names="value")
        self.redraw()

    # -- state -------------------------------------------------------------

    @property
    def logits(self) -> np.ndarray:
        """The net inputs z, shape (n_classes,)."""
        return np.array([slider.value for slider in self.logit_sliders])

    @property
    def probabilities(self) -> np.ndarray:
        """softmax(z): the predicted distribution, shape (n_classes,)."""
        return softmax(self.logits)

    @property
    def target_vector(self) -> np.ndarray:
        """The (possibly smoothed) one-hot target, shape (n_classes,)."""
        y = losses.one_hot([self.target_class.value], self.n_classes)[0]
        eps = self.smoothing.value
        return (1 - eps) * y + eps / self.n_classes

    def loss_values(self) -> dict[str, float]:
        """Every loss of the current prediction against the current target.

        Computed on one example, ``(1, n_classes)`` arrays, so each loss is
        summed over the classes (the package's convention within an example).
        """
        y = self.target_vector[None, :]
        p = self.probabilities[None, :]
        return {label: fn(y, p) for label, fn in LOSS_FUNCTIONS.items()}

    def _on_change(self, change: dict) -> None:
        self.redraw()

    # -- drawing -----------------------------------------------------------

    def draw(self, fig: Figure) -> None:
        fig.set_layout_engine("constrained")
        ax_dist, ax_loss = fig.subplots(1, 2, width_ratios=[1, 1.25])

        classes = np.arange(self.n_classes)
        width = 0.38
        ax_dist.bar(classes - width / 2, self.target_vector, width, label="target $y$")
        ax_dist.bar(
            classes + width / 2, self.probabilities, width, label="prediction $p$"
        )
        ax_dist.set_xticks(classes)
        ax_dist.set_ylim(0, 1.25)  # room for the legend above the bars
        ax_dist.set_yticks(np.linspace(0, 1, 6))
        ax_dist.set_xlabel("class")
        ax_dist.set_ylabel("probability")
        ax_dist.set_title("target and softmax prediction", fontsize=10)
        ax_dist.legend(loc="upper center", ncols=2, fontsize=8)

        values = self.loss_values()
        names = list(values)
        heights = np.array([values[name] for name in names])
        bars = ax_loss.bar(
            names,
            heights,
            color=["tab:green", "tab:olive", "tab:red", "tab:purple", "tab:brown"],
        )
        ax_loss.bar_label(bars, labels=[f"{h:.3f}" for h in heights], fontsize=8)
        # A fixed floor for the scale, so that small changes look small.
        ax_loss.set_ylim(0, max(2.5, 1.15 * float(heights.max())))
        ax_loss.set_ylabel("loss (this example)")
        ax_loss.set_title("every loss for this prediction", fontsize=10)
        ax_loss.tick_params(axis="x", labelsize=8)

    def _repr_details(self) -> str:
        ce = self.loss_values()["cross-entropy"]
        return (
            f"{self.n_classes} classes, target {self.target_class.value}, "
            f"cross-entropy {ce:.4f}"
        )
