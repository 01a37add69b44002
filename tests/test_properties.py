"""Property-based tests (Hypothesis): the validators, the encoders, the command line's parser and
the alt text of degenerate runs hold for every input, not only the ones a person thought of."""

from __future__ import annotations

import io
import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from loopdocs._checks import (
    finite_float,
    finite_interval,
    non_negative_float,
    one_of,
    positive_float,
    positive_int,
    true_or_false,
)
from loopdocs.cli import build_parser
from loopdocs.describe import EDGE_MARGIN, describe_animation, describe_still, number, shown
from loopdocs.describe.scene import THROUGH_RATIO, VISIBLE_MOVE
from loopdocs.draw.animate import frame_epochs
from loopdocs.draw.gif import MAX_DELAY_CS, GifWriter
from loopdocs.draw.scene import FitScene
from loopdocs.draw.webp import encode_webp
from loopdocs.loop.data import LineData, make_line_data
from loopdocs.loop.train import History, TrainSettings

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PALETTE = [(255, 255, 255), (0, 0, 0), (200, 30, 30), (30, 30, 200)]
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=5),
    st.lists(st.integers()),
)


@FAST
@given(anything)
def test_positive_int_accepts_exactly_the_whole_numbers_from_one(value: object) -> None:
    good = isinstance(value, int) and not isinstance(value, bool) and value >= 1
    if good:
        assert positive_int("epochs", value) == value
    else:
        with pytest.raises(ValueError, match="epochs must be a whole number >= 1"):
            positive_int("epochs", value)


@FAST
@given(anything)
def test_float_validators_accept_exactly_the_finite_numbers_they_say(value: object) -> None:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    finite = number and math.isfinite(value)  # type: ignore[arg-type]
    for check, allowed in (
        (finite_float, finite),
        (positive_float, finite and value > 0),  # type: ignore[operator]
        (non_negative_float, finite and value >= 0),  # type: ignore[operator]
    ):
        if allowed:
            assert check("lr", value) == float(value)  # type: ignore[arg-type]
        else:
            with pytest.raises(ValueError, match="lr must be a finite number"):
                check("lr", value)


@FAST
@given(anything)
def test_true_or_false_accepts_exactly_the_two_booleans(value: object) -> None:
    if isinstance(value, bool):
        assert true_or_false("zero_grad", value) is value
    else:
        with pytest.raises(ValueError, match=r"^zero_grad must be True or False, got "):
            true_or_false("zero_grad", value)


@FAST
@given(anything)
def test_one_of_accepts_exactly_the_choices_and_names_them(value: object) -> None:
    two, three = ("sgd", "adam"), {"tanh": 1, "relu": 2, "sigmoid": 3}
    for allowed, choices in (
        (two, "'sgd' or 'adam'"),
        (three, "one of ['relu', 'sigmoid', 'tanh']"),
    ):
        if isinstance(value, str) and value in allowed:
            assert one_of("choice", value, allowed) == value
        else:
            with pytest.raises(ValueError, match=re.escape(f"choice must be {choices}, got")):
                one_of("choice", value, allowed)
    assert one_of("choice", "relu", three) == "relu"


@FAST
@given(st.lists(st.one_of(st.floats(), st.integers(), st.booleans(), st.none()), max_size=3))
def test_finite_interval_accepts_exactly_an_increasing_pair_of_finite_numbers(
    items: list[object],
) -> None:
    def finite(v: object) -> bool:
        number = isinstance(v, (int, float)) and not isinstance(v, bool)
        return number and math.isfinite(v)  # type: ignore[arg-type]

    pair = tuple(items)
    if len(pair) != 2:
        message = "x_range must be a pair (low, high)"
    elif not all(finite(v) for v in pair):
        message = "x_range must be a finite number"
    elif not pair[0] < pair[1]:  # type: ignore[operator]
        message = "x_range must satisfy low < high"
    else:
        assert finite_interval("x_range", pair) == (float(pair[0]), float(pair[1]))  # type: ignore[arg-type]
        return
    with pytest.raises(ValueError, match=re.escape(message)):
        finite_interval("x_range", pair)


@FAST
@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda v: abs(v) > 1e-6),
    st.sampled_from([".0f", ".1f", ".3f", "+.3f", ".2e", ".3g"]),
)
def test_a_shown_number_reads_the_same_after_a_last_bit_difference(value: float, spec: str) -> None:
    try:
        text, refusal = shown(value, spec), ""
    except ValueError as error:
        text, refusal = "", str(error)
    if refusal:
        assert "rounding edge" in refusal
        return
    assert text == format(value, spec)
    # What the margin promises: a relative difference well inside it never changes the digits.
    for nudged in (value * (1 + EDGE_MARGIN / 4), value * (1 - EDGE_MARGIN / 4)):
        assert format(nudged, spec) == text


