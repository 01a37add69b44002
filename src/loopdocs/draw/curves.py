"""Loss curves of several runs on one axes: the before/after picture of a fix.

Each run gets its own colour and line style (so the curves differ in more than colour), its
divergence epoch marked when the loss stopped being finite, and a log scale when the losses
span more than two orders of magnitude.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from loopdocs.draw.layout import DPI, SINGLE_HEIGHT, current_layout
from loopdocs.draw.themes import Theme, get_theme
from loopdocs.loop.train import History

STYLES = ("-", "--", "-.", ":")


def run_colours(theme: Theme) -> tuple[str, ...]:
    """The colours given to the 1st, 2nd, 3rd and 4th run."""
    return (theme.alarm, theme.loss, theme.validation, theme.points)


def draw_loss_curves(
    runs: Sequence[tuple[str, History]],
    theme: str | Theme,
    *,
    title: str = "loss vs. epoch",
    validation: bool = False,
    size: tuple[float, float] | None = None,
) -> Figure:
    """Training loss (and with ``validation=True`` validation loss) of each run against epoch.

    ``size`` is (width, height) in inches; by default the current layout's width, and a
    little taller when narrow, where the legend takes a row per run.
    """
    t = get_theme(theme)
    layout = current_layout()
    if size is None:
        narrow = layout.columns == 1
        size = (layout.width, SINGLE_HEIGHT + (0.2 * len(runs) if narrow else 0.0))
    if (
        not isinstance(size, tuple)
        or len(size) != 2
        or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v <= 50 for v in size
        )
    ):
        raise ValueError(
            f"size must be (width, height) in inches, each above 0 and at most 50, got {size!r}"
        )
    if not runs:
        raise ValueError("runs must name at least one (label, history) pair")
    if len(runs) > len(STYLES):
        raise ValueError(f"runs must hold at most {len(STYLES)} runs, got {len(runs)}")
    fig = Figure(figsize=size, dpi=DPI, layout="constrained")
    ax = fig.subplots()
    finite = [v for _, h in runs for v in h.loss if math.isfinite(v)]
    if validation:
        finite += [v for _, h in runs for v in h.val_loss if math.isfinite(v)]
    low, high = (min(finite), max(finite)) if finite else (1.0, 1.0)
    log = any(h.diverged for _, h in runs) or (low > 0 and high / low > 100)
    longest = max(h.epochs_run for _, h in runs)
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
            _label_divergence(ax, history.diverged_at, colour, longest)
    if log:
        ax.set_yscale("log")
    ax.set_xlim(0, longest + 1)
    ax.set_xlabel("epoch")
    ax.set_ylabel("MSE loss" + (" (log scale)" if log else ""))
    ax.set_title(title, loc="left")
    # Above the axes, so no curve is ever hidden behind it.
    columns = 1 if layout.columns == 1 else min(len(runs), 3)
    fig.legend(loc="outside upper center", ncols=columns, frameon=False)
    return fig


def _label_divergence(ax: Axes, epoch: int, colour: str, longest: int) -> None:
    """Name the divergence marker where the diverging curve is not.

    A diverging loss climbs to the marker's top left and stops there, so the words go to the
    marker's right, near the top, when there is room; otherwise to its left at mid-height, under
    the curve's steep end.
    """
    right = epoch <= 0.6 * longest
    ax.annotate(
        f"not finite at epoch {epoch}",
        (epoch, 0.92 if right else 0.5),
        xycoords=("data", "axes fraction"),
        xytext=(4 if right else -4, 0),
        textcoords="offset points",
        ha="left" if right else "right",
        color=colour,
        fontsize=9,
    )
