"""Animations of a run: the fitted line turning onto the points while the loss falls (or explodes).

:func:`render_animation` redraws only the artists that change over a cached background and
hands each frame to :class:`~loopdocs.draw.gif.GifWriter`, which maps it to one palette of the
theme's colours and stores only the box that changed; the frames the GIF shows are also
encoded as a lossless animated WebP (:func:`loopdocs.draw.webp.encode_webp`), the same pixels in
fewer bytes. The site offers browsers the WebP first and the GIF as the fallback;
:func:`render_gif` makes the GIF alone. :func:`render_gif_stock` is the stock matplotlib way
(``FuncAnimation`` + ``PillowWriter``: a full redraw and a fresh palette per frame), kept for
the side-by-side benchmark. All draw the same :class:`~loopdocs.draw.scene.FitScene`, so they show
the same figure, frames and pixel size.

The animations play once and stop on their last frame (no loop), within :data:`MAX_SECONDS`.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.animation import FuncAnimation, PillowWriter
from PIL import ImageColor

from loopdocs._checks import positive_float, positive_int
from loopdocs.draw.gif import MIN_FRAME_MS, GifWriter
from loopdocs.draw.layout import DPI, Layout, get_layout
from loopdocs.draw.scene import FitScene
from loopdocs.draw.themes import Theme, style, theme_palette
from loopdocs.draw.webp import encode_webp
from loopdocs.loop.data import LineData
from loopdocs.loop.train import History

#: Frames in a site animation: smooth at 12.5 fps, and small enough for a page's weight budget.
FRAMES = 40
#: WCAG 2.2.2: nothing may move for more than 5 s unless the reader can pause it.
MAX_SECONDS = 5.0
#: How long the first frame is held before the motion starts, in milliseconds.
HOLD_FIRST_MS = 400
#: An animation that follows a run's swings shows its first epochs one by one, each held this
#: long (milliseconds): long enough to see the line flip and read w in the readout.
SWING_FRAME_MS = 300
#: At most this many epochs are shown one by one (8 of them take 2.4 s of the 5 s).
MAX_SWING_FRAMES = 10


def frame_epochs(epochs_run: int, frames: int = FRAMES, *, each_first: int = 0) -> list[int]:
    """Choose up to ``frames`` epochs from 1..``epochs_run``, denser early where change is fast.

    The first and last epochs are always included; the spacing is geometric, so a run that
    converges in its first few epochs is not mostly frames of nothing happening. The first
    ``each_first`` epochs (as many as fit, leaving a frame for the last) each get a frame.
    """
    positive_int("epochs_run", epochs_run)
    positive_int("frames", frames)
    if not isinstance(each_first, int) or isinstance(each_first, bool) or each_first < 0:
        raise ValueError(f"each_first must be a whole number >= 0, got {each_first!r}")
    each = min(each_first, frames - 1, epochs_run)
    if each > 0 and epochs_run > each:
        rest = frame_epochs(epochs_run - each, frames - each)
        return [*range(1, each + 1), *(each + epoch for epoch in rest)]
    if frames < 2 or epochs_run <= frames:
        return list(range(1, epochs_run + 1)) if frames >= epochs_run else [epochs_run]
    chosen = np.unique(np.round(np.geomspace(1, epochs_run, frames * 4)).astype(int))
    picks = np.unique(np.round(np.linspace(0, len(chosen) - 1, frames)).astype(int))
    return [int(chosen[i]) for i in picks]


def _frame_durations(count: int, fps: float, swings: int = 0) -> list[int]:
    # GIF delays count hundredths of a second: round here, so the 5 s check sees true times.
    frame_ms = 10 * round(100 / fps)
    durations = [frame_ms] * count
    for i in range(min(swings, count)):  # the epochs shown one by one are held longer
        durations[i] = max(frame_ms, SWING_FRAME_MS)
    durations[0] = max(durations[0], HOLD_FIRST_MS)
    return durations


def paced_frames(
    epochs_run: int, frames: int, fps: float, swings: int = 0
) -> tuple[list[int], list[int]]:
    """The epochs an animation shows and how long each is held (milliseconds).

    With ``swings`` > 0 the first ``swings`` epochs (at most :data:`MAX_SWING_FRAMES`) are
    shown one by one, each held :data:`SWING_FRAME_MS`, and the rest of the run gets as many
    of the other frames as fit in :data:`MAX_SECONDS`.
    """
    positive_int("frames", frames)
    each = min(swings, MAX_SWING_FRAMES, epochs_run)
    if each <= 0:
        epochs = frame_epochs(epochs_run, frames)
        return epochs, _frame_durations(len(epochs), fps)
    frame_ms = 10 * round(100 / fps)
    left_ms = 1000 * MAX_SECONDS - sum(_frame_durations(each, fps, each))
    count = min(frames, each + max(1, int(left_ms // frame_ms)))
    epochs = frame_epochs(epochs_run, max(count, each + 1), each_first=each)
    return epochs, _frame_durations(len(epochs), fps, each)


def _check(history: History, frames: int, fps: float) -> None:
    if not isinstance(history, History):
        raise ValueError(f"history must be a loopdocs History, got {type(history).__name__}")
    if history.epochs_run == 0:
        raise ValueError("history must hold at least one epoch; this one is empty")
    check_animation(frames, fps, epochs=history.epochs_run)


def check_animation(frames: int, fps: float, *, epochs: int) -> None:
    """Refuse ``frames`` and ``fps`` that browsers cannot play as asked, or that would move for
    longer than :data:`MAX_SECONDS`, for a run of ``epochs`` epochs (before any training)."""
    positive_int("frames", frames)
    positive_float("fps", fps)
    if 1000 / fps < MIN_FRAME_MS:
        raise ValueError(
            f"fps must be at most {1000 // MIN_FRAME_MS}, got {fps!r}: browsers play faster GIF "
            "frames at 10 per second"
        )
    total = sum(_frame_durations(min(frames, epochs), fps)) / 1000
    if total > MAX_SECONDS:
        raise ValueError(
            f"frames={frames} at fps={fps} plays for {total:.1f} s; an animation may move for at "
            f"most {MAX_SECONDS:.0f} s (WCAG 2.2.2): use fewer frames or a higher fps"
        )


@dataclass(frozen=True)
class Animation:
    """One run animated two ways with the same frames, pixels and timing.

    ``gif`` plays everywhere; ``webp`` (lossless) is the same animation in fewer bytes, for
    the browsers that read WebP. Both play once and stop on their last frame.
    """

    gif: bytes
    webp: bytes


def render_gif(
    history: History,
    data: LineData,
    *,
    theme: str | Theme = "light",
    frames: int = FRAMES,
    fps: float = 12.5,
    layout: str | Layout | None = None,
) -> bytes:
    """Animate ``history`` as GIF bytes: blitted frames, one shared palette, played once.

    The same history and arguments always give the same bytes.
    """
    return _render(history, data, theme, frames, fps, layout, webp=False).gif


def render_animation(
    history: History,
    data: LineData,
    *,
    theme: str | Theme = "light",
    frames: int = FRAMES,
    fps: float = 12.5,
    layout: str | Layout | None = None,
) -> Animation:
    """Animate ``history`` as a GIF and as a lossless WebP of the very same frames, in one pass.

    The WebP shows exactly the GIF's pixels (each frame as the GIF draws it, palette and
    all), at the same times. The same history and arguments always give the same bytes.
    ``layout`` ('wide' or 'narrow', by default the current one) is :class:`FitScene`'s.
    """
    return _render(history, data, theme, frames, fps, layout, webp=True)


def _render(
    history: History,
    data: LineData,
    theme: str | Theme,
    frames: int,
    fps: float,
    layout: str | Layout | None,
    webp: bool,
) -> Animation:
    _check(history, frames, fps)
    return animate_scene(FitScene(history, data, theme, get_layout(layout)), frames, fps, webp)


def animate_scene(
    scene: FitScene, frames: int, fps: float, webp: bool = True, *, follow_swings: bool = False
) -> Animation:
    """Animate a scene already drawn (say, for its still): :func:`render_animation`'s frames.

    ``frames`` and ``fps`` are checked by the caller (:func:`check_animation`). With
    ``follow_swings``, every epoch up to the one where the fitted line stands near vertical
    (:meth:`FitScene.swinging_epochs`) gets a frame of its own, held longer, so the back and
    forth of a diverging run's line and of w in the readout can be followed
    (:func:`paced_frames`).
    """
    swings = scene.swinging_epochs() if follow_swings else 0
    epochs, durations = paced_frames(scene.history.epochs_run, frames, fps, swings)
    fig = scene.figure
    canvas = fig.canvas
    writer = GifWriter(*scene.layout.scene, palette=theme_palette(scene.theme, scene.colours))
    shown: list[np.ndarray] = []
    with style(scene.theme):
        for artist in scene.animated_artists:
            artist.set_animated(True)
        canvas.draw()
        background = canvas.copy_from_bbox(fig.bbox)  # type: ignore[attr-defined]
        for epoch, duration in zip(epochs, durations, strict=True):
            canvas.restore_region(background)  # type: ignore[attr-defined]
            scene.set_epoch(epoch)
            for artist in scene.animated_artists:
                fig.draw_artist(artist)
            writer.add_frame(np.asarray(canvas.buffer_rgba()), duration)  # type: ignore[attr-defined]
            if webp:
                shown.append(writer.shown())
        for artist in scene.animated_artists:  # a still saved after this shows them again
            artist.set_animated(False)
    page = ImageColor.getrgb(scene.theme.background)
    return Animation(
        gif=writer.getvalue(),
        webp=encode_webp(shown, durations, background=(page[0], page[1], page[2])) if webp else b"",
    )


def render_gif_stock(
    history: History,
    data: LineData,
    *,
    theme: str | Theme = "light",
    frames: int = FRAMES,
    fps: float = 12.5,
) -> bytes:
    """The same animation the stock way: FuncAnimation + PillowWriter, full redraw per frame."""
    _check(history, frames, fps)
    scene = FitScene(history, data, theme)
    epochs = frame_epochs(history.epochs_run, frames)
    animation = FuncAnimation(
        scene.figure, lambda i: scene.set_epoch(epochs[i]), frames=len(epochs), blit=False
    )
    with tempfile.TemporaryDirectory() as folder, style(scene.theme):
        path = Path(folder) / "stock.gif"
        writer = PillowWriter(fps=fps)  # type: ignore[arg-type]  # any number works; stub says int
        animation.save(str(path), writer=writer, dpi=DPI)
        return path.read_bytes()
