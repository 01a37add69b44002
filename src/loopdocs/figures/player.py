"""A player over real runs: the worked example trained by PyTorch at a grid of learning rates.

:func:`player_figure` trains the worked example at every learning rate of a grid (from far too
small to past the critical ``2/λ_max``, with 0.03 and the critical value on it), with and
without ``zero_grad()``, and records each epoch's w, b and loss, rounded to the three
significant digits the player draws and reads out. The runs go into two small script files
beside the page (the runs with ``zero_grad()`` load with the page, those without only when a
reader flips the switch), which the site's player (``loopdocs-player.js``) draws as two panels with
play, step, scrub, a learning-rate slider and a ``zero_grad()`` switch. The figure around it is
the ordinary animated figure of the lr 0.03 run: what a reader without JavaScript, or on paper,
gets instead.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from loopdocs._checks import anchor_name, positive_float, positive_int, true_or_false
from loopdocs.draw.themes import THEMES
from loopdocs.figures.page import PLAYER_SCRIPT_START, PageFigure, run_figure
from loopdocs.loop.data import LineData, least_squares, make_line_data
from loopdocs.loop.stability import critical_lr
from loopdocs.loop.train import History, train_line

#: The grid's learning rates below and above the critical one (which is added, computed).
LEARNING_RATES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6)
#: Significant digits kept for every recorded number: the readouts show three.
DIGITS = 3
#: The most epochs a player replays (the data budget: 30 KB gzipped per page).
MAX_EPOCHS = 300


def _rounded(value: float) -> float:
    return float(f"{value:.{DIGITS}g}")


def _serialise_run(history: History) -> dict[str, Any]:
    """One run as the player reads it: the epochs whose loss was finite, and where it ended."""
    finite = next((i for i, v in enumerate(history.loss) if not math.isfinite(v)), None)
    shown = history.epochs_run if finite is None else finite
    return {
        "w": [_rounded(v) for v in history.w[:shown]],
        "b": [_rounded(v) for v in history.b[:shown]],
        "loss": [_rounded(v) for v in history.loss[:shown]],
        "diverged": history.diverged_at,
    }


def player_data(
    data: LineData,
    lrs: Sequence[float],
    histories: Mapping[str, Sequence[History]],
    *,
    epochs: int,
    start_lr: float,
) -> dict[str, dict[str, Any]]:
    """Every run of the grid (``histories["zero_grad"]`` and ``["no_zero_grad"]``, one per
    learning rate) in two parts: ``zero_grad`` with the points and the levels the player marks,
    and ``no_zero_grad``."""
    w_star, b_star = least_squares(data.x, data.y)
    runs = {key: [_serialise_run(history) for history in histories[key]] for key in histories}
    main = {
        "x": [_rounded(v) for v in data.x.reshape(-1).tolist()],
        "y": [_rounded(v) for v in data.y.reshape(-1).tolist()],
        "lrs": list(lrs),
        "start": list(lrs).index(start_lr),
        "critical": _rounded(critical_lr(data.x)),
        "best": [_rounded(w_star), _rounded(b_star)],
        "epochs": epochs,
        "runs": runs["zero_grad"],
        "themes": {
            name: {
                "points": theme.points,
                "line": theme.line,
                "loss": theme.loss,
                "alarm": theme.alarm,
                "muted": theme.muted,
                "grid": theme.grid,
                "text": theme.text,
            }
            for name, theme in THEMES.items()
        },
    }
    return {"zero_grad": main, "no_zero_grad": {"runs": runs["no_zero_grad"]}}


def player_script(key: str, content: dict[str, Any]) -> bytes:
    """A data file: a script that registers ``content`` under ``key`` (no inline script, and
    unlike a fetched JSON file it loads from ``file://`` as well as from a server)."""
    text = json.dumps(content, separators=(",", ":"), sort_keys=True, allow_nan=False)
    return PLAYER_SCRIPT_START + f"[{json.dumps(key)}] = {text};\n".encode()


def player_contents(figure: PageFigure) -> dict[str, dict[str, Any]]:
    """What a player figure's data scripts register, part by part (``"zero_grad"`` with the
    grid ``lrs`` and the index it ``start``s at, ``"no_zero_grad"``): the inverse of
    :func:`player_script`, for a page to assert what its player replays."""
    if not isinstance(figure, PageFigure) or not figure.player:
        raise ValueError("figure must be a PageFigure with a player (from player_figure)")
    contents = {}
    for part, script in figure.player.items():
        registered = script[len(PLAYER_SCRIPT_START) :].decode()
        contents[part] = json.loads(registered.split("] = ", 1)[1].rstrip().rstrip(";"))
    return contents


def player_grid(*page_lrs: float, lrs: Sequence[float] = LEARNING_RATES) -> list[float]:
    """The player's grid with a page's own learning rates on it: ``lrs`` and ``page_lrs``,
    sorted (the critical rate is added by :func:`player_figure`)."""
    return sorted({positive_float("lrs", lr) for lr in (*lrs, *page_lrs)})


def player_figure(
    data: LineData | None = None,
    *,
    name: str,
    epochs: int = 200,
    start_lr: float = 0.03,
    lrs: Sequence[float] = LEARNING_RATES,
    animate: bool = True,
) -> PageFigure:
    """The worked example's runs as a player, over the figure of the ``start_lr`` run.

    ``name`` becomes the figure's anchor and the player's key in links (``page.html#name``).
    ``lrs`` are the grid's learning rates; the critical one is added to them. The figure under
    the player (for readers without JavaScript) is animated unless ``animate`` is False.
    """
    data = make_line_data() if data is None else data
    if not isinstance(data, LineData):
        raise ValueError(f"data must be a loopdocs LineData, got {type(data).__name__}")
    anchor_name("name", name)
    positive_int("epochs", epochs)
    if epochs > MAX_EPOCHS:
        raise ValueError(f"epochs must be at most {MAX_EPOCHS} (the data budget), got {epochs}")
    grid = sorted({positive_float("lrs", lr) for lr in lrs} | {critical_lr(data.x)})
    if not 2 <= len(grid) <= 20:
        raise ValueError(f"lrs must hold from 1 to 19 learning rates, got {len(lrs)}")
    if start_lr not in grid:
        raise ValueError(f"start_lr must be one of lrs {sorted(lrs)}, got {start_lr!r}")
    true_or_false("animate", animate)
    histories = {
        key: [train_line(data, lr=lr, epochs=epochs, zero_grad=zero_grad) for lr in grid]
        for key, zero_grad in (("zero_grad", True), ("no_zero_grad", False))
    }
    start = histories["zero_grad"][grid.index(start_lr)]
    figure = run_figure(start, data, animate=animate)
    parts = player_data(data, grid, histories, epochs=epochs, start_lr=start_lr)
    scripts = {part: player_script(f"{name}/{part}", content) for part, content in parts.items()}
    return replace(figure, name=name, player=scripts)
