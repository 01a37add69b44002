"""The lossless WebP the site offers before the GIF: the same frames, fewer bytes, played once."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from loopdocs import make_line_data, train_line
from loopdocs.draw.animate import FRAMES, render_animation, render_gif
from loopdocs.draw.gif import gif_frame_count, gif_seconds
from loopdocs.draw.webp import encode_webp, webp_plays
from loopdocs.figures import PageFigure, run_figure
from loopdocs.loop.train import History

DATA = make_line_data()


@pytest.fixture(scope="module")
def converging() -> History:
    return train_line(DATA, lr=0.03, epochs=200)


def frames_and_times(animation: bytes) -> list[tuple[np.ndarray, int]]:
    """Each frame as a viewer composes it (RGB) and how long it shows, in ms."""
    shown = []
    with Image.open(io.BytesIO(animation)) as image:
        for index in range(image.n_frames):
            image.seek(index)
            image.load()
            shown.append((np.asarray(image.convert("RGB")), int(image.info["duration"])))
    return shown


@pytest.mark.parametrize("lr", [0.03, 0.6])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_webp_shows_the_gif_s_pixels_at_the_gif_s_times(lr: float, theme: str) -> None:
    history = train_line(DATA, lr=lr, epochs=200)
    animation = render_animation(history, DATA, theme=theme)
    assert animation.gif == render_gif(history, DATA, theme=theme)  # one pass, the same GIF
    gif, webp = frames_and_times(animation.gif), frames_and_times(animation.webp)
    assert len(webp) == len(gif) == FRAMES
    for index, ((gif_pixels, gif_ms), (webp_pixels, webp_ms)) in enumerate(
        zip(gif, webp, strict=True)
    ):
        assert webp_ms == gif_ms, index
        assert np.array_equal(webp_pixels, gif_pixels), f"frame {index} differs"
    assert webp_plays(animation.webp) == 1  # plays once, then stays on its last frame
    # Lossless, and still a third or more smaller: GIF's LZW pays for the wide unchanged runs.
    assert len(animation.webp) * 3 < len(animation.gif) * 2


def test_the_webp_repeats_byte_for_byte_and_carries_no_metadata(converging: History) -> None:
    first = render_animation(converging, DATA).webp
    assert first == render_animation(converging, DATA).webp
    assert first[:4] == b"RIFF" and first[8:12] == b"WEBP"
    chunks = set()
    offset = 12
    while offset < len(first):
        name, size = (
            first[offset : offset + 4],
            int.from_bytes(first[offset + 4 : offset + 8], "little"),
        )
        chunks.add(name)
        offset += 8 + size + (size & 1)
    assert chunks == {b"VP8X", b"ANIM", b"ANMF"}  # no EXIF, XMP or ICC chunk


def test_identical_frames_lengthen_the_one_before() -> None:
    red = np.zeros((4, 6, 3), np.uint8)
    red[..., 0] = 200
    blue = red[..., ::-1].copy()
    webp = encode_webp([red, red.copy(), blue], [400, 80, 80])
    assert gif_frame_count(webp) == 2
    assert [ms for _, ms in frames_and_times(webp)] == [480, 80]
    assert gif_seconds(webp) == pytest.approx(0.56)


@pytest.mark.parametrize(
    ("frames", "durations", "kwargs", "message"),
    [
        ([], [], {}, "frames must hold at least one frame"),
        ([[[[0, 0, 0]]]], [80], {}, "frames must be numpy arrays"),
        ([np.zeros((4, 4, 3), np.uint8)], [80, 80], {}, "one duration per frame"),
        ([np.zeros((4, 4), np.uint8)], [80], {}, r"frames must be \(height, width, 3\)"),
        ([np.zeros((0, 4, 3), np.uint8)], [80], {}, r"frames must be \(height, width, 3\)"),
        (
            [np.zeros((4, 4, 3), np.uint8), np.zeros((4, 5, 3), np.uint8)],
            [80, 80],
            {},
            r"frames\[1\] must be a uint8 array of shape \(4, 4, 3\)",
        ),
        (
            [np.zeros((4, 4, 3), np.uint8), np.zeros((4, 4, 3), np.float32)],
            [80, 80],
            {},
            r"frames\[1\] must be a uint8 array",
        ),
        ([np.zeros((4, 4, 3), np.uint8)], [10], {}, r"durations_ms\[0\] must be a whole number"),
        ([np.zeros((4, 4, 3), np.uint8)], [80.5], {}, r"durations_ms\[0\] must be a whole number"),
        ([np.zeros((4, 4, 3), np.uint8)], [80], {"background": (0, 0, 300)}, "background must"),
    ],
)
def test_bad_webp_input_is_refused_by_name(
    frames: list[np.ndarray], durations: list[int], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        encode_webp(frames, durations, **kwargs)  # type: ignore[arg-type]


def test_webp_plays_refuses_what_is_not_a_webp(converging: History) -> None:
    with pytest.raises(ValueError, match="webp must be a WebP file, got GIF"):
        webp_plays(render_gif(converging, DATA, frames=3))
    with pytest.raises(ValueError, match="webp must be the bytes of a WebP file"):
        webp_plays(b"not an image")


def test_one_frame_or_frames_all_alike_give_a_still_that_shows_once() -> None:
    history = train_line(DATA, lr=0.03, epochs=1)
    animation = render_animation(history, DATA)
    assert gif_frame_count(animation.webp) == gif_frame_count(animation.gif) == 1
    assert webp_plays(animation.webp) == 1
    grey = np.full((4, 6, 3), 128, np.uint8)
    still = encode_webp([grey, grey.copy()], [np.int64(400), 80])  # numpy whole numbers are fine
    assert gif_frame_count(still) == 1 and webp_plays(still) == 1


def test_an_animated_page_figure_carries_a_webp_per_theme(converging: History) -> None:
    figure = run_figure(converging, DATA, animate=True, frames=4)
    assert set(figure.webps) == set(figure.animations) == {"light", "dark"}
    assert set(figure.payload()["webps"]) == {"light", "dark"}
    assert run_figure(converging, DATA).webps == {}
    still = figure.stills
    with pytest.raises(ValueError, match="webps need animations"):
        PageFigure(alt="a figure", stills=still, webps=figure.webps)
    animated = {"animations": figure.animations, "animation_alt": "an animation"}
    for webps, message in (
        ({"light": figure.webps["light"]}, "webps must hold one WebP per theme"),
        (figure.animations, "webps must be WebP files"),
    ):
        with pytest.raises(ValueError, match=message):
            PageFigure(alt="a figure", stills=still, webps=webps, **animated)  # type: ignore[arg-type]
