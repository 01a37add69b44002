"""The site's social card: the picture a chat or social post shows beside a link to the site.

One static PNG drawn from the site's title (sphinxext-opengraph's per-page cards are off), with
matplotlib's own DejaVu Sans, so its bytes are the same on every build of one commit.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure

from loopdocs.draw.layout import DPI
from loopdocs.draw.themes import LIGHT, style

#: The five moves of the loop, as the card lists them under the title.
LOOP_STEPS = "zero_grad() · forward · loss · backward() · step()"


def social_card_png(title: str, size: tuple[int, int]) -> bytes:
    """The card for a site called ``title`` ("name: what it is" is set on two lines), ``size``
    pixels (width, height), as PNG bytes with no version metadata."""
    name, _, tagline = title.partition(": ")
    width, height = size
    theme = LIGHT
    with style(theme):
        figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
        figure.text(0.06, 0.74, name, fontsize=80, fontweight="bold", va="center")
        if tagline:
            figure.text(0.06, 0.56, tagline, fontsize=38, va="center")
        figure.text(0.06, 0.1, LOOP_STEPS, fontsize=22, color=theme.muted, family="monospace")
        # A loss curve that falls and levels off: the picture every run on the site starts from.
        axes = figure.add_axes((0.62, 0.22, 0.33, 0.26))
        epochs = np.arange(200)
        axes.plot(epochs, 2.3 * np.exp(-epochs / 28) + 0.07, color=theme.loss, linewidth=5)
        axes.set_xticks([])
        axes.set_yticks([])
        axes.set_xlim(0, 199)
        axes.set_ylim(0, 2.5)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.spines[["left", "bottom"]].set_linewidth(2)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
