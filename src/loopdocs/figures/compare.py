"""Several runs side by side, as page figures: a broken run against its fixes.

:func:`fixes_figure` overlays the loss curves (:func:`loopdocs.draw.curves.draw_loss_curves`);
:func:`curves_figure` adds other recorded quantities beside the loss, e.g. the gradient norm
or the weight w (:func:`loopdocs.draw.compare.draw_curves`); :func:`train_val_figure` shows
training against validation loss run by run. Each checks its arguments, then assembles the
drawing and the alt text (:mod:`loopdocs.describe.compare`) into a
:class:`~loopdocs.figures.page.PageFigure`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from loopdocs._checks import counts_by_key, keys_among, one_of
from loopdocs.describe.compare import describe_curves, describe_fixes, describe_train_val
from loopdocs.describe.runs import METRICS
from loopdocs.draw.compare import draw_curves, draw_train_val
from loopdocs.draw.curves import STYLES, draw_loss_curves
from loopdocs.figures.page import PageFigure, themed
from loopdocs.loop.checks import check_runs
from loopdocs.loop.measures import Run


def _check_runs(runs: Sequence[Run], metric: str, *, most: int = len(STYLES)) -> None:
    """:func:`~loopdocs.loop.checks.check_runs` for a metric these figures can show."""
    one_of("metric", metric, METRICS)
    check_runs(runs, most=most, recorded=metric)


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
    counts_by_key("epochs", epochs or {}, metrics)
    keys_among("references", references or {}, metrics)
    return themed(
        lambda theme: draw_curves(
            theme, runs, metrics=metrics, epochs=epochs, references=references
        ),
        alt=alt if alt is not None else describe_curves(runs, metrics, epochs, references),
        caption=caption,
    )


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
