"""loopdocs: the PyTorch training loop, run for real and drawn.

The core (``loop``, ``describe``, ``draw``, ``figures``) never imports Sphinx;
``loopdocs.sphinxext`` adapts it to Sphinx and myst-nb. Names are imported on first use, so
the Sphinx extension (which needs none of them) does not pay for importing torch and
matplotlib. The general ``train`` function is imported from ``loopdocs.loop.train``: at
package level that name is the module.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import TYPE_CHECKING

from loopdocs._lazy import lazy_getattr

if TYPE_CHECKING:
    from loopdocs.loop.data import LineData, least_squares, make_line_data, train_val_split
    from loopdocs.loop.train import History, TrainSettings, line_model, train_line

__version__ = version("loopdocs")

_EXPORTS = {
    "LineData": "loopdocs.loop.data",
    "least_squares": "loopdocs.loop.data",
    "make_line_data": "loopdocs.loop.data",
    "train_val_split": "loopdocs.loop.data",
    "History": "loopdocs.loop.train",
    "TrainSettings": "loopdocs.loop.train",
    "line_model": "loopdocs.loop.train",
    "train_line": "loopdocs.loop.train",
}

__all__ = [
    "History",
    "LineData",
    "TrainSettings",
    "__version__",
    "least_squares",
    "line_model",
    "make_line_data",
    "train_line",
    "train_val_split",
]


__getattr__ = lazy_getattr(__name__, _EXPORTS)
