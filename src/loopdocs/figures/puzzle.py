"""The loop-order puzzle: every order of the loop's five lines, run for real, for a page.

:func:`order_puzzle` takes the distinct outcomes of :func:`loopdocs.loop.run_orders` and
their verdicts (:func:`loopdocs.describe.describe_outcomes`) and makes an :class:`OrderPuzzle`:
in a notebook one MIME bundle (``application/vnd.loopdocs.puzzle+json``) that
``loopdocs.sphinxext`` renders as a table of the distinct outcomes (what a reader without
JavaScript, and print, gets) with the puzzle's data beside it, as JSON inside the page (so it
works from ``file://``), for ``loopdocs-puzzle.js``: the five lines shuffled, to drag or move
by keyboard, and Run showing the recorded error or loss curve of the order put together.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from loopdocs._checks import anchor_name, whole_number
from loopdocs._mime import PUZZLE_MIME_TYPE
from loopdocs.describe.orders import OrderVerdict, describe_outcomes, final_words, order_words
from loopdocs.loop.orders import CANONICAL, LOOP_LINES, OrderOutcome, check_order

__all__ = ["PUZZLE_MIME_TYPE", "OrderPuzzle", "order_puzzle", "puzzle_start"]

#: Significant digits kept for each recorded loss the curve is drawn from.
DIGITS = 3
#: The table's column headings.
HEADER = ("Verdict", "Orders", "Example order", "What happened")
#: Tokens for each line in a link's ``?order=`` (short, and readable in an address bar).
URL_NAMES = ("zero_grad", "forward", "loss", "backward", "step")


def _rounded(value: float) -> float | None:
    return float(f"{value:.{DIGITS}g}") if math.isfinite(value) else None


def puzzle_start(seed: int) -> tuple[int, ...]:
    """The order the lines start in: a seeded shuffle, never the canonical order."""
    generator = random.Random(whole_number("seed", seed))
    order = list(CANONICAL)
    while tuple(order) == CANONICAL:
        generator.shuffle(order)
    return tuple(order)


@dataclass(frozen=True)
class OrderPuzzle:
    """The puzzle for a page: ``data`` (what the script reads), the table ``rows`` under
    :data:`HEADER` (the cells at ``code_cells``, (row, column) pairs, shown as code, exactly as
    typed or printed), and the anchor ``name``."""

    name: str
    data: dict[str, Any]
    rows: list[list[str]] = field(default_factory=list)
    caption: str = ""
    code_cells: list[list[int]] = field(default_factory=list)

    def data_json(self) -> str:
        """``data`` as compact JSON that is safe inside a ``<script>`` element."""
        text = json.dumps(self.data, separators=(",", ":"), sort_keys=True, allow_nan=False)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    def payload(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "data": self.data_json(),
            "header": list(HEADER),
            "rows": self.rows,
            "code_cells": self.code_cells,
            "caption": self.caption,
        }

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        text = "\n".join(" | ".join(row) for row in [list(HEADER), *self.rows])
        return {PUZZLE_MIME_TYPE: self.payload(), "text/plain": text}


def _outcome_data(outcome: OrderOutcome, verdict: OrderVerdict) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "kind": verdict.kind,
        "headline": verdict.headline,
        "detail": verdict.detail,
        "count": len(outcome.orders),
    }
    if outcome.error is not None:
        entry.update(error=outcome.error, epoch=outcome.error_epoch)
        return entry
    losses = [_rounded(v) for v in outcome.losses]
    finite = [v for v in losses if v is not None and v > 0]
    entry.update(
        curve=verdict.curve,
        losses=losses,
        log=bool(finite) and max(finite) / min(finite) > 1000,
        final=final_words(outcome),
    )
    return entry


def order_puzzle(
    outcomes: Sequence[OrderOutcome],
    *,
    name: str,
    seed: int = 0,
    caption: str = "",
) -> OrderPuzzle:
    """The puzzle over ``outcomes`` (all of :func:`loopdocs.loop.run_orders`), its lines
    starting in a shuffle seeded by ``seed``; ``name`` is its anchor."""
    anchor_name("name", name)
    verdicts = describe_outcomes(outcomes)  # checks outcomes
    orders = [order for outcome in outcomes for order in outcome.orders]
    if sorted(orders) != sorted(set(orders)) or len(orders) != math.factorial(len(CANONICAL)):
        raise ValueError(
            f"outcomes must cover each of the {math.factorial(len(CANONICAL))} orders exactly "
            f"once, got {len(orders)} orders ({len(set(orders))} distinct)"
        )
    for order in orders:
        check_order(order)
    by_order = {
        "".join(map(str, order)): index
        for index, outcome in enumerate(outcomes)
        for order in outcome.orders
    }
    data = {
        "lines": list(LOOP_LINES),
        "urlNames": list(URL_NAMES),
        "start": list(puzzle_start(seed)),
        "epochs": max(len(outcome.losses) for outcome in outcomes),
        "total": len(orders),
        "outcomes": [_outcome_data(o, v) for o, v in zip(outcomes, verdicts, strict=True)],
        "orders": by_order,
    }
    rows = [
        [
            verdict.headline,
            str(len(outcome.orders)),
            order_words(outcome.orders[0], LOOP_LINES),
            final_words(outcome),
        ]
        for outcome, verdict in zip(outcomes, verdicts, strict=True)
    ]
    code_cells = [[row, 2] for row in range(len(rows))] + [
        [row, 3] for row, outcome in enumerate(outcomes) if outcome.error is not None
    ]
    return OrderPuzzle(name=name, data=data, rows=rows, caption=caption, code_cells=code_cells)
