"""Numbers as a reader sees them: formatted, refused on a rounding edge, or given as a bound."""

from __future__ import annotations

import math

import pytest

from loopdocs.describe import (
    EDGE_MARGIN,
    NOISE_STEPS,
    at_noise_level,
    describe_still,
    less_than,
    more_than,
    more_than_figure,
    noise_bound,
    noise_floor,
    noise_words,
    number,
    power_of_ten,
    round_figure,
    shown,
    shown_number,
    summarize,
)
from loopdocs.loop.data import make_line_data
from loopdocs.loop.stability import critical_lr
from loopdocs.loop.train import History, TrainSettings, train_line


@pytest.mark.parametrize(
    ("value", "spec", "text"),
    [
        (0.8204270005, ".3f", "0.820"),
        (-4.13766, "+.3f", "-4.138"),
        (0.1239, "+.3f", "+0.124"),
        (2.58e15, ".1e", "2.6e+15"),
        (0.0672658, ".3g", "0.0673"),
        (12, "d", "12"),
        (0.5, ".1f", "0.5"),  # a value on the grid of its last digit is far from its edges
    ],
)
def test_shown_formats_like_format(value: float, spec: str, text: str) -> None:
    assert shown(value, spec) == text


@pytest.mark.parametrize(
    ("value", "spec"),
    [
        (1.77746093, ".4f"),  # 1.77745 is the edge: 6e-6 of the value away
        (-4.1376624, "+.4f"),
        (0.12350001, ".3f"),
        (2.3449999, ".3g"),
    ],
)
def test_a_value_on_a_rounding_edge_is_refused(value: float, spec: str) -> None:
    with pytest.raises(ValueError, match="sits on a rounding edge"):
        shown(value, spec)


def test_the_margin_is_relative_to_the_value() -> None:
    edge = 0.1235
    assert shown(edge + 2 * EDGE_MARGIN * edge, ".3f") == "0.124"
    with pytest.raises(ValueError, match="rounding edge"):
        shown(edge + EDGE_MARGIN * edge / 2, ".3f")


@pytest.mark.parametrize(
    ("value", "spec", "message"),
    [
        (float("nan"), ".3f", "value must be finite"),
        (float("inf"), ".3f", "value must be finite"),
        ("0.5", ".3f", "value must be a real number, got str"),
        (True, ".3f", "value must be a real number, got bool"),
        (0.5, "3f", "spec must be a precision and a type"),
        (0.5, ".3x", "spec must be a precision and a type"),
        (0.5, 3, "spec must be a format spec"),
        (0.5, "d", "spec 'd' formats an int"),
    ],
)
def test_bad_input_names_the_argument(value: object, spec: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        shown(value, spec)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "significant", "text"),
    [
        (0.0672658, 3, "0.0673"),
        (1.504977973e-7, 2, "1.5×10⁻⁷"),
        (2.58e15, 3, "2.58×10¹⁵"),
        (float("nan"), 3, "NaN"),
        (float("inf"), 3, "infinite"),
        (0.0, 3, "0"),
    ],
)
def test_number_and_shown_number_agree(value: float, significant: int, text: str) -> None:
    assert number(value, significant) == text
    assert shown_number(value, significant) == text


def test_shown_number_refuses_an_edge_that_number_writes() -> None:
    assert number(1.504998e-7) == "1.50×10⁻⁷"
    with pytest.raises(ValueError, match="rounding edge"):
        shown_number(1.504998e-7)
    assert shown_number(1.504998e-7, 2) == "1.5×10⁻⁷"
    with pytest.raises(ValueError, match="significant must be an int from 1 to 6"):
        number(0.5, 0)


def test_orders_of_magnitude_are_bounds() -> None:
    assert power_of_ten(-5) == "10⁻⁵" and power_of_ten(12) == "10¹²"
    assert more_than(1.71e12) == more_than(1.42e12) == "more than 10¹²"
    assert less_than(1.16e-6) == less_than(1.11e-6) == "less than 10⁻⁵"
    assert more_than(3.0) == "more than 10⁰"
    for bad in (0.0, -1.0, float("inf"), float("nan")):
        with pytest.raises(ValueError, match="value must be a finite number > 0"):
            more_than(bad)


def test_a_bound_refuses_a_value_near_a_power_of_ten() -> None:
    """Another processor could land on the other side of 10¹², so neither side is said."""
    with pytest.raises(ValueError, match="within 1% of 1e\\+12"):
        more_than(1.004e12)
    with pytest.raises(ValueError, match="within 1% of 1e-05"):
        less_than(0.998e-5)
    assert more_than(1.02e12) == "more than 10¹²"


def test_round_figures_are_written_as_a_reader_says_them() -> None:
    assert round_figure(44_529) == "45,000" and round_figure(44_529, 1) == "40,000"
    assert round_figure(1.47e7, 1) == "ten million" and round_figure(1.47e7) == "15 million"
    assert round_figure(2.2e9, 1) == "two billion" and round_figure(1_234) == "1,200"
    assert more_than_figure(113_922) == "more than 100,000"
    assert more_than_figure(2.3e7) == "more than ten million"
    with pytest.raises(ValueError, match="rounding edge"):
        round_figure(44_500.0001)  # 44,000 or 45,000 could depend on the CPU
    with pytest.raises(ValueError, match="within 1% of 100000"):
        more_than_figure(100_400)
    for bad in (999.0, 12.0):
        with pytest.raises(ValueError, match="value must be at least 1,000"):
            round_figure(bad)
        with pytest.raises(ValueError, match="value must be at least 1,000"):
            more_than_figure(bad)
    with pytest.raises(ValueError, match="significant must be an int from 1 to 3"):
        round_figure(5_000, 4)


