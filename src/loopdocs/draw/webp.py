"""Lossless animated WebP from the frames a GIF shows: the same pixels in fewer bytes.

GIF's LZW learns a run of one value only a step at a time, afresh in every frame, so a frame
whose changes sit far apart (the fitted line in one panel, the loss curve's tip in the other)
pays for the large box of "unchanged" pixels between them; WebP's lossless coder stores such
a box in a few dozen bytes, and is tighter than LZW on a whole picture too.
:func:`encode_webp` writes the frames exactly (lossless, no colour change), plays them once
and stops on the last, and carries no metadata: the same frames always give the same bytes.
Pages offer it to browsers that read WebP; the GIF stays as the fallback, and for anyone who
needs a GIF file.
"""

from __future__ import annotations

import io
import numbers
from collections.abc import Sequence

import numpy as np
from PIL import Image

from loopdocs.draw.gif import MIN_FRAME_MS

#: libwebp's effort (0 to 6). 4 is its default for stills; 6 takes 100 times longer for the
#: same bytes on these figures.
METHOD = 4
#: WebP's limits: 16,383 pixels a side, and a frame's duration in 24 bits of milliseconds.
MAX_SIDE = 16383
MAX_DURATION_MS = 2**24 - 1


def encode_webp(
    frames: Sequence[np.ndarray],
    durations_ms: Sequence[int],
    background: tuple[int, int, int] = (255, 255, 255),
) -> bytes:
    """Encode RGB frames (``(height, width, 3)`` uint8 arrays) as an animated WebP.

    Each frame shows for its duration in ``durations_ms``; a frame identical to the one before
    only lengthens that one. ``background`` is the colour a viewer may show before the first
    frame is decoded (the page's). The animation plays once; a single frame (or frames that
    are all the same) gives a still WebP.
    """
    shape = _check_frames(frames, durations_ms, background)
    images, durations = _merge_repeats(frames, durations_ms, shape)
    pictures = [Image.fromarray(np.ascontiguousarray(image), "RGB") for image in images]
    buffer = io.BytesIO()
    pictures[0].save(
        buffer,
        format="WEBP",
        save_all=True,
        append_images=pictures[1:],
        duration=durations,
        loop=1,  # WebP counts plays, not repeats: 1 plays once
        lossless=True,
        quality=100,  # in lossless mode: effort, not fidelity
        method=METHOD,
        # Only the first frame stands alone. libwebp would otherwise start a fresh key frame
        # every 9 to 17 frames, which costs a third more here and gains nothing for a file
        # that is always played from its start.
        kmin=len(pictures) + 1,
        kmax=len(pictures) + 2,
        background=(*background, 255),
    )
    return buffer.getvalue()


def _check_frames(
    frames: Sequence[np.ndarray],
    durations_ms: Sequence[int],
    background: tuple[int, int, int],
) -> tuple[int, ...]:
    """Refuse what no WebP can be made of, before any encoding; return the first frame's shape,
    which every frame must share."""
    if len(frames) == 0:
        raise ValueError("frames must hold at least one frame; none was given")
    if len(durations_ms) != len(frames):
        raise ValueError(
            f"durations_ms must hold one duration per frame: {len(frames)} frames, "
            f"{len(durations_ms)} durations"
        )
    if not all(isinstance(frame, np.ndarray) for frame in frames):
        raise ValueError("frames must be numpy arrays of shape (height, width, 3)")
    shape: tuple[int, ...] = frames[0].shape
    if len(shape) != 3 or shape[2] != 3 or shape[0] < 1 or shape[1] < 1:
        raise ValueError(f"frames must be (height, width, 3) RGB arrays, got shape {shape}")
    if max(shape[:2]) > MAX_SIDE:
        raise ValueError(
            f"frames must be at most {MAX_SIDE} pixels a side (WebP's limit), got {shape[:2]}"
        )
    if len(background) != 3 or not all(isinstance(v, int) and 0 <= v <= 255 for v in background):
        raise ValueError(f"background must be an (r, g, b) tuple of 0..255, got {background!r}")
    return shape


def _merge_repeats(
    frames: Sequence[np.ndarray], durations_ms: Sequence[int], shape: tuple[int, ...]
) -> tuple[list[np.ndarray], list[int]]:
    """The frames to encode and how long each shows: a frame identical to the one before
    lengthens that one instead. Each frame and duration is checked on the way."""
    images: list[np.ndarray] = []
    durations: list[int] = []
    for index, (frame, duration) in enumerate(zip(frames, durations_ms, strict=True)):
        _check_frame(index, frame, duration, shape)
        if images and np.array_equal(frame, images[-1]):
            if durations[-1] + duration > MAX_DURATION_MS:
                raise ValueError(
                    f"durations_ms[{index}]: an unchanged frame would show for more than "
                    f"WebP's {MAX_DURATION_MS:,} ms"
                )
            durations[-1] += duration
            continue
        images.append(frame)
        durations.append(int(duration))
    return images, durations


def _check_frame(index: int, frame: np.ndarray, duration: int, shape: tuple[int, ...]) -> None:
    """Refuse a frame unlike the first, or a duration WebP cannot store."""
    if frame.dtype != np.uint8 or frame.shape != shape:
        raise ValueError(
            f"frames[{index}] must be a uint8 array of shape {shape} like the first, "
            f"got {frame.dtype} {frame.shape}"
        )
    whole = isinstance(duration, numbers.Integral) and not isinstance(duration, bool)
    if not whole or not MIN_FRAME_MS <= duration <= MAX_DURATION_MS:
        raise ValueError(
            f"durations_ms[{index}] must be a whole number of ms from {MIN_FRAME_MS} to "
            f"{MAX_DURATION_MS:,} (WebP stores 24 bits), got {duration!r}"
        )


def webp_plays(webp: bytes) -> int:
    """How many times a WebP plays: an animation's loop count (0 means forever); a still, 1."""
    try:
        image = Image.open(io.BytesIO(webp))
    except (OSError, TypeError) as error:
        raise ValueError(f"webp must be the bytes of a WebP file: {error}") from None
    with image:
        if image.format != "WEBP":
            raise ValueError(f"webp must be a WebP file, got {image.format}")
        if not getattr(image, "is_animated", False):
            return 1
        return int(image.info["loop"])
