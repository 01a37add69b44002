"""The loss landscape in words: the alt text of :mod:`loopdocs.figures.landscape`'s figures."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from loopdocs.describe.numbers import at_noise_level, shown

if TYPE_CHECKING:  # the type alone: describing the panels needs neither torch nor matplotlib
    from loopdocs.loop.landscape import PathPanel


def describe_tangent(w: float, b: float, loss: float, slope: float, step: float) -> str:
    """Alt text for the loss against w (b held fixed) with its tangent at ``w`` and one step.

    ``loss`` and ``slope`` are the loss and dL/dw at (w, b); ``step`` is the change in w one
    step of gradient descent makes.
    """
    direction = "down" if slope < 0 else "up"
    return (
        f"A U-shaped curve of the loss against w, with b held at {b:g}. At w = {w:g} the loss is "
        f"{loss:.2f}; a dashed tangent there slopes {direction} to the right with slope "
        f"{slope:.2f}, and an arrow shows the step of {step:+.3f} towards the bottom of the curve."
    )


def describe_paths(panels: Sequence[tuple[str, PathPanel]]) -> str:
    """Alt text for :func:`~loopdocs.figures.landscape.paths_figure`, written from the very
    panels it draws (:class:`~loopdocs.loop.landscape.PathPanel`): where each path starts and
    ends, and only what the drawn points show of its steps."""
    if not panels:
        raise ValueError("panels must hold at least one (title, PathPanel) pair")
    minimum = panels[0][1].minimum
    count = len(panels)
    maps = "A contour map" if count == 1 else f"{count} contour maps, one per run,"
    text = (
        f"{maps} of the loss over w and b, with elliptical contours around the least-squares "
        f"minimum, marked by a star at {_point(minimum)}."
    )
    for title, panel in panels:
        text += f" In the panel titled “{title}”, {_path_words(panel)}"
    windows = {(p.ws[0], p.ws[-1], p.bs[0], p.bs[-1]) for _, p in panels}
    if len(windows) > 1:
        text += " Each panel has its own scale."
    return text


def _path_words(panel: PathPanel) -> str:
    """What one panel's drawn path does, each clause checked on its points."""
    path, minimum = panel.path, panel.minimum
    steps = len(path) - 1
    words = f"the path starts at {_point(path[0])}"
    if steps == 0:
        return words + "."
    if not panel.diverged:
        end = _point(path[-1])
        words += (
            f" and reaches the minimum after {steps} steps"
            if end == _point(minimum)
            else f" and ends after {steps} steps at {end}"
        )
        scale = max(abs(v) for point in path for v in point) or 1.0
        lengths = [math.dist(p, q) for p, q in pairwise(path)]
        visible = [length for length in lengths if not at_noise_level(length, scale)]
        if len(visible) > 1 and all(b < a for a, b in pairwise(visible)):
            words += ", each step shorter than the last"
        return words + "."
    sides = [w > minimum[0] for w, _ in path]
    if all(a != b for a, b in pairwise(sides)):
        words += ", then jumps back and forth across the minimum"
    distances = [math.dist(point, minimum) for point in path]
    if all(b > a for a, b in pairwise(distances)):
        words += ", each point further from it than the last"
    drawn = "its first step is" if steps == 1 else f"its first {steps} steps are"
    words += f"; the run diverged and only {drawn} drawn"
    if panel.labelled:
        words += (
            ", labelled 'after 1'"
            if panel.labelled == 1
            else f", labelled 'after 1' to 'after {panel.labelled}'"
        )
    return words + "."


def _point(point: tuple[float, float]) -> str:
    """``(w, b)`` as "w = 0.8, b = 0.49": two decimals at most, the same on every CPU."""
    w, b = (_coordinate(value) for value in point)
    return f"w = {w}, b = {b}"


def _coordinate(value: float) -> str:
    text = shown(value, ".2f").rstrip("0").rstrip(".")
    return "0" if text == "-0" else text.replace("-", "−")
