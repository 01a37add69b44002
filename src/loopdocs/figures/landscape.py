"""The loss landscape of the worked example, as page figures: the loss against w with its
tangent and one step (:func:`tangent_figure`), and runs' paths over the contours of the loss
(:func:`paths_figure`), drawn by :mod:`loopdocs.draw.surface`.
"""

from __future__ import annotations

from collections.abc import Sequence

from loopdocs._checks import finite_float, positive_float
from loopdocs.describe.landscape import describe_tangent
from loopdocs.draw.surface import draw_contour_paths, draw_tangent, sane_path
from loopdocs.figures.page import PageFigure, themed
from loopdocs.loop.data import LineData
from loopdocs.loop.landscape import slope_at
from loopdocs.loop.train import History

#: How many points of a diverging path :func:`paths_figure` draws, and how many steps it labels.
PATH_POINTS = 12
LABELLED_STEPS = 5


def tangent_figure(
    data: LineData, *, w: float = 0.0, b: float = 0.0, lr: float = 0.03, caption: str = ""
) -> PageFigure:
    """The loss against w at fixed ``b``, its tangent at ``w`` and one step at ``lr``, in both
    themes, with alt text written from the slope autograd finds there."""
    w, b, lr = finite_float("w", w), finite_float("b", b), positive_float("lr", lr)
    loss, slope, _ = slope_at(data, w, b)
    return themed(
        lambda theme: draw_tangent(data, theme, w=w, b=b, lr=lr),
        alt=describe_tangent(w, b, loss, slope, -lr * slope),
        caption=caption,
    )


def labelled_steps(history: History) -> int:
    """How many steps of a diverging run :func:`paths_figure` labels ("after 1", "after 2", …):
    those of its first points that stay inside the drawn window, at most five."""
    shown = sane_path(history)[:PATH_POINTS]
    return min(LABELLED_STEPS, len(shown) - 1)


def paths_figure(
    data: LineData,
    runs: Sequence[tuple[str, History]],
    *,
    minimum: tuple[float, float],
    alt: str,
    caption: str = "",
) -> PageFigure:
    """One panel per run: the loss contours over (w, b) and the path the run's (w, b) took.

    A diverging path is drawn while it stays near the bowl, its first steps labelled (see
    :func:`labelled_steps`, to check what ``alt`` says of them).
    """
    return themed(
        lambda theme: draw_contour_paths(
            data, runs, theme, minimum=minimum, max_points=PATH_POINTS
        ),
        alt=alt,
        caption=caption,
    )
