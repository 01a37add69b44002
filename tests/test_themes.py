"""Every colour a figure draws with is readable on its theme's background (WCAG contrast)."""

from __future__ import annotations

import re
from pathlib import Path

import furo
import pytest

from loopdocs.draw.themes import GRAPHIC_COLOURS, TEXT_COLOURS, THEMES, Theme, contrast

#: Colours drawn as text and as graphics, held to WCAG 1.4.3 and 1.4.11.
TEXT = TEXT_COLOURS
GRAPHICS = GRAPHIC_COLOURS


def test_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#123456", "#123456") == pytest.approx(1)


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
@pytest.mark.parametrize("name", TEXT)
def test_text_colours_reach_4_5_to_1(theme: Theme, name: str) -> None:
    assert contrast(getattr(theme, name), theme.background) >= 4.5


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
@pytest.mark.parametrize("name", GRAPHICS)
def test_line_and_point_colours_reach_3_to_1(theme: Theme, name: str) -> None:
    assert contrast(getattr(theme, name), theme.background) >= 3


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_the_grid_stays_quieter_than_the_data(theme: Theme) -> None:
    # Gridlines are a guide, not content: they must not compete with the line and points.
    grid = contrast(theme.grid, theme.background)
    assert grid < min(contrast(getattr(theme, name), theme.background) for name in GRAPHICS)


def test_backgrounds_are_furo_s_page_colours() -> None:
    # The figures sit on furo's page colour, so their edges vanish into the page.
    css = (Path(furo.__file__).parent / "theme/furo/static/styles/furo.css").read_text()
    page_colours = set(re.findall(r"--color-background-primary:(#[0-9a-f]+)", css))
    expanded = {c if len(c) == 7 else "#" + "".join(2 * ch for ch in c[1:]) for c in page_colours}
    assert {theme.background for theme in THEMES.values()} == expanded
