"""Property-based tests (Hypothesis): the validators, the encoders and the command line's parser
hold for every input, not only the ones a person thought of."""

from __future__ import annotations

import io
import math
import re

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
from loopdocs.describe import EDGE_MARGIN, shown
from loopdocs.draw.gif import MAX_DELAY_CS, GifWriter
from loopdocs.draw.webp import encode_webp

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
