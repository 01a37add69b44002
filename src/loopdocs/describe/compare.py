"""Several runs side by side in words: the alt text of :mod:`loopdocs.figures.compare`'s figures.

Each function reads the runs (:class:`~loopdocs.loop.measures.Run`: a label and a recorded
history) and says what every curve did, with the same log-scale rule the drawing uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from loopdocs.describe.numbers import number
from loopdocs.describe.runs import metric_name, summarize
from loopdocs.loop.readings import best_val_epoch, metric_log_scale, train_val_log_scale

if TYPE_CHECKING:  # the type alone: describing runs needs neither torch nor matplotlib
    from loopdocs.loop.measures import Run


def describe_fixes(broken: Run, fixes: Sequence[Run]) -> str:
    """Alt text for :func:`~loopdocs.figures.compare.fixes_figure`: what the broken run and each
    fix did."""
    text = (
        f"Training loss against epoch, {len(fixes) + 1} runs. Broken run ({broken.label}): "
        f"{summarize(broken.history)}."
    )
    for fix in fixes:
        text += f" {fix.label}: {summarize(fix.history)}."
    return text


def describe_curves(
    runs: Sequence[Run],
    metrics: Sequence[str] = ("loss", "grad_norm"),
    epochs: Mapping[str, int] | None = None,
    references: Mapping[str, tuple[str, float]] | None = None,
) -> str:
    """Alt text for :func:`~loopdocs.figures.compare.curves_figure`: each panel, and what each
    run did in it."""
    parts = []
    for metric in metrics:
        limit = (epochs or {}).get(metric)
        span = f" over the first {limit} epochs" if limit else ""
        log = " (log scale)" if metric_log_scale([r.history for r in runs], metric) else ""
        level = references[metric][1] if references and metric in references else None
        clauses = "; ".join(
            f"{run.label}: {summarize(run.history, metric, limit, around=level)}" for run in runs
        )
        parts.append(f"{metric_name(metric).capitalize()}{log} against epoch{span}. {clauses}.")
    prefix = f"{len(metrics)} panels. " if len(metrics) > 1 else ""
    for metric, (name, _) in (references or {}).items():
        parts.append(f"A wide grey band in the {metric_name(metric)} panel marks {name}.")
    return prefix + " ".join(parts)


def describe_train_val(runs: Sequence[Run]) -> str:
    """Alt text for :func:`~loopdocs.figures.compare.train_val_figure`: per run, where both
    curves went."""
    count = len(runs)
    log = train_val_log_scale([run.history for run in runs])
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
