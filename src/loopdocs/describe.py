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
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from loopdocs._checks import finite_float

if TYPE_CHECKING:  # the types alone: describing a run needs neither torch nor matplotlib
    from loopdocs.loop.data import LineData
    from loopdocs.loop.train import History

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


# -- Runs in words ------------------------------------------------------------------------

#: What each plottable History field is called on an axis.
METRICS: dict[str, str] = {
    "loss": "training loss (MSE)",
    "val_loss": "validation loss (MSE)",
    "grad_norm": "gradient norm",
    "w": "weight w",
    "b": "bias b",
    "lr": "learning rate",
}


def series(history: History, metric: str) -> np.ndarray:
    """The values of ``metric`` for each recorded epoch (epoch ``i + 1`` at index ``i``)."""
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {sorted(METRICS)}, got {metric!r}")
    return np.asarray(getattr(history, metric), dtype=float)


def metric_name(metric: str) -> str:
    """What ``metric`` is called in prose: its axis label without the unit."""
    return METRICS[metric].split(" (")[0]


def swings(values: Sequence[float] | np.ndarray) -> bool:
    """True for a curve that keeps turning up and down over a wide range instead of settling."""
    array = np.asarray(values, dtype=float)
    if array.size < 8 or not np.all(np.isfinite(array)) or array.min() <= 0:
        return False
    turns = int(np.count_nonzero(np.diff(np.sign(np.diff(array))) != 0))
    return turns >= array.size // 10 and array[-1] > 2 * array.min()


def summarize(
    history: History,
    metric: str = "loss",
    epochs: int | None = None,
    *,
    around: float | None = None,
) -> str:
    """One clause saying where ``metric`` started, where it went and how the run ended.

    ``epochs`` limits the summary to the first that many epochs. ``around`` is a level the
    values may land on alternate sides of (such as the best weight): a run that does is
    described that way, with whether each landing is further out or closer than the last.
    """
    if around is not None:
        around = finite_float("around", around)
    values = series(history, metric)[:epochs]
    if values.size == 0:
        return f"no {metric_name(metric)} was recorded"
    finite = values[np.isfinite(values)]
    name = metric_name(metric)
    if (
        metric == "loss"
        and history.diverged
        and (epochs is None or values.size == history.epochs_run)
    ):
        peak = (
            _amount(float(finite.max()), values[0], diverged=True)
            if finite.size
            else "nothing finite"
        )
        return (
            f"the {name} climbs from {number(values[0])} at epoch 1 to {peak} and stops being "
            f"finite at epoch {history.diverged_at}"
        )
    if finite.size == values.size and np.ptp(values) <= 1e-9 * abs(values[0]):
        return f"the {name} stays at {number(values[0])} for all {values.size} epochs"
    zigzag = _zigzag(values, around) if finite.size == values.size else None
    if zigzag is not None:
        return f"the {name} {zigzag}"
    # Only a positive start can be "climbed" from: from 0 (a weight's start) any rise is > 10×.
    climbing = (
        finite.size == values.size and values[0] > 0 and values[-1] >= values.max() > 10 * values[0]
    )
    if not climbing and (swings(values) or (metric in ("w", "b") and _alternates(values))):
        return (
            f"the {name} swings up and down between {number(float(finite.min()))} and "
            f"{number(float(finite.max()))}, ending at {number(values[-1])} at epoch {values.size}"
        )
    trend = "falls" if values[-1] < values[0] else "rises"
    end = _amount(values[-1], values[0], diverged=history.diverged)
    text = f"the {name} {trend} from {number(values[0])} at epoch 1 to {end} at epoch {values.size}"
    if finite.size == values.size and values.size > 2:
        low, high = int(np.argmin(values)), int(np.argmax(values))
        if 0 < high < values.size - 1 and values[high] > 2 * max(values[0], values[-1]):
            text += f", after rising to {number(values[high])} at epoch {high + 1}"
        elif 0 < low < values.size - 1 and values[low] < 0.9 * values[-1]:
            text += f", after a low of {number(values[low])} at epoch {low + 1}"
    return text


def _amount(value: float, start: float, *, diverged: bool) -> str:
    """``value`` as :func:`number` writes it, or as an order of magnitude where its digits
    depend on the CPU: a diverging run's values after the blow-up (past 10⁵), and a value that
    has shrunk below 10⁻⁵ of where it started (float32 rounding noise by then)."""
    if diverged and math.isfinite(value) and abs(value) >= 1e5:
        return more_than(value) if value > 0 else f"below −{power_of_ten(_exponent(-value))}"
    if math.isfinite(value) and 0 < abs(value) < 1e-5 * abs(start):
        return less_than(abs(value)) if value > 0 else f"negative, {less_than(-value)} in size"
    return number(value)


def _exponent(value: float) -> int:
    return math.floor(math.log10(value))


def _alternates(values: np.ndarray) -> bool:
    steps = np.sign(np.diff(values[: min(values.size, 12)]))
    return steps.size >= 4 and bool(np.all(steps[1:] == -steps[:-1]))


