"""Page figures: every function here returns a :class:`~loopdocs.figures.page.PageFigure`.

A page figure is a drawing made for both themes, with alt text and a caption written from the
run (``page``: :func:`run_figure`, :func:`themed`); ``compare`` puts several runs side by
side, ``diagnostics`` draws what the troubleshooting demos measure, ``classify`` the network
page's run, and ``player`` records the runs an interactive player replays. The Sphinx side
(:mod:`loopdocs.sphinxext`) renders them.
"""

from loopdocs.figures.page import PageFigure, run_figure, themed

__all__ = ["PageFigure", "run_figure", "themed"]
