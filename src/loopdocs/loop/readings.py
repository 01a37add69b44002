"""What a recorded run says without running anything: readings shared by the drawing and the words.

Nothing here imports torch, so :mod:`loopdocs.describe` can read a run the way
:mod:`loopdocs.draw` draws it: :func:`log_scale` is the one rule for when a loss axis goes
logarithmic (the drawing and its alt text must agree), :func:`layer_norms` and
:func:`best_val_epoch` pick values out of a :class:`~loopdocs.loop.train.History`,
:func:`growth` is how far a sweep's run went up or down, and :func:`check_drawn_over` refuses
to draw or describe a run over data it cannot be shown over truthfully (by the
:func:`data_fingerprint` the run recorded).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from loopdocs._checks import whole_number_between

if TYPE_CHECKING:  # the types alone: reading a run needs no torch
    from loopdocs.loop.data import LineData
    from loopdocs.loop.stability import SweepPoint
    from loopdocs.loop.train import History

#: Metrics drawn on a linear axis whatever their spread: a weight or bias may cross zero.
LINEAR_METRICS = frozenset({"w", "b"})

#: How far (relative) the runner-up must stay above the lowest value for the lowest one's epoch
#: to be the same on every CPU: float32 results differ between kernel paths by far less.
TIE_MARGIN = 1e-4


def log_scale(values: Iterable[float], *, diverged: bool = False, ratio: float = 100.0) -> bool:
    """True when ``values`` are best drawn on a log axis: all finite ones positive, and either
    the run diverged (its loss climbs by orders of magnitude) or they span more than ``ratio``.
    """
    array = np.asarray(list(values), dtype=float)
    finite = array[np.isfinite(array)]
    if not finite.size or finite.min() <= 0:
        return False
    return diverged or bool(finite.max() / finite.min() > ratio)


def metric_log_scale(histories: Sequence[History], metric: str) -> bool:
    """:func:`log_scale` for the panel of ``metric`` that overlays ``histories``."""
    if metric in LINEAR_METRICS:
        return False
    values = [v for h in histories for v in getattr(h, metric)]
    return log_scale(values, diverged=any(h.diverged for h in histories))


def train_val_log_scale(histories: Sequence[History]) -> bool:
    """Whether panels of training against validation loss share a log scale: the losses of
    all ``histories`` together span more than a factor of ten."""
    values = [v for h in histories for v in (*h.loss, *h.val_loss)]
    return log_scale(values, ratio=10)


def layer_norms(history: object, epoch: int = 1) -> tuple[float, ...]:
    """The recorded per-layer gradient norms of ``epoch`` (1-based), input side first."""
    norms = getattr(history, "layer_grad_norms", ())
    if not norms:
        raise ValueError("history must hold layer gradient norms (record_layer_grad_norms=True)")
    whole_number_between("epoch", epoch, 1, len(norms))
    return tuple(norms[epoch - 1])


def lowest_epoch(values: Sequence[float], name: str = "values") -> int:
    """The (1-based) epoch of the lowest of ``values``, refused (ValueError) when another is
    within :data:`TIE_MARGIN` of it: then another CPU could pick that epoch instead."""
    array = np.asarray(values, dtype=float)
    if not array.size:
        raise ValueError(f"{name} must hold at least one value")
    ranked = np.argsort(array, kind="stable")
    best = array[ranked[0]]
    if array.size > 1 and not array[ranked[1]] - best > TIE_MARGIN * abs(best):
        raise ValueError(
            f"{name} of epochs {ranked[0] + 1} and {ranked[1] + 1} are within {TIE_MARGIN:g} "
            f"of each other ({best!r} and {array[ranked[1]]!r}): which is lowest could differ "
            "on another CPU"
        )
    return int(ranked[0]) + 1


def best_val_epoch(history: History) -> int:
    """The (1-based) epoch with the lowest validation loss (see :func:`lowest_epoch`)."""
    if not history.val_loss:
        raise ValueError("history must hold validation losses (train with x_val and y_val)")
    return lowest_epoch(history.val_loss, "val_loss")


def growth(point: SweepPoint) -> float:
    """A sweep run's final loss over its first (infinite when it stopped being finite)."""
    final = point.final_loss
    return final / point.first_loss if math.isfinite(final) else math.inf


def data_fingerprint(x: object, y: object) -> str:
    """A short hash of the points ``(x, y)`` (tensors or arrays: shape, dtype and bytes), which
    a :class:`~loopdocs.loop.train.History` keeps to say what data it was trained on."""
    digest = hashlib.sha256()
    for values in (x, y):
        detach = getattr(values, "detach", None)  # a tensor that requires grad has no .numpy()
        array = np.ascontiguousarray(np.asarray(detach() if detach else values))
        digest.update(f"{array.dtype}{array.shape}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()[:16]


def check_drawn_over(history: History, data: LineData) -> tuple[np.ndarray, np.ndarray]:
    """Raise ValueError unless a line fit's ``history`` can be drawn truthfully over ``data``:
    two finite points or more, at two different x values or more (over one x a fitted line
    is a single point), and the very points the run trained on when it recorded them.
    Returns the points' x and y as float64 arrays."""
    x = np.asarray(data.x, dtype=float).reshape(-1)
    y = np.asarray(data.y, dtype=float).reshape(-1)
    if x.size < 2 or x.size != y.size:
        raise ValueError(
            f"data must hold at least two points (x and y alike) to draw a fitted line over, "
            f"got {x.size} x and {y.size} y"
        )
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("data must hold finite numbers to be drawn; it holds NaN or inf")
    if x.min() == x.max():
        raise ValueError(
            f"data must hold at least two different x values to draw a fitted line over: all "
            f"{x.size} points have x = {x[0]:g}, where any line is a single point"
        )
    if history.points is not None and history.points != x.size:
        raise ValueError(
            f"history was trained on {history.points} points and data holds {x.size}: draw a "
            "run over the data it was trained on"
        )
    if history.fingerprint is not None and history.fingerprint != data_fingerprint(data.x, data.y):
        raise ValueError(
            f"history was trained on other points than data's {x.size} (fingerprints "
            f"{history.fingerprint} and {data_fingerprint(data.x, data.y)}): draw a run over "
            "the data it was trained on"
        )
    return x, y
