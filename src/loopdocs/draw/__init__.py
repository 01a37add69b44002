"""Drawing, with matplotlib and Pillow, and what drawing needs.

The ``draw_*`` functions return a matplotlib Figure; the encoders return bytes (a PNG, a GIF, a
WebP, the social card) or an :class:`~loopdocs.draw.animate.Animation` holding both animated
formats. Beside them are the helpers they share, which return neither: sizes and panel grids,
colours and their contrast, which epochs become frames, a run's path clipped for plotting, and
readers of image headers, frame counts and durations.

``layout`` holds the sizes every figure shares, ``themes`` the light and dark colours,
``scene`` the worked example's two panels (:class:`~loopdocs.draw.scene.FitScene`), ``curves``
and ``surface`` loss curves and loss landscapes, ``compare`` several runs panel by panel,
``diagnostics`` what the troubleshooting demos measure, ``classify`` a classifier's curves and
mistakes, ``animate`` the animations, encoded by ``gif`` and ``webp``, ``png`` a figure's PNG,
``headers`` the sizes read from image headers, ``social_card`` the site's social card. Nothing
here words alt text (:mod:`loopdocs.describe`) or runs a model (:mod:`loopdocs.loop`). Pages do
not call this layer for what they show: they call :mod:`loopdocs.figures`, which wraps a drawing
as a page figure with alt text (tests/test_layers.py checks it; only "How this site is built"
imports this layer, to measure the encoders it describes).
"""
