"""Turn a hand-drawn digit into an MNIST-style 28x28 image.

MNIST digits were not simply shrunk to 28x28. According to the data set's
description, each digit was

1. cropped to the bounding box of its ink,
2. scaled, keeping its aspect ratio, so that the larger side is 20 pixels
   (with anti-aliasing, which produces grey levels at the edges), and
3. placed in a 28x28 frame so that its centre of mass sits at the centre of
   the frame.

A network trained on MNIST expects exactly this kind of input, so a digit
drawn with the mouse must go through the same steps before we ask the
network what it sees. ``to_mnist_image`` does that in plain NumPy.

``canvas_from_strokes`` draws thick lines into an array; the tests use it to
produce digit-like drawings without a browser.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mlcourse._validation import check_array, check_float, check_int

__all__ = ["canvas_from_strokes", "to_mnist_image"]

#: Side of an MNIST image, in pixels.
MNIST_SIZE = 28
#: Side of the box that the digit is scaled into (the larger side of the ink).
DIGIT_BOX = 20


def _area_weights(n_in: int, n_out: int) -> np.ndarray:
    """Weights ``(n_out, n_in)`` for resampling one axis by area averaging.

    Output pixel ``i`` covers the interval ``[i * s, (i + 1) * s)`` of the
    input axis, with ``s = n_in / n_out``. Its value is the average of the
    input pixels over that interval, each weighted by how much of it lies
    inside. Every row of the result therefore sums to 1.
    """
    step = n_in / n_out
    out_start = np.arange(n_out)[:, None] * step  # (n_out, 1)
    out_end = out_start + step
    in_start = np.arange(n_in)[None, :]  # (1, n_in)
    in_end = in_start + 1
    overlap = np.minimum(out_end, in_end) - np.maximum(out_start, in_start)
    return np.clip(overlap, 0.0, None) / step


def _resize_area(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """Resample ``image`` (h, w) to ``(height, width)`` by area averaging.

    Written as two matrix products: ``rows @ image @ cols.T``, where ``rows``
    (height, h) mixes the rows and ``cols`` (width, w) mixes the columns.
    """
    rows = _area_weights(image.shape[0], height)
    cols = _area_weights(image.shape[1], width)
    return rows @ image @ cols.T


def _paste(frame: np.ndarray, patch: np.ndarray, top: int, left: int) -> None:
    """Copy ``patch`` into ``frame`` at (top, left), cutting what falls outside."""
    frame_h, frame_w = frame.shape
    patch_h, patch_w = patch.shape
    # Visible part of the patch, in frame coordinates ...
    f_top, f_left = max(top, 0), max(left, 0)
    f_bottom, f_right = min(top + patch_h, frame_h), min(left + patch_w, frame_w)
    if f_top >= f_bottom or f_left >= f_right:
        return
    # ... and the same part in patch coordinates.
    frame[f_top:f_bottom, f_left:f_right] = patch[
        f_top - top : f_bottom - top, f_left - left : f_right - left
    ]


def to_mnist_image(canvas) -> np.ndarray:
    """Preprocess a drawing the way MNIST digits were preprocessed.

    Parameters
    ----------
    canvas : array (H, W)
        Ink intensities in [0, 1], 1 meaning full ink, of any size (for
        example the 280x280 canvas of a drawing pad).

    Returns
    -------
    image : array (28, 28), float64 in [0, 1]
        The ink cropped to its bounding box, scaled so that its larger side
        is 20 pixels, and placed so that its centre of mass lies at pixel
        (14, 14) (row, column). An empty canvas gives an all-zero image.
    """
    canvas = check_array(canvas, "canvas", ndim=2, dtype=np.float64)
    if canvas.min() < 0 or canvas.max() > 1:
        raise ValueError(
            "canvas must hold ink intensities in [0, 1], got values from "
            f"{canvas.min():g} to {canvas.max():g}"
        )

    frame = np.zeros((MNIST_SIZE, MNIST_SIZE))
    ink_rows = np.flatnonzero(canvas.any(axis=1))
    ink_cols = np.flatnonzero(canvas.any(axis=0))
    if ink_rows.size == 0:  # nothing drawn
        return frame

    # 1. Crop to the bounding box of the ink.
    digit = canvas[ink_rows[0] : ink_rows[-1] + 1, ink_cols[0] : ink_cols[-1] + 1]

    # 2. Scale so that the larger side becomes 20 pixels.
    height, width = digit.shape
    scale = DIGIT_BOX / max(height, width)
    new_height = max(1, round(height * scale))
    new_width = max(1, round(width * scale))
    digit = _resize_area(digit, new_height, new_width)

    # 3. Put the centre of mass at the centre of the 28x28 frame. Pixel (r, c)
    # has its centre at coordinates (r, c), so the target is (14, 14); we can
    # only move by whole pixels, hence the rounding.
    total = digit.sum()
    rows, cols = np.indices(digit.shape)
    center_row = (rows * digit).sum() / total
    center_col = (cols * digit).sum() / total
    middle = MNIST_SIZE // 2
    top = round(middle - center_row)
    left = round(middle - center_col)
    _paste(frame, digit, top, left)
    return np.clip(frame, 0.0, 1.0)


def canvas_from_strokes(
    strokes: Sequence[Sequence[tuple[float, float]]],
    size: int = 280,
    width: float = 18,
) -> np.ndarray:
    """Draw thick polylines into a square array, like a pen on a drawing pad.

    Parameters
    ----------
    strokes : list of polylines
        Each polyline is a list of ``(x, y)`` points in pixel coordinates,
        ``x`` to the right (column) and ``y`` downwards (row). A polyline with
        a single point draws a dot.
    size : int
        Side of the square canvas, in pixels.
    width : float
        Thickness of the pen, in pixels.

    Returns
    -------
    canvas : array (size, size), float64 in [0, 1]
        1 where the pen passed, 0 elsewhere, with a one-pixel soft edge.

    Each segment is drawn as the set of pixels whose centre is closer than
    ``width / 2`` to the segment: the shape a round pen leaves when moved
    along it (the union of discs stamped at every point of the segment).
    """
    size = check_int(size, "size", minimum=1)
    width = check_float(width, "width", positive=True)
    if isinstance(strokes, (str, bytes)) or not isinstance(strokes, Sequence):
        raise TypeError(
            f"strokes must be a list of polylines, got {type(strokes).__name__}"
        )

    canvas = np.zeros((size, size))
    radius = width / 2
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float64)  # pixel centres, (size, size)
    for i, stroke in enumerate(strokes):
        points = check_array(stroke, f"strokes[{i}]", ndim=2)
        if points.shape[1] != 2:
            raise ValueError(
                f"strokes[{i}] must be a list of (x, y) points, "
                f"got shape {points.shape}"
            )
        if len(points) == 1:  # a dot: a segment of length zero
            points = np.vstack([points, points])
        for (x0, y0), (x1, y1) in zip(points[:-1], points[1:], strict=True):
            # Distance from every pixel centre to the segment (x0, y0)-(x1, y1):
            # project onto the segment, clamp to its ends, measure.
            dx, dy = x1 - x0, y1 - y0
            length2 = dx * dx + dy * dy
            if length2 == 0:
                t = np.zeros_like(xs)
            else:
                t = np.clip(((xs - x0) * dx + (ys - y0) * dy) / length2, 0.0, 1.0)
            distance = np.hypot(xs - (x0 + t * dx), ys - (y0 + t * dy))
            # Full ink inside the pen, fading to 0 over one pixel at the edge.
            ink = np.clip(radius + 0.5 - distance, 0.0, 1.0)
            np.maximum(canvas, ink, out=canvas)
    return canvas
