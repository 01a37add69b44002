"""Numbers as a reader sees them, the same on every CPU.

:func:`number` writes a loss-like number for prose and alt text. PyTorch picks its CPU kernels
by what the processor offers (scalar, AVX2, AVX-512, NEON), and their float32 results differ in
the last bits. A number shown to three decimals reads the same on every processor unless it sits
on a rounding edge, where a last-bit difference flips the shown digit. :func:`shown` and
:func:`shown_number` format a number and refuse one that sits that close to an edge, so a page
whose digits could change with the processor fails its build instead.

Some numbers have no digits that every CPU agrees on, and the rule is that they are never shown
as digits:

- a quantity at float32's rounding-noise level: a spread of nearly equal values, a gradient
  whose terms cancel, a change too small for the numbers it changes. Its digits are a few
  rounding steps, which another CPU rounds differently. Given the size of what it was computed
  from (``scale``), :func:`shown_number` and :func:`shown` show such a value as the bound
  :func:`noise_bound` gives, "less than 10⁻⁴", worked out from ``scale`` alone, so every
  processor writes the same words. :func:`at_noise_level` is the test: within
  :data:`NOISE_STEPS` rounding steps of ``scale``.
- the size a diverging run reaches after its blow-up, which has multiplied those last-bit
  differences many times over: :func:`more_than` gives its order of magnitude ("more than
  10¹²") and refuses a value too near a power of ten for that to hold on every processor.
"""

from __future__ import annotations

import math
import re

#: How far from a rounding edge a shown number must be, relative to its size. float32 keeps
#: about 7 significant digits (2**-24 ≈ 6e-8). Between kernel paths (scalar, AVX2, AVX-512,
#: MKL's and oneDNN's) a well-conditioned quantity differs by at most about 5e-7 relative (the
#: largest seen: a deep network's epoch-1 gradient norm), so 1e-5 leaves twentyfold headroom.
#: That argument fails for a quantity at rounding-noise level, whose digits are all rounding:
#: those are shown as bounds (:func:`noise_words`), and values after a blow-up as orders of
#: magnitude (:func:`more_than`).
EDGE_MARGIN = 1e-5

#: float32's rounding step at 1.0 (2**-23): a float32 result of size s is rounded to a multiple
#: of about s × this.
FLOAT32_STEP = 2.0**-23

#: A float32 quantity no larger than this many rounding steps of the size of what it was
#: computed from is rounding noise (1000 steps: about 1.2×10⁻⁴ of that size). Between kernel
#: paths such a quantity differs by whole steps, so its digits, its minimum's epoch, even
#: whether it has a minimum at all, are the processor's, not the run's.
NOISE_STEPS = 1000

#: How close to the noise floor (relative) a value may come before whether it is noise or
#: digits could itself depend on the processor: closer than this is refused.
NOISE_MARGIN = 0.05

#: How close to a power of ten (relative) a bound's value may come: the size of a blown-up run
#: differs between processors by far more than last bits.
BOUND_MARGIN = 0.01

_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


class Shown(str):
    """Text that :func:`shown` or :func:`shown_number` wrote: digits every CPU agrees on.

    :func:`loopdocs.sphinxext.pages.say` glues a bare number only when it comes as this type,
    so digits formatted by hand (an f-string) cannot skip the rounding-edge check. Anything
    made from it (an f-string, ``.replace``) is a plain ``str`` again.
    """

    __slots__ = ()


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
    """The largest power of ten a positive ``value`` exceeds, as words: "more than 10¹²".

    Refused (ValueError) within :data:`BOUND_MARGIN` of a power of ten, where another processor
    could land on the other side of it.
    """
    value = _positive("value", value)
    exponent = math.floor(math.log10(value))
    _check_bound_edge(value, exponent)
    return f"more than {power_of_ten(exponent)}"


