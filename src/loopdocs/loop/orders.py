"""Every order of the loop's five lines, run for real: what PyTorch does with each.

The body of ``fit()`` in ``examples/fit_line.py`` is five lines (:data:`LOOP_LINES`): clear,
predict, measure, back-propagate, step. :func:`order_source` writes that file as a learner
would have typed it with the five lines in another order (every other line where it was), and
:func:`run_orders` compiles and runs each of the 5! = 120 versions on the worked example,
recording the exception it raised (its first line as Python prints it, and the epoch) or the
losses and the final w, b and loss. Orders whose runs are bitwise identical share one
:class:`OrderOutcome`. Nothing here words a verdict: :mod:`loopdocs.describe.orders` does,
from the records alone.
"""

from __future__ import annotations

import ast
import itertools
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from loopdocs._checks import positive_float, positive_int
from loopdocs.loop.data import LineData

__all__ = [
    "CANONICAL",
    "LOOP_LINES",
    "OrderOutcome",
    "check_order",
    "order_source",
    "run_order",
    "run_orders",
]

#: The five lines of the loop body, in the canonical order (as ``ast.unparse`` writes them).
LOOP_LINES = (
    "optimizer.zero_grad()",
    "prediction = model(x)",
    "loss = criterion(prediction, y)",
    "loss.backward()",
    "optimizer.step()",
)
#: The canonical order, as indices into :data:`LOOP_LINES`.
CANONICAL = (0, 1, 2, 3, 4)
#: The function whose loop is reordered.
FUNCTION = "fit"
#: The most epochs a run of every order may ask for (the page's data budget).
MAX_EPOCHS = 1000


@dataclass(frozen=True)
class OrderOutcome:
    """What one or more orders did, identically to the last bit.

    ``orders`` are the orders (tuples of indices into :data:`LOOP_LINES`) that did it, sorted.
    ``error`` is the exception's first line as Python prints it (``"UnboundLocalError: ..."``)
    and ``error_epoch`` the epoch (from 1) it was raised in, or both None for a run that
    finished. ``losses`` are the losses ``fit()`` appended (those before the error, for one
    that failed); ``w``, ``b`` the model's parameters at the end (None after an error).
    """

    orders: tuple[tuple[int, ...], ...]
    error: str | None
    error_epoch: int | None
    losses: tuple[float, ...]
    w: float | None
    b: float | None

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def final_loss(self) -> float | None:
        """The last epoch's loss, for a run that finished."""
        return None if self.failed or not self.losses else self.losses[-1]

    def key(self) -> tuple[Any, ...]:
        """What makes two runs the same run: every recorded bit (NaN equal to NaN)."""
        bits = tuple(float(v).hex() for v in self.losses)
        ends = tuple(None if v is None else float(v).hex() for v in (self.w, self.b))
        return (self.error, self.error_epoch, bits, ends)


def check_order(order: Sequence[int]) -> tuple[int, ...]:
    """``order`` as a tuple if it is an ordering of 0 to 4 (indices into :data:`LOOP_LINES`),
    else ValueError naming it."""
    if isinstance(order, (str, bytes)) or not isinstance(order, Sequence):
        raise ValueError(f"order must be a sequence of the indices 0 to 4, got {order!r}")
    items = tuple(order)
    if any(isinstance(i, bool) or not isinstance(i, int) for i in items) or sorted(items) != list(
        CANONICAL
    ):
        raise ValueError(
            f"order must hold each index 0 to 4 (into LOOP_LINES) exactly once, got {order!r}"
        )
    return items


def _loop_line_numbers(source: str) -> list[int]:
    """The line numbers (from 1) of the five loop lines in ``fit()``, in canonical order."""
    if not isinstance(source, str):
        raise ValueError(f"source must be the text of fit_line.py, got {type(source).__name__}")
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise ValueError(f"source must be Python that parses: {error}") from None
    functions = [
        node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == FUNCTION
    ]
    loops = [node for f in functions for node in f.body if isinstance(node, ast.For)]
    if len(loops) != 1:
        raise ValueError(f"source must define {FUNCTION}() with one for loop at its top level")
    found = {ast.unparse(statement): statement for statement in loops[0].body}
    missing = [line for line in LOOP_LINES if line not in found]
    if missing:
        raise ValueError(f"source's loop in {FUNCTION}() lacks the line(s) {missing}")
    numbers = [found[line].lineno for line in LOOP_LINES]
    if any(found[line].end_lineno != found[line].lineno for line in LOOP_LINES) or numbers != list(
        range(numbers[0], numbers[0] + len(numbers))
    ):
        raise ValueError(
            "source's five loop lines must be one line each, consecutive, in the order "
            f"{LOOP_LINES}"
        )
    return numbers


