"""Why a run misbehaves, in words: the alt text of :mod:`loopdocs.figures.diagnostics`' figures.

The numbers come measured (per-layer gradient norms read from a run, a sweep's outcome, how
far each model's curve wiggles); this module only says them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from loopdocs.describe.numbers import number
from loopdocs.loop.readings import layer_norms

if TYPE_CHECKING:  # the types alone: describing needs neither torch nor matplotlib
    from loopdocs.loop.measures import Run
    from loopdocs.loop.stability import Sweep


def describe_layer_norms(runs: Sequence[Run], epoch: int = 1) -> str:
    """Alt text: for each run, the gradient norm at the output layer and at the first layer."""
    text = f"Gradient norm of each layer's weights at epoch {epoch}, on a log scale."
    for run in runs:
        norms = layer_norms(run.history, epoch)
        text += (
            f" {run.label}: {number(norms[-1])} at the output layer (layer {len(norms)}), "
            f"{number(norms[0])} at layer 1."
        )
    return text


def describe_sweep(sweep: Sweep, formula_lr: float) -> str:
    """Alt text for :func:`~loopdocs.figures.diagnostics.sweep_figure`."""
    low, high = sweep.points[0], sweep.points[-1]
    return (
        f"{len(sweep.points)} runs from learning rate {low.lr:.4g} to {high.lr:.4g}, each "
        f"{sweep.epochs} epochs, plotted as the loss at the end divided by the loss at the start, "
        f"on a log scale. Runs up to {sweep.largest_converging_lr:.4g} end below 1 (the loss went "
        f"down); runs from {sweep.smallest_diverging_lr:.4g} up end above 1 (it went up). A "
        f"dashed vertical line marks the formula's critical learning rate {formula_lr:.4f}, "
        f"inside the shaded gap between the last converging and the first diverging run."
    )


def describe_predictions(
    train_points: int,
    val_points: int,
    span: tuple[float, float],
    wiggles: Sequence[tuple[str, float]],
) -> str:
    """Alt text for :func:`~loopdocs.figures.diagnostics.predictions_figure`: the points, and
    how far each model's curve travels up and down (its wiggle, measured over ``span``, the
    span drawn)."""
    low, high = span
    layout = "One panel" if len(wiggles) == 1 else f"{len(wiggles)} panels, one per model, each"
    text = (
        f"{layout} with the same {train_points} training "
        f"points (filled) and {val_points} validation points (hollow) around a sine wave."
    )
    for label, travel in wiggles:
        text += (
            f" {label}: between x = {number(low)} and {number(high)} its curve travels a total of "
            f"{number(travel)} up and down."
        )
    return text