def less_than(value: float) -> str:
    """The smallest power of ten above a positive ``value``, as words: "less than 10⁻⁵".

    For a value whose size is the run's (a learning rate, a well-conditioned loss). A value at
    rounding-noise level has no size of its own: show it with :func:`noise_bound`. Refused
    within :data:`BOUND_MARGIN` of a power of ten, like :func:`more_than`.
    """
    value = _positive("value", value)
    exponent = math.floor(math.log10(value)) + 1
    _check_bound_edge(value, exponent - 1)
    return f"less than {power_of_ten(exponent)}"


def noise_floor(scale: float) -> float:
    """The largest size of a float32 rounding-noise result computed from numbers of size
    ``scale``: :data:`NOISE_STEPS` rounding steps of it."""
    size = _real("scale", scale)
    if not (math.isfinite(size) and size != 0):
        raise ValueError(f"scale must be a finite number other than 0, got {scale!r}")
    return NOISE_STEPS * FLOAT32_STEP * abs(size)


def at_noise_level(value: float, scale: float) -> bool:
    """True when ``value``, computed in float32 from numbers of size ``scale``, is rounding
    noise: no larger than :func:`noise_floor` of ``scale``. NaN or inf is not noise."""
    value = _real("value", value)
    return math.isfinite(value) and abs(value) <= noise_floor(scale)


def noise_bound(scale: float) -> str:
    """A noise-level value's size, as words every processor writes alike: "less than 10⁻⁴",
    the smallest power of ten at or above :func:`noise_floor` of ``scale`` (refused within
    :data:`BOUND_MARGIN` of a power of ten, where another processor's scale could cross it)."""
    floor = noise_floor(scale)
    exponent = math.ceil(math.log10(floor))
    _check_bound_edge(floor, exponent - 1)
    return f"less than {power_of_ten(exponent)}"


def noise_words(value: float, scale: float) -> str | None:
    """:func:`noise_bound` for a noise-level ``value`` (computed from numbers of size
    ``scale``), None for one clear of the noise. A value within :data:`NOISE_MARGIN` of the
    floor is refused (ValueError): which answer it gets could differ between processors."""
    floor = noise_floor(scale)
    if not math.isfinite(value) or abs(value) > floor * (1 + NOISE_MARGIN):
        return None
    if abs(value) > floor * (1 - NOISE_MARGIN):
        raise ValueError(
            f"{value!r} sits at the edge of float32 rounding noise for numbers of size "
            f"{scale!r} (about {floor:.2g}): whether it is noise could depend on the processor; "
            "compute it in float64 or show it in words"
        )
    return noise_bound(scale)


def _check_bound_edge(value: float, exponent: int) -> None:
    for edge in (10.0**exponent, 10.0 ** (exponent + 1)):
        if abs(value - edge) < BOUND_MARGIN * edge:
            raise ValueError(
                f"{value!r} is within {BOUND_MARGIN:.0%} of {edge:g}: another processor could "
                "put it on the other side of that power of ten; bound it by another"
            )


def _real(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a real number, got {type(value).__name__}")
    return float(value)


def _positive(name: str, value: float) -> float:
    value = _real(name, value)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def shown(value: float, spec: str = ".3f", *, scale: float | None = None) -> Shown:
    """``format(value, spec)``, refused when the last digit it shows could differ between CPUs.

    ``spec`` is a format spec with a precision and one of the types ``f``, ``e`` or ``g``
    (``".3f"``, ``"+.4f"``, ``".1e"``, ``".3g"``, ``",.0f"`` with thousands separators);
    ``"d"`` (or ``",d"``) formats an int, which needs no check.
    Raises ValueError when the value is not finite or lies within :data:`EDGE_MARGIN`
    (relative) of a point where the last shown digit would round the other way: show fewer
    digits, or compute that number in float64 from the run's float32 results.

    ``scale`` is the size of the float32 numbers ``value`` was computed from, for a quantity
    that can shrink to rounding noise (a spread, a gradient, a change): at noise level
    (:func:`at_noise_level`) the value is shown as :func:`noise_bound` instead of digits.
    """
    _real("value", value)
    if scale is not None:
        words = noise_words(float(value), scale)
        if words is not None:
            return Shown(words)
    if not isinstance(spec, str):
        raise ValueError(f"spec must be a format spec such as '.3f', got {spec!r}")
    if spec in ("d", ",d"):
        if not isinstance(value, int):
            raise ValueError(f"spec {spec!r} formats an int, got {value!r}")
        return Shown(format(value, spec))
    match = re.fullmatch(r"([+ -]?),?\.(\d{1,2})([efg])", spec)
    if not match:
        raise ValueError(
            f"spec must be a precision and a type f, e or g (like '.3f', '+.4f', '.1e', "
            f"',.0f'), or 'd', got {spec!r}"
        )
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"value must be finite to be shown as digits, got {value!r}")
    precision, kind = int(match.group(2)), match.group(3)
    text = format(value, spec)
    exponent = math.floor(math.log10(abs(value))) if value else 0
    decimals = {"f": precision, "e": precision - exponent, "g": max(precision, 1) - 1 - exponent}
    _check_edge(value, decimals[kind], text)
    return Shown(text)


