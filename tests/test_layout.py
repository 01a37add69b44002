"""Figures for a phone: every wide figure also drawn narrow (its panels stacked), from one call.

A phone's text column is about 360 CSS pixels; a 720-pixel figure shrunk into it shows its text
at half size. The narrow rendering is 360 pixels wide, shows the same run with the same alt
text and caption, and for an animation the same frames at the same times.
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure
from PIL import Image

from loopdocs import make_line_data, train_line
from loopdocs.draw.curves import draw_loss_curves
from loopdocs.draw.gif import gif_frame_count, gif_seconds
from loopdocs.draw.layout import (
    NARROW,
    WIDE,
    current_layout,
    figure_width,
    fit_width,
    laid_out,
    panel_grid,
    top_legend,
)
from loopdocs.draw.themes import Theme
from loopdocs.figures import Run, curves_figure, run_figure, themed

DATA = make_line_data()
HISTORY = train_line(DATA, lr=0.03, epochs=30)


def size_of(image: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(image)) as opened:
        return opened.size


def test_laid_out_sets_the_layout_for_its_block_only() -> None:
    assert current_layout() is WIDE and figure_width() == 7.2
    with laid_out("narrow") as layout:
        assert layout is NARROW and current_layout() is NARROW and figure_width() == 3.6
        with laid_out(WIDE):
            assert current_layout() is WIDE
        assert current_layout() is NARROW
    assert current_layout() is WIDE


def test_narrow_panels_stack_in_one_column_at_the_narrow_width() -> None:
    with laid_out("narrow"):
        figure, axes = panel_grid(3, sharex=True)
    assert figure.get_figwidth() == NARROW.width
    lefts = {round(ax.get_position().x0, 6) for ax in axes}
    bottoms = [ax.get_position().y0 for ax in axes]
    assert len(lefts) == 1 and bottoms == sorted(bottoms, reverse=True)
    wide, wide_axes = panel_grid(3)
    assert wide.get_figwidth() == WIDE.width
    assert len({round(ax.get_position().y0, 6) for ax in wide_axes}) == 1


def test_a_narrow_legend_that_wraps_makes_room_above_the_panels() -> None:
    with laid_out("narrow"):
        figure, (ax,) = panel_grid(1)
        for label in ("a first long label", "a second long label", "a third long label"):
            ax.plot([0, 1], [0, 1], label=label)
        top = ax.get_position().y1 * figure.get_figheight()
        height = figure.get_figheight()
        top_legend(figure, 3)  # three entries do not fit in a row 360 pixels wide
    assert figure.get_figheight() > height
    # The panel keeps its size and distance from the bottom; the legend gets the new inches.
    assert abs(ax.get_position().y1 * figure.get_figheight() - top) < 1e-9
    legend = figure.legends[0].get_window_extent(figure.canvas.get_renderer())  # type: ignore[attr-defined]
    assert legend.width <= figure.bbox.width and legend.y0 >= ax.get_window_extent().y1


def test_fit_width_wraps_a_title_wider_than_the_figure_and_keeps_it_inside() -> None:
    with laid_out("narrow"):
        figure, (ax,) = panel_grid(1, legend=False)
    ax.set_title("a title far too long to fit in a figure three hundred and sixty pixels wide")
    ax.set_xlabel("an x label that is also much longer than the narrow figure is wide")
    height = figure.get_figheight()
    fit_width(figure)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    for text in (ax.title, ax.xaxis.label):
        assert "\n" in text.get_text()
        extent = text.get_window_extent(renderer)
        assert extent.x0 >= 0 and extent.x1 <= figure.bbox.width
    assert figure.get_figheight() > height  # room for the extra lines, top and bottom
    assert ax.get_window_extent(renderer).y1 < ax.title.get_window_extent(renderer).y0


def test_themed_draws_a_narrow_rendering_of_every_wide_figure() -> None:
    runs = [Run("lr 0.03", HISTORY), Run("lr 0.3", train_line(DATA, lr=0.3, epochs=30))]
    figure = curves_figure(runs)
    again = curves_figure(runs)
    assert figure.narrow_stills == again.narrow_stills  # deterministic bytes
    for theme in ("light", "dark"):
        wide, narrow = size_of(figure.stills[theme]), size_of(figure.narrow_stills[theme])
        assert wide[0] == 720 and wide[0] > wide[1]
        assert narrow[0] == 360 and narrow[1] > wide[1]  # two panels, one above the other
    assert figure.narrow_stills["light"] != figure.narrow_stills["dark"]
    assert '"narrow_stills"' not in figure.alt and figure.payload()["narrow_stills"]


def test_a_draw_that_ignores_the_layout_gets_no_narrow_rendering() -> None:
    def fixed(theme: Theme) -> Figure:
        figure = Figure(figsize=(7.2, 3), dpi=100)
        figure.subplots().plot([0, 1], [1, 0], color=theme.line)
        return figure

    assert themed(fixed, alt="A falling line.").narrow_stills == {}


def test_loss_curves_follow_the_layout_unless_given_a_size() -> None:
    with laid_out("narrow"):
        assert draw_loss_curves([("a", HISTORY)], "light").get_figwidth() == NARROW.width
        sized = draw_loss_curves([("a", HISTORY)], "light", size=(5.0, 3.0))
        assert tuple(sized.get_size_inches()) == (5.0, 3.0)


def test_run_figure_animates_both_layouts_with_the_same_frames_alt_and_caption() -> None:
    figure = run_figure(HISTORY, DATA, animate=True, frames=6)
    plain = run_figure(HISTORY, DATA)
    assert figure.alt == plain.alt and figure.caption == plain.caption
    for theme in ("light", "dark"):
        assert size_of(figure.narrow_stills[theme]) == NARROW.scene
        assert size_of(figure.narrow_animations[theme]) == NARROW.scene
        assert size_of(figure.animations[theme]) == WIDE.scene
        for narrow, wide in (
            (figure.narrow_animations[theme], figure.animations[theme]),
            (figure.narrow_webps[theme], figure.webps[theme]),
        ):
            assert gif_frame_count(narrow) == gif_frame_count(wide) == 6
            assert gif_seconds(narrow) == gif_seconds(wide)
