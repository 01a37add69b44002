"""Loss curves of several runs on one axes: the before/after picture of a fix.

Each run gets its own colour and line style (so the curves differ in more than colour), its
divergence epoch marked when the loss stopped being finite, and a log scale when the losses
span more than two orders of magnitude.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from loopdocs.themes import Theme, get_theme
from loopdocs.train import History

STYLES = ("-", "--", "-.", ":")


def run_colours(theme: Theme) -> tuple[str, ...]:
    """The colours given to the 1st, 2nd, 3rd and 4th run."""
    return (theme.alarm, theme.loss, theme.validation, theme.points)


def loss_curves_figure(
    runs: Sequence[tuple[str, History]],
    theme: str | Theme,
    *,
    title: str = "loss vs. epoch",
    validation: bool = False,
    size: tuple[float, float] = (7.2, 3.0),
) -> Figure:
    """Training loss (and with ``validation=True`` validation loss) of each run against epoch."""
    t = get_theme(theme)
    if not runs:
        raise ValueError("runs must name at least one (label, history) pair")
    if len(runs) > len(STYLES):
        raise ValueError(f"runs must hold at most {len(STYLES)} runs, got {len(runs)}")
    fig = Figure(figsize=size, dpi=100, layout="constrained")
    ax = fig.subplots()
    finite = [v for _, h in runs for v in h.loss if math.isfinite(v)]
    if validation:
        finite += [v for _, h in runs for v in h.val_loss if math.isfinite(v)]
    low, high = (min(finite), max(finite)) if finite else (1.0, 1.0)
    log = any(h.diverged for _, h in runs) or (low > 0 and high / low > 100)
    for (label, history), colour, style in zip(runs, run_colours(t), STYLES, strict=False):
        epochs = np.arange(1, history.epochs_run + 1)
        losses = np.array(history.loss, dtype=float)
        losses[~np.isfinite(losses)] = np.nan
        ax.plot(epochs, losses, color=colour, linestyle=style, linewidth=2, label=label)
        if validation and history.val_loss:
            ax.plot(
                epochs,
                np.array(history.val_loss, dtype=float),
                color=colour,
                linestyle=":",
                linewidth=1.5,
                label=f"{label} (validation)",
            )
        if history.diverged_at is not None:
            ax.axvline(history.diverged_at, color=colour, linestyle=":", linewidth=1.5)
            ax.annotate(
                f"not finite at epoch {history.diverged_at}",
                (history.diverged_at, 0.92),
                xycoords=("data", "axes fraction"),
                xytext=(-4, 0),
                textcoords="offset points",
                ha="right",
                color=colour,
                fontsize=9,
            )
    if log:
        ax.set_yscale("log")
    ax.set_xlim(0, max(h.epochs_run for _, h in runs) + 1)
    ax.set_xlabel("epoch")
    ax.set_ylabel("MSE loss" + (" (log scale)" if log else ""))
    ax.set_title(title, loc="left")
    # Above the axes, so no curve is ever hidden behind it.
    fig.legend(loc="outside upper center", ncols=min(len(runs), 3), frameon=False)
    return fig
