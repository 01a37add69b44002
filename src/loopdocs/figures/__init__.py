"""Page figures: every function here returns a :class:`~loopdocs.figures.page.PageFigure`.

This layer only assembles: it takes a run from :mod:`loopdocs.loop`, words from
:mod:`loopdocs.describe` and a drawing from :mod:`loopdocs.draw`, and wraps them as a drawing
made for both themes, with alt text and a caption written from the run. ``page`` holds
:class:`PageFigure`, :func:`run_figure` and :func:`themed`; ``compare`` puts several runs side
by side, ``diagnostics`` shows what the troubleshooting demos measure, ``landscape`` the loss
over w and b, ``classify`` the network page's run, ``player`` records the runs an
interactive player replays, and ``puzzle`` the runs of every order of the loop's lines. The
Sphinx side (:mod:`loopdocs.sphinxext`) renders them. Pages
import from here.
"""

from loopdocs.figures.classify import learning_curves_figure, mistakes_figure
from loopdocs.figures.compare import curves_figure, fixes_figure, train_val_figure
from loopdocs.figures.diagnostics import layer_norms_figure, predictions_figure, sweep_figure
from loopdocs.figures.landscape import labelled_steps, paths_figure, tangent_figure
from loopdocs.figures.page import PageFigure, run_figure, themed
from loopdocs.figures.player import LEARNING_RATES, player_contents, player_figure, player_grid
from loopdocs.figures.puzzle import OrderPuzzle, order_puzzle
from loopdocs.loop.measures import Run

__all__ = [
    "LEARNING_RATES",
    "OrderPuzzle",
    "PageFigure",
    "Run",
    "curves_figure",
    "fixes_figure",
    "labelled_steps",
    "layer_norms_figure",
    "learning_curves_figure",
    "mistakes_figure",
    "order_puzzle",
    "paths_figure",
    "player_contents",
    "player_figure",
    "player_grid",
    "predictions_figure",
    "run_figure",
    "sweep_figure",
    "tangent_figure",
    "themed",
    "train_val_figure",
]
