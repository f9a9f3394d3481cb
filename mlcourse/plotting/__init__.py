"""Figures used throughout the course.

Every function draws with matplotlib and returns what it drew on, as
``(fig, ax)`` or ``(fig, axes)``, so you can adjust the result afterwards
(``ax.set_ylim(...)``, ``fig.savefig(...)``). None of them calls
``plt.show()``: in a notebook the figure appears by itself.

Functions that draw a single plot accept ``ax=`` to draw into an existing
Axes, for instance one panel of your own ``plt.subplots(1, 2)``.

The figures are grouped by what they show: :mod:`~mlcourse.plotting.images`
(digits, pixels, hidden-unit weights), :mod:`~mlcourse.plotting.curves`
(cost and accuracy per epoch) and :mod:`~mlcourse.plotting.classifiers`
(decision regions, confusion matrix, misclassified digits). Import them all
from here: ``from mlcourse.plotting import plot_digits``.
"""

from mlcourse.plotting._common import (
    FIGSIZE_CONFUSION,
    FIGSIZE_PAIR,
    FIGSIZE_PIXELS,
    FIGSIZE_SINGLE,
    MARKERS,
    MAX_IMAGES,
)
from mlcourse.plotting.classifiers import (
    decision_grid,
    plot_confusion_matrix,
    plot_decision_regions,
    plot_misclassified,
)
from mlcourse.plotting.curves import (
    compare_learning_curves,
    plot_accuracy,
    plot_cost,
    plot_learning_curves,
)
from mlcourse.plotting.images import (
    plot_digit_with_pixels,
    plot_digits,
    plot_hidden_weights,
)

__all__ = [
    "plot_digits",
    "plot_digit_with_pixels",
    "plot_cost",
    "plot_accuracy",
    "plot_learning_curves",
    "compare_learning_curves",
    "plot_decision_regions",
    "plot_confusion_matrix",
    "plot_misclassified",
    "plot_hidden_weights",
]

__all__ += [
    "decision_grid",
    "MARKERS",
    "MAX_IMAGES",
    "FIGSIZE_SINGLE",
    "FIGSIZE_PAIR",
    "FIGSIZE_PIXELS",
    "FIGSIZE_CONFUSION",
]
