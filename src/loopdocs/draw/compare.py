"""Several runs side by side, beyond one panel of loss curves: one panel per recorded quantity
(:func:`draw_curves`, e.g. the gradient norm or the weight w beside the loss), or one panel per
run of training against validation loss (:func:`draw_train_val`).

Runs keep the colours and line styles :mod:`loopdocs.draw.curves` gives them (the first run,
the broken one, in the alarm colour), and the same divergence marker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from loopdocs.describe.runs import metric_name, series
from loopdocs.draw.curves import STYLES, mark_divergence, run_colours
from loopdocs.draw.layout import REFERENCE_ALPHA, REFERENCE_WIDTH, panel_grid, top_legend
from loopdocs.draw.themes import Theme
from loopdocs.loop.measures import Run
from loopdocs.loop.readings import best_val_epoch, metric_log_scale, train_val_log_scale


def longest_of(runs: Sequence[Run], metric: str) -> int:
    """How many epochs the longest of ``runs`` recorded ``metric`` for."""
    return max(series(run.history, metric).size for run in runs)


def draw_curves(
    theme: Theme,
    runs: Sequence[Run],
    *,
    metrics: Sequence[str] = ("loss", "grad_norm"),
    epochs: Mapping[str, int] | None = None,
    references: Mapping[str, tuple[str, float]] | None = None,
) -> Figure:
    """One panel per metric with every run overlaid; ``references`` adds a labelled level."""
    figure, axes = panel_grid(len(metrics))
    for ax, metric in zip(axes, metrics, strict=True):
        limit = (epochs or {}).get(metric)
        longest = _plot_metric(ax, theme, runs, metric, limit, legend=ax is axes[0])
        if references and metric in references:
            _reference_band(ax, theme, *references[metric])
        if metric_log_scale([r.history for r in runs], metric):
            ax.set_yscale("log")
        ax.set_xlim(0, longest + 1)
        ax.set_xlabel("epoch")
        ax.set_title(
            metric_name(metric) + (" (log scale)" if ax.get_yscale() == "log" else ""), loc="left"
        )
    top_legend(figure, min(len(runs) + len(references or {}), 4))
    return figure


def _plot_metric(
    ax: Axes, theme: Theme, runs: Sequence[Run], metric: str, limit: int | None, *, legend: bool
) -> int:
    """Every run's ``metric`` over its first ``limit`` epochs (all when None), each divergence
    marked; returns how many epochs the longest curve shows."""
    longest = 0
    for run, colour, style in zip(runs, run_colours(theme), STYLES, strict=False):
        values = series(run.history, metric)[:limit]
        values = np.where(np.isfinite(values), values, np.nan)
        steps = np.arange(1, values.size + 1)
        few = values.size <= 60
        ax.plot(
            steps,
            values,
            color=colour,
            linestyle=style,
            linewidth=2,
            marker="o" if few else None,
            markersize=3,
            label=run.label if legend else None,
        )
        longest = max(longest, values.size)
        if run.history.diverged_at is not None:
            shown = limit or longest_of(runs, metric)
            mark_divergence(ax, run.history.diverged_at, colour, shown)
    return longest


def _reference_band(ax: Axes, theme: Theme, name: str, level: float) -> None:
    """A wide pale band at ``level``, labelled ``name``, behind the runs rather than a thin
    line: a run can sit on the level (a rate just above the critical one) and would hide a line
    of its own width."""
    ax.axhline(
        level,
        color=theme.muted,
        alpha=REFERENCE_ALPHA,
        linewidth=REFERENCE_WIDTH,
        solid_capstyle="butt",
        zorder=1.5,
        label=name,
    )


def draw_train_val(theme: Theme, runs: Sequence[Run]) -> Figure:
    """One panel per run: training and validation loss, the lowest validation loss marked."""
    figure, axes = panel_grid(len(runs), sharex=True, sharey=True)
    histories = [r.history for r in runs]
    log = train_val_log_scale(histories)
    longest = max(h.epochs_run for h in histories)
    for ax, run in zip(axes, runs, strict=True):
        h = run.history
        steps = np.arange(1, h.epochs_run + 1)
        first = ax is axes[0]
        ax.plot(
            steps, h.loss, color=theme.loss, linewidth=2, label="training loss" if first else None
        )
        ax.plot(
            steps,
            h.val_loss,
            color=theme.validation,
            linewidth=2,
            linestyle="--",
            label="validation loss" if first else None,
        )
        best = best_val_epoch(h)
        ax.plot(
            [best],
            [h.val_loss[best - 1]],
            "o",
            color=theme.text,
            markersize=6,
            zorder=4,
            label="lowest validation loss" if first else None,
        )
        if log:
            ax.set_yscale("log")
        ax.set_xlim(0, longest * 1.02)
        spec = ax.get_subplotspec()
        if spec is None or spec.is_last_row():  # the panels above share this epoch axis
            ax.set_xlabel("epoch")
        ax.set_title(run.label, loc="left")
    top_legend(figure, 3)
    return figure
