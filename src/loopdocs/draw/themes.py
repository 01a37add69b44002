"""Colour palettes for furo's light and dark themes, and a clean matplotlib context for each.

Every figure is drawn once per theme on an opaque background that matches furo's page
colour, so text and lines keep their contrast whichever theme the reader has chosen.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import matplotlib.style
import numpy as np
from PIL import ImageColor

ThemeName = Literal["light", "dark"]


@dataclass(frozen=True)
class Theme:
    """The colours one figure is drawn with."""

    name: ThemeName
    background: str
    text: str
    muted: str
    grid: str
    points: str
    line: str
    loss: str
    validation: str
    alarm: str


# Colours checked for >= 4.5:1 (text) and >= 3:1 (lines, points) against each background:
# see contrast() below.
LIGHT = Theme(
    name="light",
    background="#ffffff",
    text="#1f2328",
    muted="#57606a",
    grid="#d8dee4",
    points="#0969da",
    line="#bc4c00",
    loss="#8250df",
    validation="#1a7f37",
    alarm="#cf222e",
)
DARK = Theme(
    name="dark",
    background="#131416",
    text="#e6edf3",
    muted="#9da7b3",
    grid="#30363d",
    points="#58a6ff",
    line="#f0883e",
    loss="#c297ff",
    validation="#3fb950",
    alarm="#ff7b72",
)
THEMES: dict[str, Theme] = {"light": LIGHT, "dark": DARK}

#: Colours drawn as text (tick labels, titles, the readout, the "diverged" label): WCAG 1.4.3
#: asks 4.5:1 of them against the background.
TEXT_COLOURS = ("text", "alarm")
#: Colours drawn as lines and points a reader must make out: WCAG 1.4.11 (non-text contrast)
#: asks 3:1.
GRAPHIC_COLOURS = ("muted", "points", "line", "loss", "validation", "alarm")


def luminance(colour: str) -> float:
    """WCAG relative luminance of an sRGB colour like ``#1f2328``."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in ImageColor.getrgb(colour)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def get_theme(theme: str | Theme) -> Theme:
    """Return the :class:`Theme` called ``theme`` ('light' or 'dark'), or ``theme`` itself."""
    if isinstance(theme, Theme):
        return theme
    try:
        return THEMES[theme]
    except (KeyError, TypeError):
        raise ValueError(f"theme must be 'light' or 'dark', got {theme!r}") from None


@contextmanager
def style(theme: Theme) -> Iterator[None]:
    """Draw with matplotlib's defaults plus this theme, whatever a page set before."""
    params = {
        "figure.facecolor": theme.background,
        "axes.facecolor": theme.background,
        "savefig.facecolor": theme.background,
        "axes.edgecolor": theme.muted,
        "axes.labelcolor": theme.text,
        "axes.titlecolor": theme.text,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "axes.grid": True,
        "grid.color": theme.grid,
        "grid.linewidth": 0.8,
        "xtick.color": theme.muted,
        "ytick.color": theme.muted,
        "xtick.labelcolor": theme.text,
        "ytick.labelcolor": theme.text,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "text.color": theme.text,
        "legend.frameon": False,
        "legend.fontsize": 9,
        "font.family": "DejaVu Sans",
        "svg.hashsalt": "loopdocs",
    }
    # "default" first resets anything a page or an earlier figure changed.
    with matplotlib.style.context(["default", params]):
        yield


def theme_palette(
    theme: Theme, colours: Iterable[str] | None = None, levels: int = 4
) -> list[tuple[int, int, int]]:
    """The theme's background and ``colours`` (default: all of the theme's), each blended onto
    the background at ``levels`` steps.

    Everything the figure draws is one of these colours or an anti-aliased edge between one
    and the background, so the palette keeps the true colours (an adaptive palette drawn from
    a mostly-white frame merges the line and loss colours into greys) in few enough entries for
    short LZW codes.
    """
    if isinstance(levels, bool) or not isinstance(levels, int) or levels < 1:
        raise ValueError(f"levels must be a whole number >= 1, got {levels!r}")
    if colours is None:
        colours = (
            theme.text,
            theme.muted,
            theme.grid,
            theme.points,
            theme.line,
            theme.loss,
            theme.validation,
            theme.alarm,
        )
    background = np.array(ImageColor.getrgb(theme.background)[:3], dtype=float)
    palette = [tuple(int(v) for v in background)]
    for colour in colours:
        foreground = np.array(ImageColor.getrgb(colour)[:3], dtype=float)
        for step in range(1, levels + 1):
            alpha = step / levels
            blend = np.round(foreground * alpha + background * (1 - alpha)).astype(int)
            palette.append(tuple(int(v) for v in blend))
    return [(r, g, b) for r, g, b in dict.fromkeys(palette)]
