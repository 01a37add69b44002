"""loopdocs: the PyTorch training loop, run for real and drawn.

The core (data, train, plots, animate, figures) never imports Sphinx; ``loopdocs.sphinxext``
adapts it to Sphinx and myst-nb.
"""

from importlib.metadata import version

from loopdocs.data import LineData, least_squares, make_line_data, train_val_split
from loopdocs.train import History, TrainSettings, line_model, train, train_line

__version__ = version("loopdocs")

__all__ = [
    "History",
    "LineData",
    "TrainSettings",
    "__version__",
    "least_squares",
    "line_model",
    "make_line_data",
    "train",
    "train_line",
    "train_val_split",
]