frame_sets = st.integers(min_value=1, max_value=4).flatmap(
    lambda count: st.tuples(
        st.integers(min_value=1, max_value=12),
        st.integers(min_value=1, max_value=12),
    ).flatmap(
        lambda size: st.lists(
            arrays(np.uint8, (size[1], size[0]), elements=st.integers(0, len(PALETTE) - 1)),
            min_size=count,
            max_size=count,
        )
    )
)


def rgb(indices: np.ndarray) -> np.ndarray:
    return np.asarray(PALETTE, dtype=np.uint8)[indices]


def decoded(content: bytes) -> list[tuple[np.ndarray, int]]:
    frames = []
    with Image.open(io.BytesIO(content)) as image:
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            image.load()
            frames.append((np.asarray(image.convert("RGB")), int(image.info.get("duration", 0))))
    return frames


def timeline(frames: list[tuple[np.ndarray, int]]) -> list[np.ndarray]:
    """Each 10 ms of the animation: what it shows then (merged frames spread back out)."""
    return [pixels for pixels, duration in frames for _ in range(duration // 10)]


@FAST
@given(frame_sets, st.lists(st.integers(2, 30), min_size=4, max_size=4))
def test_gif_frames_round_trip(indices: list[np.ndarray], tenths: list[int]) -> None:
    frames = [rgb(i) for i in indices]
    durations = [10 * t for t in tenths[: len(frames)]]
    height, width = frames[0].shape[:2]
    writer = GifWriter(width, height, PALETTE)
    for frame, duration in zip(frames, durations, strict=True):
        writer.add_frame(frame, duration)
    expected = [f for f, d in zip(frames, durations, strict=True) for _ in range(d // 10)]
    got = timeline(decoded(writer.getvalue()))
    assert len(got) == len(expected)
    assert all(np.array_equal(a, b) for a, b in zip(got, expected, strict=True))


@FAST
@given(frame_sets, st.lists(st.integers(20, 3000), min_size=4, max_size=4))
def test_webp_frames_round_trip_losslessly(indices: list[np.ndarray], durations: list[int]) -> None:
    frames = [rgb(i) for i in indices]
    durations = [10 * (d // 10) for d in durations[: len(frames)]]
    back = decoded(encode_webp(frames, durations))
    if all(np.array_equal(frame, frames[0]) for frame in frames):  # a still: no durations
        assert len(back) == 1 and np.array_equal(back[0][0], frames[0])
        return
    expected = [f for f, d in zip(frames, durations, strict=True) for _ in range(d // 10)]
    got = timeline(back)
    assert len(got) == len(expected)
    assert all(np.array_equal(a, b) for a, b in zip(got, expected, strict=True))


@FAST
@given(st.one_of(st.integers(max_value=19), st.integers(min_value=MAX_DELAY_CS * 10 + 1)))
def test_gif_durations_outside_the_format_are_refused(duration: int) -> None:
    writer = GifWriter(2, 2, PALETTE)
    with pytest.raises(ValueError, match="duration_ms must be a multiple of 10"):
        writer.add_frame(np.zeros((2, 2, 3), np.uint8), duration)


@FAST
@given(st.text(max_size=12))
def test_the_parser_takes_a_valid_epoch_count_or_exits_2(text: str) -> None:
    parser = build_parser()
    try:
        args, code = parser.parse_args(["fit.png", "--epochs", text]), None
    except SystemExit as error:
        args, code = None, error.code
    if args is None:
        assert code == 2
        return
    assert isinstance(args.epochs, int) and 1 <= args.epochs <= 100_000
    assert int(text) == args.epochs


@FAST
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_the_parser_takes_a_valid_learning_rate_or_exits_2(value: float) -> None:
    parser = build_parser()
    try:
        args, code = parser.parse_args(["fit.png", "--lr", repr(value)]), None
    except SystemExit as error:
        args, code = None, error.code
    if args is None:
        assert code == 2 and not (math.isfinite(value) and 0 < value <= 1e6)
        return
    assert args.lr == value and 0 < value <= 1e6


# Degenerate runs of the worked example (#25): a line that never moves, one that moves by a
# hair, runs that turn NaN or inf at a random epoch (the first included), single epochs and
# single frames. Each history is what the loop records: the loss of each epoch is the MSE of
# that epoch's line on DATA, and a run stops, diverged, at its first loss that is not finite.
DATA = make_line_data()
XS, YS = (DATA.x.reshape(-1).double().numpy(), DATA.y.reshape(-1).double().numpy())
DX = XS - XS.mean()
BEST_W = float(np.dot(DX, YS - YS.mean()) / np.dot(DX, DX))
BEST_MSE = float(np.mean((BEST_W * XS + YS.mean() - BEST_W * XS.mean() - YS) ** 2))
HEIGHT = float(YS.max() - min(YS.min(), 0.0))
coefficients = st.floats(min_value=-3, max_value=3, allow_nan=False)
steps = st.one_of(st.floats(min_value=-1, max_value=1), st.floats(-1e-9, 1e-9), st.just(0.0))


def mse(w: float, b: float) -> float:
    return float(np.mean((w * XS + b - YS) ** 2))


@st.composite
def line_runs(draw: st.DrawFn) -> History:
    epochs = draw(st.integers(min_value=1, max_value=24))
    w, b = [draw(coefficients)], [draw(coefficients)]
    if draw(st.booleans()):  # a line that never moves, as with a learning rate of 1e-320
        w, b = w * epochs, b * epochs
    else:
        for _ in range(epochs - 1):
            w.append(w[-1] + draw(steps))
            b.append(b[-1] + draw(steps))
    loss = [mse(wi, bi) for wi, bi in zip(w, b, strict=True)]
    diverged_at = None
    if draw(st.booleans()):  # NaN or inf at a random epoch: there the run stops, diverged
        diverged_at = draw(st.integers(min_value=1, max_value=epochs))
        del w[diverged_at:], b[diverged_at:], loss[diverged_at:]
        loss[-1] = draw(st.sampled_from([math.nan, math.inf]))
        if draw(st.booleans()):
            w[-1], b[-1] = draw(st.sampled_from([(math.inf, 0.0), (math.nan, math.nan)]))
    settings = TrainSettings(lr=0.1, epochs=epochs)
    return History(settings, tuple(loss), w=tuple(w), b=tuple(b), diverged_at=diverged_at)


def visibly_moved(h: History) -> bool:
    dw, db = h.w[-1] - h.w[0], h.b[-1] - h.b[0]
    if not (math.isfinite(dw) and math.isfinite(db)):
        return True
    return max(abs(dw * XS.min() + db), abs(dw * XS.max() + db)) > VISIBLE_MOVE * HEIGHT


RUNS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RUNS
@given(line_runs())
def test_the_still_s_alt_text_claims_only_what_the_figure_shows(h: History) -> None:
    alt = describe_still(h, DATA)
    assert "converged" not in alt and "infinite" not in alt and "NaN" not in alt
    if "running through them" in alt:  # a fitted line really through the points
        assert not h.diverged and visibly_moved(h)
        assert mse(h.w[-1], h.b[-1]) <= THROUGH_RATIO * BEST_MSE
    if h.diverged:
        assert "finite" in alt and f"epoch {h.diverged_at}" in alt
        assert "marked" in alt  # the loss panel's dotted line, drawn at that epoch
        return
    if not visibly_moved(h):
        assert "running through" not in alt
        assert ("where it starts" if h.epochs_run == 1 else "has not visibly moved") in alt
    if h.epochs_run == 1:
        assert "single epoch" in alt
    elif max(h.loss) == min(h.loss):
        loss_panel = alt.split("Loss panel: ")[1]
        assert f"staying at {number(h.loss[0])} for all {h.epochs_run} epochs" in loss_panel
        assert "rising" not in loss_panel and "falling" not in loss_panel


@RUNS
@given(line_runs(), st.integers(min_value=1, max_value=60))
def test_the_animation_s_alt_text_is_an_animation_only_with_two_frames(
    h: History, frames: int
) -> None:
    text = describe_animation(h, frames)
    shown = frame_epochs(h.epochs_run, frames)  # the frames the GIF and WebP hold
    assert "converged" not in text and "infinite" not in text
    if len(shown) < 2:
        assert text.startswith(f"A still image, a single frame of epoch {shown[0]}: ")
        assert "nimation" not in text and "moves" not in text
    else:
        assert text.startswith(f"Animation over {h.epochs_run} epochs")
    if h.diverged:
        assert "marked" in text or "marks the divergence" in text
    elif len(shown) >= 2 and h.w[-1] == h.w[0] and h.b[-1] == h.b[0]:
        assert "nothing moves" in text and "moves from" not in text


@FAST
@given(st.integers(min_value=2, max_value=12), st.data())
def test_a_history_whose_loss_is_not_finite_before_its_end_or_undiverged_is_refused(
    epochs: int, data: st.DataObject
) -> None:
    bad = data.draw(st.sampled_from([math.nan, math.inf, -math.inf]))
    loss = [1.0] * epochs
    at = data.draw(st.integers(min_value=1, max_value=epochs))
    loss[at - 1] = bad
    settings = TrainSettings(lr=0.1, epochs=epochs)
    if at < epochs:
        with pytest.raises(
            ValueError, match=f"loss must be finite before its last epoch.*epoch {at} "
        ):
            History(settings, tuple(loss), diverged_at=epochs)
    with pytest.raises(ValueError, match=f"diverged_at must be {epochs}|loss must be finite"):
        History(settings, tuple(loss))
    if at == epochs:
        assert History(settings, tuple(loss), diverged_at=epochs).diverged


#: Points all at y = 0: the data panel's height is zero, and its limits must not be.
LEVEL = make_line_data(w=0.0, b=0.0, noise=0.0)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line_runs(), st.sampled_from([DATA, LEVEL]))
def test_degenerate_runs_draw_without_a_warning(h: History, data: LineData) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib's identical-limits warning, for one
        assert FitScene(h, data).png().startswith(b"\x89PNG")
    if data is LEVEL:
        assert "Data panel: 40 data points lying on a flat line" in describe_still(h, data)
