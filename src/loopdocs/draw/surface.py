"""The loss as a landscape: the loss against w with its tangent, and contours over (w, b).

Two figures for the explainer, computed (:mod:`loopdocs.loop.landscape`), not sketched: the
loss as a function of w with the tangent (autograd's dL/dw) and the step it leads to, and the
contour map of the loss over (w, b) with the path a run took across it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from loopdocs._checks import positive_float
from loopdocs.draw.layout import DPI, SINGLE_HEIGHT, current_layout
from loopdocs.draw.themes import Theme, get_theme
from loopdocs.loop.data import LineData
from loopdocs.loop.landscape import mse_grid, slope_at
from loopdocs.loop.train import History


def draw_tangent(
    data: LineData,
    theme: str | Theme,
    *,
    w: float = 0.0,
    b: float = 0.0,
    lr: float = 0.03,
    w_span: tuple[float, float] = (-0.6, 1.8),
    step_scale: float = 1.0,
) -> Figure:
    """L(w) at fixed ``b``, the tangent at ``w`` with autograd's slope, and the step ``-lr·dL/dw``.

    ``step_scale`` > 1 draws the step arrow longer than the real step (the label says so).
    """
    t = get_theme(theme)
    lr = positive_float("lr", lr)
    positive_float("step_scale", step_scale)
    ws = np.linspace(*w_span, 241)
    losses = mse_grid(data, ws, np.array([b]))[0]
    loss, dw, _ = slope_at(data, w, b)
    new_w = w - lr * dw

    layout = current_layout()
    narrow = layout.columns == 1
    height = SINGLE_HEIGHT + (0.8 if narrow else 0.0)  # the legend goes above the panel
    fig = Figure(figsize=(layout.width, height), dpi=DPI, layout="constrained")
    ax = fig.subplots()
    ax.plot(ws, losses, color=t.loss, linewidth=2.2, label=f"loss L(w) with b fixed at {b:g}")
    _draw_tangent_line(ax, t, (w, loss), dw, half=0.35 * (w_span[1] - w_span[0]) / 2)
    _draw_step(ax, t, (w, loss), new_w, step_scale)
    _mark_lowest(ax, t, ws, losses, narrow=narrow)
    ax.set_xlim(*w_span)
    ax.set_ylim(0, float(losses.max()) * 1.05)
    ax.set_xlabel("w")
    ax.set_ylabel("MSE loss")
    ax.set_title("the gradient says which way is downhill")
    if narrow:  # no room for it inside the panel
        fig.legend(loc="outside upper center", ncols=1)
    else:
        ax.legend(loc="upper center")
    return fig


def _draw_tangent_line(
    ax: Axes, t: Theme, point: tuple[float, float], dw: float, *, half: float
) -> None:
    """The tangent at ``point`` with autograd's slope ``dw``, ``half`` wide either side."""
    w, loss = point
    tangent_w = np.array([w - half, w + half])
    ax.plot(
        tangent_w,
        loss + dw * (tangent_w - w),
        color=t.line,
        linewidth=1.8,
        linestyle="--",
        label=f"slope dL/dw = {dw:.2f} (autograd)",
    )
    ax.plot([w], [loss], "o", color=t.text, markersize=6, zorder=3)
    _note(ax, f"now: w = {w:g}", (w, loss), (8, 6), t.text)


def _draw_step(
    ax: Axes, t: Theme, point: tuple[float, float], new_w: float, step_scale: float
) -> None:
    """The arrow of the step from ``point`` to ``new_w``, drawn ``step_scale`` times longer."""
    w, loss = point
    arrow_end = w + (new_w - w) * step_scale
    ax.annotate(
        "",
        xy=(arrow_end, loss),
        xytext=(w, loss),
        arrowprops={"arrowstyle": "-|>", "color": t.points, "linewidth": 2},
    )
    scaled = "" if step_scale == 1 else f", drawn {step_scale:g}× longer"
    label = f"step −lr·dL/dw = {new_w - w:+.3f}{scaled}"
    _note(ax, label, (arrow_end, loss), (6, -14), t.points)


def _mark_lowest(ax: Axes, t: Theme, ws: np.ndarray, losses: np.ndarray, *, narrow: bool) -> None:
    """A dotted line at the w of the lowest loss, labelled beside it (above the bowl when
    ``narrow`` leaves no room beside it)."""
    min_w = float(ws[int(np.argmin(losses))])
    ax.axvline(min_w, color=t.muted, linewidth=1, linestyle=":")
    if narrow:  # no room right of the line: across it, above the bowl
        ax.text(
            min_w,
            0.72,
            f"lowest loss at w ≈ {min_w:.2f}",
            transform=ax.get_xaxis_transform(),
            ha="center",
            color=t.muted,
            fontsize=9,
            bbox={"boxstyle": "square,pad=0.2", "facecolor": t.background, "edgecolor": "none"},
        )
    else:
        _note(ax, f"lowest loss at w ≈ {min_w:.2f}", (min_w, float(losses.min())), (4, 18), t.muted)