def shown_number(value: float, significant: int = 3, *, scale: float | None = None) -> Shown:
    """:func:`number`'s text for a finite ``value``, refused on a rounding edge (see
    :func:`shown`); NaN and inf, the same on every CPU, pass as words. With ``scale``, a value
    at rounding-noise level is shown as :func:`noise_bound` (see :func:`shown`)."""
    value = _real("value", value)
    if scale is not None:
        words = noise_words(value, scale)
        if words is not None:
            return Shown(words)
    text = number(value, significant)
    if math.isfinite(value) and value != 0:
        exponent = math.floor(math.log10(abs(value)))
        _check_edge(float(value), significant - 1 - exponent, text)
    return Shown(text)


def _check_edge(value: float, decimals: int, text: str) -> None:
    step = 10.0**-decimals
    scaled = abs(value) / step
    edge_distance = abs(scaled - math.floor(scaled) - 0.5) * step
    if edge_distance < EDGE_MARGIN * abs(value):
        raise ValueError(
            f"{value!r} shown as {text!r} sits on a rounding edge: a last-bit difference "
            "between CPUs could change that digit; show fewer digits or compute it in float64"
        )


_SMALL_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_LARGE_UNITS = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))


def _figure_words(whole: int) -> str:
    """A whole number as a reader says it: "45,000", "ten million", "150 million"."""
    for unit, name in _LARGE_UNITS:
        if whole >= unit and whole % (unit // 10) == 0:
            count = whole / unit
            if count == int(count) and int(count) <= len(_SMALL_WORDS):
                return f"{_SMALL_WORDS[int(count) - 1]} {name}"
            return f"{count:,g} {name}"
    return f"{whole:,d}"


def round_figure(value: float, significant: int = 2) -> Shown:
    """A large positive ``value`` (1,000 or more) rounded to ``significant`` digits (1 to 3) and
    written as a reader says it: 44,529 → "45,000" (2), 1.47×10⁷ → "ten million" (1).

    For prose where the digits do not teach: the page writes "about" before it. Refused, like
    :func:`shown`, when the rounding could go the other way on another CPU.
    """
    value = _positive("value", value)
    if isinstance(significant, bool) or significant not in range(1, 4):
        raise ValueError(f"significant must be an int from 1 to 3, got {significant!r}")
    if value < 1000:
        raise ValueError(f"value must be at least 1,000 to be rounded in words, got {value!r}")
    exponent = math.floor(math.log10(value)) - significant + 1
    leading = int(shown(value / 10.0**exponent, ".0f"))  # refused on a rounding edge
    return Shown(_figure_words(leading * 10**exponent))


def more_than_figure(value: float) -> Shown:
    """The largest power of ten a ``value`` of 1,000 or more exceeds, written out: 113,922 →
    "more than 100,000". Refused within :data:`BOUND_MARGIN` of a power of ten, like
    :func:`more_than`."""
    value = _positive("value", value)
    if value < 1000:
        raise ValueError(f"value must be at least 1,000 to be bounded in words, got {value!r}")
    exponent = math.floor(math.log10(value))
    _check_bound_edge(value, exponent)
    return Shown(f"more than {_figure_words(10**exponent)}")
