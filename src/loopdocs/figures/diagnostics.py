"""Figures that show why a run misbehaves, beyond its loss curve.

- :func:`layer_norms_figure`: the gradient norm of every layer, input side to output, so
  vanishing gradients show as a slope across the network.
- :func:`sweep_figure`: a learning-rate sweep's outcome against the critical learning rate.
- :func:`predictions_figure`: what trained models predict between the points they saw.

Each returns a :class:`~loopdocs.figures.PageFigure` with alt text from the numbers drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import torch
from matplotlib.figure import Figure
from torch import nn

from loopdocs._checks import finite_float
from loopdocs.describe import number
from loopdocs.draw.curves import STYLES, run_colours
from loopdocs.draw.layout import current_layout, panel_grid, top_legend
from loopdocs.draw.themes import Theme
from loopdocs.figures import PageFigure, themed
from loopdocs.figures.compare import Run
from loopdocs.loop.checks import check_pair
from loopdocs.loop.models import predict
from loopdocs.loop.stability import Sweep, SweepPoint


def layer_norms(history: object, epoch: int = 1) -> tuple[float, ...]:
    """The recorded per-layer gradient norms of ``epoch`` (1-based), input side first."""
    norms = getattr(history, "layer_grad_norms", ())
    if not norms:
        raise ValueError("history must hold layer gradient norms (record_layer_grad_norms=True)")
    if isinstance(epoch, bool) or not isinstance(epoch, int) or not 1 <= epoch <= len(norms):
        raise ValueError(f"epoch must be between 1 and {len(norms)}, got {epoch!r}")
    return tuple(norms[epoch - 1])


def draw_layer_norms(theme: Theme, runs: Sequence[Run], epoch: int = 1) -> Figure:
    """Gradient norm per layer (log scale), one line per run."""
    figure, (ax,) = panel_grid(1)
    for run, colour, style in zip(runs, run_colours(theme), STYLES, strict=False):
        norms = layer_norms(run.history, epoch)
        ax.plot(
            np.arange(1, len(norms) + 1),
            norms,
            color=colour,
            marker="o",
            linewidth=2,
            linestyle=style,
            label=run.label,
        )
    ax.set_yscale("log")
    deepest = max(len(layer_norms(r.history, epoch)) for r in runs)
    ax.set_xticks(range(1, deepest + 1))
    ax.set_xlabel("layer (1 = next to the input, last = the output layer)")
    ax.set_title("norm of each layer's weight gradient (log scale)", loc="left")
    top_legend(figure, min(len(runs), 3))
    return figure


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


def layer_norms_figure(
    runs: Sequence[Run], *, epoch: int = 1, alt: str | None = None, caption: str = ""
) -> PageFigure:
    """Per-layer gradient norms of each run at ``epoch``, in both themes."""
    if not runs or len(runs) > len(STYLES):
        raise ValueError(f"runs must hold between 1 and {len(STYLES)} runs, got {len(runs)}")
    for run in runs:
        layer_norms(run.history, epoch)
    return themed(
        lambda theme: draw_layer_norms(theme, runs, epoch),
        alt=alt if alt is not None else describe_layer_norms(runs, epoch),
        caption=caption,
    )


def _growth(point: SweepPoint) -> float:
    final = point.final_loss
    return final / point.first_loss if math.isfinite(final) else math.inf


def draw_sweep(theme: Theme, sweep: Sweep, formula_lr: float) -> Figure:
    """Loss after the sweep's epochs relative to epoch 1, against learning rate."""
    narrow = current_layout().columns == 1
    figure, (ax,) = panel_grid(1, legend=narrow)  # narrow: no room for the legend inside
    ratios = np.array([_growth(p) for p in sweep.points])
    finite = ratios[np.isfinite(ratios)]
    ceiling = float(finite.max()) * 10 if finite.size else 10.0
    good = [p for p in sweep.points if not p.diverging]
    bad = [p for p in sweep.points if p.diverging]
    ax.plot(
        [p.lr for p in good],
        [_growth(p) for p in good],
        "o",
        color=theme.validation,
        label="loss went down",
    )
    ax.plot(
        [p.lr for p in bad],
        [min(_growth(p), ceiling) for p in bad],
        "X",
        color=theme.alarm,
        markersize=7,
        label="loss went up",
    )
    ax.axhline(1.0, color=theme.muted, linewidth=1)
    ax.axvline(
        formula_lr,
        color=theme.text,
        linestyle="--",
        linewidth=1.5,
        label=f"2 / λ_max = {formula_lr:.4f}",
    )
    ax.axvspan(
        sweep.largest_converging_lr,
        sweep.smallest_diverging_lr,
        color=theme.line,
        alpha=0.25,
        label=f"sweep's boundary ≈ {sweep.boundary:.4f}",
    )
    ax.set_yscale("log")
    ax.set_xlabel("learning rate")
    ax.set_title(f"loss at epoch {sweep.epochs} ÷ loss at epoch 1 (log scale)", loc="left")
    if narrow:
        top_legend(figure, 2)
    else:
        ax.legend(loc="upper left")
    return figure


def describe_sweep(sweep: Sweep, formula_lr: float) -> str:
    """Alt text for :func:`sweep_figure`."""
    low, high = sweep.points[0], sweep.points[-1]
    return (
        f"{len(sweep.points)} runs from learning rate {low.lr:.4g} to {high.lr:.4g}, each "
        f"{sweep.epochs} epochs, plotted as the loss at the end divided by the loss at the start, "
        f"on a log scale. Runs up to {sweep.largest_converging_lr:.4g} end below 1 (the loss went "
        f"down); runs from {sweep.smallest_diverging_lr:.4g} up end above 1 (it went up). A "
        f"dashed vertical line marks the formula's critical learning rate {formula_lr:.4f}, "
        f"inside the shaded gap between the last converging and the first diverging run."
    )


