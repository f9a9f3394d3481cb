"""The backpropagation playground: watch a small MLP learn a 2-D problem.

``BackpropPlayground`` trains a one-hidden-layer :class:`~mlcourse.mlp.MLP`
on one of the course's toy problems (XOR, two moons, a spiral) that no
linear model can solve. Two panels are redrawn while it learns: the
decision regions over the data, and the cost per epoch.

Controls: the problem, the number of hidden units, their activation, the
learning rate (a log slider), how many epochs a click on "Train" runs, and
the buttons "Train", "Stop" and "Reset".

How training runs in a live notebook
------------------------------------
A button callback that simply looped over the epochs would hold the kernel
until it returned: the kernel handles one message at a time, so the click
on "Stop" would wait in the queue until training had finished anyway. The
playground therefore trains in short chunks of epochs inside an asyncio
task on the kernel's own event loop (see :meth:`BackpropPlayground.run`).
Between two chunks the task awaits ``asyncio.sleep``, which hands control
back to the kernel; pending messages (a click on Stop, a moved slider) are
handled, and the task goes on with the next chunk or ends.

Headless (tests, nbconvert, nbval) use the synchronous :meth:`train`.
"""

from __future__ import annotations

import asyncio
import html
import time

import ipywidgets
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from mlcourse._validation import (
    check_choice,
    check_float,
    check_int,
    check_seed,
)
from mlcourse.activations import HIDDEN_ACTIVATIONS
from mlcourse.datasets import TOY_PROBLEMS, make_toy_problem
from mlcourse.divergence import DivergenceMonitor, chance_accuracy, zero_weights_cost
from mlcourse.errors import TrainingDivergedError
from mlcourse.mlp import MLP
from mlcourse.optimizers import SGD
from mlcourse.plotting import MARKERS, decision_grid
from mlcourse.widgets._base import FigureWidget

__all__ = ["BackpropPlayground"]

#: the problems offered, in the order of the dropdown
PROBLEMS = tuple(TOY_PROBLEMS)  # xor, moons, spiral
MAX_HIDDEN_UNITS = 32
#: range of the learning-rate slider, as powers of ten
LEARNING_RATE_EXPONENTS = (-3, 1)
EPOCHS_RANGE = (10, 2000)
#: points per axis of the grid on which the decision regions are evaluated
GRID_POINTS = 100
#: colours of the classes (those of plot_decision_regions)
CLASS_COLORS = ("tab:blue", "tab:orange", "tab:green")


