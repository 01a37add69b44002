"""The loss landscape in words: the alt text of :mod:`loopdocs.figures.landscape`'s figures."""

from __future__ import annotations


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
