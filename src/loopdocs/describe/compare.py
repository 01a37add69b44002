"""Several runs side by side in words: the alt text of :mod:`loopdocs.figures.compare`'s figures.

Each function reads the runs (:class:`~loopdocs.loop.measures.Run`: a label and a recorded
history) and says what every curve did, with the same log-scale rule the drawing uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from loopdocs._checks import fraction
from loopdocs.describe.numbers import number
from loopdocs.describe.runs import metric_name, series, summarize
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


def describe_close_runs(
    reference: Run, other: Run, *, within: float = 0.05, end_within: float = 0.01
) -> str:
    """Alt text for :func:`~loopdocs.figures.compare.curves_figure` of two runs' losses where
    ``other`` only follows ``reference`` closely (its digits could differ between processors,
    as under bfloat16): the reference in numbers, the other as relative bounds, each checked.

    Raises ValueError when ``other``'s loss is not within ``within`` of the reference's at every
    epoch, or within ``end_within`` at the last.
    """
    within = fraction("within", within)
    end_within = fraction("end_within", end_within)
    ref, oth = series(reference.history, "loss"), series(other.history, "loss")
    if len(ref) != len(oth) or not len(ref):
        raise ValueError(f"the runs must record the same epochs, got {len(ref)} and {len(oth)}")
    gaps = np.abs(oth - ref) / np.abs(ref)
    if not np.all(gaps < within) or not gaps[-1] < end_within:
        raise ValueError(
            f"{other.label!r} is not within {within:.0%} of {reference.label!r} at every epoch "
            f"and {end_within:.0%} at the end (largest gap {float(np.max(gaps)):.1%}, last "
            f"{float(gaps[-1]):.1%})"
        )
    log = " (log scale)" if metric_log_scale([reference.history, other.history], "loss") else ""
    return (
        f"Training loss{log} against epoch, two runs. {reference.label}: "
        f"{summarize(reference.history)}. {other.label}: within {within:.0%} of it at every "
        f"epoch and within {end_within:.0%} at the end."
    )
