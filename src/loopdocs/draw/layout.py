"""The sizes every figure shares, in one place: pixel size, dpi, panel grid and margins.

Every loopdocs figure is :data:`WIDTH` inches wide at :data:`DPI`, so figures line up down a
page; the worked example's scene is :data:`SIZE` pixels.
"""

from __future__ import annotations

import math

from matplotlib.axes import Axes
from matplotlib.figure import Figure

#: The worked example's two-panel scene and its animations, in pixels (width, height).
SIZE = (720, 288)
#: Dots per inch of every figure: 100, so inches times 100 are CSS pixels at 1x.
DPI = 100
WIDTH = SIZE[0] / DPI  # inches: the width of every loopdocs figure
SINGLE_HEIGHT = 3.0  # inches: a figure of one panel (loss curves, a loss surface)
PANEL_HEIGHT = 2.8  # inches per row of panels
LEGEND_SPACE = 0.35  # inches above the panels for the figure's legend
TITLE_SPACE = 0.3  # inches above a row for the panel titles
LEFT, RIGHT, BOTTOM = 0.62, 0.15, 0.5  # margins in inches: tick labels, edge, x label
REFERENCE_WIDTH, REFERENCE_ALPHA = 8.0, 0.45  # a reference level's band: points wide, opacity


def panel_grid(
    count: int, *, sharex: bool = False, sharey: bool = False, legend: bool = True
) -> tuple[Figure, list[Axes]]:
    """``count`` panels, up to three a row (four as two by two), with a strip on top for a legend.

    The margins are fixed rather than solved by matplotlib's constrained layout, which measured
    every tick label and took most of the time these small figures needed to render.
    """
    columns = 2 if count == 4 else min(count, 3)
    rows = math.ceil(count / columns)
    top = TITLE_SPACE + (LEGEND_SPACE if legend else 0.0)
    height = PANEL_HEIGHT * rows + (LEGEND_SPACE if legend else 0.0)
    gap_w = 0.3 if sharey else 0.75  # room for the next panel's tick labels, in inches
    gap_h = 0.85  # tick labels, the x label and the next panel's title
    axes_w = (WIDTH - LEFT - RIGHT - (columns - 1) * gap_w) / columns
    axes_h = (height - BOTTOM - top - (rows - 1) * gap_h) / rows
    figure = Figure(figsize=(WIDTH, height), dpi=DPI)
    grid = figure.subplots(
        rows,
        columns,
        sharex=sharex,
        sharey=sharey,
        squeeze=False,
        gridspec_kw={
            "left": LEFT / WIDTH,
            "right": 1 - RIGHT / WIDTH,
            "bottom": BOTTOM / height,
            "top": 1 - top / height,
            "wspace": gap_w / axes_w,
            "hspace": gap_h / axes_h,
        },
    )
    axes = grid.ravel().tolist()
    for extra in axes[count:]:
        extra.set_visible(False)
    return figure, axes[:count]


def top_legend(figure: Figure, columns: int) -> None:
    """The figure's legend, centred in the strip :func:`panel_grid` keeps above the panels."""
    figure.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=columns,
        frameon=False,
        borderaxespad=0.3,
    )
