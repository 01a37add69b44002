"""The worked example's loss as a function of (w, b): on a grid, its slope at a point, and what
the landscape figures show (:class:`TangentView`, :class:`PathPanel`), computed here so that
:mod:`loopdocs.draw.surface` only draws them and :mod:`loopdocs.describe.landscape` only words
them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from loopdocs._checks import finite_float, positive_float
from loopdocs.loop.data import LineData
from loopdocs.loop.train import History

#: How many points of a diverging run's path the contour figure draws, and how many of its
#: first steps it labels ("after 1", "after 2", …): one home for the drawing and its words.
PATH_POINTS = 12
LABELLED_STEPS = 5
#: A path is drawn up to its first point with ``|w|`` or ``|b|`` above this.
PATH_LIMIT = 12.0
#: How many w values the tangent figure's loss curve is computed at, and contours per side.
CURVE_POINTS = 241
GRID_POINTS = 160


def mse_grid(data: LineData, ws: np.ndarray, bs: np.ndarray) -> np.ndarray:
    """The MSE of ``y ≈ w·x + b`` on ``data`` for every (b, w) pair: shape (len(bs), len(ws))."""
    x = data.x.reshape(1, 1, -1).double()
    y = data.y.reshape(1, 1, -1).double()
    w = torch.as_tensor(ws, dtype=torch.float64).reshape(1, -1, 1)
    b = torch.as_tensor(bs, dtype=torch.float64).reshape(-1, 1, 1)
    return ((w * x + b - y) ** 2).mean(dim=-1).numpy()


def slope_at(data: LineData, w: float, b: float) -> tuple[float, float, float]:
    """The loss and autograd's (dL/dw, dL/db) at ``(w, b)``."""
    w_t = torch.tensor(finite_float("w", w), requires_grad=True)
    b_t = torch.tensor(finite_float("b", b), requires_grad=True)
    loss = ((w_t * data.x + b_t - data.y) ** 2).mean()
    grad_w, grad_b = torch.autograd.grad(loss, [w_t, b_t])
    return float(loss.detach()), float(grad_w), float(grad_b)


@dataclass(frozen=True)
class TangentView:
    """What the tangent figure shows: the loss L(w) at fixed ``b`` over ``ws``, autograd's
    ``slope`` dL/dw at ``w`` (where the loss is ``loss``), the w one step at ``lr`` reaches
    (``new_w``), and the lowest point of the curve: ``lowest_w`` minimises the loss along w
    with b held at ``b``, which is the best fit's w only when ``b`` is the best fit's b."""

    b: float
    ws: np.ndarray
    losses: np.ndarray
    w: float
    loss: float
    slope: float
    lr: float
    new_w: float
    lowest_w: float
    lowest_loss: float

    @property
    def step(self) -> float:
        """The change in w one step of gradient descent makes, ``-lr·dL/dw``."""
        return -self.lr * self.slope


def tangent_view(
    data: LineData,
    *,
    w: float = 0.0,
    b: float = 0.0,
    lr: float = 0.03,
    w_span: tuple[float, float] = (-0.6, 1.8),
) -> TangentView:
    """The loss against w over ``w_span`` at fixed ``b``, and autograd's slope and one step at
    ``lr`` from ``w``."""
    w, b, lr = finite_float("w", w), finite_float("b", b), positive_float("lr", lr)
    ws = np.linspace(*w_span, CURVE_POINTS)
    losses = mse_grid(data, ws, np.array([b]))[0]
    loss, slope, _ = slope_at(data, w, b)
    x, y = data.x.reshape(-1).double(), data.y.reshape(-1).double()
    lowest_w = float((x * (y - b)).sum() / (x * x).sum())  # dL/dw = 0 with b held fixed
    lowest_loss = float(mse_grid(data, np.array([lowest_w]), np.array([b]))[0, 0])
    return TangentView(
        b=b,
        ws=ws,
        losses=losses,
        w=w,
        loss=loss,
        slope=slope,
        lr=lr,
        new_w=w - lr * slope,
        lowest_w=lowest_w,
        lowest_loss=lowest_loss,
    )


def sane_path(history: History, limit: float = PATH_LIMIT) -> list[tuple[float, float]]:
    """The (w, b) points of a run up to the first one that leaves ``|w|, |b| <= limit``."""
    path: list[tuple[float, float]] = []
    for w, b in zip(history.w, history.b, strict=True):
        if not (math.isfinite(w) and math.isfinite(b)) or max(abs(w), abs(b)) > limit:
            break
        path.append((w, b))
    if history.final_w is not None and history.final_b is not None and not history.diverged:
        path.append((history.final_w, history.final_b))
    return path


def shown_path(history: History) -> list[tuple[float, float]]:
    """The (w, b) points the contour figure draws of a run: its whole path while it stays near
    the bowl, and of a diverging run at most :data:`PATH_POINTS`."""
    path = sane_path(history)
    return path[:PATH_POINTS] if history.diverged else path


def labelled_steps(history: History) -> int:
    """How many steps of a run the contour figure labels ("after 1", "after 2", …): for a
    diverging run, those of its drawn points after the start, at most :data:`LABELLED_STEPS`;
    none for a run that did not diverge."""
    if not history.diverged:
        return 0
    return max(0, min(LABELLED_STEPS, len(shown_path(history)) - 1))


@dataclass(frozen=True)
class PathPanel:
    """One panel of the contour figure: the loss ``grid`` (shape (len(bs), len(ws))) over the
    window ``ws`` × ``bs``, the ``path`` a run's (w, b) took across it (its first ``labelled``
    steps labelled), whether the run ``diverged``, and the least-squares ``minimum``."""

    ws: np.ndarray
    bs: np.ndarray
    grid: np.ndarray
    path: list[tuple[float, float]]
    labelled: int
    diverged: bool
    minimum: tuple[float, float]


def _window(
    points: Sequence[tuple[float, float]], centre: tuple[float, float], pad: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The (w, b) ranges that hold ``points`` and ``centre``, with ``pad`` of their span around."""
    ws = [p[0] for p in points] + [centre[0]]
    bs = [p[1] for p in points] + [centre[1]]
    w_pad = pad * max(max(ws) - min(ws), 0.5)
    b_pad = pad * max(max(bs) - min(bs), 0.5)
    return (min(ws) - w_pad, max(ws) + w_pad), (min(bs) - b_pad, max(bs) + b_pad)


def path_panel(data: LineData, history: History, *, minimum: tuple[float, float]) -> PathPanel:
    """The loss over a window around the path ``history`` took and ``minimum``, with that path
    (:func:`shown_path`)."""
    if not isinstance(history, History) or not history.w:
        raise ValueError("every run must be a line fit's History with recorded w and b")
    minimum = (finite_float("minimum w", minimum[0]), finite_float("minimum b", minimum[1]))
    path = shown_path(history)
    if not path:
        raise ValueError(f"the run must start inside |w|, |b| <= {PATH_LIMIT:g} to be drawn")
    (w_lo, w_hi), (b_lo, b_hi) = _window(path, minimum, 0.15)
    ws, bs = np.linspace(w_lo, w_hi, GRID_POINTS), np.linspace(b_lo, b_hi, GRID_POINTS)
    return PathPanel(
        ws=ws,
        bs=bs,
        grid=mse_grid(data, ws, bs),
        path=path,
        labelled=labelled_steps(history),
        diverged=history.diverged,
        minimum=minimum,
    )