def order_source(source: str, order: Sequence[int]) -> str:
    """``source`` (the text of ``examples/fit_line.py``) with the five loop lines of ``fit()``
    in ``order``, each line as written there (its comment too), every other line unchanged."""
    order = check_order(order)
    numbers = _loop_line_numbers(source)
    lines = source.splitlines(keepends=True)
    typed = [lines[n - 1] for n in numbers]
    for slot, index in zip(numbers, order, strict=True):
        lines[slot - 1] = typed[index]
    return "".join(lines)


def _fit_frame(tb: TracebackType | None) -> Any:
    """The frame of ``fit()`` in a traceback (the last, should it appear twice)."""
    frame = None
    while tb is not None:
        if tb.tb_frame.f_code.co_name == FUNCTION:
            frame = tb.tb_frame
        tb = tb.tb_next
    return frame


def _run(text: str, data: LineData, lr: float, epochs: int) -> OrderOutcome:
    namespace: dict[str, Any] = {"__name__": "fit_line_reordered"}
    exec(compile(text, "fit_line.py", "exec"), namespace)  # the learner's own file
    try:
        model, losses = namespace[FUNCTION](data.x, data.y, lr=lr, epochs=epochs)
    except Exception as error:  # every error is the record
        frame = _fit_frame(error.__traceback__)
        if frame is None:
            raise
        printed = "".join(traceback.format_exception_only(type(error), error))
        return OrderOutcome(
            orders=(),
            error=printed.splitlines()[0],
            error_epoch=int(frame.f_locals["epoch"]) + 1,
            losses=tuple(frame.f_locals.get("losses", ())),
            w=None,
            b=None,
        )
    return OrderOutcome(
        orders=(),
        error=None,
        error_epoch=None,
        losses=tuple(losses),
        w=model.weight.item(),
        b=model.bias.item(),
    )


def run_order(
    source: str, data: LineData, order: Sequence[int], *, lr: float = 0.03, epochs: int = 200
) -> OrderOutcome:
    """Run ``fit()`` of ``source`` with its loop lines in ``order`` on ``data``, for real."""
    order = check_order(order)
    _check_run(data, lr, epochs)
    outcome = _run(order_source(source, order), data, lr, epochs)
    return OrderOutcome((order,), *_fields(outcome)[1:])


def _fields(outcome: OrderOutcome) -> tuple[Any, ...]:
    return (
        outcome.orders,
        outcome.error,
        outcome.error_epoch,
        outcome.losses,
        outcome.w,
        outcome.b,
    )


def _check_run(data: LineData, lr: float, epochs: int) -> None:
    if not isinstance(data, LineData):
        raise ValueError(f"data must be a loopdocs LineData, got {type(data).__name__}")
    positive_float("lr", lr)
    positive_int("epochs", epochs)
    if epochs > MAX_EPOCHS:
        raise ValueError(f"epochs must be at most {MAX_EPOCHS}, got {epochs}")


def run_orders(
    source: str, data: LineData, *, lr: float = 0.03, epochs: int = 200
) -> tuple[OrderOutcome, ...]:
    """Every one of the 120 orders of the loop lines, run (:func:`run_order`), as the distinct
    outcomes: the canonical order's first, then by how many orders share each, most first."""
    _check_run(data, lr, epochs)
    _loop_line_numbers(source)
    grouped: dict[tuple[Any, ...], list[Any]] = {}
    for order in itertools.permutations(CANONICAL):
        outcome = _run(order_source(source, order), data, lr, epochs)
        grouped.setdefault(outcome.key(), [outcome, []])[1].append(order)
    outcomes = [
        OrderOutcome(tuple(sorted(orders)), *_fields(first)[1:])
        for first, orders in grouped.values()
    ]
    return tuple(
        sorted(outcomes, key=lambda o: (CANONICAL not in o.orders, -len(o.orders), o.orders[0]))
    )
