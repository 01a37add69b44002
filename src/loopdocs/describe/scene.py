"""The worked example's two-panel figure and its animation in words: alt text and settings."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from loopdocs._checks import positive_int
from loopdocs.describe.numbers import at_noise_level, more_than, number, power_of_ten
from loopdocs.loop.readings import check_drawn_over

if TYPE_CHECKING:  # the types alone: describing a run needs neither torch nor matplotlib
    from loopdocs.loop.data import LineData
    from loopdocs.loop.train import History


def _line(w: float, b: float) -> str:
    sign = "-" if b < 0 else "+"
    return f"y = {w:.3f}·x {sign} {abs(b):.3f}"


#: A line moved visibly when it moved by more than this fraction of the data's height
#: somewhere over the data (a panel a few hundred pixels tall: a quarter of a pixel).
VISIBLE_MOVE = 1e-3

#: A line runs through the points when its loss on them is at most this many times the loss
#: of the best line (least squares).
THROUGH_RATIO = 2.0


def describe_still(history: History, data: LineData) -> str:
    """Alt text for the final two-panel figure, written from the run's own numbers.

    The run must be drawable over ``data`` (:func:`~loopdocs.loop.readings.check_drawn_over`:
    the data it trained on, at two x values or more); the words then say what the figure
    shows, for a line that never moved, one short of the points and a run that diverged alike.
    """
    x, y = check_drawn_over(history, data)
    h = history
    data_panel = _data_points(data)
    if h.diverged:
        data_panel += _diverged_line(h, x, y)
    else:
        data_panel += f"{_line_at_end(h, x, y)}."
    return data_panel + _loss_panel(h)


def _data_points(data: LineData) -> str:
    """The points and the line they were made around: rising, falling or flat."""
    slope = "rising" if data.true_w > 0 else "falling" if data.true_w < 0 else "flat"
    around = "lying on" if data.noise == 0 else "scattered around"
    return f"Data panel: {len(data)} data points {around} a {slope} line"


def _line_at_end(h: History, x: np.ndarray, y: np.ndarray) -> str:
    """Where the fitted line is at the last epoch of a run that did not diverge."""
    last, w, b = h.epochs_run, h.w[-1], h.b[-1]
    if not _moved(h, x, y):
        if last == 1:
            return (
                f", with the fitted line where it starts, {_line(w, b)}: epoch 1, before any step"
            )
        return (
            f", with the fitted line still where it started, {_line(w, b)}: in {last} epochs it "
            "has not visibly moved"
        )
    if abs(w) >= 1e3:  # a run climbing without overflowing: as past a blow-up, only w's size
        return f", with the fitted line swung by epoch {last} to a slope {_slope_size(w)}"
    if _mse(w, b, x, y) <= THROUGH_RATIO * _best_mse(x, y):
        return f", with the fitted line {_line(w, b)} at epoch {last} running through them"
    return (
        f", with the fitted line at {_line(w, b)} by epoch {last}, still short of the best "
        "line through them"
    )


def _diverged_line(h: History, x: np.ndarray, y: np.ndarray) -> str:
    """Where the fitted line is when the loss stopped being finite."""
    last, w, b = h.epochs_run, h.w[-1], h.b[-1]
    if not (math.isfinite(w) and math.isfinite(b)):
        return f"; by epoch {last} w and b are no longer finite, so no line is drawn."
    if last == 1:
        return (
            f"; the loss was not finite from the first epoch, so the fitted line stays where it "
            f"started, {_line(w, b)}."
        )
    if abs(w) >= 1e3:
        return f"; by epoch {last} the fitted line has swung to a slope {_slope_size(w)}."
    sign = "-" if b < 0 else "+"
    where = (
        "far from where the points lie"
        if _mse(w, b, x, y) > THROUGH_RATIO * _best_mse(x, y)
        else "among the points, though the loss there is not finite"
    )
    return f"; by epoch {last} the fitted line is at y = {w:.2g}·x {sign} {abs(b):.2g}, {where}."


def _slope_size(w: float) -> str:
    """A slope of 1,000 or more in size: past a blow-up only its size is the same on every
    CPU, not its digits."""
    size = power_of_ten(math.floor(math.log10(abs(w))))
    return (
        f"{'below −' if w < 0 else 'above '}{size}, almost vertical, far from where the points lie"
    )


def _loss_panel(h: History) -> str:
    last, first = h.epochs_run, h.loss[0]
    if h.diverged:
        finite = h.loss[:-1]  # a History's loss is finite up to its last epoch
        if not finite:
            return (
                f" Loss panel: the loss was never finite; epoch {h.diverged_at} is marked as "
                "diverged."
            )
        peak = max(finite)
        if len(finite) == 1:
            return (
                f" Loss panel: the training loss at {number(first)} at epoch 1, and not finite at "
                f"epoch {h.diverged_at}, which is marked."
            )
        if peak > first:
            top = more_than(peak) if peak >= 1e5 else f"a peak of {number(peak)}"
            scale = " on a log scale" if min(finite) > 0 else ""
            return (
                f" Loss panel: the training loss climbing{scale} from {number(first)} at epoch 1 "
                f"to {top} before it stops being finite at epoch {h.diverged_at}, which is marked."
            )
        return (
            f" Loss panel: the training loss going from {number(first)} at epoch 1 to "
            f"{number(finite[-1])} at epoch {last - 1}, and not finite at epoch {h.diverged_at}, "
            "which is marked."
        )
    if last == 1:
        return f" Loss panel: the training loss of the single epoch run, {number(first)}."
    if _flat(h.loss):
        text = f" Loss panel: the training loss staying at {number(first)} for all {last} epochs"
    else:
        trend = "falling" if h.loss[-1] < first else "rising"
        # A climb to 10⁵ and more has amplified last-bit differences: only its size is shown.
        reached = more_than(h.loss[-1]) if h.loss[-1] >= 1e5 > first else number(h.loss[-1])
        text = (
            f" Loss panel: the training loss {trend} from {number(first)} at epoch 1 to "
            f"{reached} at epoch {last}"
        )
    if h.val_loss:
        end = h.val_loss[-1]
        text += f", and the validation loss going from {number(h.val_loss[0])} to " + (
            number(end) if math.isfinite(end) else f"a value that is not finite ({number(end)})"
        )
    return text + "."


def _moved(h: History, x: np.ndarray, y: np.ndarray, epoch: int | None = None) -> bool:
    """Whether the line at ``epoch`` (default the last) is visibly away from where it started,
    over the points' x span: by more than :data:`VISIBLE_MOVE` of the points' height."""
    i = h.epochs_run - 1 if epoch is None else epoch - 1
    dw, db = h.w[i] - h.w[0], h.b[i] - h.b[0]
    if not (math.isfinite(dw) and math.isfinite(db)):
        return True
    shift = max(abs(dw * float(x.min()) + db), abs(dw * float(x.max()) + db))
    height = float(y.max() - min(float(y.min()), 0.0)) or 1.0
    return shift > VISIBLE_MOVE * height


def _flat(values: tuple[float, ...]) -> bool:
    """Whether a finite series stays put up to float32 rounding noise of its start."""
    spread = max(values) - min(values)
    return spread == 0 or (values[0] != 0 and at_noise_level(spread, abs(values[0])))


def _mse(w: float, b: float, x: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((w * x + b - y) ** 2))


def _best_mse(x: np.ndarray, y: np.ndarray) -> float:
    """The least-squares line's mean squared error on the points, in float64."""
    dx = x - x.mean()
    w = float(np.dot(dx, y - y.mean()) / np.dot(dx, dx))
    return _mse(w, float(y.mean() - w * x.mean()), x, y)


