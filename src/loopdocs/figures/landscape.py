"""The loss landscape of the worked example, as page figures: the loss against w with its
tangent and one step (:func:`tangent_figure`), and runs' paths over the contours of the loss
(:func:`paths_figure`). :mod:`loopdocs.loop.landscape` computes what they show,
:mod:`loopdocs.draw.surface` draws it and :mod:`loopdocs.describe.landscape` words it.
"""

from __future__ import annotations

from collections.abc import Sequence

from loopdocs.describe.landscape import describe_paths, describe_tangent
from loopdocs.draw.surface import draw_contour_paths, draw_tangent
from loopdocs.figures.page import PageFigure, themed
from loopdocs.loop.data import LineData
from loopdocs.loop.landscape import labelled_steps, path_panel, tangent_view
from loopdocs.loop.train import History


def tangent_figure(
    data: LineData, *, w: float = 0.0, b: float = 0.0, lr: float = 0.03, caption: str = ""
) -> PageFigure:
    """The loss against w at fixed ``b``, its tangent at ``w`` and one step at ``lr``, in both
    themes, with alt text written from the slope autograd finds there."""
    view = tangent_view(data, w=w, b=b, lr=lr)
    return themed(
        lambda theme: draw_tangent(view, theme),
        alt=describe_tangent(view.w, view.b, view.loss, view.slope, view.step),
        caption=caption,
    )


def paths_figure(
    data: LineData,
    runs: Sequence[tuple[str, History]],
    *,
    minimum: tuple[float, float],
    alt: str | None = None,
    caption: str = "",
) -> PageFigure:
    """One panel per run: the loss contours over (w, b) and the path the run's (w, b) took.

    A diverging path is drawn while it stays near the bowl, its first steps labelled (see
    :func:`~loopdocs.loop.landscape.labelled_steps`). The alt text is written from the panels
    drawn (:func:`~loopdocs.describe.landscape.describe_paths`) unless ``alt`` is given.
    """
    if not runs:
        raise ValueError("runs must name at least one (title, history) pair")
    panels = [(title, path_panel(data, history, minimum=minimum)) for title, history in runs]
    return themed(
        lambda theme: draw_contour_paths(panels, theme),
        alt=alt if alt is not None else describe_paths(panels),
        caption=caption,
    )


__all__ = ["labelled_steps", "paths_figure", "tangent_figure"]
