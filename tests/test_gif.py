"""The GIF writer: exact round trips, changed boxes only, one palette, no loop, bad input."""

from __future__ import annotations

import io
import struct
from collections.abc import Callable

import numpy as np
import pytest
from PIL import Image

from loopdocs.draw.gif import GifWriter, gif_frame_count, gif_loops, gif_seconds

PALETTE = [(255, 255, 255), (31, 35, 40), (9, 105, 218), (188, 76, 0), (130, 80, 223)]


def decoded(gif: bytes) -> list[np.ndarray]:
    frames = []
    with Image.open(io.BytesIO(gif)) as image:
        for index in range(image.n_frames):
            image.seek(index)
            frames.append(np.asarray(image.convert("RGB")))
    return frames


def moving_square(step: int, size: tuple[int, int] = (40, 64)) -> np.ndarray:
    frame = np.full((*size, 3), PALETTE[0], dtype=np.uint8)
    frame[5:15, 3 + 4 * step : 13 + 4 * step] = PALETTE[2]
    frame[30:, :] = PALETTE[1 + step % 4]  # a band that changes colour every frame
    return frame


def test_frames_drawn_in_palette_colours_come_back_exactly() -> None:
    writer = GifWriter(64, 40, PALETTE)
    frames = [moving_square(step) for step in range(6)]
    for frame in frames:
        writer.add_frame(frame, 80)
    gif = writer.getvalue()
    assert [f.tolist() for f in decoded(gif)] == [f.tolist() for f in frames]
    assert gif_frame_count(gif) == 6
    assert gif_seconds(gif) == pytest.approx(0.48)
    assert not gif_loops(gif)
    assert b"NETSCAPE" not in gif and gif.startswith(b"GIF89a")


def test_other_colours_map_to_the_nearest_palette_colour() -> None:
    writer = GifWriter(64, 40, PALETTE)
    frame = moving_square(0)
    frame[0, 0] = (250, 250, 250)  # anti-aliasing noise near white
    frame[0, 1] = (120, 84, 220)  # near the loss purple
    writer.add_frame(frame, 80)
    (back,) = decoded(writer.getvalue())
    assert tuple(back[0, 0]) == PALETTE[0] and tuple(back[0, 1]) == PALETTE[4]


def test_shown_is_the_frame_a_viewer_draws_after_each_add() -> None:
    rng = np.random.default_rng(0)
    writer = GifWriter(64, 40, PALETTE)
    with pytest.raises(ValueError, match="no frame has been added yet"):
        writer.shown()
    shown = []
    for step in range(6):
        frame = moving_square(step)
        frame[rng.integers(0, 40), rng.integers(0, 64)] = (120, 84, 220)  # off-palette noise
        writer.add_frame(frame, 80)
        if step != 2:  # skipping a call must not lose the boxes changed meanwhile
            shown.append(writer.shown())
    viewed = decoded(writer.getvalue())
    assert len(viewed) == 6
    for mine, theirs in zip(shown, [f for i, f in enumerate(viewed) if i != 2], strict=True):
        assert np.array_equal(mine, theirs)
    shown[-1][0, 0] = (1, 2, 3)  # a copy: changing it changes nothing in the writer
    assert np.array_equal(writer.shown(), viewed[-1])


def descriptors(gif: bytes) -> list[tuple[int, int, int, int, int]]:
    """(left, top, width, height, flags) of every image in a GIF, walking its blocks."""
    flags = gif[10]
    at = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    found = []
    while gif[at] != 0x3B:
        if gif[at] == 0x21:  # extension: label, then sub-blocks
            at += 2
        else:  # image: descriptor, optional local table, LZW code size, sub-blocks
            left, top, width, height, image_flags = struct.unpack("<HHHHB", gif[at + 1 : at + 10])
            found.append((left, top, width, height, image_flags))
            at += 10 + (3 << ((image_flags & 7) + 1) if image_flags & 0x80 else 0) + 1
        while gif[at]:
            at += gif[at] + 1
        at += 1
    return found


def test_later_frames_store_only_the_changed_box_and_share_the_palette() -> None:
    writer = GifWriter(64, 40, PALETTE)
    writer.add_frame(moving_square(0), 80)
    still = moving_square(0)
    still[20, 50] = PALETTE[3]  # one pixel changes
    writer.add_frame(still, 80)
    gif = writer.getvalue()
    assert descriptors(gif) == [(0, 0, 64, 40, 0), (50, 20, 1, 1, 0)]  # no local tables
    assert gif[10] & 0x80  # one global colour table
    assert gif[10] & 0x07 == 2  # 8 entries: 5 colours and "unchanged" fit 3-bit codes


def test_an_unchanged_frame_lengthens_the_one_before() -> None:
    writer = GifWriter(64, 40, PALETTE)
    writer.add_frame(moving_square(0), 80)
    writer.add_frame(moving_square(0), 80)
    writer.add_frame(moving_square(1), 80)
    gif = writer.getvalue()
    assert gif_frame_count(gif) == 2
    assert gif_seconds(gif) == pytest.approx(0.24)


def test_same_frames_give_the_same_bytes() -> None:
    def write() -> bytes:
        writer = GifWriter(64, 40, PALETTE)
        for step in range(4):
            writer.add_frame(moving_square(step), 80)
        return writer.getvalue()

    assert write() == write()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: GifWriter(0, 40, PALETTE), "width must be a whole number from 1 to 65535"),
        (lambda: GifWriter(64, 40, []), "palette must hold 1 to 255 colours"),
        (lambda: GifWriter(64, 40, [(0, 0, 0)] * 256), "palette must hold 1 to 255 colours"),
        (lambda: GifWriter(64, 40, [(0, 0, 300)]), "palette colours must be"),
        (lambda: GifWriter(64, 40, PALETTE).getvalue(), "at least one frame"),
        (lambda: GifWriter(64, 40, PALETTE).add_frame(moving_square(0), 10), "duration_ms"),
        (lambda: GifWriter(64, 40, PALETTE).add_frame(moving_square(0), 85), "duration_ms"),
        (
            lambda: GifWriter(64, 40, PALETTE).add_frame(moving_square(0, (40, 60)), 80),
            "pixels must be a uint8 array of shape",
        ),
    ],
)
def test_bad_writer_input(make: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()
