"""Verdicts on the orders of the loop's lines, written from what each order's run recorded.

:func:`describe_outcomes` takes the distinct outcomes of :func:`loopdocs.loop.run_orders`
(canonical order's first) and words each one by comparing its record with the canonical one:
the same bits throughout, the same losses but other final weights, a run that never moved, a
first step that moved nothing, an error, or (on a PyTorch that behaves otherwise) plainly where
the loss went. Nothing is written per order. Numbers go through :func:`shown_number`, so every
CPU writes the same words; no torch here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from loopdocs.describe.numbers import more_than, number, shown_number

if TYPE_CHECKING:
    from loopdocs.loop.orders import OrderOutcome

__all__ = [
    "ORDER_KINDS",
    "OrderVerdict",
    "curve_words",
    "describe_outcomes",
    "final_words",
    "order_words",
]

#: Each kind of verdict, and its headline.
ORDER_KINDS = {
    "canonical": "trains exactly like the canonical loop",
    "one-step-short": "returns the model one step short",
    "never-moves": "never moves",
    "one-step-behind": "learns one step behind",
    "fails-first-pass": "fails on the first pass",
    "fails-later": "fails after training a while",
    "blows-up": "the loss blows up",
    "other": "trains differently",
}


@dataclass(frozen=True)
class OrderVerdict:
    """A verdict: its ``kind`` (a key of :data:`ORDER_KINDS`), ``headline``, a sentence of
    ``detail`` with its numbers, and ``curve``, the loss curve in words ("" after an error)."""

    kind: str
    headline: str
    detail: str
    curve: str


def order_words(order: Sequence[int], lines: Sequence[str]) -> str:
    """An order as its lines in that order, joined by "; " (how a table cell shows it)."""
    if len(lines) != len(order):
        raise ValueError(f"lines must hold one line per index of order, got {len(lines)}")
    return "; ".join(lines[i] for i in order)


def _flat_start(losses: Sequence[float]) -> int:
    """How many epochs at the start share the first epoch's loss, bit for bit."""
    first = float(losses[0]).hex()
    return next((i for i, v in enumerate(losses) if float(v).hex() != first), len(losses))


def curve_words(losses: Sequence[float]) -> str:
    """A loss curve in one sentence, with digits every CPU writes alike."""
    values = [float(v) for v in losses]
    if not values:
        return "No loss was recorded."
    epochs = len(values)
    broken = next((i for i, v in enumerate(values) if not math.isfinite(v)), None)
    if broken is not None:
        return f"The loss stops being finite in epoch {broken + 1} of {epochs}."
    start, end = values[0], values[-1]
    flat = _flat_start(values)
    if flat == epochs:
        return f"The loss stays at {shown_number(start)} for all {epochs} epochs."
    where = "falls" if end < start else "rises"
    ending = more_than(end) if end > 1e5 else shown_number(end)
    if flat > 1:
        return (
            f"The loss stays at {shown_number(start)} for the first {flat} epochs, then {where} "
            f"to {ending} by epoch {epochs}."
        )
    return f"The loss {where} from {shown_number(start)} in epoch 1 to {ending} in epoch {epochs}."


def _same_run(outcome: Any, canonical: Any) -> bool:
    return bool(outcome.key() == canonical.key())


def _bits(values: Sequence[float]) -> list[str]:
    return [float(v).hex() for v in values]


def _gap(outcome: Any, canonical: Any) -> str:
    """How far an outcome's final w and b are from the canonical run's, safe on every CPU."""
    gap = max(abs(outcome.w - canonical.w), abs(outcome.b - canonical.b))
    return shown_number(gap, scale=max(abs(canonical.w), abs(canonical.b)))


def _verdict(outcome: Any, canonical: Any) -> OrderVerdict:
    if outcome.error is not None:
        if outcome.error_epoch == 1:
            return OrderVerdict(
                "fails-first-pass", ORDER_KINDS["fails-first-pass"], outcome.error, ""
            )
        return OrderVerdict(
            "fails-later",
            f"fails in epoch {outcome.error_epoch}",
            outcome.error,
            "",
        )
    losses = [float(v) for v in outcome.losses]
    curve = curve_words(losses)
    canonical_end = shown_number(canonical.final_loss)
    if _same_run(outcome, canonical):
        return OrderVerdict(
            "canonical",
            ORDER_KINDS["canonical"],
            "The same loss in every epoch and the same final w and b, to the last bit.",
            curve,
        )
    if not all(math.isfinite(v) for v in losses) or losses[-1] > 1e5:
        return OrderVerdict("blows-up", ORDER_KINDS["blows-up"], curve, curve)
    end = f"w = {shown_number(outcome.w)}, b = {shown_number(outcome.b)}"
    if _bits(losses) == _bits(canonical.losses):
        return OrderVerdict(
            "one-step-short",
            ORDER_KINDS["one-step-short"],
            "The same loss as the canonical loop in every epoch, to the last bit, yet other "
            f"final weights, off by {_gap(outcome, canonical)}: the step after the last loss "
            "was never taken.",
            curve,
        )
    flat = _flat_start(losses)
    if flat == len(losses) and outcome.w == 0 and outcome.b == 0:
        return OrderVerdict(
            "never-moves",
            ORDER_KINDS["never-moves"],
            f"w and b stay at 0 and the loss at {shown_number(losses[0])} in all "
            f"{len(losses)} epochs.",
            curve,
        )
    if flat == 2 and losses[0] == canonical.losses[0]:
        end_loss = shown_number(losses[-1])
        ending = (
            f"still ends at a loss of {end_loss}, as the canonical loop does (to three digits)"
            if end_loss == canonical_end
            else f"ends at a loss of {end_loss}, against the canonical loop's {canonical_end}"
        )
        return OrderVerdict(
            "one-step-behind",
            ORDER_KINDS["one-step-behind"],
            f"Its first step moves nothing (the loss in epoch 2 is still "
            f"{shown_number(losses[0])}); from then on it trains a step late, and {ending}.",
            curve,
        )
    return OrderVerdict(
        "other",
        ORDER_KINDS["other"],
        f"It ends at a loss of {shown_number(losses[-1])} ({end}), against the canonical "
        f"loop's {canonical_end}.",
        curve,
    )


def describe_outcomes(outcomes: Sequence[OrderOutcome]) -> list[OrderVerdict]:
    """One verdict per outcome of :func:`loopdocs.loop.run_orders`, in the same order; the
    first outcome must be the canonical order's, and a run that finished."""
    if isinstance(outcomes, (str, bytes)) or not isinstance(outcomes, Sequence) or not outcomes:
        raise ValueError("outcomes must be the non-empty list loopdocs.loop.run_orders returns")
    for outcome in outcomes:
        if not all(hasattr(outcome, name) for name in ("orders", "error", "losses", "key")):
            raise ValueError(
                f"outcomes must hold OrderOutcome records, got {type(outcome).__name__}"
            )
    canonical = outcomes[0]
    if (0, 1, 2, 3, 4) not in canonical.orders or canonical.error is not None:
        raise ValueError("outcomes must start with the canonical order's outcome, a finished run")
    return [_verdict(outcome, canonical) for outcome in outcomes]


def final_words(outcome: Any) -> str:
    """What a run ended with, or the error it raised (as Python printed it), for a table cell."""
    if outcome.error is not None:
        return str(outcome.error)
    loss = outcome.final_loss
    shown_loss = number(loss) if not math.isfinite(loss) else shown_number(loss)
    return f"loss {shown_loss}, w = {shown_number(outcome.w)}, b = {shown_number(outcome.b)}"
