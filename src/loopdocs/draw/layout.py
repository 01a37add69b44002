"""The sizes every figure shares, in one place: pixel size, dpi, panel grid and margins.

Every loopdocs figure is drawn in one of two layouts (:data:`LAYOUTS`): ``wide``, :data:`WIDTH`
inches for a desktop's text column, panels side by side; and ``narrow``, half as wide with
its panels stacked, for a phone's column of about 360 CSS pixels, so a phone shows the figure
at its natural size instead of shrinking the wide one until its text cannot be read. Draw
code asks for :func:`current_layout` (or :func:`figure_width`); :func:`laid_out` sets it for a
block, the way :func:`loopdocs.draw.themes.style` sets the colours.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.gridspec import GridSpec
from matplotlib.text import Text

#: The worked example's two-panel scene and its animations, in pixels (width, height).
SIZE = (720, 288)
#: Dots per inch of every figure: 100, so inches times 100 are CSS pixels at 1x.
DPI = 100
WIDTH = SIZE[0] / DPI  # inches: the width of every wide loopdocs figure
SINGLE_HEIGHT = 3.0  # inches: a figure of one panel (loss curves, a loss surface)
PANEL_HEIGHT = 2.8  # inches per row of panels
LEGEND_SPACE = 0.35  # inches above the panels for the figure's legend (one row of entries)
TITLE_SPACE = 0.3  # inches above a row for the panel titles
LEFT, RIGHT, BOTTOM = 0.62, 0.15, 0.5  # margins in inches: tick labels, edge, x label
REFERENCE_WIDTH, REFERENCE_ALPHA = 8.0, 0.45  # a reference level's band: points wide, opacity


@dataclass(frozen=True)
class Layout:
    """How wide figures are drawn and how many panels sit side by side."""

    name: str
    width: float  # inches (CSS pixels / DPI)
    columns: int  # the most panels in a row
    panel_height: float  # inches per row of panels
    left: float  # inches left of the panels, for tick labels and the y label
    #: The two-panel scene of :class:`loopdocs.draw.scene.FitScene`, in pixels.
    scene: tuple[int, int]


WIDE = Layout("wide", WIDTH, 3, PANEL_HEIGHT, LEFT, SIZE)
#: 360 CSS pixels: a 390-pixel phone's text column, less a little, shows it at full size.
NARROW = Layout("narrow", 3.6, 1, 2.5, 0.72, (360, 540))
LAYOUTS: dict[str, Layout] = {"wide": WIDE, "narrow": NARROW}

_CURRENT: ContextVar[Layout] = ContextVar("loopdocs_layout", default=WIDE)


def get_layout(layout: str | Layout | None) -> Layout:
    """The :class:`Layout` called ``layout`` ('wide' or 'narrow'), ``layout`` itself, or for
    None the current one."""
    if layout is None:
        return _CURRENT.get()
    if isinstance(layout, Layout):
        return layout
    try:
        return LAYOUTS[layout]
    except (KeyError, TypeError):
        raise ValueError(f"layout must be 'wide' or 'narrow', got {layout!r}") from None


def current_layout() -> Layout:
    """The layout figures are being drawn in (``wide`` unless :func:`laid_out` says otherwise)."""
    return _CURRENT.get()


def figure_width() -> float:
    """The width in inches of a figure drawn now."""
    return _CURRENT.get().width


@contextmanager
def laid_out(layout: str | Layout) -> Iterator[Layout]:
    """Draw the figures made inside the block in ``layout``."""
    token = _CURRENT.set(get_layout(layout))
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)


def panel_grid(
    count: int, *, sharex: bool = False, sharey: bool = False, legend: bool = True
) -> tuple[Figure, list[Axes]]:
    """``count`` panels, up to three a row (four as two by two; one a row when narrow), with a
    strip on top for a legend.

    The margins are fixed rather than solved by matplotlib's constrained layout, which measured
    every tick label and took most of the time these small figures needed to render.
    """
    layout = current_layout()
    columns = min(2 if count == 4 else min(count, 3), layout.columns)
    rows = math.ceil(count / columns)
    width = layout.width
    top = TITLE_SPACE + (LEGEND_SPACE if legend else 0.0)
    height = layout.panel_height * rows + (LEGEND_SPACE if legend else 0.0)
    gap_w = 0.3 if sharey else 0.75  # room for the next panel's tick labels, in inches
    gap_h = 0.85  # tick labels, the x label and the next panel's title
    if sharex and columns == 1:
        gap_h = 0.55  # the panels above show no x label: only the next panel's title
    axes_w = (width - layout.left - RIGHT - (columns - 1) * gap_w) / columns
    axes_h = (height - BOTTOM - top - (rows - 1) * gap_h) / rows
    figure = Figure(figsize=(width, height), dpi=DPI)
    grid = figure.subplots(
        rows,
        columns,
        sharex=sharex,
        sharey=sharey,
        squeeze=False,
        gridspec_kw={
            "left": layout.left / width,
            "right": 1 - RIGHT / width,
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
    """The figure's legend, centred in the strip :func:`panel_grid` keeps above the panels.

    The legend takes up to ``columns`` entries a row, fewer when the rows would be wider than
    the figure; the figure grows at the top for any rows beyond the first, so the panels keep
    their size.
    """
    columns = max(columns, 1)
    measure = current_layout().columns == 1  # a wide figure has room for a row of entries
    renderer = _renderer(figure) if measure else None
    while True:
        legend = figure.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=columns,
            frameon=False,
            borderaxespad=0.3,
        )
        if renderer is None or columns == 1:
            break
        if legend.get_window_extent(renderer).width <= figure.bbox.width - 4:
            break
        legend.remove()
        columns -= 1
    if renderer is None:
        return
    rows = math.ceil(len(legend.get_texts()) / columns)
    if rows > 1:
        _grow_on_top(figure, (rows - 1) * legend.get_window_extent(renderer).height / rows / DPI)


def _renderer(figure: Figure) -> Any:
    canvas = (
        figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
    )
    return canvas.get_renderer()  # type: ignore[no-untyped-call]  # untyped in matplotlib


def _grow_on_top(figure: Figure, inches: float) -> None:
    """Make ``figure`` taller by ``inches`` at the top, the panels keeping their size in inches."""
    _grow(figure, top=inches)


def _grow(figure: Figure, *, top: float = 0.0, bottom: float = 0.0) -> None:
    """Add ``top`` and ``bottom`` inches to a fixed-margin figure, panels keeping their size."""
    old = figure.get_figheight()
    new = old + top + bottom
    figure.set_figheight(new)
    specs: dict[int, GridSpec] = {}
    for ax in figure.axes:
        subplot = ax.get_subplotspec()
        if subplot is not None and isinstance(subplot.get_gridspec(), GridSpec):
            specs[id(subplot.get_gridspec())] = subplot.get_gridspec()  # type: ignore[assignment]
    for gridspec in specs.values():
        params = gridspec.get_subplot_params(figure)
        gridspec.update(
            bottom=(params.bottom * old + bottom) / new,
            top=1 - ((1 - params.top) * old + top) / new,
        )
    for ax in figure.axes:  # GridSpec.update moves only the axes of pyplot's figures
        subplot = ax.get_subplotspec()
        if subplot is not None:
            ax.set_position(subplot.get_position(figure))


def fit_width(figure: Figure) -> None:
    """Wrap any title or x label wider than ``figure`` onto more lines, and make room for them.

    A narrow figure has half the width for the same words. A figure with a layout engine
    (constrained layout) makes the room itself; a fixed-margin one (:func:`panel_grid`) grows
    at the top for its first row's titles and at the bottom for its last row's x labels.
    """
    renderer = _renderer(figure)
    right_edge = figure.bbox.width - 4  # pixels
    grow_top = grow_bottom = 0.0
    for ax in figure.axes:
        if not ax.get_visible():
            continue
        spec = ax.get_subplotspec()
        # matplotlib has no public accessor for the left and right title artists.
        texts: list[tuple[Text, Callable[[str], object]]] = [
            (ax.title, partial(ax.set_title, loc="center")),
            (ax._left_title, partial(ax.set_title, loc="left")),  # type: ignore[attr-defined]
            (ax._right_title, partial(ax.set_title, loc="right")),  # type: ignore[attr-defined]
            (ax.xaxis.label, ax.set_xlabel),
        ]
        for artist, setter in texts:
            text = artist.get_text()
            if not text or not artist.get_visible():
                continue
            extent = artist.get_window_extent(renderer)
            if extent.x0 >= 2 and extent.x1 <= right_edge:
                continue
            align = artist.get_horizontalalignment()
            if align == "left":
                room = right_edge - max(extent.x0, 2)
            elif align == "right":
                room = min(extent.x1, right_edge) - 2
            else:  # centred on its anchor: as much room on each side as the nearer edge
                centre = (extent.x0 + extent.x1) / 2
                room = 2 * min(centre - 2, right_edge - centre)
            per_char = extent.width / max(len(text), 1)
            limit = max(int(room / per_char), 8)
            while True:  # letters differ in width: narrow the lines until they fit
                setter(textwrap.fill(text, limit))
                wrapped = artist.get_window_extent(renderer)
                if (wrapped.x0 >= 2 and wrapped.x1 <= right_edge) or limit <= 8:
                    break
                limit -= 2
            added = wrapped.height - extent.height
            if artist is ax.xaxis.label:
                if spec is None or spec.is_last_row():
                    grow_bottom = max(grow_bottom, added / DPI)
            elif spec is None or spec.is_first_row():
                grow_top = max(grow_top, added / DPI)
    if figure.get_layout_engine() is None and (grow_top or grow_bottom):
        _grow(figure, top=grow_top, bottom=grow_bottom)
