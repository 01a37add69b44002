"""What the troubleshooting demos measure, drawn: per-layer gradient norms
(:func:`draw_layer_norms`), a learning-rate sweep against the critical learning rate
(:func:`draw_sweep`), and trained models' predictions between their points
(:func:`draw_predictions`). The numbers come measured (:mod:`loopdocs.loop.measures`,
:mod:`loopdocs.loop.readings`); nothing here runs a model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from matplotlib.figure import Figure

from loopdocs.draw.curves import STYLES, run_colours
from loopdocs.draw.layout import current_layout, panel_grid, top_legend
from loopdocs.draw.themes import Theme
from loopdocs.loop.measures import Points, Run
from loopdocs.loop.readings import growth, layer_norms
from loopdocs.loop.stability import Sweep

#: A curve to draw: its x values and y values, as flat tensors.
Curve = tuple[torch.Tensor, torch.Tensor]


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


def draw_sweep(theme: Theme, sweep: Sweep, formula_lr: float) -> Figure:
    """Loss after the sweep's epochs relative to epoch 1, against learning rate."""
    narrow = current_layout().columns == 1
    figure, (ax,) = panel_grid(1, legend=narrow)  # narrow: no room for the legend inside
    ratios = np.array([growth(p) for p in sweep.points])
    finite = ratios[np.isfinite(ratios)]
    ceiling = float(finite.max()) * 10 if finite.size else 10.0
    good = [p for p in sweep.points if not p.diverging]
    bad = [p for p in sweep.points if p.diverging]
    ax.plot(
        [p.lr for p in good],
        [growth(p) for p in good],
        "o",
        color=theme.validation,
        label="loss went down",
    )
    ax.plot(
        [p.lr for p in bad],
        [min(growth(p), ceiling) for p in bad],
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


def draw_predictions(
    theme: Theme,
    train: Points,
    val: Points,
    curves: Sequence[tuple[str, Curve]],
    truth: Curve | None = None,
) -> Figure:
    """One panel per model: the training and validation points and the model's curve.

    ``curves`` pairs each panel's title with the (x, ŷ) the model predicts; ``truth``, when
    given, is the noise-free curve, drawn dashed in every panel.
    """
    figure, axes = panel_grid(len(curves), sharex=True, sharey=True)
    for ax, (label, (xs, ys)) in zip(axes, curves, strict=True):
        first = ax is axes[0]
        if truth is not None:
            ax.plot(
                *truth,
                color=theme.muted,
                linewidth=1.2,
                linestyle="--",
                label="noise-free curve" if first else None,
            )
        ax.plot(
            xs, ys, color=theme.line, linewidth=2, label="model's prediction" if first else None
        )
        styles: tuple[tuple[Points, str, dict[str, Any]], ...] = (
            (train, "training", {"color": theme.points, "markersize": 4}),
            (
                val,
                "validation",
                {"markerfacecolor": "none", "markeredgecolor": theme.validation, "markersize": 5},
            ),
        )
        for (x, y), name, look in styles:
            ax.plot(
                x.reshape(-1), y.reshape(-1), "o", label=f"{name} points" if first else None, **look
            )
        ax.set_title(label, loc="left")
        ax.set_xlabel("x")
    top_legend(figure, 4)
    return figure
