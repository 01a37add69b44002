"""Several runs side by side: a broken run against its fixes, one panel per quantity or per run.

A single panel of loss curves is :func:`loopdocs.curves.draw_loss_curves`'s job, and
:func:`fixes_figure` uses it; this module adds what one panel cannot show: other recorded
quantities beside the loss (:func:`curves_figure`, e.g. the gradient norm or the weight w) and
training against validation loss run by run (:func:`train_val_figure`). Runs keep the colours
and line styles ``curves`` gives them (the first run, the broken one, in the alarm colour).

Every ``*_figure`` function returns a :class:`~loopdocs.figures.PageFigure` whose alt text is
written from the runs' own numbers unless given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from loopdocs.describe import METRICS, metric_name, number, series, summarize
from loopdocs.draw.curves import STYLES, draw_loss_curves, run_colours
from loopdocs.draw.layout import REFERENCE_ALPHA, REFERENCE_WIDTH, panel_grid, top_legend
from loopdocs.draw.themes import Theme
from loopdocs.figures import PageFigure, themed
from loopdocs.loop.train import History


@dataclass(frozen=True)
class Run:
    """A recorded run and the label a reader sees for it."""

    label: str
    history: History

    def __post_init__(self) -> None:
        if not isinstance(self.label, str) or not self.label.strip():
            raise ValueError("label must be a non-empty string naming the run")
        if not isinstance(self.history, History) or self.history.epochs_run == 0:
            raise ValueError("history must be a loopdocs History holding at least one epoch")


def _check_runs(runs: Sequence[Run], metric: str, *, most: int = len(STYLES)) -> None:
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {sorted(METRICS)}, got {metric!r}")
    if not runs:
        raise ValueError("runs must hold at least one Run")
    if len(runs) > most:
        raise ValueError(f"runs must hold at most {most} runs, got {len(runs)}")
    for run in runs:
        if not isinstance(run, Run):
            raise ValueError(
                f"runs must be loopdocs.figures.compare.Run objects, got {type(run).__name__}"
            )
        if not getattr(run.history, metric):
            raise ValueError(f"run {run.label!r} recorded no {metric!r}")


def describe_fixes(broken: Run, fixes: Sequence[Run]) -> str:
    """Alt text for :func:`fixes_figure`: what the broken run and each fix did."""
    text = (
        f"Training loss against epoch, {len(fixes) + 1} runs. Broken run ({broken.label}): "
        f"{summarize(broken.history)}."
    )
    for fix in fixes:
        text += f" {fix.label}: {summarize(fix.history)}."
    return text


def fixes_figure(
    broken: Run,
    fixes: Sequence[Run],
    *,
    title: str = "loss vs. epoch",
    alt: str | None = None,
    caption: str = "",
) -> PageFigure:
    """The broken run's loss curve and each fix's, on one axes, in both themes."""
    runs = [broken, *fixes]
    _check_runs(runs, "loss")
    if not fixes:
        raise ValueError("fixes must hold at least one run")
    pairs = [(run.label, run.history) for run in runs]
    return themed(
        lambda theme: draw_loss_curves(pairs, theme, title=title),
        alt=alt if alt is not None else describe_fixes(broken, fixes),
        caption=caption,
    )


def _use_log(histories: Sequence[History], metric: str) -> bool:
    if metric in ("w", "b"):
        return False
    values = np.concatenate([series(h, metric) for h in histories])
    finite = values[np.isfinite(values)]
    if not finite.size or finite.min() <= 0:
        return False
    return any(h.diverged for h in histories) or finite.max() / finite.min() > 100


def _spans(histories: Sequence[History], metrics: Sequence[str], ratio: float) -> bool:
    """True when the finite, positive values of ``metrics`` span more than ``ratio``."""
    values = np.concatenate([series(h, m) for h in histories for m in metrics])
    finite = values[np.isfinite(values)]
    return bool(finite.size and finite.min() > 0 and finite.max() / finite.min() > ratio)


def _mark_divergence(ax: Axes, history: History, colour: str, shown_epochs: int) -> None:
    at = history.diverged_at
    if at is None or at > shown_epochs:
        return
    ax.axvline(at, color=colour, linestyle=":", linewidth=1.5)
    # Beside the line, on whichever side has room for the words.
    left = at > 0.45 * shown_epochs
    ax.annotate(
        f"not finite at epoch {at}",
        (at, 0.92),
        xycoords=("data", "axes fraction"),
        xytext=(-4 if left else 4, 0),
        textcoords="offset points",
        ha="right" if left else "left",
        color=colour,
        fontsize=9,
    )


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
    colours = run_colours(theme)
    for ax, metric in zip(axes, metrics, strict=True):
        limit = (epochs or {}).get(metric)
        longest = 0
        for run, colour, style in zip(runs, colours, STYLES, strict=False):
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
                label=run.label if ax is axes[0] else None,
            )
            longest = max(longest, values.size)
            _mark_divergence(ax, run.history, colour, limit or longest_of(runs, metric))
        if references and metric in references:
            name, level = references[metric]
            # A wide pale band behind the runs rather than a thin line: a run can sit on the
            # level (a rate just above the critical one) and would hide a line of its own width.
            ax.axhline(
                level,
                color=theme.muted,
                alpha=REFERENCE_ALPHA,
                linewidth=REFERENCE_WIDTH,
                solid_capstyle="butt",
                zorder=1.5,
                label=name,
            )
        if _use_log([r.history for r in runs], metric):
            ax.set_yscale("log")
        ax.set_xlim(0, longest + 1)
        ax.set_xlabel("epoch")
        ax.set_title(
            metric_name(metric) + (" (log scale)" if ax.get_yscale() == "log" else ""), loc="left"
        )
    top_legend(figure, min(len(runs) + len(references or {}), 4))
    return figure


def describe_curves(
    runs: Sequence[Run],
    metrics: Sequence[str] = ("loss", "grad_norm"),
    epochs: Mapping[str, int] | None = None,
    references: Mapping[str, tuple[str, float]] | None = None,
) -> str:
    """Alt text for :func:`curves_figure`: each panel, and what each run did in it."""
    parts = []
    for metric in metrics:
        limit = (epochs or {}).get(metric)
        span = f" over the first {limit} epochs" if limit else ""
        log = " (log scale)" if _use_log([r.history for r in runs], metric) else ""
        level = references[metric][1] if references and metric in references else None
        clauses = "; ".join(
            f"{run.label}: {summarize(run.history, metric, limit, around=level)}" for run in runs
        )
        parts.append(f"{metric_name(metric).capitalize()}{log} against epoch{span}. {clauses}.")
    prefix = f"{len(metrics)} panels. " if len(metrics) > 1 else ""
    for metric, (name, _) in (references or {}).items():
        parts.append(f"A wide grey band in the {metric_name(metric)} panel marks {name}.")
    return prefix + " ".join(parts)


def curves_figure(
    runs: Sequence[Run],
    *,
    metrics: Sequence[str] = ("loss", "grad_norm"),
    epochs: Mapping[str, int] | None = None,
    references: Mapping[str, tuple[str, float]] | None = None,
    alt: str | None = None,
    caption: str = "",
) -> PageFigure:
    """Runs overlaid, one panel per recorded quantity, in both themes.

    ``epochs`` maps a metric to how many epochs its panel shows (from epoch 1); ``references``
    maps a metric to a ``(label, value)`` level line, such as the least-squares weight.
    """
    if not metrics:
        raise ValueError("metrics must name at least one recorded quantity")
    for metric in metrics:
        _check_runs(runs, metric)
    for name, limit in (epochs or {}).items():
        if (
            name not in metrics
            or isinstance(limit, bool)
            or not isinstance(limit, int)
            or limit < 1
        ):
            raise ValueError(
                f"epochs must map a shown metric to a whole number >= 1, got {name!r}: {limit!r}"
            )
    for name in references or {}:
        if name not in metrics:
            raise ValueError(f"references must name shown metrics, got {name!r}")
    return themed(
        lambda theme: draw_curves(
            theme, runs, metrics=metrics, epochs=epochs, references=references
        ),
        alt=alt if alt is not None else describe_curves(runs, metrics, epochs, references),
        caption=caption,
    )


def best_val_epoch(history: History) -> int:
    """The (1-based) epoch with the lowest validation loss."""
    if not history.val_loss:
        raise ValueError("history must hold validation losses (train with x_val and y_val)")
    return int(np.argmin(np.asarray(history.val_loss, dtype=float))) + 1


def draw_train_val(theme: Theme, runs: Sequence[Run]) -> Figure:
    """One panel per run: training and validation loss, the lowest validation loss marked."""
    figure, axes = panel_grid(len(runs), sharex=True, sharey=True)
    histories = [r.history for r in runs]
    log = _spans(histories, ("loss", "val_loss"), 10)
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


def describe_train_val(runs: Sequence[Run]) -> str:
    """Alt text for :func:`train_val_figure`: per run, where both curves went."""
    count = len(runs)
    log = _spans([r.history for r in runs], ("loss", "val_loss"), 10)
    text = (
        f"{'One panel' if count == 1 else f'{count} panels, one per run,'} of training and "
        f"validation loss against epoch{' on a log scale' if log else ''}."
    )
    for run in runs:
        h = run.history
        best = best_val_epoch(h)
        text += (
            f" {run.label}: training loss from {number(h.loss[0])} to {number(h.loss[-1])} by "
            f"epoch {h.epochs_run}; validation loss lowest, {number(h.val_loss[best - 1])}, at "
            f"epoch {best} and {number(h.val_loss[-1])} at the end."
        )
    return text


def train_val_figure(
    runs: Sequence[Run], *, alt: str | None = None, caption: str = ""
) -> PageFigure:
    """Training against validation loss, one panel per run (on shared axes), in both themes."""
    _check_runs(runs, "val_loss", most=6)
    return themed(
        lambda theme: draw_train_val(theme, runs),
        alt=alt if alt is not None else describe_train_val(runs),
        caption=caption,
    )
