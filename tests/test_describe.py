"""Numbers as a reader sees them: formatted, refused on a rounding edge, or given as a bound."""

from __future__ import annotations

import pytest

from loopdocs.describe import (
    EDGE_MARGIN,
    less_than,
    more_than,
    number,
    power_of_ten,
    shown,
    shown_number,
)


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
