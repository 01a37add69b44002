"""Figures that show why a run misbehaves, beyond its loss curve, as page figures.

- :func:`layer_norms_figure`: the gradient norm of every layer, input side to output, so
  vanishing gradients show as a slope across the network.
- :func:`sweep_figure`: a learning-rate sweep's outcome against the critical learning rate.
- :func:`predictions_figure`: what trained models predict between the points they saw.

Each checks its arguments, measures with :mod:`loopdocs.loop`, and assembles the drawing
(:mod:`loopdocs.draw.diagnostics`) and the alt text (:mod:`loopdocs.describe.diagnostics`)
into a :class:`~loopdocs.figures.page.PageFigure`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
from torch import nn

from loopdocs._checks import positive_float
from loopdocs.describe.diagnostics import describe_layer_norms, describe_predictions, describe_sweep
from loopdocs.draw.curves import STYLES
from loopdocs.draw.diagnostics import draw_layer_norms, draw_predictions, draw_sweep
from loopdocs.figures.page import PageFigure, themed
from loopdocs.loop.checks import check_pair, check_runs
from loopdocs.loop.measures import (
    Points,
    Run,
    prediction_curve,
    prediction_grid,
    prediction_span,
    wiggle,
)
from loopdocs.loop.readings import layer_norms
from loopdocs.loop.stability import Sweep


def layer_norms_figure(
    runs: Sequence[Run], *, epoch: int = 1, alt: str | None = None, caption: str = ""
) -> PageFigure:
    """Per-layer gradient norms of each run at ``epoch``, in both themes."""
    check_runs(runs, most=len(STYLES))
    for run in runs:
        layer_norms(run.history, epoch)
    return themed(
        lambda theme: draw_layer_norms(theme, runs, epoch),
        alt=alt if alt is not None else describe_layer_norms(runs, epoch),
        caption=caption,
    )


def sweep_figure(
    sweep: Sweep, formula_lr: float, *, alt: str | None = None, caption: str = ""
) -> PageFigure:
    """A learning-rate sweep against the formula's critical learning rate, in both themes."""
    if not isinstance(sweep, Sweep):
        raise ValueError(f"sweep must be a loopdocs Sweep, got {type(sweep).__name__}")
    formula_lr = positive_float("formula_lr", formula_lr)
    sweep.boundary  # noqa: B018  (raises ValueError when the sweep has no single boundary)
    return themed(
        lambda theme: draw_sweep(theme, sweep, formula_lr),
        alt=alt if alt is not None else describe_sweep(sweep, formula_lr),
        caption=caption,
    )


def predictions_figure(
    train: Points,
    val: Points,
    models: Sequence[tuple[str, nn.Module]],
    *,
    truth: Callable[[torch.Tensor], torch.Tensor] | None = None,
    span: tuple[float, float] | None = None,
    alt: str | None = None,
    caption: str = "",
) -> PageFigure:
    """What each trained model predicts, in both themes.

    ``span`` (by default the points' own x range) is where the curves are drawn and where the
    alt text measures their wiggle.
    """
    check_pair(*train)
    check_pair(*val)
    low, high = prediction_span(train, val, span)
    if not models:
        raise ValueError("models must hold at least one (label, model) pair")
    for label, model in models:
        if not isinstance(label, str) or not isinstance(model, nn.Module):
            raise ValueError("models must be (label, torch.nn.Module) pairs")
    curves = [(label, prediction_curve(model, (low, high))) for label, model in models]
    noise_free = None
    if truth is not None:
        grid = prediction_grid((low, high))
        noise_free = (grid.reshape(-1), truth(grid).reshape(-1))
    if alt is None:
        wiggles = [(label, wiggle(model, (low, high))) for label, model in models]
        alt = describe_predictions(len(train[0]), len(val[0]), (low, high), wiggles)
    return themed(
        lambda theme: draw_predictions(theme, train, val, curves, noise_free),
        alt=alt,
        caption=caption,
    )
