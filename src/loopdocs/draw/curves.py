"""Loss curves of several runs on one axes: the before/after picture of a fix.

Each run gets its own colour and line style (so the curves differ in more than colour), its
divergence epoch marked when the loss stopped being finite (:func:`mark_divergence`, which
:mod:`loopdocs.draw.compare` shares), and a log scale by the rule of
:func:`loopdocs.loop.readings.log_scale`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from loopdocs._checks import count_between
from loopdocs.draw.layout import DPI, SINGLE_HEIGHT, current_layout
from loopdocs.draw.themes import Theme, get_theme
from loopdocs.loop.readings import log_scale
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
    count_between("runs", runs, 1, len(STYLES), "runs")
    size = _checked_size(size, len(runs))
    fig = Figure(figsize=size, dpi=DPI, layout="constrained")
    ax = fig.subplots()
    values = [v for _, h in runs for v in (*h.loss, *(h.val_loss if validation else ()))]
    log = log_scale(values, diverged=any(h.diverged for _, h in runs))
    longest = max(h.epochs_run for _, h in runs)
    for (label, history), colour, style in zip(runs, run_colours(t), STYLES, strict=False):
        _plot_run(ax, label, history, colour, style, validation=validation)
        if history.diverged_at is not None:
            mark_divergence(ax, history.diverged_at, colour, longest)
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


def _checked_size(size: tuple[float, float] | None, runs: int) -> tuple[float, float]:
    """``size`` checked, or the current layout's default for a panel of ``runs`` runs."""
    if size is None:
        layout = current_layout()
        narrow = layout.columns == 1
        return (layout.width, SINGLE_HEIGHT + (0.2 * runs if narrow else 0.0))
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
    return size


def _plot_run(
    ax: Axes, label: str, history: History, colour: str, style: str, *, validation: bool
) -> None:
    """One run's training loss (not-finite epochs left blank), and its validation loss dotted."""
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


def mark_divergence(ax: Axes, epoch: int, colour: str, shown_epochs: int) -> None:
    """Mark the epoch a run's loss stopped being finite with a dotted line, named where the
    diverging curve is not (nothing when the panel ends before ``epoch``).

    A diverging loss climbs to the marker's top left and stops there, so the words go to the
    marker's right, near the top, when there is room; otherwise to its left at mid-height, under
    the curve's steep end.
    """
    if epoch > shown_epochs:
        return
    ax.axvline(epoch, color=colour, linestyle=":", linewidth=1.5)
    right = epoch <= 0.6 * shown_epochs
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