def _note(
    ax: Axes, text: str, xy: tuple[float, float], offset: tuple[float, float], color: str
) -> None:
    """Small text beside the point ``xy``, ``offset`` typographic points away."""
    ax.annotate(text, xy, xytext=offset, textcoords="offset points", color=color, fontsize=9)


def _view(
    points: Sequence[tuple[float, float]], centre: tuple[float, float], pad: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    ws = [p[0] for p in points] + [centre[0]]
    bs = [p[1] for p in points] + [centre[1]]
    w_pad = pad * max(max(ws) - min(ws), 0.5)
    b_pad = pad * max(max(bs) - min(bs), 0.5)
    return (min(ws) - w_pad, max(ws) + w_pad), (min(bs) - b_pad, max(bs) + b_pad)


def sane_path(history: History, limit: float = 12.0) -> list[tuple[float, float]]:
    """The (w, b) points of a run up to the first one that leaves ``|w|, |b| <= limit``."""
    path: list[tuple[float, float]] = []
    for w, b in zip(history.w, history.b, strict=True):
        if not (math.isfinite(w) and math.isfinite(b)) or max(abs(w), abs(b)) > limit:
            break
        path.append((w, b))
    if history.final_w is not None and history.final_b is not None and not history.diverged:
        path.append((history.final_w, history.final_b))
    return path


def draw_contour_paths(
    data: LineData,
    runs: Sequence[tuple[str, History]],
    theme: str | Theme,
    *,
    minimum: tuple[float, float],
    max_points: int = 12,
) -> Figure:
    """One panel per run: the loss contours over (w, b) and the path the run's (w, b) took.

    Diverging paths are drawn up to where they leave a sane window (at most ``max_points``
    points of them), so the bowl stays visible while the zig-zag heads out of it.
    """
    t = get_theme(theme)
    if not runs:
        raise ValueError("runs must name at least one (title, history) pair")
    layout = current_layout()
    side_by_side = layout.columns >= len(runs)
    fig, axes = _contour_panels(layout.width, len(runs), side_by_side=side_by_side)
    for ax, (title, history) in zip(axes, runs, strict=True):
        if not history.w:
            raise ValueError("every run must be a line fit with recorded w and b")
        path = sane_path(history)
        if history.diverged:
            path = path[:max_points]
        _draw_contour_panel(ax, t, data, path, minimum, numbered=history.diverged)
        ax.set_title(title)
        ax.grid(False)
    if side_by_side:
        axes[0].legend(loc="lower right", fontsize=8)
    else:  # above the stacked panels, clear of every path
        fig.legend(*axes[0].get_legend_handles_labels(), loc="outside upper center", ncols=1)
    return fig


def _contour_panels(width: float, count: int, *, side_by_side: bool) -> tuple[Figure, list[Axes]]:
    """A figure of ``count`` panels in a row, or stacked, each panel about as tall as wide."""
    if side_by_side:
        fig = Figure(figsize=(width, SINGLE_HEIGHT + 0.3), dpi=DPI, layout="constrained")
        return fig, list(fig.subplots(1, count, squeeze=False)[0])
    height = count * (width - 0.4) + 0.2
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    return fig, list(fig.subplots(count, 1, squeeze=False)[:, 0])


def _draw_contour_panel(
    ax: Axes,
    t: Theme,
    data: LineData,
    path: list[tuple[float, float]],
    minimum: tuple[float, float],
    *,
    numbered: bool,
) -> None:
    """The loss contours around ``path`` and ``minimum``, the path over them (its first steps
    ``numbered``, for a diverging run whose overshoot alternates sides of the bowl), and the
    minimum."""
    (w_lo, w_hi), (b_lo, b_hi) = _view(path, minimum, 0.15)
    ws, bs = np.linspace(w_lo, w_hi, 160), np.linspace(b_lo, b_hi, 160)
    grid = mse_grid(data, ws, bs)
    levels = np.geomspace(max(float(grid.min()), 1e-3), float(grid.max()), 16)
    ax.contour(ws, bs, grid, levels=levels, colors=t.muted, linewidths=0.8)
    pw, pb = [p[0] for p in path], [p[1] for p in path]
    ax.plot(pw, pb, "-o", color=t.line, markersize=3, linewidth=1.5, label="path of (w, b)")
    ax.plot([pw[0]], [pb[0]], "s", color=t.text, markersize=6, label="start")
    if numbered:
        for step, (w, b) in enumerate(path[1:6], start=1):
            _note(ax, f"after {step}", (w, b), (5, -11), t.text)
    ax.plot(
        [minimum[0]],
        [minimum[1]],
        "*",
        color=t.points,
        markersize=12,
        label="least-squares minimum",
    )
    ax.set_xlim(w_lo, w_hi)
    ax.set_ylim(b_lo, b_hi)
    ax.set_xlabel("w")
    ax.set_ylabel("b")
