"""Drawing, with matplotlib and Pillow: every function here returns a Figure or bytes.

``layout`` holds the sizes every figure shares, ``themes`` the light and dark colours,
``scene`` the worked example's two panels (:class:`~loopdocs.draw.scene.FitScene`), ``curves``
and ``surface`` loss curves and loss landscapes, ``classify`` a classifier's curves and
mistakes, ``animate`` the animations, encoded by ``gif`` and ``webp``. Pages do not call this
layer directly for what they show: they call :mod:`loopdocs.figures`, which wraps a drawing as
a page figure with alt text.
"""
