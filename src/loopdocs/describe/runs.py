"""A recorded run in words: where a quantity started, where it went, how the run ended."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from loopdocs._checks import finite_float, one_of
from loopdocs.describe.numbers import (
    at_noise_level,
    more_than,
    noise_words,
    number,
    power_of_ten,
)

if TYPE_CHECKING:  # the type alone: describing a run needs neither torch nor matplotlib
    from loopdocs.loop.train import History


#: What each plottable History field is called on an axis.
METRICS: dict[str, str] = {
    "loss": "training loss (MSE)",
    "val_loss": "validation loss (MSE)",
    "grad_norm": "gradient norm",
    "w": "weight w",
    "b": "bias b",
    "lr": "learning rate",
}

#: The metrics that are never negative: a value of theirs at noise level needs no sign.
NON_NEGATIVE = frozenset({"loss", "val_loss", "grad_norm", "lr"})


def series(history: History, metric: str) -> np.ndarray:
    """The values of ``metric`` for each recorded epoch (epoch ``i + 1`` at index ``i``)."""
    one_of("metric", metric, METRICS)
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
    name = metric_name(metric)
    if values.size == 0:
        return f"no {name} was recorded"
    scale = _scale(values)
    whole_run = epochs is None or values.size == history.epochs_run
    if metric == "loss" and history.diverged and whole_run:
        return f"the {name} {_blow_up(values, scale, history.diverged_at)}"
    all_finite = bool(np.isfinite(values).all())
    if all_finite and (scale is None or at_noise_level(np.ptp(values), scale)):
        return f"the {name} stays at {number(values[0])} for all {values.size} epochs"
    shape = (_zigzag(values, around) if all_finite else None) or _swing(values, metric)
    if shape is not None:
        return f"the {name} {shape}"
    return f"the {name} {_trend(values, metric, scale, diverged=history.diverged)}"


def _blow_up(values: np.ndarray, scale: float | None, diverged_at: int | None) -> str:
    """A diverged run's loss: its start, its highest finite value and where it stopped."""
    finite = values[np.isfinite(values)]
    peak = (
        _amount(float(finite.max()), "loss", scale, diverged=True)
        if finite.size
        else "nothing finite"
    )
    return (
        f"climbs from {number(values[0])} at epoch 1 to {peak} and stops being "
        f"finite at epoch {diverged_at}"
    )


def _swing(values: np.ndarray, metric: str) -> str | None:
    """A series that keeps swinging up and down instead of heading anywhere, else None."""
    finite = values[np.isfinite(values)]
    # Only a positive start can be "climbed" from: from 0 (a weight's start) any rise is > 10×.
    climbing = (
        finite.size == values.size and values[0] > 0 and values[-1] >= values.max() > 10 * values[0]
    )
    if climbing or not (swings(values) or (metric in ("w", "b") and _alternates(values))):
        return None
    return (
        f"swings up and down between {number(float(finite.min()))} and "
        f"{number(float(finite.max()))}, ending at {number(values[-1])} at epoch {values.size}"
    )


def _trend(values: np.ndarray, metric: str, scale: float | None, *, diverged: bool) -> str:
    """Which way a series went from its first value to its last, and any detour on the way."""
    if not math.isfinite(values[-1]):  # neither up nor down: a NaN has no size, inf no digits
        return (
            f"goes from {number(values[0])} at epoch 1 to a value that is not finite "
            f"({number(values[-1])}) at epoch {values.size}"
        )
    trend = "falls" if values[-1] < values[0] else "rises"
    end = _amount(values[-1], metric, scale, diverged=diverged)
    return (
        f"{trend} from {number(values[0])} at epoch 1 to {end} at epoch {values.size}"
        f"{_detour(values, scale)}"
    )


def _detour(values: np.ndarray, scale: float | None) -> str:
    """A finite series' peak above twice both ends, or else its low below 0.9 of its end (and
    clear of rounding noise), as a trailing clause; "" when it took no such detour."""
    if not np.isfinite(values).all() or values.size <= 2:
        return ""
    low, high = int(np.argmin(values)), int(np.argmax(values))
    if 0 < high < values.size - 1 and values[high] > 2 * max(values[0], values[-1]):
        return f", after rising to {number(values[high])} at epoch {high + 1}"
    if (
        0 < low < values.size - 1
        and values[low] < 0.9 * values[-1]
        and (scale is None or noise_words(values[low], scale) is None)
    ):
        return f", after a low of {number(values[low])} at epoch {low + 1}"
    return ""


def _amount(value: float, metric: str, scale: float | None, *, diverged: bool) -> str:
    """``value`` as :func:`number` writes it, or in words where its digits depend on the CPU:
    a diverging run's values after the blow-up (past 10⁵) as an order of magnitude, and a value
    at rounding-noise level for the series' ``scale`` (its largest size) as the noise bound."""
    if diverged and math.isfinite(value) and abs(value) >= 1e5:
        return more_than(value) if value > 0 else f"below −{power_of_ten(_exponent(-value))}"
    words = noise_words(value, scale) if scale is not None and value != 0 else None
    if words is not None:
        # Its sign is noise too: a metric that can be negative gets a size, not a sign.
        return words + ("" if metric in NON_NEGATIVE else " in size")
    return number(value)


def _scale(values: np.ndarray) -> float | None:
    """The size of what a series' values were computed from, for telling rounding noise: its
    start (a gradient's terms are largest at epoch 1), or its largest finite size when it
    starts at 0 or not finite; None when no value has a size."""
    start = float(values[0])
    if math.isfinite(start) and start != 0:
        return abs(start)
    finite = np.abs(values[np.isfinite(values)])
    return float(finite.max()) if finite.size and finite.max() > 0 else None


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
