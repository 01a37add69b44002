from __future__ import annotations

import io
import math
from itertools import pairwise

import numpy as np
import pytest
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image, ImageColor

from loopdocs import make_line_data, train_line
from loopdocs.draw.animate import (
    FRAMES,
    MAX_SECONDS,
    SWING_FRAME_MS,
    frame_epochs,
    paced_frames,
    render_gif,
    render_gif_stock,
)
from loopdocs.draw.gif import gif_frame_count, gif_loops, gif_seconds
from loopdocs.draw.layout import SIZE
from loopdocs.draw.scene import NEAR_VERTICAL, FitScene
from loopdocs.figures import run_figure
from loopdocs.loop.train import History, TrainSettings

DATA = make_line_data()


@pytest.fixture(scope="module")
def converging() -> History:
    return train_line(DATA, lr=0.03, epochs=200)


@pytest.fixture(scope="module")
def diverging() -> History:
    return train_line(DATA, lr=0.6, epochs=200)


def frames_of(gif: bytes) -> list[np.ndarray]:
    frames = []
    with Image.open(io.BytesIO(gif)) as image:
        for index in range(image.n_frames):
            image.seek(index)
            frames.append(np.asarray(image.convert("RGB")).astype(int))
    return frames


def test_gif_plays_once_within_five_seconds_at_figure_size(converging: History) -> None:
    gif = render_gif(converging, DATA)
    assert gif_frame_count(gif) == FRAMES
    assert 0 < gif_seconds(gif) <= MAX_SECONDS
    assert not gif_loops(gif)
    with Image.open(io.BytesIO(gif)) as image:
        assert image.size == SIZE


def test_same_history_gives_identical_bytes(converging: History) -> None:
    assert render_gif(converging, DATA) == render_gif(converging, DATA)
    assert FitScene(converging, DATA).png() == FitScene(converging, DATA).png()
    assert b"Software" not in FitScene(converging, DATA).png()


def test_frames_match_the_stock_rendering(converging: History) -> None:
    ours = frames_of(render_gif(converging, DATA, frames=12, fps=10))
    stock = frames_of(render_gif_stock(converging, DATA, frames=12, fps=10))
    assert len(ours) == len(stock) == 12
    for mine, theirs in zip(ours, stock, strict=True):
        assert mine.shape == theirs.shape
        # Same figure, drawn two ways and quantised differently: almost every pixel agrees.
        assert np.mean(np.abs(mine - theirs).max(axis=-1) > 48) < 0.01


def test_last_frame_is_the_final_state_and_first_the_start(converging: History) -> None:
    frames = frames_of(render_gif(converging, DATA, frames=10, fps=10))
    assert not np.array_equal(frames[0], frames[-1])
    scene_last = np.asarray(Image.open(io.BytesIO(FitScene(converging, DATA).png())).convert("RGB"))
    assert np.mean(np.abs(frames[-1] - scene_last.astype(int)).max(axis=-1) > 48) < 0.01


def test_diverging_run_animates_with_a_marker(diverging: History) -> None:
    assert diverging.diverged
    scene = FitScene(diverging, DATA)
    assert scene.log_scale
    assert scene.ax_loss.get_yscale() == "log"
    scene.set_epoch(diverging.epochs_run)
    assert scene.alarm is not None and scene.alarm.get_visible()
    assert f"epoch {diverging.diverged_at}" in scene.alarm_text.get_text()
    gif = render_gif(diverging, DATA, frames=20, fps=10)
    assert gif_frame_count(gif) == 20


def test_history_full_of_nan_renders_a_still() -> None:
    nan = float("nan")
    history = History(
        settings=TrainSettings(lr=1.0, epochs=3), loss=(nan,), w=(nan,), b=(nan,), diverged_at=1
    )
    png = FitScene(history, DATA).png()
    assert png.startswith(b"\x89PNG")
    assert gif_frame_count(render_gif(history, DATA)) == 1


def test_frame_epochs_cover_first_and_last() -> None:
    epochs = frame_epochs(200, 48)
    assert epochs[0] == 1 and epochs[-1] == 200 and len(epochs) == 48
    assert epochs == sorted(set(epochs))
    assert frame_epochs(5, 48) == [1, 2, 3, 4, 5]


