"""Interactive widgets used in the course notebooks.

Each widget shows a Matplotlib figure that follows its controls. Run inside
JupyterLab (or on Binder) they are live; in a notebook executed without a
browser they leave a picture of their initial state.
"""

from mlcourse.widgets._base import FigureWidget
from mlcourse.widgets.activations import ActivationExplorer
from mlcourse.widgets.adaline import AdalineExplorer
from mlcourse.widgets.draw import DigitClassifier, DrawPad
from mlcourse.widgets.losses import LossExplorer
from mlcourse.widgets.playground import BackpropPlayground
from mlcourse.widgets.training import TrainingMonitor

__all__ = [
    "ActivationExplorer",
    "AdalineExplorer",
    "BackpropPlayground",
    "DigitClassifier",
    "DrawPad",
    "FigureWidget",
    "LossExplorer",
    "TrainingMonitor",
]