def _zigzag(values: np.ndarray, around: float | None) -> str | None:
    """The zig-zag of ``values`` in words, or None when they do not zig-zag every epoch.

    With ``around`` the values must land on alternate sides of it; without, every step must
    reverse the one before. The words say whether the zig-zag grows or shrinks and end on the
    last two values, one on each side.
    """
    if values.size < 4:
        return None
    offsets = values - around if around is not None else np.diff(values)
    if not np.all(offsets[1:] * offsets[:-1] < 0):
        return None
    if around is not None:
        text = f"lands on alternate sides of {number(around)} every epoch"
        growing, shrinking = "further out each time", "closer each time"
    else:
        text = "zig-zags up and down every epoch"
        growing, shrinking = "each swing larger than the last", "each swing smaller than the last"
    last = values.size
    ends = f"{number(values[-2])} at epoch {last - 1} and {number(values[-1])} at epoch {last}"
    change = np.diff(np.abs(offsets))
    if np.all(change > 0):
        return f"{text}, {growing}, reaching {ends}"
    if np.all(change < 0):
        return f"{text}, {shrinking}, landing at {ends}"
    return f"{text}, landing at {ends}"


# -- The worked example's figures in words -----------------------------------------------


def _line(w: float, b: float) -> str:
    sign = "-" if b < 0 else "+"
    return f"y = {w:.3f}·x {sign} {abs(b):.3f}"


def describe_still(history: History, data: LineData) -> str:
    """Alt text for the final two-panel figure, written from the run's own numbers."""
    h = history
    last = h.epochs_run
    left = f"Left: {len(data)} data points scattered around a rising line"
    w, b = h.w[-1], h.b[-1]
    if not h.diverged:
        left += f", with the fitted line {_line(w, b)} at epoch {last} running through them."
    elif not (math.isfinite(w) and math.isfinite(b)):
        left += f"; by epoch {last} w and b are no longer finite, so no line is drawn."
    elif abs(w) >= 1e3:
        # Past the blow-up only the size of w is the same on every CPU, not its digits.
        size = power_of_ten(math.floor(math.log10(abs(w))))
        left += (
            f"; by epoch {last} the fitted line has swung to a slope "
            f"{'below −' if w < 0 else 'above '}{size}, almost vertical, far from where the "
            "points lie."
        )
    else:
        sign = "-" if b < 0 else "+"
        left += (
            f"; by epoch {last} the fitted line has swung to y = {w:.2g}·x {sign} {abs(b):.2g},"
            " far from where the points lie."
        )
    if h.diverged:
        right = (
            f" Right: the training loss climbing on a log scale from {number(h.loss[0])} at "
            f"epoch 1 to {more_than(max(v for v in h.loss if math.isfinite(v)))} before it "
            f"stops being finite at epoch {h.diverged_at}, which is marked."
            if any(math.isfinite(v) for v in h.loss)
            else f" Right: the loss was never finite; epoch {h.diverged_at} is marked as diverged."
        )
    else:
        trend = "falling" if h.loss[-1] < h.loss[0] else "rising"
        right = (
            f" Right: the training loss {trend} from {number(h.loss[0])} at epoch 1 to "
            f"{number(h.loss[-1])} at epoch {last}"
        )
        if h.val_loss:
            right += (
                f", and the validation loss going from {number(h.val_loss[0])} "
                f"to {number(h.val_loss[-1])}"
            )
        right += "."
    return left + right


def describe_animation(history: History) -> str:
    """Alt text for the animation: what moves, from where to where."""
    h = history
    start = _line(h.w[0], h.b[0])
    if h.diverged:
        return (
            f"Animation over {h.epochs_run} epochs: the fitted line starts at {start} and swings "
            f"back and forth past the points, ever more steeply, while the loss climbs from "
            f"{number(h.loss[0])} until it stops being finite at epoch {h.diverged_at}, where a "
            f"dotted line marks the divergence."
        )
    return (
        f"Animation over {h.epochs_run} epochs: the fitted line starts at {start} and turns onto "
        f"the points, ending at {_line(h.w[-1], h.b[-1])}, while the loss falls from "
        f"{number(h.loss[0])} to {number(h.loss[-1])}."
    )


def describe_settings(history: History) -> str:
    """A caption giving the run's settings: optimizer, learning rate, epochs, start."""
    s = history.settings
    parts = [f"{s.optimizer.upper() if s.optimizer == 'sgd' else 'Adam'}, learning rate {s.lr:g}"]
    if s.momentum:
        parts.append(f"momentum {s.momentum:g}")
    if s.weight_decay:
        parts.append(f"weight decay {s.weight_decay:g}")
    if not s.zero_grad:
        parts.append("without zero_grad()")
    if s.clip_grad_norm is not None:
        parts.append(f"gradients clipped to norm {s.clip_grad_norm:g}")
    epochs = f"{s.epochs} epochs"
    if history.diverged:
        epochs += (
            f" asked, stopped at epoch {history.diverged_at} when the loss stopped being finite"
        )
    parts.append(epochs)
    if history.w:
        parts.append(f"starting from w = {history.w[0]:g}, b = {history.b[0]:g}")
    return "; ".join(parts) + "."
