"""Pick an activation function and see it next to its derivative.

``ActivationExplorer`` shows two panels: the activation :math:`f(z)` on the
left and its derivative :math:`f'(z)` on the right, both computed by
:mod:`mlcourse.activations`. A dropdown chooses the function; a slider sets
the parameter :math:`\\alpha` of the two functions that have one (leaky ReLU
and ELU) and is disabled for the others.

The derivative is what backpropagation multiplies into the error signal, so
the right-hand panel is the one to watch: where it is (nearly) zero, a unit
with that net input stops learning.
"""

from __future__ import annotations

import ipywidgets
import numpy as np
from matplotlib.figure import Figure

from mlcourse import activations as act
from mlcourse._validation import check_choice, check_float
from mlcourse.widgets._base import FigureWidget

__all__ = ["ActivationExplorer"]

#: the functions offered, in dropdown order, with the label shown for each
FUNCTIONS: dict[str, str] = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "leaky ReLU",
    "elu": "ELU",
    "step": "unit step",
}

#: one line about each function, printed under the figure title
NOTES: dict[str, str] = {
    "sigmoid": "range (0, 1); slope at most 0.25; saturates at both ends",
    "tanh": "range (-1, 1), zero-centred; slope at most 1; saturates",
    "relu": "max(0, z): slope 1 for z > 0, 0 (a 'dead' unit) for z < 0",
    "leaky_relu": "slope alpha instead of 0 for z < 0, so no unit dies",
    "elu": "smooth; tends to -alpha for very negative z",
    "step": "derivative 0 everywhere (undefined at 0): nothing to learn from",
}

#: largest alpha the slider offers
ALPHA_MAX = 2.0


