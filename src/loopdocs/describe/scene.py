"""The worked example's two-panel figure and its animation in words: alt text and settings."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from loopdocs.describe.numbers import more_than, number, power_of_ten

if TYPE_CHECKING:  # the types alone: describing a run needs neither torch nor matplotlib
    from loopdocs.loop.data import LineData
    from loopdocs.loop.train import History


def _line(w: float, b: float) -> str:
    sign = "-" if b < 0 else "+"
    return f"y = {w:.3f}·x {sign} {abs(b):.3f}"


def describe_still(history: History, data: LineData) -> str:
    """Alt text for the final two-panel figure, written from the run's own numbers."""
    h = history
    last = h.epochs_run
    data_panel = f"Data panel: {len(data)} data points scattered around a rising line"
    w, b = h.w[-1], h.b[-1]
    if not h.diverged:
        data_panel += f", with the fitted line {_line(w, b)} at epoch {last} running through them."
    elif not (math.isfinite(w) and math.isfinite(b)):
        data_panel += f"; by epoch {last} w and b are no longer finite, so no line is drawn."
    elif last == 1:
        data_panel += (
            f"; the loss was not finite from the first epoch, so the fitted line stays where it "
            f"started, {_line(w, b)}."
        )
    elif abs(w) >= 1e3:
        # Past the blow-up only the size of w is the same on every CPU, not its digits.
        size = power_of_ten(math.floor(math.log10(abs(w))))
        data_panel += (
            f"; by epoch {last} the fitted line has swung to a slope "
            f"{'below −' if w < 0 else 'above '}{size}, almost vertical, far from where the "
            "points lie."
        )
    else:
        sign = "-" if b < 0 else "+"
        data_panel += (
            f"; by epoch {last} the fitted line has swung to y = {w:.2g}·x {sign} {abs(b):.2g},"
            " far from where the points lie."
        )
    if h.diverged:
        loss_panel = (
            f" Loss panel: the training loss climbing on a log scale from {number(h.loss[0])} at "
            f"epoch 1 to {more_than(max(v for v in h.loss if math.isfinite(v)))} before it "
            f"stops being finite at epoch {h.diverged_at}, which is marked."
            if any(math.isfinite(v) for v in h.loss)
            else (
                f" Loss panel: the loss was never finite; epoch {h.diverged_at} is marked as "
                "diverged."
            )
        )
    elif last == 1:
        loss_panel = f" Loss panel: the training loss of the single epoch run, {number(h.loss[0])}"
    else:
        trend = "falling" if h.loss[-1] < h.loss[0] else "rising"
        loss_panel = (
            f" Loss panel: the training loss {trend} from {number(h.loss[0])} at epoch 1 to "
            f"{number(h.loss[-1])} at epoch {last}"
        )
        if h.val_loss:
            loss_panel += (
                f", and the validation loss going from {number(h.val_loss[0])} "
                f"to {number(h.val_loss[-1])}"
            )
        loss_panel += "."
    return data_panel + loss_panel


def describe_animation(history: History) -> str:
    """Alt text for the animation: what moves, from where to where."""
    h = history
    start = _line(h.w[0], h.b[0])
    if h.epochs_run == 1:
        loss = number(h.loss[0]) if math.isfinite(h.loss[0]) else "not finite"
        return f"A single frame, epoch 1: the fitted line at {start}; the loss {loss}."
    if h.diverged:
        return (
            f"Animation over {h.epochs_run} epochs: the fitted line starts at {start} and swings "
            f"back and forth past the points, ever more steeply, while the loss climbs from "
            f"{number(h.loss[0])} until it stops being finite at epoch {h.diverged_at}, where a "
            f"dotted line marks the divergence."
        )
    trend = "falls" if h.loss[-1] < h.loss[0] else "rises"
    return (
        f"Animation over {h.epochs_run} epochs: the fitted line moves from {start} to "
        f"{_line(h.w[-1], h.b[-1])}, while the loss {trend} from {number(h.loss[0])} to "
        f"{number(h.loss[-1])}."
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