def test_frame_epochs_can_show_the_first_epochs_one_by_one() -> None:
    assert frame_epochs(63, 40)[:6] == [1, 2, 4, 5, 7, 8]  # issue #23: epochs 3 and 6 skipped
    epochs = frame_epochs(63, 40, each_first=8)
    assert epochs[:9] == list(range(1, 10)) and epochs[-1] == 63 and len(epochs) == 40
    assert epochs == sorted(set(epochs))
    assert frame_epochs(5, 3, each_first=8) == [1, 2, 5]  # one frame is left for the last epoch
    assert frame_epochs(4, 40, each_first=8) == [1, 2, 3, 4]


def test_a_diverging_run_followed_swing_by_swing(diverging: History) -> None:
    """Issue #23: the diverging animation showed epochs 1, 2, 4, 5, 7, 8, so the back and
    forth of w was lost. Followed, it shows every epoch until the line stands near vertical,
    each held long enough to see, and still plays within 5 s."""
    scene = FitScene(diverging, DATA)
    swings = scene.swinging_epochs()
    assert swings == FitScene(diverging, DATA, "dark", "narrow").swinging_epochs()
    # w changes sign every epoch until then, and the line then spans a sliver of the panel.
    signs = [w > 0 for w in diverging.w[1:swings]]
    assert len(signs) >= 5 and all(a != b for a, b in pairwise(signs))
    (x_low, x_high), (y_low, y_high) = scene.ax_fit.get_xlim(), scene.ax_fit.get_ylim()
    spans = [(y_high - y_low) / abs(w) / (x_high - x_low) for w in diverging.w[1:swings]]
    assert spans[-1] < NEAR_VERTICAL <= min(spans[:-1])
    epochs, durations = paced_frames(diverging.epochs_run, FRAMES, 12.5, swings)
    assert epochs[:swings] == list(range(1, swings + 1)) and epochs[-1] == diverging.epochs_run
    assert durations[1:swings] == [SWING_FRAME_MS] * (swings - 1)
    assert sum(durations) <= 1000 * MAX_SECONDS
    gif = render_gif(diverging, DATA)  # not followed: the old pacing, unchanged
    assert gif_frame_count(gif) == FRAMES
    figure = run_figure(diverging, DATA, animate=True, follow_swings=True)
    followed = figure.animations["light"]
    assert gif_frame_count(followed) == len(epochs) and gif_seconds(followed) <= MAX_SECONDS
    assert f"The first {swings} epochs are shown one at a time" in figure.animation_alt
    assert "changing direction every epoch" in figure.animation_alt
    # A run that converges has no swings to follow: its line never stands vertical.
    converging = train_line(DATA, lr=0.03, epochs=20)
    assert FitScene(converging, DATA).swinging_epochs() == converging.epochs_run


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"frames": 0}, "frames must be a whole number >= 1"),
        ({"fps": 0}, "fps must be a finite number > 0"),
        ({"fps": -2.0}, "fps must be a finite number > 0"),
        ({"frames": 200, "fps": 10}, "at most 5 s"),
        ({"theme": "sepia"}, "theme must be 'light' or 'dark'"),
    ],
)
def test_bad_animation_arguments(
    converging: History, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        render_gif(converging, DATA, **kwargs)  # type: ignore[arg-type]


def test_empty_history_and_out_of_range_epoch(converging: History) -> None:
    empty = History(settings=TrainSettings(lr=0.1, epochs=1), loss=())
    with pytest.raises(ValueError, match="history must hold at least one epoch"):
        render_gif(empty, DATA)
    with pytest.raises(ValueError, match="epoch must be between 1 and 200"):
        FitScene(converging, DATA).set_epoch(201)
    assert math.isfinite(converging.final_loss)


#: Every GIF on the site must stay under this (the site's runs: worked example and lr 0.6).
SITE_GIF_BUDGET = 150 * 1024


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("lr", [0.03, 0.6])
def test_the_site_s_gifs_fit_the_budget_and_repeat_byte_for_byte(theme: str, lr: float) -> None:
    history = train_line(DATA, lr=lr, epochs=200)
    gif = render_gif(history, DATA, theme=theme)
    assert len(gif) <= SITE_GIF_BUDGET
    assert gif == render_gif(history, DATA, theme=theme)
    assert not gif_loops(gif) and gif_seconds(gif) <= MAX_SECONDS


def test_our_gif_is_smaller_than_the_stock_one(converging: History) -> None:
    ours = render_gif(converging, DATA, frames=12, fps=10)
    stock = render_gif_stock(converging, DATA, frames=12, fps=10)
    assert len(ours) * 2 < len(stock)


def test_fps_too_high_for_browsers_is_refused(converging: History) -> None:
    with pytest.raises(ValueError, match="fps must be at most 50"):
        render_gif(converging, DATA, frames=10, fps=60)


def test_frame_times_are_whole_hundredths_so_the_five_seconds_hold(converging: History) -> None:
    gif = render_gif(converging, DATA, frames=48, fps=12)  # 1000 / 12 ms is not a whole number
    assert gif_seconds(gif) == pytest.approx(0.4 + 47 * 0.08)


def box_of(artists: list[Text], scene: FitScene) -> Bbox:
    renderer = scene.figure.canvas.get_renderer()
    return Bbox.union([artist.get_window_extent(renderer) for artist in artists])


@pytest.mark.parametrize("lr", [0.03, 0.6, 0.8])
def test_the_readout_covers_no_point_and_the_line_stops_at_it(lr: float) -> None:
    history = train_line(DATA, lr=lr, epochs=200)
    scene = FitScene(history, DATA)
    scene.set_epoch(history.epochs_run)
    box = box_of([*scene.readout_labels, *scene.readout], scene)
    points = scene.ax_fit.transData.transform(
        np.column_stack([DATA.x.reshape(-1).numpy(), DATA.y.reshape(-1).numpy()])
    )
    assert not any(box.contains(px, py) for px, py in points)
    # No pixel of the fitted line's colour inside the readout (a steep line crosses it).
    pixels = np.asarray(Image.open(io.BytesIO(scene.png())).convert("RGB")).astype(int)
    height = pixels.shape[0]
    inside = pixels[
        height - int(box.y1) : height - int(box.y0), int(box.x0) : int(box.x1) + 1
    ].reshape(-1, 3)
    line = np.array(ImageColor.getrgb(scene.theme.line))
    assert not np.any(np.abs(inside - line).max(axis=1) < 40)
    if lr != 0.03:  # ... while it does cross the readout's rows just below it
        below = pixels[height - int(box.y0) + 4 : height - int(box.y0) + 40].reshape(-1, 3)
        assert np.any(np.abs(below - line).max(axis=1) < 40)


@pytest.mark.parametrize("lr", [0.6, 0.8])
def test_the_diverged_label_sits_clear_of_the_curve_and_inside_the_axes(lr: float) -> None:
    history = train_line(DATA, lr=lr, epochs=200)
    scene = FitScene(history, DATA)
    scene.set_epoch(history.epochs_run)
    assert history.diverged_at is not None
    label = box_of([scene.alarm_text], scene)
    axes = scene.ax_loss.bbox
    assert axes.x0 <= label.x0 and label.x1 <= axes.x1 and axes.y0 <= label.y0
    assert label.y1 <= axes.y1
    epochs = np.arange(1, history.epochs_run + 1, dtype=float)
    losses = np.array(history.loss, dtype=float)
    finite = np.isfinite(losses)
    curve = scene.ax_loss.transData.transform(np.column_stack([epochs[finite], losses[finite]]))
    assert not any(label.contains(px, py) for px, py in curve)
    # The marker and the last dot are inside the frame, not on its edge.
    assert scene.ax_loss.get_xlim()[1] > history.diverged_at + 0.5
    assert not scene.loss_dot.get_clip_on()


def test_figure_names_must_be_anchor_shaped(converging: History) -> None:
    from loopdocs.figures import run_figure

    figure = run_figure(converging, DATA).named("fig-worked-example")
    assert figure.payload()["name"] == "fig-worked-example"
    with pytest.raises(ValueError, match="name must be lowercase letters"):
        run_figure(converging, DATA, name="Fig 1")
