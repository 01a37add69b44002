"""Numbers as a reader sees them, the same on every CPU.

:func:`number` writes a loss-like number for prose and alt text. PyTorch picks its CPU kernels
by what the processor offers (scalar, AVX2, AVX-512, NEON), and their float32 results differ in
the last bits. A number shown to three decimals reads the same on every processor unless it sits
on a rounding edge, where a last-bit difference flips the shown digit. :func:`shown` and
:func:`shown_number` format a number and refuse one that sits that close to an edge, so a page
whose digits could change with the processor fails its build instead.

Some numbers have no digits that every CPU agrees on: the size a diverging run reaches after
its blow-up has multiplied those last-bit differences many times over, or a gradient that has
shrunk to float32's rounding noise. For those, :func:`more_than` and :func:`less_than` give the
order of magnitude as a bound ("more than 10¹²"), which is true on every processor.
"""

from __future__ import annotations

import math
import re

#: How far from a rounding edge a shown number must be, relative to its size. float32 keeps
#: about 7 significant digits (2**-24 ≈ 6e-8). Between PyTorch's scalar, AVX2 and AVX-512
#: kernels the site's shown quantities differ by at most about 5e-7 relative (the largest seen:
#: a deep network's epoch-1 gradient norm), so 1e-5 leaves twentyfold headroom. Values past a
#: divergence's blow-up differ far more and are shown as orders of magnitude instead.
EDGE_MARGIN = 1e-5

_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(exponent: int) -> str:
    """``10`` raised to ``exponent``, written with superscript digits (10⁻⁵)."""
    return f"10{str(int(exponent)).translate(_SUPERSCRIPTS)}"


def number(value: float, significant: int = 3) -> str:
    """A loss-like number for prose and alt text: ``significant`` digits (1 to 6), ×10ⁿ for
    the very large and very small, words for NaN and inf."""
    if isinstance(significant, bool) or significant not in range(1, 7):
        raise ValueError(f"significant must be an int from 1 to 6, got {significant!r}")
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "infinite"
    if value != 0 and (abs(value) >= 1e5 or abs(value) < 1e-3):
        mantissa, exponent = f"{value:.{significant - 1}e}".split("e")
        return f"{mantissa}×{power_of_ten(int(exponent))}"
    return f"{value:.{significant}g}"


def more_than(value: float) -> str:
    """The largest power of ten a positive ``value`` exceeds, as words: "more than 10¹²"."""
    value = _positive("value", value)
    return f"more than {power_of_ten(math.floor(math.log10(value)))}"


def less_than(value: float) -> str:
    """The smallest power of ten above a positive ``value``, as words: "less than 10⁻⁵"."""
    value = _positive("value", value)
    return f"less than {power_of_ten(math.floor(math.log10(value)) + 1)}"


def _positive(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a real number, got {type(value).__name__}")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def shown(value: float, spec: str = ".3f") -> str:
    """``format(value, spec)``, refused when the last digit it shows could differ between CPUs.

    ``spec`` is a format spec with a precision and one of the types ``f``, ``e`` or ``g``
    (``".3f"``, ``"+.4f"``, ``".1e"``, ``".3g"``); ``"d"`` formats an int, which needs no check.
    Raises ValueError when the value is not finite or lies within :data:`EDGE_MARGIN`
    (relative) of a point where the last shown digit would round the other way: show fewer
    digits, or compute that number in float64 from the run's float32 results.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"value must be a real number, got {type(value).__name__}")
    if not isinstance(spec, str):
        raise ValueError(f"spec must be a format spec such as '.3f', got {spec!r}")
    if spec == "d":
        if not isinstance(value, int):
            raise ValueError(f"spec 'd' formats an int, got {value!r}")
        return format(value, spec)
    match = re.fullmatch(r"([+ -]?)\.(\d{1,2})([efg])", spec)
    if not match:
        raise ValueError(
            f"spec must be a precision and a type f, e or g (like '.3f', '+.4f', '.1e'), "
            f"or 'd', got {spec!r}"
        )
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"value must be finite to be shown as digits, got {value!r}")
    precision, kind = int(match.group(2)), match.group(3)
    text = format(value, spec)
    exponent = math.floor(math.log10(abs(value))) if value else 0
    decimals = {"f": precision, "e": precision - exponent, "g": max(precision, 1) - 1 - exponent}
    _check_edge(value, decimals[kind], text)
    return text


def shown_number(value: float, significant: int = 3) -> str:
    """:func:`number`'s text for a finite ``value``, refused on a rounding edge (see
    :func:`shown`); NaN and inf, the same on every CPU, pass as words."""
    text = number(value, significant)
    if math.isfinite(value) and value != 0:
        exponent = math.floor(math.log10(abs(value)))
        _check_edge(float(value), significant - 1 - exponent, text)
    return text


def _check_edge(value: float, decimals: int, text: str) -> None:
    step = 10.0**-decimals
    scaled = abs(value) / step
    edge_distance = abs(scaled - math.floor(scaled) - 0.5) * step
    if edge_distance < EDGE_MARGIN * abs(value):
        raise ValueError(
            f"{value!r} shown as {text!r} sits on a rounding edge: a last-bit difference "
            "between CPUs could change that digit; show fewer digits or compute it in float64"
        )
