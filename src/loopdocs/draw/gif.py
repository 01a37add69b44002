"""A small GIF writer for animations drawn in a handful of known colours.

Every frame is mapped to one palette given up front (no per-frame palettes), and each frame
after the first stores only the box that changed, with unchanged pixels in it transparent.
LZW codes start just wide enough for the palette (6 bits for the 25 to 31 colours of a
figure) where Pillow's own GIF writer always starts at 9. Pillow does the colour mapping and the
LZW compression; this module only decides what to compress and writes the GIF89a container.

The output plays once (there is no looping extension), carries no metadata, and depends only
on the frames, durations and palette given: the same input always gives the same bytes.
"""

from __future__ import annotations

import io
import math
import struct
from collections.abc import Sequence

import numpy as np
from PIL import Image

#: Browsers play a frame delay of 10 ms or less as 100 ms; shorter frames are refused.
MIN_FRAME_MS = 20
#: GIF stores sizes and delays in 16 bits: at most 65,535 pixels a side, 655.35 s a frame.
MAX_SIDE = 65535
MAX_DELAY_CS = 65535
_TRAILER = b"\x3b"


class GifWriter:
    """Collect RGB(A) frames of one size and return them as an animated GIF.

    ``palette`` lists the colours (RGB tuples) every pixel is mapped to, nearest first; at
    most 255 of them, since one more index is kept for "unchanged" (transparent) pixels.
    """

    def __init__(self, width: int, height: int, palette: Sequence[tuple[int, int, int]]) -> None:
        for name, side in (("width", width), ("height", height)):
            if isinstance(side, bool) or not isinstance(side, int) or not 1 <= side <= MAX_SIDE:
                raise ValueError(
                    f"{name} must be a whole number from 1 to {MAX_SIDE}, got {side!r}"
                )
        colours = [tuple(int(channel) for channel in colour) for colour in palette]
        if not 1 <= len(colours) <= 255:
            raise ValueError(f"palette must hold 1 to 255 colours, got {len(colours)}")
        if any(len(c) != 3 or not all(0 <= v <= 255 for v in c) for c in colours):
            raise ValueError("palette colours must be (r, g, b) tuples of 0..255")
        self.width, self.height = width, height
        self.transparent = len(colours)
        # LZW codes start one bit wider than the largest index; GIF needs at least 2 bits.
        self.bits = max(2, self.transparent.bit_length())
        self._palette_image = Image.new("P", (1, 1))
        self._palette_image.putpalette([v for colour in colours for v in colour])
        table = np.zeros((1 << self.bits, 3), dtype=np.uint8)
        table[: len(colours)] = colours
        self._table = table.tobytes()
        self._frames: list[tuple[int, bytes, bytes]] = []  # (delay in cs, descriptor, data)
        self._previous_pixels: np.ndarray | None = None
        self._previous_indices: np.ndarray | None = None
        # For shown(): the RGB frame last handed out, and the boxes changed since then.
        self._shown: np.ndarray | None = None
        self._stale: list[tuple[int, int, int, int]] = []

    def add_frame(self, pixels: np.ndarray, duration_ms: int) -> None:
        """Append a frame (an ``(height, width, 3 or 4)`` uint8 array) shown for ``duration_ms``.

        A frame identical to the one before only lengthens that frame's delay.
        """
        if not isinstance(pixels, np.ndarray):
            raise ValueError(
                f"pixels must be a numpy uint8 array of shape ({self.height}, {self.width}, 3 or "
                f"4), got {type(pixels).__name__} (convert with np.asarray(pixels, np.uint8))"
            )
        if pixels.dtype != np.uint8 or pixels.shape[:2] != (self.height, self.width):
            raise ValueError(
                f"pixels must be a uint8 array of shape ({self.height}, {self.width}, 3 or 4), "
                f"got {pixels.dtype} {pixels.shape}"
            )
        if pixels.ndim != 3 or pixels.shape[2] not in (3, 4):
            raise ValueError(f"pixels must have 3 or 4 channels, got shape {pixels.shape}")
        whole = isinstance(duration_ms, int) and not isinstance(duration_ms, bool)
        if not whole or not MIN_FRAME_MS <= duration_ms <= MAX_DELAY_CS * 10 or duration_ms % 10:
            raise ValueError(
                f"duration_ms must be a multiple of 10 from {MIN_FRAME_MS} to "
                f"{MAX_DELAY_CS * 10:,} (GIF counts hundredths of a second in 16 bits), "
                f"got {duration_ms!r}"
            )
        delay = duration_ms // 10
        packed = _pack(pixels)
        if self._previous_pixels is None or self._previous_indices is None:
            indices = self._quantize(pixels)
            self._append(delay, 0, 0, indices, transparent=False)
            self._previous_pixels, self._previous_indices = packed, indices
            return
        box = _changed_box(packed != self._previous_pixels)
        self._previous_pixels = packed
        if box is not None:
            top, bottom, left, right = box
            indices = self._quantize(pixels[top:bottom, left:right])
            changed = indices != self._previous_indices[top:bottom, left:right]
            self._previous_indices[top:bottom, left:right] = indices
            inner = _changed_box(changed)
            if inner is not None:
                y0, y1, x0, x1 = inner
                crop = np.where(changed[y0:y1, x0:x1], indices[y0:y1, x0:x1], self.transparent)
                self._stale.append((top + y0, top + y1, left + x0, left + x1))
                self._append(delay, left + x0, top + y0, crop.astype(np.uint8), transparent=True)
                return
        # Nothing visible changed (or only within one palette colour): hold the last frame.
        previous_delay, descriptor, data = self._frames[-1]
        if previous_delay + delay > MAX_DELAY_CS:
            raise ValueError(
                f"duration_ms: an unchanged frame would show for {(previous_delay + delay) * 10:,} "
                f"ms in all, more than GIF's {MAX_DELAY_CS * 10:,}"
            )
        self._frames[-1] = (previous_delay + delay, descriptor, data)

    def shown(self) -> np.ndarray:
        """What the GIF shows after the frames so far: an ``(height, width, 3)`` RGB array.

        Every pixel is mapped to the palette, so this is the frame as a viewer draws it.
        """
        if self._previous_indices is None:
            raise ValueError("no frame has been added yet")
        table = np.frombuffer(self._table, dtype=np.uint8).reshape(-1, 3)
        if self._shown is None:
            self._shown = table[self._previous_indices]
        for top, bottom, left, right in self._stale:  # map only what changed since last time
            self._shown[top:bottom, left:right] = table[
                self._previous_indices[top:bottom, left:right]
            ]
        self._stale.clear()
        shown: np.ndarray = self._shown.copy()
        return shown

    def getvalue(self) -> bytes:
        """The GIF so far, as bytes."""
        if not self._frames:
            raise ValueError("a GIF needs at least one frame; none was added")
        flags = 0x80 | ((self.bits - 1) << 4) | (self.bits - 1)  # global table of 2**bits
        parts = [
            b"GIF89a",
            struct.pack("<HHBBB", self.width, self.height, flags, 0, 0),
            self._table,
        ]
        for delay, descriptor, data in self._frames:
            # Graphic control: disposal 1 ("leave in place"), transparency flag, delay, index.
            flag = descriptor[0]
            parts.append(
                struct.pack("<BBBBHBB", 0x21, 0xF9, 4, (1 << 2) | flag, delay, self.transparent, 0)
            )
            parts.append(descriptor[1:])
            parts.append(data)
        parts.append(_TRAILER)
        return b"".join(parts)

    def _quantize(self, pixels: np.ndarray) -> np.ndarray:
        rgb = np.ascontiguousarray(pixels[..., :3])
        image = Image.fromarray(rgb).quantize(palette=self._palette_image, dither=Image.Dither.NONE)
        indices: np.ndarray = np.asarray(image, dtype=np.uint8).copy()
        return indices

    def _append(
        self, delay: int, left: int, top: int, indices: np.ndarray, transparent: bool
    ) -> None:
        height, width = indices.shape
        descriptor = bytes([int(transparent)]) + struct.pack(
            "<BHHHHB", 0x2C, left, top, width, height, 0
        )
        # Pillow's "gif" encoder takes (raw mode, LZW minimum code size) and writes the LZW data
        # as length-prefixed sub-blocks; tests/test_gif.py decodes the result pixel for pixel.
        lzw = Image.fromarray(np.ascontiguousarray(indices)).tobytes("gif", "L", self.bits)
        self._frames.append((delay, descriptor, bytes([self.bits]) + lzw + b"\x00"))


