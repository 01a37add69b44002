"""Figures a page shows with one call: light and dark renderings, alt text and a caption.

A :class:`PageFigure` holds PNG (and, for animations, GIF and WebP) renderings in both of furo's
themes, each in two layouts: wide for a desktop's column and narrow (panels stacked) for a
phone's (:data:`loopdocs.draw.layout.LAYOUTS`).
In a notebook it displays as one MIME bundle, ``application/vnd.loopdocs.figure+json``, which
``loopdocs.sphinxext`` turns into a figure whose images switch with the reader's theme and whose
animation gives way to a still when the reader prefers reduced motion. Elsewhere (Jupyter,
a terminal) it falls back to the light still.

This module never imports Sphinx.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from loopdocs._checks import anchor_name, true_or_false
from loopdocs._mime import MIME_TYPE
from loopdocs.describe import describe_animation, describe_settings, describe_still
from loopdocs.draw.animate import FRAMES, MAX_SWING_FRAMES, animate_scene, check_animation
from loopdocs.draw.headers import is_webp, png_size, png_width
from loopdocs.draw.layout import NARROW, WIDE
from loopdocs.draw.png import figure_png
from loopdocs.draw.scene import FitScene
from loopdocs.draw.themes import THEMES, Theme
from loopdocs.loop.data import LineData
from loopdocs.loop.train import History

if TYPE_CHECKING:  # the type alone: this layer draws nothing itself
    from matplotlib.figure import Figure

#: How every player data script starts (it registers the runs under the player's name).
PLAYER_SCRIPT_START = b"(window.loopdocsRuns = window.loopdocsRuns || {})"


@dataclass(frozen=True)
class PageFigure:
    """Renderings of one figure in each theme, with what a reader who cannot see it is told.

    ``stills`` and ``animations`` map a theme name to PNG and GIF bytes; ``webps``, when given,
    to the same animations as lossless WebP, which browsers that read WebP load instead of
    the GIF. ``alt`` describes the still, ``animation_alt`` the animation; ``caption`` is shown
    under the figure. ``player``, when given, maps each part of an interactive player's data
    (:mod:`loopdocs.figures.player`) to its script; the first part loads with the page, the
    others when the reader asks for them. The player replaces the figure where JavaScript
    runs; without JavaScript, and in print, the figure itself is what a reader gets.

    ``narrow_stills``, ``narrow_animations`` and ``narrow_webps``, when given, are the same
    figure drawn narrower (its panels stacked) for a phone's screen, which loads them instead;
    the alt text and caption are the figure's own, since both show the same run.
    """

    alt: str
    stills: dict[str, bytes]
    caption: str = ""
    animations: dict[str, bytes] = field(default_factory=dict)
    animation_alt: str = ""
    name: str = ""
    webps: dict[str, bytes] = field(default_factory=dict)
    player: dict[str, bytes] = field(default_factory=dict)
    narrow_stills: dict[str, bytes] = field(default_factory=dict)
    narrow_animations: dict[str, bytes] = field(default_factory=dict)
    narrow_webps: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.name:
            anchor_name("name", self.name)
        if not isinstance(self.alt, str) or not self.alt.strip():
            raise ValueError("alt must be a non-empty description of what the figure shows")
        if set(self.stills) != set(THEMES):
            raise ValueError(f"stills must hold one PNG per theme {sorted(THEMES)}")
        if self.animations:
            if set(self.animations) != set(THEMES):
                raise ValueError(f"animations must hold one GIF per theme {sorted(THEMES)}")
            if not self.animation_alt.strip():
                raise ValueError("animation_alt must describe what the animation shows")
        if self.webps:
            if not self.animations:
                raise ValueError("webps need animations: the GIFs are the fallback they replace")
            if set(self.webps) != set(THEMES):
                raise ValueError(f"webps must hold one WebP per theme {sorted(THEMES)}")
            if not all(is_webp(webp) for webp in self.webps.values()):
                raise ValueError("webps must be WebP files (RIFF....WEBP)")
        if self.player and not all(
            isinstance(part, str) and part.isidentifier() and script.startswith(PLAYER_SCRIPT_START)
            for part, script in self.player.items()
        ):
            raise ValueError(
                "player must map part names to data scripts of loopdocs.figures.player"
            )
        if self.player and not self.name:
            raise ValueError("a figure with a player needs a name (its anchor and link key)")
        self._check_narrow()

    def _check_narrow(self) -> None:
        """The narrow renderings, when given, mirror the wide ones and are narrower."""
        if not (self.narrow_stills or self.narrow_animations or self.narrow_webps):
            return
        if set(self.narrow_stills) != set(THEMES):
            raise ValueError(f"narrow_stills must hold one PNG per theme {sorted(THEMES)}")
        for name, narrow, wide in (
            ("narrow_animations", self.narrow_animations, self.animations),
            ("narrow_webps", self.narrow_webps, self.webps),
        ):
            if bool(narrow) != bool(wide) or (narrow and set(narrow) != set(THEMES)):
                raise ValueError(
                    f"{name} must hold one file per theme {sorted(THEMES)} exactly when the "
                    f"figure has {name.removeprefix('narrow_')}"
                )
        if self.narrow_webps and not all(is_webp(webp) for webp in self.narrow_webps.values()):
            raise ValueError("narrow_webps must be WebP files (RIFF....WEBP)")
        for theme in THEMES:
            if not png_width(self.narrow_stills[theme]) < png_width(self.stills[theme]):
                raise ValueError(
                    "narrow_stills must be PNGs narrower than the figure's stills, got "
                    f"{png_width(self.narrow_stills[theme])} pixels wide for "
                    f"{png_width(self.stills[theme])}"
                )

    def payload(self) -> dict[str, Any]:
        """The JSON-able content of the MIME bundle the Sphinx adapter reads."""

        def encode(images: dict[str, bytes]) -> dict[str, str]:
            return {name: base64.b64encode(data).decode("ascii") for name, data in images.items()}

        return {
            "alt": self.alt,
            "caption": self.caption,
            "stills": encode(self.stills),
            "animations": encode(self.animations),
            "webps": encode(self.webps),
            "animation_alt": self.animation_alt,
            "name": self.name,
            "player": encode(self.player),
            "narrow_stills": encode(self.narrow_stills),
            "narrow_animations": encode(self.narrow_animations),
            "narrow_webps": encode(self.narrow_webps),
        }

    def named(self, name: str) -> PageFigure:
        """This figure with a stable anchor ``name`` (``page.html#name``) for links to it."""
        return replace(self, name=name)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            MIME_TYPE: self.payload(),
            "image/png": base64.b64encode(self.stills["light"]).decode("ascii"),
            "text/plain": self.alt,
        }


