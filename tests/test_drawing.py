"""Tests for mlcourse.drawing: MNIST-style preprocessing of drawings."""

from __future__ import annotations

import numpy as np
import pytest

from mlcourse.drawing import canvas_from_strokes, to_mnist_image

SEVEN = [[(60, 40), (220, 40), (120, 250)]]


def ink_box(image: np.ndarray) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) of the non-zero pixels, ends included."""
    rows = np.flatnonzero(image.any(axis=1))
    cols = np.flatnonzero(image.any(axis=0))
    return rows[0], rows[-1], cols[0], cols[-1]


def center_of_mass(image: np.ndarray) -> tuple[float, float]:
    rows, cols = np.indices(image.shape)
    total = image.sum()
    return (rows * image).sum() / total, (cols * image).sum() / total


# -- canvas_from_strokes -----------------------------------------------------


def test_canvas_from_strokes_shape_and_range():
    canvas = canvas_from_strokes(SEVEN, size=280, width=18)
    assert canvas.shape == (280, 280)
    assert canvas.min() == 0.0 and canvas.max() == 1.0
    # The pen passed through the first corner point ...
    assert canvas[40, 60] == 1.0
    # ... and nowhere near the bottom-left corner.
    assert canvas[270, 10] == 0.0


def test_canvas_from_strokes_thickness():
    canvas = canvas_from_strokes([[(20, 50), (80, 50)]], size=100, width=10)
    column = canvas[:, 50]
    assert np.sum(column == 1.0) in (9, 10, 11)  # about `width` pixels of ink
    assert column[30] == 0.0 and column[70] == 0.0


def test_canvas_from_strokes_single_point_is_a_dot():
    canvas = canvas_from_strokes([[(50, 50)]], size=100, width=10)
    top, bottom, left, right = ink_box(canvas)
    assert 9 <= bottom - top + 1 <= 12 and 9 <= right - left + 1 <= 12


def test_canvas_from_strokes_no_strokes_is_blank():
    assert not canvas_from_strokes([], size=50).any()


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"strokes": "abc"}, TypeError, "strokes"),
        ({"strokes": [[(1, 2, 3)]]}, ValueError, "strokes[0]"),
        ({"strokes": [[]]}, ValueError, "strokes[0]"),
        ({"strokes": SEVEN, "size": 0}, ValueError, "size"),
        ({"strokes": SEVEN, "size": 2.5}, TypeError, "size"),
        ({"strokes": SEVEN, "width": -1}, ValueError, "width"),
    ],
)
def test_canvas_from_strokes_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=name.replace("[", r"\[")):
        canvas_from_strokes(**kwargs)


# -- to_mnist_image ----------------------------------------------------------


def test_output_shape_and_range():
    image = to_mnist_image(canvas_from_strokes(SEVEN))
    assert image.shape == (28, 28)
    assert image.dtype == np.float64
    assert image.min() >= 0.0 and image.max() <= 1.0
    assert image.max() > 0.9  # strokes stay dark after shrinking


@pytest.mark.parametrize(
    "strokes",
    [
        SEVEN,
        [[(10, 10), (90, 10), (90, 60)]],  # small, in the top-left corner
        [[(150, 200), (270, 270)]],  # wide, near the bottom-right corner
        [[(200, 30), (200, 120), (260, 120)]],  # an L far to the right
    ],
)
def test_box_and_center_of_mass(strokes):
    image = to_mnist_image(canvas_from_strokes(strokes))
    top, bottom, left, right = ink_box(image)
    height, width = bottom - top + 1, right - left + 1
    assert max(height, width) == 20
    # Shifting by whole pixels leaves at most half a pixel of error.
    row, col = center_of_mass(image)
    assert abs(row - 14) <= 0.5 + 1e-9
    assert abs(col - 14) <= 0.5 + 1e-9


def test_position_on_canvas_does_not_matter():
    """The same shape drawn anywhere on the canvas gives the same image."""
    shape = np.array([(0, 0), (60, 0), (30, 80)], dtype=float)
    a = to_mnist_image(canvas_from_strokes([shape + (20, 30)]))
    b = to_mnist_image(canvas_from_strokes([shape + (180, 170)]))
    np.testing.assert_allclose(a, b, atol=1e-12)


def test_vertical_stroke_becomes_tall_and_thin():
    one = to_mnist_image(canvas_from_strokes([[(140, 40), (140, 240)]]))
    top, bottom, left, right = ink_box(one)
    assert bottom - top + 1 == 20
    assert right - left + 1 <= 3


def test_aspect_ratio_is_kept():
    # A 200 x 100 filled rectangle becomes 20 x 10.
    canvas = np.zeros((280, 280))
    canvas[40:240, 90:190] = 1.0
    image = to_mnist_image(canvas)
    top, bottom, left, right = ink_box(image)
    assert (bottom - top + 1, right - left + 1) == (20, 10)
    assert np.allclose(image[top : bottom + 1, left : right + 1], 1.0)


def test_small_drawing_is_enlarged_with_area_averaging():
    # A 5 x 5 block becomes 20 x 20: every output pixel is full ink.
    canvas = np.zeros((50, 50))
    canvas[10:15, 20:25] = 1.0
    image = to_mnist_image(canvas)
    assert np.isclose(image.sum(), 400.0)


def test_area_averaging_keeps_the_mean_ink():
    # Scaling by 1/10 turns a checkerboard into uniform grey.
    canvas = np.indices((200, 200)).sum(axis=0) % 2 * 1.0
    image = to_mnist_image(canvas)
    top, bottom, left, right = ink_box(image)
    np.testing.assert_allclose(image[top : bottom + 1, left : right + 1], 0.5)


def test_any_canvas_size_and_list_input():
    canvas = canvas_from_strokes(SEVEN, size=280)[::4, ::4]  # 70 x 70
    image = to_mnist_image(canvas.tolist())
    assert image.shape == (28, 28)
    assert max(ink_box(image)[1] - ink_box(image)[0], 0) + 1 <= 20


def test_empty_canvas_gives_zeros():
    image = to_mnist_image(np.zeros((280, 280)))
    assert image.shape == (28, 28)
    assert not np.isnan(image).any()
    assert not image.any()


def test_single_pixel():
    canvas = np.zeros((10, 10))
    canvas[3, 7] = 0.5
    image = to_mnist_image(canvas)
    assert np.allclose(image[4:24, 4:24], 0.5)  # one pixel blown up to 20 x 20
    assert np.isclose(image.sum(), 0.5 * 400)


@pytest.mark.parametrize(
    ("canvas", "error"),
    [
        (np.zeros(784), ValueError),  # flat, not 2-D
        (np.zeros((2, 28, 28)), ValueError),
        (np.zeros((0, 5)), ValueError),
        (np.full((5, 5), 2.0), ValueError),  # ink above 1
        (np.full((5, 5), -0.1), ValueError),
        (np.full((5, 5), np.nan), ValueError),
        ("canvas", TypeError),
        (None, TypeError),
    ],
)
def test_bad_canvas(canvas, error):
    with pytest.raises(error, match="canvas"):
        to_mnist_image(canvas)