class ActivationExplorer(FigureWidget):
    """An activation function and its derivative, chosen from a dropdown.

    Parameters
    ----------
    activation : str
        The function shown first: one of ``"sigmoid"``, ``"tanh"``,
        ``"relu"``, ``"leaky_relu"``, ``"elu"``, ``"step"``.
    alpha : float or None
        Parameter of leaky ReLU (slope for z < 0) or ELU (the value
        approached for very negative z), between 0 and ``ALPHA_MAX``. None
        takes the usual value (0.01 for leaky ReLU, 1.0 for ELU). Ignored by
        the functions without a parameter.
    z_max : float
        The plots span ``-z_max <= z <= z_max``.

    Attributes
    ----------
    function : ipywidgets.Dropdown
        Chooses the activation; its value is the name (e.g. ``"relu"``).
    alpha : ipywidgets.FloatSlider
        The parameter alpha; disabled when the function has none. Choosing
        another function resets it to that function's usual value.
    """

    def __init__(
        self,
        activation: str = "sigmoid",
        alpha: float | None = None,
        *,
        z_max: float = 5.0,
    ) -> None:
        activation = check_choice(activation, "activation", FUNCTIONS)
        if alpha is not None:
            alpha = check_float(alpha, "alpha", non_negative=True)
            if alpha > ALPHA_MAX:
                raise ValueError(f"alpha must be at most {ALPHA_MAX}, got {alpha}")
        self.z_max = check_float(z_max, "z_max", positive=True)

        self.function = ipywidgets.Dropdown(
            options=[(label, name) for name, label in FUNCTIONS.items()],
            value=activation,
            description="function",
        )
        self.alpha = ipywidgets.FloatSlider(
            value=self._default_alpha(activation) if alpha is None else alpha,
            min=0.0,
            max=ALPHA_MAX,
            step=0.01,
            description="alpha",
            readout_format=".2f",
            continuous_update=False,
            disabled=not self.has_alpha(activation),
        )
        super().__init__(
            controls=[ipywidgets.HBox([self.function, self.alpha])],
            figsize=(9.0, 3.4),
        )
        self.function.observe(self._on_function, names="value")
        self.alpha.observe(self._on_alpha, names="value")
        self.redraw()

    # -- state -------------------------------------------------------------

    @staticmethod
    def has_alpha(name: str) -> bool:
        """True for the functions with a parameter alpha (leaky ReLU, ELU)."""
        return name in act.ALPHA_DEFAULTS

    @staticmethod
    def _default_alpha(name: str) -> float:
        return act.ALPHA_DEFAULTS.get(name, 0.0)

    @property
    def activation(self) -> str:
        """Name of the function shown, e.g. ``"relu"``."""
        return self.function.value

    def evaluate(self, z) -> tuple[np.ndarray, np.ndarray]:
        """``(f(z), f'(z))`` for the current function and alpha."""
        f, f_prime = act.get_activation(self.activation)
        if self.has_alpha(self.activation):
            return f(z, alpha=self.alpha.value), f_prime(z, alpha=self.alpha.value)
        return f(z), f_prime(z)

    def _on_function(self, change: dict) -> None:
        name = change["new"]
        # Set alpha without drawing twice: silence the alpha observer.
        self.alpha.unobserve(self._on_alpha, names="value")
        try:
            self.alpha.value = self._default_alpha(name)
        finally:
            self.alpha.observe(self._on_alpha, names="value")
        self.alpha.disabled = not self.has_alpha(name)
        self.redraw()

    def _on_alpha(self, change: dict) -> None:
        self.redraw()

    # -- drawing -----------------------------------------------------------

    def _label(self) -> str:
        label = FUNCTIONS[self.activation]
        if self.has_alpha(self.activation):
            label += f" (alpha = {self.alpha.value:.2f})"
        return label

    def draw(self, fig: Figure) -> None:
        name = self.activation
        # An odd number of points puts z = 0 on the grid.
        z = np.linspace(-self.z_max, self.z_max, 801)
        a, da = self.evaluate(z)
        if name in ("step", "relu", "leaky_relu"):
            # Break the line where the function (or its slope) jumps at 0
            # instead of drawing a vertical segment.
            jump = np.flatnonzero(z == 0)
            if name == "step":
                a = np.insert(a.astype(float), jump, np.nan)
            else:
                a = np.insert(a, jump, a[jump])
            da = np.insert(da.astype(float), jump, np.nan)
            z = np.insert(z, jump, 0.0)

        fig.set_layout_engine("constrained")
        ax_f, ax_d = fig.subplots(1, 2)
        ax_f.plot(z, a, color="tab:blue", linewidth=2)
        ax_d.plot(z, da, color="tab:orange", linewidth=2)
        for ax, title, ylabel in (
            (ax_f, "activation", "$f(z)$"),
            (ax_d, "derivative", "$f'(z)$"),
        ):
            ax.axhline(0, color="0.6", linewidth=0.8)
            ax.axvline(0, color="0.6", linewidth=0.8)
            ax.set_xlim(-self.z_max, self.z_max)
            ax.set_xlabel("net input $z$")
            ax.set_ylabel(ylabel)
            ax.set_title(title, fontsize=10)
            ax.grid(alpha=0.3)
        if name == "step":  # the value at the jump: 1 at z = 0
            ax_f.plot([0], [1], "o", color="tab:blue")
            ax_f.plot([0], [0], "o", color="tab:blue", markerfacecolor="white")
            ax_d.plot([0], [0], "o", color="tab:orange", markerfacecolor="white")
        ax_f.set_ylim(*self._ylim(a))
        ax_d.set_ylim(*self._ylim(da))
        fig.suptitle(f"{self._label()}: {NOTES[name]}", fontsize=11)

    @staticmethod
    def _ylim(values: np.ndarray) -> tuple[float, float]:
        """Limits that always include 0 and 1 and leave a margin."""
        low = min(0.0, float(np.nanmin(values)))
        high = max(1.0, float(np.nanmax(values)))
        margin = 0.08 * (high - low)
        return low - margin, high + margin

    def _repr_details(self) -> str:
        if self.has_alpha(self.activation):
            return f"{self.activation}, alpha={self.alpha.value:.2f}"
        return self.activation