def themed(
    draw: Callable[[Theme], Figure], *, alt: str, caption: str = "", name: str = ""
) -> PageFigure:
    """Draw a figure once per theme and layout with ``draw(theme)`` and wrap the PNGs for a page.

    ``draw`` builds a fresh matplotlib Figure in the theme's colours (see
    :func:`loopdocs.draw.themes.style`) and the current layout's size
    (:func:`loopdocs.draw.layout.current_layout`); it is closed after saving. A figure wider
    than tall is also drawn in the narrow layout, for phones; when that drawing comes out no
    narrower (``draw`` ignored the layout), the figure has no narrow variant.
    """
    if not callable(draw):
        raise ValueError("draw must be a callable taking a Theme and returning a Figure")
    stills = {name: figure_png(draw, theme, WIDE) for name, theme in THEMES.items()}
    narrow: dict[str, bytes] = {}
    width, height = png_size(stills["light"])
    if width > height:
        narrow = {name: figure_png(draw, theme, NARROW) for name, theme in THEMES.items()}
        if png_width(narrow["light"]) >= width:
            narrow = {}
    return PageFigure(alt=alt, stills=stills, caption=caption, name=name, narrow_stills=narrow)


def run_figure(
    history: History,
    data: LineData,
    *,
    animate: bool = False,
    alt: str | None = None,
    caption: str | None = None,
    frames: int = FRAMES,
    fps: float = 12.5,
    name: str = "",
    follow_swings: bool = False,
) -> PageFigure:
    """The two panels of a line-fit run, still or animated, in both themes and both layouts,
    in one call.

    Alt text and caption are written from the run itself unless given, so they can never
    disagree with what the figure shows. The narrow layout (the panels one above the other,
    for phones) shows the same run, frames and timing. ``follow_swings`` (animations only)
    gives each epoch a frame, held longer, until the fitted line stands near vertical, so a
    diverging run's back and forth can be followed (:func:`loopdocs.draw.animate.paced_frames`).
    """
    true_or_false("follow_swings", follow_swings)
    if follow_swings and not animate:
        raise ValueError("follow_swings needs animate=True: a still has no frames to pace")
    if animate:
        check_animation(frames, fps, epochs=history.epochs_run)
    renderings: dict[str, dict[str, dict[str, bytes]]] = {}
    swings = 0  # the epochs shown one by one: the same in every theme and layout
    for layout in (WIDE, NARROW):
        kinds: dict[str, dict[str, bytes]] = {"stills": {}, "animations": {}, "webps": {}}
        for theme_name, theme in THEMES.items():
            # One scene per theme and layout: its still, then its animation's frames.
            scene = FitScene(history, data, theme, layout)
            kinds["stills"][theme_name] = scene.png()
            if animate:
                animation = animate_scene(scene, frames, fps, follow_swings=follow_swings)
                swings = min(scene.swinging_epochs(), MAX_SWING_FRAMES) if follow_swings else 0
                kinds["animations"][theme_name] = animation.gif
                kinds["webps"][theme_name] = animation.webp
        renderings[layout.name] = kinds
    wide, narrow = renderings["wide"], renderings["narrow"]
    return PageFigure(
        alt=alt if alt is not None else describe_still(history, data),
        stills=wide["stills"],
        caption=caption if caption is not None else describe_settings(history),
        animations=wide["animations"],
        animation_alt=describe_animation(history, frames, one_by_one=swings) if animate else "",
        name=name,
        webps=wide["webps"],
        narrow_stills=narrow["stills"],
        narrow_animations=narrow["animations"],
        narrow_webps=narrow["webps"],
    )


__all__ = ["MIME_TYPE", "PageFigure", "run_figure", "themed"]
