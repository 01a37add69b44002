"""The worked example's readout: its labels and font, its box, and where in a panel it goes.

:class:`~loopdocs.draw.scene.FitScene` writes the epoch, w, b and the loss in the data panel's
corner that covers the fewest points (:func:`emptiest_corner`); only the numbers change from
frame to frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

#: The readout's labels; only the numbers beside them change from frame to frame.
READOUT_LABELS = ("epoch", "w =", "b =", "loss =")
READOUT_FONTSIZE = 9
MONO: dict[str, Any] = {"fontsize": READOUT_FONTSIZE, "family": "DejaVu Sans Mono"}


@dataclass(frozen=True)
class ReadoutBox:
    """The readout's size in axes fraction, and the axes' size in pixels."""

    width: float
    height: float
    ascent_px: float  # pixels from the box's top to the first baseline
    step_px: float  # pixels between baselines
    axes_width: float
    axes_height: float


def emptiest_corner(
    points: np.ndarray, width: float, height: float, pad_x: float, pad_y: float
) -> tuple[float, float]:
    """The lower-left corner (axes fraction) of the corner box that covers the fewest points.

    Ties go to the first in the order upper left, lower right, upper right, lower left.
    """
    corners = [
        (pad_x, 1 - pad_y - height),
        (1 - pad_x - width, pad_y),
        (1 - pad_x - width, 1 - pad_y - height),
        (pad_x, pad_y),
    ]

    def covered(corner: tuple[float, float]) -> int:
        x0, y0 = corner
        inside = (
            (points[:, 0] > x0 - pad_x)
            & (points[:, 0] < x0 + width + pad_x)
            & (points[:, 1] > y0 - pad_y)
            & (points[:, 1] < y0 + height + pad_y)
        )
        return int(inside.sum())

    return min(corners, key=covered)


def short_number(value: float) -> str:
    """A readout's number: three decimals with a sign, ×10ⁿ past 10⁴, words when not finite."""
    if not math.isfinite(value):
        return "not finite"
    return f"{value:+.3f}" if abs(value) < 1e4 else f"{value:+.2e}"
