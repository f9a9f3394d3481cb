"""The base class of the course's interactive figures.

Every widget of the course is a small control panel (sliders, buttons, a
drawing pad ...) next to a Matplotlib figure that is redrawn whenever a
control changes. ``FigureWidget`` holds the plumbing they share:

* The figure is drawn off-screen with ``matplotlib.figure.Figure`` and the
  Agg canvas, never with ``pyplot``. Pyplot keeps a global list of open
  figures, and in a notebook the inline backend would display every one of
  them a second time under the cell. A bare ``Figure`` is just an object:
  we render it to PNG bytes and show those in an ``ipywidgets.Image``.
* Without a browser (nbval, nbconvert, a notebook viewed on a website) no
  widget can be drawn. ``_repr_mimebundle_`` therefore also returns the
  current figure as ``image/png`` and a short, stable ``text/plain``. A live
  JupyterLab picks the widget (its renderer ranks first); a static viewer
  falls back to the picture.

A subclass builds its controls, calls ``super().__init__(controls=...)`` and
implements ``draw(fig)``; it calls ``redraw()`` whenever its state changes.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from io import BytesIO

import ipywidgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from mlcourse._validation import check_float, check_int

__all__ = ["FigureWidget", "render_png"]


def render_png(fig: Figure, dpi: int = 100) -> bytes:
    """Render a Matplotlib figure to PNG bytes without touching pyplot."""
    FigureCanvasAgg(fig)  # attach a raster canvas to the figure
    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


class FigureWidget(ipywidgets.VBox):
    """A column of controls above a Matplotlib figure that redraws itself.

    Parameters
    ----------
    controls : list of widgets
        Sliders, dropdowns, buttons ... shown above the figure. Subclasses
        may arrange ``self.children`` differently after ``__init__``.
    figsize : (float, float)
        Size of the figure in inches.
    dpi : int
        Resolution of the rendered PNG (pixels per inch).

    Attributes
    ----------
    controls : list of widgets
    image : ipywidgets.Image
        Shows the last rendering of the figure.
    """

    def __init__(
        self,
        controls: Sequence[ipywidgets.Widget] = (),
        *,
        figsize: tuple[float, float] = (6.0, 3.0),
        dpi: int = 100,
        **kwargs,
    ) -> None:
        if (
            isinstance(figsize, (str, bytes))
            or not isinstance(figsize, Sequence)
            or len(figsize) != 2
        ):
            raise TypeError(
                f"figsize must be a pair (width, height) in inches, got {figsize!r}"
            )
        self.figsize = (
            check_float(figsize[0], "figsize[0]", positive=True),
            check_float(figsize[1], "figsize[1]", positive=True),
        )
        self.dpi = check_int(dpi, "dpi", minimum=10)
        self.controls = list(controls)
        for i, control in enumerate(self.controls):
            if not isinstance(control, ipywidgets.Widget):
                raise TypeError(
                    f"controls[{i}] must be an ipywidgets widget, "
                    f"got {type(control).__name__}"
                )
        self.image = ipywidgets.Image(format="png")
        self._png = b""
        super().__init__(children=[*self.controls, self.image], **kwargs)

    # -- to be written by subclasses -------------------------------------

    def draw(self, fig: Figure) -> None:
        """Draw the current state into ``fig`` (a fresh, empty figure)."""
        raise NotImplementedError(f"{type(self).__name__} must implement draw(fig)")

    def _repr_details(self) -> str:
        """A few words about the current state for ``repr`` (may be empty).

        Keep it deterministic: nbval compares the ``text/plain`` output.
        """
        return ""

    # -- shared machinery ------------------------------------------------

    def redraw(self) -> None:
        """Draw a new figure and show it in ``self.image``."""
        fig = Figure(figsize=self.figsize, dpi=self.dpi)
        self.draw(fig)
        self._png = render_png(fig, dpi=self.dpi)
        self.image.value = self._png

    @property
    def png(self) -> bytes:
        """PNG bytes of the figure currently shown (drawn on first access)."""
        if not self._png:
            self.redraw()
        return self._png

    def __repr__(self) -> str:
        details = self._repr_details()
        name = type(self).__name__
        return f"<{name}: {details}>" if details else f"<{name}>"

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """The live widget for JupyterLab, plus a picture and text for the rest.

        ipywidgets returns ``text/plain`` and the widget-view JSON (which
        only a front-end with a running kernel can draw). We add the figure
        as ``image/png`` so that an executed notebook still shows something
        useful where no widget can be drawn, and replace ``text/plain`` with
        our stable ``repr``.
        """
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        if isinstance(bundle, tuple):  # (data, metadata) form
            bundle = bundle[0]
        bundle = dict(bundle)
        bundle["text/plain"] = repr(self)
        bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle
