"""The loss as a landscape: the loss against w with its tangent, and contours over (w, b).

Two figures for the explainer, computed by :mod:`loopdocs.loop.landscape` (not sketched) and only
drawn here: the loss as a function of w with the tangent (autograd's dL/dw) and the step it
leads to, and the contour map of the loss over (w, b) with the path a run took across it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from loopdocs._checks import positive_float
from loopdocs.draw.layout import DPI, SINGLE_HEIGHT, current_layout
from loopdocs.draw.themes import Theme, get_theme

if TYPE_CHECKING:  # the types alone: drawing what the loop computed needs no torch
    from loopdocs.loop.landscape import PathPanel, TangentView


def draw_tangent(view: TangentView, theme: str | Theme, *, step_scale: float = 1.0) -> Figure:
    """The loss L(w) at fixed b of ``view``, the tangent at its w with autograd's slope, and the
    step ``-lr·dL/dw``.

    ``step_scale`` > 1 draws the step arrow longer than the real step (the label says so).
    """
    t = get_theme(theme)
    positive_float("step_scale", step_scale)
    w_span = (float(view.ws[0]), float(view.ws[-1]))

    layout = current_layout()
    narrow = layout.columns == 1
    height = SINGLE_HEIGHT + (0.8 if narrow else 0.0)  # the legend goes above the panel
    fig = Figure(figsize=(layout.width, height), dpi=DPI, layout="constrained")
    ax = fig.subplots()
    ax.plot(
        view.ws,
        view.losses,
        color=t.loss,
        linewidth=2.2,
        label=f"loss L(w) with b fixed at {view.b:g}",
    )
    point = (view.w, view.loss)
    _draw_tangent_line(ax, t, point, view.slope, half=0.35 * (w_span[1] - w_span[0]) / 2)
    _draw_step(ax, t, point, view.new_w, step_scale)
    _mark_lowest(ax, t, (view.lowest_w, view.lowest_loss), b=view.b, narrow=narrow)
    ax.set_xlim(*w_span)
    ax.set_ylim(0, float(view.losses.max()) * 1.05)
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


def _mark_lowest(
    ax: Axes, t: Theme, lowest: tuple[float, float], *, b: float, narrow: bool
) -> None:
    """A dotted line at the w of the ``lowest`` (w, loss) point with the bias held at ``b``,
    labelled beside it (above the bowl when ``narrow`` leaves no room beside it). The label
    names ``b``: along w alone the lowest point is not the best fit's w unless b is its b."""
    min_w = lowest[0]
    ax.axvline(min_w, color=t.muted, linewidth=1, linestyle=":")
    label = f"lowest loss with b = {b:g}:\nw ≈ {min_w:.2f}"
    if narrow:  # no room right of the line: across it, above the bowl
        ax.text(
            min_w,
            0.72,
            label,
            transform=ax.get_xaxis_transform(),
            ha="center",
            color=t.muted,
            fontsize=9,
            bbox={"boxstyle": "square,pad=0.2", "facecolor": t.background, "edgecolor": "none"},
        )
    else:
        _note(ax, label, lowest, (4, 18), t.muted)


def _note(
    ax: Axes, text: str, xy: tuple[float, float], offset: tuple[float, float], color: str
) -> None:
    """Small text beside the point ``xy``, ``offset`` typographic points away."""
    ax.annotate(text, xy, xytext=offset, textcoords="offset points", color=color, fontsize=9)


def draw_contour_paths(panels: Sequence[tuple[str, PathPanel]], theme: str | Theme) -> Figure:
    """One panel per (title, :class:`~loopdocs.loop.landscape.PathPanel`): the loss contours
    over (w, b) and the path a run's (w, b) took, its first steps labelled when the panel says.
    """
    t = get_theme(theme)
    if not panels:
        raise ValueError("panels must hold at least one (title, PathPanel) pair")
    layout = current_layout()
    side_by_side = layout.columns >= len(panels)
    fig, axes = _contour_panels(layout.width, len(panels), side_by_side=side_by_side)
    for ax, (title, panel) in zip(axes, panels, strict=True):
        _draw_contour_panel(ax, t, panel)
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


def _draw_contour_panel(ax: Axes, t: Theme, panel: PathPanel) -> None:
    """The loss contours of ``panel``, its path over them (its first ``labelled`` steps
    numbered, for a diverging run whose overshoot alternates sides of the bowl), and the
    minimum."""
    grid = panel.grid
    levels = np.geomspace(max(float(grid.min()), 1e-3), float(grid.max()), 16)
    ax.contour(panel.ws, panel.bs, grid, levels=levels, colors=t.muted, linewidths=0.8)
    path = panel.path
    pw, pb = [p[0] for p in path], [p[1] for p in path]
    ax.plot(pw, pb, "-o", color=t.line, markersize=3, linewidth=1.5, label="path of (w, b)")
    ax.plot([pw[0]], [pb[0]], "s", color=t.text, markersize=6, label="start")
    for step, (w, b) in enumerate(path[1 : 1 + panel.labelled], start=1):
        _note(ax, f"after {step}", (w, b), (5, -11), t.text)
    ax.plot(
        [panel.minimum[0]],
        [panel.minimum[1]],
        "*",
        color=t.points,
        markersize=12,
        label="least-squares minimum",
    )
    ax.set_xlim(float(panel.ws[0]), float(panel.ws[-1]))
    ax.set_ylim(float(panel.bs[0]), float(panel.bs[-1]))
    ax.set_xlabel("w")
    ax.set_ylabel("b")