class BackpropPlayground(FigureWidget):
    """Train an MLP on a 2-D toy problem and watch its decision regions.

    Parameters
    ----------
    problem : {"xor", "moons", "spiral"}
        The data set, from :func:`mlcourse.datasets.make_toy_problem`:
        200 points in 2 classes (xor, moons) or 300 points in 3 (spiral).
    hidden_units : int
        Units in the single hidden layer, 1 to 32.
    activation : {"sigmoid", "tanh", "relu", "leaky_relu", "elu"}
        Activation of the hidden units. The output layer is a softmax with
        the cross-entropy cost (the mean over the examples).
    learning_rate : float
        Step size of plain mini-batch gradient descent, 0.001 to 10.
    epochs : int
        Epochs run by one click on "Train" (and by :meth:`train` without an
        argument), 10 to 2000.
    minibatch_size : int
        Examples per gradient step.
    seed : int or None
        Seeds the data, the initial weights and the shuffling: with an
        integer seed, "Reset" always brings back the same starting point.
    chunk_epochs : int
        Epochs trained between two chances for the kernel to handle
        messages while training runs live.

    Attributes
    ----------
    model : MLP
        The network, ``[2, hidden_units, n_classes]``, float64.
    X : (n_examples, 2), y : (n_examples,)
        The training data.
    history : dict of lists
        ``"loss"`` and ``"train_acc"`` per epoch, starting with epoch 0 (the
        untrained network).
    diverged : bool
        True when training diverged (learning rate too large), by the rule
        of :mod:`mlcourse.divergence` applied to the whole run since the
        last reset; training is refused until "Reset".
    divergence : str or None
        What happened, e.g. "the cost became nan", shown in the status line
        (None unless diverged).
    diverged_epoch : int or None
        The epoch in which divergence was noticed.
    """

    #: at most this many redraws per second while training
    MAX_REDRAWS_PER_SECOND = 4.0

    def __init__(
        self,
        problem: str = "moons",
        hidden_units: int = 16,
        activation: str = "tanh",
        learning_rate: float = 0.3,
        epochs: int = 300,
        *,
        minibatch_size: int = 32,
        seed: int | None = 0,
        chunk_epochs: int = 10,
    ) -> None:
        problem = check_choice(problem, "problem", PROBLEMS)
        hidden_units = check_int(hidden_units, "hidden_units", minimum=1)
        if hidden_units > MAX_HIDDEN_UNITS:
            raise ValueError(
                f"hidden_units must be at most {MAX_HIDDEN_UNITS}, got {hidden_units}"
            )
        activation = check_choice(activation, "activation", HIDDEN_ACTIVATIONS)
        learning_rate = self._check_learning_rate(learning_rate)
        epochs = self._check_epochs(epochs, "epochs")
        self.minibatch_size = check_int(minibatch_size, "minibatch_size", minimum=1)
        self.seed = check_seed(seed)
        self.chunk_epochs = check_int(chunk_epochs, "chunk_epochs", minimum=1)

        style = {"description_width": "initial"}
        self.problem_dropdown = ipywidgets.Dropdown(
            options=list(PROBLEMS), value=problem, description="problem", style=style
        )
        self.activation_dropdown = ipywidgets.Dropdown(
            options=list(HIDDEN_ACTIVATIONS),
            value=activation,
            description="activation",
            style=style,
        )
        self.hidden_slider = ipywidgets.IntSlider(
            value=hidden_units,
            min=1,
            max=MAX_HIDDEN_UNITS,
            description="hidden units",
            continuous_update=False,
            style=style,
        )
        low, high = LEARNING_RATE_EXPONENTS
        self.learning_rate_slider = ipywidgets.FloatLogSlider(
            value=learning_rate,
            base=10,
            min=low,
            max=high,
            step=0.1,
            readout_format=".3g",
            description="learning rate",
            continuous_update=False,
            style=style,
        )
        self.epochs_slider = ipywidgets.IntSlider(
            value=epochs,
            min=EPOCHS_RANGE[0],
            max=EPOCHS_RANGE[1],
            step=10,
            description="epochs per run",
            continuous_update=False,
            style=style,
        )
        self.train_button = ipywidgets.Button(
            description="Train", icon="play", button_style="success"
        )
        self.stop_button = ipywidgets.Button(
            description="Stop", icon="stop", button_style="danger", disabled=True
        )
        self.reset_button = ipywidgets.Button(
            description="Reset", icon="refresh", button_style="warning"
        )
        self.status = ipywidgets.HTML()

        controls = [
            self.problem_dropdown,
            self.activation_dropdown,
            self.hidden_slider,
            self.learning_rate_slider,
            self.epochs_slider,
            self.train_button,
            self.stop_button,
            self.reset_button,
            self.status,
        ]
        super().__init__(controls=controls, figsize=(9.0, 3.6), dpi=90)
        self.children = [
            ipywidgets.HBox([self.problem_dropdown, self.activation_dropdown]),
            ipywidgets.HBox([self.hidden_slider, self.learning_rate_slider]),
            ipywidgets.HBox([self.epochs_slider]),
            ipywidgets.HBox(
                [self.train_button, self.stop_button, self.reset_button, self.status],
                layout=ipywidgets.Layout(align_items="center"),
            ),
            self.image,
        ]

        # A run is identified by a token: stop() and reset() replace it, and
        # a running task ends as soon as its token is no longer current.
        self._token: object | None = None
        self._task: asyncio.Task | None = None
        self._target_epoch: int | None = None
        self.diverged = False
        self.divergence: str | None = None
        self.diverged_epoch: int | None = None

        self.problem_dropdown.observe(self._on_structure_change, names="value")
        self.activation_dropdown.observe(self._on_structure_change, names="value")
        self.hidden_slider.observe(self._on_structure_change, names="value")
        self.learning_rate_slider.observe(self._on_learning_rate, names="value")
        self.train_button.on_click(self._on_train_click)
        self.stop_button.on_click(lambda _button: self.stop())
        self.reset_button.on_click(lambda _button: self.reset())
        self.reset()

    # -- argument checks -------------------------------------------------

    @staticmethod
    def _check_learning_rate(value) -> float:
        value = check_float(value, "learning_rate", positive=True)
        low, high = (10.0**e for e in LEARNING_RATE_EXPONENTS)
        if not low <= value <= high:
            raise ValueError(
                f"learning_rate must be between {low:g} and {high:g}, got {value:g}"
            )
        return value

    @staticmethod
    def _check_epochs(value, name: str) -> int:
        value = check_int(value, name, minimum=1)
        if value > EPOCHS_RANGE[1]:
            raise ValueError(f"{name} must be at most {EPOCHS_RANGE[1]}, got {value}")
        return value

    # -- current settings --------------------------------------------------

    @property
    def problem(self) -> str:
        return self.problem_dropdown.value

    @property
    def hidden_units(self) -> int:
        return self.hidden_slider.value

    @property
    def activation(self) -> str:
        return self.activation_dropdown.value

    @property
    def learning_rate(self) -> float:
        return float(self.learning_rate_slider.value)

    @property
    def epochs(self) -> int:
        """Epochs one click on "Train" runs."""
        return self.epochs_slider.value

    @property
    def epoch(self) -> int:
        """Epochs trained since the last reset."""
        return len(self.history["loss"]) - 1

    @property
    def loss(self) -> float:
        """The current cost on the training data."""
        return self.history["loss"][-1]

    @property
    def accuracy(self) -> float:
        """The current training accuracy, a fraction."""
        return self.history["train_acc"][-1]

    @property
    def is_training(self) -> bool:
        """True while a live training run is going on."""
        return self._token is not None

    # -- actions ----------------------------------------------------------

    def reset(self) -> None:
        """Stop training and start again from the initial weights.

        Also regenerates the data for the chosen problem; with the same
        settings, the network after a reset is exactly the one before the
        first training run.
        """
        self.stop()
        self.X, self.y = make_toy_problem(self.problem, seed=self.seed)
        n_classes = int(self.y.max()) + 1
        self.model = MLP(
            [2, self.hidden_units, n_classes],
            hidden_activation=self.activation,
            seed=self.seed,
            dtype=np.float64,
        )
        # Plain gradient descent keeps no state, but the same optimizer
        # object is passed to every fit() call all the same, so that a
        # stateful one (momentum, Adam) would carry on where it stopped.
        self.optimizer = SGD(self.learning_rate)
        self.diverged = False
        self.divergence = self.diverged_epoch = None
        # One monitor for the whole run since this reset: fit() starts a new
        # monitor (and history) on every call, i.e. every chunk.
        self._monitor = DivergenceMonitor(
            "learning_rate",
            zero_weights_cost("softmax", n_classes),
            self.model.weights(),
            chance_accuracy(self.y),
        )
        proba = self.model.predict_proba(self.X)
        self.history = {
            "loss": [self.model.loss(self.X, self.y)],
            "train_acc": [float(np.mean(proba.argmax(axis=1) == self.y))],
        }
        self._grid = self._make_grid()
        self._update_buttons()
        self.redraw()

    def stop(self) -> None:
        """Ask a running training task to end after its current chunk."""
        self._token = None
        self._target_epoch = None
        self._update_buttons()

    def train(self, epochs: int | None = None) -> BackpropPlayground:
        """Train for ``epochs`` more epochs (default: the slider), then redraw.

        Synchronous: returns when done. This is what a notebook executed
        without a browser (and the tests) use; the Train button runs the
        same training through :meth:`run` instead.
        """
        if self.is_training:
            raise RuntimeError("a training run is going on: call stop() first")
        epochs = self.epochs if epochs is None else self._check_epochs(epochs, "epochs")
        self._train_chunk(epochs)
        self.redraw()
        return self

    async def run(self, epochs: int | None = None) -> int:
        """Train for ``epochs`` more epochs in chunks; returns the epochs run.

        Trains ``chunk_epochs`` epochs at a time and awaits between chunks,
        so that the event loop can handle other work meanwhile (in a
        notebook: the messages of the other controls). :meth:`stop`, a
        reset or a change of problem, activation or hidden units ends the
        run after the current chunk. Redraws at most
        ``MAX_REDRAWS_PER_SECOND`` times a second, and once at the end.
        """
        token, epochs = self._begin_run(epochs)
        return await self._run_chunks(token, epochs)

    def _begin_run(self, epochs: int | None) -> tuple[object, int]:
        """Claim a new run (at once, before any task starts); its token."""
        if self.is_training:
            raise RuntimeError("a training run is going on: call stop() first")
        epochs = self.epochs if epochs is None else self._check_epochs(epochs, "epochs")
        token = self._token = object()
        self._target_epoch = self.epoch + epochs
        self._update_buttons()
        return token, epochs

    async def _run_chunks(self, token: object, epochs: int) -> int:
        done = 0
        last_redraw = time.monotonic()
        try:
            while done < epochs and self._token is token and not self.diverged:
                done += self._train_chunk(min(self.chunk_epochs, epochs - done))
                if time.monotonic() - last_redraw >= 1 / self.MAX_REDRAWS_PER_SECOND:
                    self.redraw()
                    last_redraw = time.monotonic()
                # Hand control back to the event loop: this is where a click
                # on Stop gets handled.
                await asyncio.sleep(0.01)
        finally:
            if self._token is token:  # finished (not stopped nor replaced)
                self._token = None
                self._target_epoch = None
            if self._token is None:  # no newer run has started meanwhile
                self._update_buttons()
                self.redraw()
        return done

    # -- training ---------------------------------------------------------

    def _train_chunk(self, epochs: int) -> int:
        """Continue training the same network for ``epochs`` epochs.

        ``MLP.fit`` keeps the weights it has (it initialises them in the
        constructor, not in fit) but starts a new ``history_`` on every
        call, so the playground collects the histories itself. Returns the
        number of epochs trained (fewer if the cost diverged).
        """
        if self.diverged:
            return 0
        self.optimizer.learning_rate = self.learning_rate
        first = self.epoch + 1  # the epoch number fit's epoch 1 has here

        def watch(model: MLP, epoch: int) -> bool:
            # the same rule over the whole run: stop after a diverged epoch
            # (the network has no L2 penalty: its loss is the data cost)
            try:
                self._monitor.update(
                    first - 1 + epoch,
                    model.history_["loss"][-1],
                    model.history_["train_acc"][-1],
                )
            except TrainingDivergedError as error:
                self._diverge(error.reason, error.epoch)
                return True
            return False

        try:
            # a diverging run overflows on its way to the error below: the
            # status line reports it, NumPy's warnings would only add noise
            with np.errstate(over="ignore", invalid="ignore"):
                self.model.fit(
                    self.X,
                    self.y,
                    epochs=epochs,
                    minibatch_size=self.minibatch_size,
                    optimizer=self.optimizer,
                    progress=False,
                    callback=watch,
                )
        except TrainingDivergedError as error:  # fit's own check, in this chunk
            self._diverge(error.reason, first - 1 + error.epoch)
        new = self.model.history_
        self.history["loss"].extend(new["loss"])
        self.history["train_acc"].extend(new["train_acc"])
        if self.diverged:
            self._update_buttons()
        return len(new["loss"])

    def _diverge(self, reason: str | None, epoch: int | None) -> None:
        if not self.diverged:
            self.diverged, self.divergence, self.diverged_epoch = True, reason, epoch

    # -- callbacks ----------------------------------------------------------

    def _on_structure_change(self, change: dict) -> None:
        self.reset()

    def _on_learning_rate(self, change: dict) -> None:
        # takes effect from the next chunk on, even in the middle of a run
        self.optimizer.learning_rate = self.learning_rate
        self._update_status()

    def _on_train_click(self, _button) -> None:
        if self.is_training or self.diverged:
            return
        # Why an asyncio task and not a thread of our own: the task runs on
        # the event loop of the thread that handles this click, so the
        # widget's state changes only between chunks (at the `await`): a
        # click on Reset or a new slider value can never meet a
        # half-finished update. (With JupyterLab 4.6 and ipykernel 7, widget
        # messages are handled by a kernel *subshell*, a thread beside the
        # one that runs cells; a cell that reads the playground while it
        # trains may therefore see it between two redraws.) A thread of our
        # own would need locks around the network and the figure.
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a plain script): train in one go
            self.train()
            return
        token, epochs = self._begin_run(None)
        self._task = loop.create_task(self._run_chunks(token, epochs))

    # -- drawing -------------------------------------------------------------

    def _make_grid(self) -> tuple[np.ndarray, tuple[float, float, float, float]]:
        """Points (GRID_POINTS**2, 2) covering the data plus a 10% margin
        (plotting's grid), and their extent (x_min, x_max, y_min, y_max)."""
        points, grid_x, grid_y = decision_grid(self.X, GRID_POINTS)
        extent = (grid_x[0, 0], grid_x[0, -1], grid_y[0, 0], grid_y[-1, 0])
        return points, extent

    def _update_buttons(self) -> None:
        training = self.is_training
        self.train_button.disabled = training or self.diverged
        self.stop_button.disabled = not training
        self._update_status()

    def _update_status(self) -> None:
        if not hasattr(self, "history"):
            return
        if self.diverged:
            text = (
                f"<b>Training diverged in epoch {self.diverged_epoch}</b>: "
                f"{html.escape(self.divergence or '')}. "
                "Lower the learning rate and press Reset."
            )
        else:
            text = (
                f"epoch {self.epoch} &middot; cost {self.loss:.4f} &middot; "
                f"accuracy {self.accuracy:.2%}"
            )
        self.status.value = text

    def redraw(self) -> None:
        self._update_status()
        super().redraw()

    def draw(self, fig: Figure) -> None:
        n_classes = int(self.y.max()) + 1
        colors = list(CLASS_COLORS[:n_classes])
        ax_regions, ax_cost = fig.subplots(1, 2, width_ratios=[1, 1.25])

        points, extent = self._grid
        regions = np.argmax(self.model.predict_proba(points), axis=1)
        ax_regions.imshow(
            regions.reshape(GRID_POINTS, GRID_POINTS),
            origin="lower",
            extent=extent,
            aspect="auto",
            interpolation="nearest",
            cmap=ListedColormap(colors),
            vmin=-0.5,
            vmax=n_classes - 0.5,
            alpha=0.3,
        )
        for c in range(n_classes):
            in_class = self.y == c
            ax_regions.scatter(
                self.X[in_class, 0],
                self.X[in_class, 1],
                s=14,
                color=colors[c],
                marker=MARKERS[c],
                edgecolor="black",
                linewidth=0.4,
            )
        ax_regions.set_xlim(extent[0], extent[1])
        ax_regions.set_ylim(extent[2], extent[3])
        ax_regions.set_xlabel("$x_1$")
        ax_regions.set_ylabel("$x_2$")
        ax_regions.set_title(
            f"{self.problem}, epoch {self.epoch}: accuracy {self.accuracy:.1%}",
            fontsize=10,
        )

        losses = np.asarray(self.history["loss"])
        epochs = np.arange(len(losses))
        ax_cost.plot(epochs, losses, color="tab:red", linewidth=1.5)
        # While a run goes on, the x-axis already spans it: the curve grows
        # to the right instead of the axis being rescaled at every redraw.
        ax_cost.set_xlim(0, max(self.epoch, self._target_epoch or 0, 10))
        ax_cost.set_ylim(0, 1.05 * max(losses.max(), 0.1))
        ax_cost.set_xlabel("epoch")
        ax_cost.set_ylabel("cost (mean cross-entropy)")
        title = (
            f"{self.hidden_units} {self.activation} hidden units, "
            f"learning rate {self.learning_rate:.3g}"
        )
        if self.diverged:
            title = "diverged: lower the learning rate and Reset"
        ax_cost.set_title(title, fontsize=10)
        ax_cost.grid(True, alpha=0.3)
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.9, wspace=0.28)

    def _repr_details(self) -> str:
        text = (
            f"{self.problem}, {self.hidden_units} {self.activation} hidden units, "
            f"learning rate {self.learning_rate:.3g}, epoch {self.epoch}"
        )
        if self.diverged:
            return text + ", diverged"
        return text + f", cost {self.loss:.4f}, accuracy {self.accuracy:.2%}"