def _pack(pixels: np.ndarray) -> np.ndarray:
    """One uint32 per pixel (a copy), so two frames compare in one pass."""
    if pixels.shape[2] == 4 and pixels.flags.c_contiguous:
        packed: np.ndarray = pixels.view(np.uint32)[..., 0].copy()  # RGBA as in memory
        return packed
    rgb = pixels[..., :3].astype(np.uint32)
    return np.asarray((rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2])


def _changed_box(changed: np.ndarray) -> tuple[int, int, int, int] | None:
    """(top, bottom, left, right) of the True pixels, bottom/right exclusive; None if none."""
    rows = np.flatnonzero(changed.any(axis=1))
    if rows.size == 0:
        return None
    columns = np.flatnonzero(changed.any(axis=0))
    return int(rows[0]), int(rows[-1]) + 1, int(columns[0]), int(columns[-1]) + 1


# -- Reading a GIF back (tests and pages check what was made) ---------------------------


def open_animation(content: bytes, name: str = "gif") -> Image.Image:
    """``content`` opened as an image, or a ValueError naming ``name`` if it is none."""
    if not isinstance(content, (bytes, bytearray)):
        raise ValueError(
            f"{name} must be the bytes of a GIF or WebP file, got {type(content).__name__}"
        )
    try:
        image = Image.open(io.BytesIO(content))
    except (OSError, SyntaxError) as error:  # Pillow's "cannot identify image file"
        raise ValueError(f"{name} must be the bytes of a GIF or WebP file: {error}") from None
    if image.format not in ("GIF", "WEBP"):
        image.close()
        raise ValueError(f"{name} must be a GIF or WebP file, got {image.format}")
    return image


def gif_frame_count(gif: bytes) -> int:
    """How many frames a GIF (or an animated WebP) holds."""
    with open_animation(gif) as image:
        return int(getattr(image, "n_frames", 1))


def gif_seconds(gif: bytes) -> float:
    """How long a GIF (or an animated WebP) plays once, in seconds."""
    total = 0
    with open_animation(gif) as image:
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            image.load()  # a WebP frame's duration is known once it is decoded
            total += int(image.info.get("duration", 0))
    return total / 1000


def gif_loops(gif: bytes) -> bool:
    """True when the GIF asks to repeat (it carries a NETSCAPE loop extension)."""
    with open_animation(gif) as image:
        return "loop" in image.info and not math.isnan(float(image.info["loop"]))