def describe_animation(history: History, frames: int | None = None, *, one_by_one: int = 0) -> str:
    """Alt text for the animation of ``history`` in ``frames`` frames (by default, as many as
    make it move): what moves, from where to where, or, for a single frame, the still it is.

    One frame shows the last epoch (:func:`loopdocs.draw.animate.frame_epochs`); so does a
    one-epoch run, whose last epoch is its first. ``one_by_one`` is how many first epochs the
    animation shows each in a frame of its own (:func:`loopdocs.draw.animate.paced_frames`).
    """
    h = history
    if frames is not None:
        positive_int("frames", frames)
    if not isinstance(one_by_one, int) or isinstance(one_by_one, bool) or one_by_one < 0:
        raise ValueError(f"one_by_one must be a whole number >= 0, got {one_by_one!r}")
    if h.epochs_run == 1 or frames == 1:
        return _single_frame(h)
    start = _line(h.w[0], h.b[0])
    first = number(h.loss[0])
    if h.diverged:
        return f"Animation over {h.epochs_run} epochs: {_diverging(h, start)}" + _one_by_one(
            h, one_by_one
        )
    end = _line(h.w[-1], h.b[-1])
    if _flat(h.loss) and h.w[-1] == h.w[0] and h.b[-1] == h.b[0]:
        return (
            f"Animation over {h.epochs_run} epochs in which nothing moves: the fitted line stays "
            f"at {start} and the loss at {first}."
        )
    line = f"moves from {start} to {end}" if end != start else f"stays at about {start}"
    loss = (
        f"stays at {first}"
        if _flat(h.loss)
        else f"{'falls' if h.loss[-1] < h.loss[0] else 'rises'} from {first} to "
        f"{number(h.loss[-1])}"
    )
    return f"Animation over {h.epochs_run} epochs: the fitted line {line}, while the loss {loss}."