def test_the_noise_floor_is_steps_of_float32_rounding_at_the_scale() -> None:
    assert noise_floor(1.0) == NOISE_STEPS * 2.0**-23
    assert noise_floor(-8.0) == 8 * noise_floor(1.0)  # a size: the sign does not matter
    assert at_noise_level(1.3e-7, 0.5) and at_noise_level(-1e-6, 8.28)
    assert not at_noise_level(7.3e-5, 0.5)  # 1,200 steps of 0.5: digits that hold
    assert not at_noise_level(float("nan"), 1.0) and not at_noise_level(float("inf"), 1.0)
    for bad in (0.0, -0.0, float("nan")):
        with pytest.raises(ValueError, match="scale must be a finite number other than 0"):
            noise_floor(bad)


@pytest.mark.parametrize(
    # The two numbers that read differently on another CPU before the rule, each on the two
    # kernel paths that showed them: both sides now give the same words.
    ("values", "scale", "text"),
    [
        ((1.33435e-7, 1.34351e-7, 1.35e-7), 0.507, "less than 10⁻⁴"),  # a spread near 0.5
        ((1.08e-6, 2.3e-6, 9.9e-7), 8.28, "less than 10⁻³"),  # a settled gradient norm
        ((-3e-8, 3e-8), 1.0, "less than 10⁻³"),
    ],
)
def test_noise_is_shown_as_a_bound_from_the_scale_alone(
    values: tuple[float, ...], scale: float, text: str
) -> None:
    for value in values:
        assert shown_number(value, scale=scale) == text
        assert shown(value, ".3e", scale=scale) == text
        assert noise_words(value, scale) == text
    assert noise_bound(scale) == text


def test_a_value_clear_of_the_noise_keeps_its_digits_and_its_checks() -> None:
    assert shown_number(0.0673, scale=6.48) == "0.0673"
    assert shown(0.820427, ".3f", scale=1.0) == "0.820"
    assert noise_words(0.0673, 6.48) is None
    with pytest.raises(ValueError, match="sits on a rounding edge"):
        shown_number(1.504998e-7 * 1e4, scale=1.0)


def test_a_value_at_the_noise_floor_is_refused_either_way() -> None:
    floor = noise_floor(0.5)
    for value in (floor, 0.97 * floor, 1.03 * floor):
        with pytest.raises(ValueError, match="edge of float32 rounding noise for numbers of size"):
            shown_number(value, scale=0.5)
    assert shown_number(0.9 * floor, scale=0.5) == "less than 10⁻⁴"
    assert shown_number(1.1 * floor, scale=0.5) == number(1.1 * floor)


def test_a_noise_bound_refuses_a_floor_near_a_power_of_ten() -> None:
    scale = 1e-3 / noise_floor(1.0)  # a floor of exactly 10⁻³
    with pytest.raises(ValueError, match="within 1% of 0.001"):
        noise_bound(scale)


def test_a_series_ending_not_finite_neither_rises_nor_falls_to_it() -> None:
    """A validation loss that ends NaN or inf (the step before the training loss diverged) is
    said to stop being finite, never to rise to "infinite" or fall to NaN."""
    settings = TrainSettings(lr=0.1, epochs=3)
    for end, word in ((math.inf, "infinite"), (math.nan, "NaN")):
        history = History(settings, (1.0, 0.5, 0.4), val_loss=(1.0, 2.0, end))
        assert summarize(history, "val_loss") == (
            f"the validation loss goes from 1 at epoch 1 to a value that is not finite ({word}) "
            "at epoch 3"
        )


def test_the_still_gives_only_sizes_for_a_run_that_climbs_without_overflowing() -> None:
    """Just above the critical rate the loss climbs for 200 epochs and stays finite: past such
    a climb the digits of w and of the loss are the processor's, so only sizes are said."""
    data = make_line_data()
    climbing = train_line(data, lr=1.05 * critical_lr(data.x), epochs=200)
    assert not climbing.diverged and climbing.final_loss > 1e15
    alt = describe_still(climbing, data)
    assert "swung by epoch 200 to a slope above 10⁸, almost vertical" in alt
    assert "rising from 2.34 at epoch 1 to more than 10¹⁶ at epoch 200." in alt
    assert "still short" not in alt and "·x" not in alt


def test_the_still_says_where_a_line_that_did_not_move_is() -> None:
    data = make_line_data()
    for epochs, words in (
        (1, "where it starts, y = 0.000·x + 0.000: epoch 1, before any step"),
        (5, "still where it started, y = 0.000·x + 0.000: in 5 epochs it has not visibly moved"),
    ):
        alt = describe_still(train_line(data, lr=1e-320, epochs=epochs), data)
        assert words in alt and "running through" not in alt
    short = describe_still(train_line(data, lr=0.001, epochs=50), data)
    assert "y = 0.180·x + 0.103 by epoch 50, still short of the best line through them" in short
    done = describe_still(train_line(data, lr=0.03, epochs=200), data)
    assert "y = 0.820·x + 0.490 at epoch 200 running through them" in done
