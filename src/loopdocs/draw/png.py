"""A figure as PNG bytes: drawn in a theme and a layout, saved without version metadata, and
re-encoded with a palette of the theme's colours."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from PIL import Image

from loopdocs.draw.layout import DPI, Layout, current_layout, fit_width, get_layout, laid_out
from loopdocs.draw.themes import Theme, get_theme, style, theme_palette


def figure_png(
    draw: object, theme: str | Theme = "light", layout: str | Layout | None = None
) -> bytes:
    """Call ``draw(theme)`` inside the theme's style (and ``layout``, by default the current
    one: see :func:`loopdocs.draw.layout.laid_out`) and return its Figure as PNG bytes.

    The PNG carries no version metadata, so the same drawing always gives the same bytes.
    """
    if not callable(draw):
        raise ValueError("draw must be a callable taking a Theme and returning a Figure")
    resolved = get_theme(theme)
    with style(resolved), laid_out(get_layout(layout)):
        figure = draw(resolved)
        if not isinstance(figure, Figure):
            raise ValueError(f"draw must return a matplotlib Figure, got {type(figure).__name__}")
        if current_layout().columns == 1:
            fit_width(figure)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    compact = compact_png(buffer.getvalue(), resolved)
    plt.close(figure)  # a no-op unless draw() used pyplot, which would also display it inline
    return compact


def compact_png(png: bytes, theme: Theme) -> bytes:
    """Re-encode a figure's PNG with a palette of the theme's colours (6 blend levels each).

    A figure is drawn in a handful of theme colours and their anti-aliased blends with the
    background, so mapping it to that palette looks the same and takes about a third of the
    bytes of the 32-bit PNG matplotlib writes. No metadata: the same figure, the same bytes.
    """
    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
    palette = theme_palette(theme, levels=6)
    palette_image = Image.new("P", (1, 1))
    palette_image.putpalette([channel for colour in palette for channel in colour])
    indexed = rgb.quantize(palette=palette_image, dither=Image.Dither.NONE)
    out = io.BytesIO()
    indexed.save(out, format="PNG", optimize=True)
    return out.getvalue()