def _diverging(h: History, start: str) -> str:
    """What a diverging run's animation shows, from the second epoch on."""
    first, finite = number(h.loss[0]), h.loss[:-1]
    marked = f"at epoch {h.diverged_at}, where a dotted line marks the divergence."
    if _swings_wider(h.w[:-1]) and max(finite) > h.loss[0]:
        return (
            f"the fitted line starts at {start} and swings back and forth past the points, ever "
            f"more steeply, while the loss climbs from {first} until it stops being finite "
            + marked
        )
    end = h.w[-1], h.b[-1]
    line = (
        f"the fitted line moves from {start} to {_line(*end)}"
        if all(math.isfinite(v) for v in end)
        else f"the fitted line starts at {start} and ends with w and b no longer finite"
    )
    if len(finite) == 1:
        return f"{line}, while the loss is {first} at epoch 1 and not finite " + marked
    trend = "climbs" if max(finite) > h.loss[0] else "goes"
    return (
        f"{line}, while the loss {trend} from {first} to {number(finite[-1])} at epoch "
        f"{len(finite)} and is not finite " + marked
    )


def _one_by_one(h: History, count: int) -> str:
    """The sentence for an animation that shows its first ``count`` epochs one at a time."""
    count = min(count, h.epochs_run)
    if count < 2:
        return ""
    moves = np.diff(np.asarray(h.w[:count], dtype=float))
    flips = moves.size >= 2 and bool(np.all(moves[1:] * moves[:-1] < 0))
    return f" The first {count} epochs are shown one at a time" + (
        ", the readout's w changing direction every epoch." if flips else "."
    )


def _swings_wider(w: tuple[float, ...]) -> bool:
    """Whether the slope swings one way then the other, each swing wider, over its last steps."""
    steps = np.diff(np.asarray(w[-7:], dtype=float))
    return (
        steps.size >= 2
        and bool(np.isfinite(steps).all())
        and bool(np.all(steps[1:] * steps[:-1] < 0))
        and bool(np.all(np.abs(steps[1:]) > np.abs(steps[:-1])))
    )


def _single_frame(h: History) -> str:
    """A one-frame animation: a still image of the run's last epoch."""
    last, w, b, loss = h.epochs_run, h.w[-1], h.b[-1], h.loss[-1]
    line = (
        f"the fitted line at {_line(w, b)}"
        if math.isfinite(w) and math.isfinite(b)
        else "no fitted line (w and b are no longer finite)"
    )
    shown = number(loss) if math.isfinite(loss) else "not finite"
    marked = f", and epoch {h.diverged_at} marked as diverged" if h.diverged else ""
    return f"A still image, a single frame of epoch {last}: {line}; the loss {shown}{marked}."


def describe_settings(history: History) -> str:
    """A caption giving the run's settings: optimizer, learning rate, epochs, start."""
    s = history.settings
    # Three significant digits: a rate computed from the data (1.05 x the critical one) reads
    # as the page writes it, 0.421, not 0.420868.
    name = s.optimizer.upper() if s.optimizer == "sgd" else "Adam"
    parts = [f"{name}, learning rate {s.lr:.3g}"]
    if s.momentum:
        parts.append(f"momentum {s.momentum:g}")
    if s.weight_decay:
        parts.append(f"weight decay {s.weight_decay:g}")
    if not s.zero_grad:
        parts.append("without zero_grad()")
    if s.clip_grad_norm is not None:
        parts.append(f"gradients clipped to norm {s.clip_grad_norm:g}")
    epochs = f"{s.epochs} epoch{'s' * (s.epochs != 1)}"
    if history.diverged_at == 1:
        epochs += " asked, stopped at epoch 1: the loss was not finite from the start"
    elif history.diverged:
        epochs += (
            f" asked, stopped at epoch {history.diverged_at} when the loss stopped being finite"
        )
    parts.append(epochs)
    if history.w:
        parts.append(f"starting from w = {history.w[0]:g}, b = {history.b[0]:g}")
    return "; ".join(parts) + "."