def sweep_figure(
    sweep: Sweep, formula_lr: float, *, alt: str | None = None, caption: str = ""
) -> PageFigure:
    """A learning-rate sweep against the formula's critical learning rate, in both themes."""
    if not isinstance(sweep, Sweep):
        raise ValueError(f"sweep must be a loopdocs Sweep, got {type(sweep).__name__}")
    if isinstance(formula_lr, bool) or not isinstance(formula_lr, float) or formula_lr <= 0:
        raise ValueError(f"formula_lr must be a float > 0, got {formula_lr!r}")
    sweep.boundary  # noqa: B018  (raises ValueError when the sweep has no single boundary)
    return themed(
        lambda theme: draw_sweep(theme, sweep, formula_lr),
        alt=alt if alt is not None else describe_sweep(sweep, formula_lr),
        caption=caption,
    )


Points = tuple[torch.Tensor, torch.Tensor]


def draw_predictions(
    theme: Theme,
    train: Points,
    val: Points,
    models: Sequence[tuple[str, nn.Module]],
    truth: Callable[[torch.Tensor], torch.Tensor] | None = None,
    span: tuple[float, float] | None = None,
) -> Figure:
    """One panel per model: the training and validation points and the model's curve over ``span``.

    ``span`` defaults to the points' own range (see :func:`prediction_span`).
    """
    count = len(models)
    figure, axes = panel_grid(count, sharex=True, sharey=True)
    low, high = prediction_span(train, val, span)
    grid = torch.linspace(low, high, GRID_POINTS).reshape(-1, 1)
    for ax, (label, model) in zip(axes, models, strict=True):
        first = ax is axes[0]
        if truth is not None:
            ax.plot(
                grid.reshape(-1),
                truth(grid).reshape(-1),
                color=theme.muted,
                linewidth=1.2,
                linestyle="--",
                label="noise-free curve" if first else None,
            )
        ax.plot(
            grid.reshape(-1),
            predict(model, grid).reshape(-1),
            color=theme.line,
            linewidth=2,
            label="model's prediction" if first else None,
        )
        ax.plot(
            train[0].reshape(-1),
            train[1].reshape(-1),
            "o",
            color=theme.points,
            markersize=4,
            label="training points" if first else None,
        )
        ax.plot(
            val[0].reshape(-1),
            val[1].reshape(-1),
            "o",
            markerfacecolor="none",
            markeredgecolor=theme.validation,
            markersize=5,
            label="validation points" if first else None,
        )
        ax.set_title(label, loc="left")
        ax.set_xlabel("x")
    top_legend(figure, 4)
    return figure


GRID_POINTS = 400  # where a prediction curve is drawn and measured


def prediction_span(
    train: Points, val: Points, span: tuple[float, float] | None = None
) -> tuple[float, float]:
    """``span`` checked, or by default the x range of the training and validation points together.

    The curve :func:`predictions_figure` draws and the wiggle its alt text quotes are both taken
    over this one span, so a page that quotes a wiggle can pass the same span and agree.
    """
    if span is None:
        xs = torch.cat([train[0], val[0]]).reshape(-1)
        return float(xs.min()), float(xs.max())
    if not isinstance(span, tuple) or len(span) != 2:
        raise ValueError(f"span must be a pair (low, high) of x values, got {span!r}")
    low, high = (finite_float("span", value) for value in span)
    if not low < high:
        raise ValueError(f"span must satisfy low < high, got {span!r}")
    return low, high


def wiggle(model: nn.Module, x_range: tuple[float, float], points: int = GRID_POINTS) -> float:
    """Total variation of the model's curve over ``x_range``: how far it travels up and down."""
    grid = torch.linspace(x_range[0], x_range[1], points).reshape(-1, 1)
    values = predict(model, grid).reshape(-1)
    return float((values[1:] - values[:-1]).abs().sum())


def describe_predictions(
    train: Points,
    val: Points,
    models: Sequence[tuple[str, nn.Module]],
    span: tuple[float, float] | None = None,
) -> str:
    """Alt text for :func:`predictions_figure`: the points, and how much each curve wiggles.

    The wiggle is measured over ``span`` (by default the points' x range), the span drawn.
    """
    low, high = prediction_span(train, val, span)
    layout = "One panel" if len(models) == 1 else f"{len(models)} panels, one per model, each"
    text = (
        f"{layout} with the same {len(train[0])} training "
        f"points (filled) and {len(val[0])} validation points (hollow) around a sine wave."
    )
    for label, model in models:
        text += (
            f" {label}: between x = {number(low)} and {number(high)} its curve travels a total of "
            f"{number(wiggle(model, (low, high)))} up and down."
        )
    return text


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
    prediction_span(train, val, span)
    if not models:
        raise ValueError("models must hold at least one (label, model) pair")
    for label, model in models:
        if not isinstance(label, str) or not isinstance(model, nn.Module):
            raise ValueError("models must be (label, torch.nn.Module) pairs")
    return themed(
        lambda theme: draw_predictions(theme, train, val, models, truth, span),
        alt=alt if alt is not None else describe_predictions(train, val, models, span),
        caption=caption,
    )
