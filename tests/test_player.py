"""The player's data: real runs of the worked example, within budget, refused when asked wrong."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import pytest

from loopdocs import make_line_data, train_line
from loopdocs.figures import run_figure
from loopdocs.figures.page import PLAYER_SCRIPT_START
from loopdocs.figures.player import (
    LEARNING_RATES,
    player_contents,
    player_figure,
    player_grid,
)
from loopdocs.loop.stability import critical_lr

DATA = make_line_data()
PLAYER_JS = Path(__file__).resolve().parents[1] / "src/loopdocs/sphinxext/static/loopdocs-player.js"
SVG_JS = PLAYER_JS.with_name("loopdocs-svg.js")  # the helpers it shares with the puzzle


def registered(script: bytes) -> tuple[str, dict[str, object]]:
    """The key and the content a data script registers."""
    text = script.decode()
    assert text.startswith(PLAYER_SCRIPT_START.decode())
    key, content = text[len(PLAYER_SCRIPT_START) :].split("] = ", 1)
    return json.loads(key.lstrip("[")), json.loads(content.rstrip().rstrip(";"))


@pytest.fixture(scope="module")
def player() -> dict[str, tuple[str, dict[str, object]]]:
    figure = player_figure(DATA, name="fig-player")
    assert figure.name == "fig-player" and figure.animations and figure.webps
    return {part: registered(script) for part, script in figure.player.items()}


def test_the_runs_are_the_worked_example_s_runs(player: dict) -> None:
    key, main = player["zero_grad"]
    assert key == "fig-player/zero_grad"
    lrs = main["lrs"]
    assert 0.03 in lrs and lrs[main["start"]] == 0.03
    assert critical_lr(DATA.x) in lrs and min(lrs) < 0.01 and max(lrs) > critical_lr(DATA.x)
    assert lrs == sorted(lrs)
    for part, zero_grad in (("zero_grad", True), ("no_zero_grad", False)):
        runs = player[part][1]["runs"]
        for lr in (0.03, 0.6):
            history = train_line(DATA, lr=lr, epochs=200, zero_grad=zero_grad)
            run = runs[lrs.index(lr)]
            for epoch in (1, 2, 10, len(run["loss"])):
                for field in ("w", "b", "loss"):
                    recorded = getattr(history, field)[epoch - 1]
                    assert run[field][epoch - 1] == float(f"{recorded:.3g}"), (part, lr, epoch)
            assert run["diverged"] == history.diverged_at
            finite = [v for v in history.loss if math.isfinite(v)]
            assert len(run["loss"]) == len(finite)


def test_the_data_and_the_script_fit_their_budgets(player: dict) -> None:
    figure = player_figure(DATA, name="fig-player")
    data = sum(len(gzip.compress(script, 9)) for script in figure.player.values())
    script = len(gzip.compress(PLAYER_JS.read_bytes(), 9))
    print(f"\nplayer data {data / 1024:.1f} KiB gzipped, script {script / 1024:.1f} KiB gzipped")
    assert data <= 30 * 1024 and script <= 12 * 1024


@pytest.mark.parametrize("script", [PLAYER_JS, SVG_JS], ids=lambda path: path.name)
def test_the_script_asks_for_nothing_outside_the_site(script: Path) -> None:
    source = script.read_text()
    for forbidden in ("eval(", "new Function", "http://", "https://", "innerHTML", "fetch("):
        if forbidden == "http://":
            source = source.replace('"http://www.w3.org/2000/svg"', "")
        assert forbidden not in source, forbidden


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"name": "Fig Player"}, "name must be lowercase letters"),
        ({"name": "fig", "epochs": 0}, "epochs must be a whole number >= 1"),
        ({"name": "fig", "epochs": 1000}, "epochs must be at most 300"),
        ({"name": "fig", "start_lr": 0.04}, "start_lr must be one of lrs"),
        ({"name": "fig", "lrs": (0.01, -1.0)}, "lrs must be a finite number > 0"),
        ({"name": "fig", "lrs": tuple(0.001 * k for k in range(1, 30))}, "lrs must hold from"),
    ],
)
def test_bad_options_name_the_option(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        player_figure(DATA, **options)  # type: ignore[arg-type]


def test_the_default_grid_spans_far_too_small_to_past_critical() -> None:
    assert LEARNING_RATES[0] <= 0.001 and LEARNING_RATES[-1] >= 1.4 * critical_lr(DATA.x)


def test_a_page_s_own_rates_join_the_grid_and_the_player_starts_at_its_run() -> None:
    """A troubleshooting page puts its own runs' rates on the grid and starts there."""
    grid = player_grid(0.0001, 0.03)
    assert grid[0] == 0.0001 and grid.count(0.03) == 1 and set(LEARNING_RATES) <= set(grid)
    figure = player_figure(DATA, name="fig-page", start_lr=0.0001, lrs=grid, epochs=20)
    contents = player_contents(figure)
    main = contents["zero_grad"]
    assert main["lrs"][main["start"]] == 0.0001 and main["lrs"][0] == 0.0001
    slow = train_line(DATA, lr=0.0001, epochs=20)
    assert main["runs"][main["start"]]["loss"][-1] == float(f"{slow.final_loss:.3g}")
    assert len(contents["no_zero_grad"]["runs"]) == len(main["lrs"])
    with pytest.raises(ValueError, match="figure must be a PageFigure with a player"):
        player_contents(run_figure(slow, DATA, animate=False))
    with pytest.raises(ValueError, match="lrs must be a finite number > 0"):
        player_grid(0.0)


CRITICAL = critical_lr(DATA.x)


@pytest.mark.parametrize(
    "page_rates",
    [
        (0.0001, 0.03),  # loss-barely-moves
        (0.8, 0.08, 0.6, 1.05 * 2 * CRITICAL),  # nan-loss
        (1.05 * 0.401, 0.95 * 0.401, 1.05 * 0.401 / 2),  # zigzag-loss: its lr_critical
    ],
    ids=["loss-barely-moves", "nan-loss", "zigzag-loss"],
)
def test_a_troubleshooting_page_s_grid_fits_the_data_budget(page_rates: tuple[float, ...]) -> None:
    """The rates a troubleshooting page adds to the grid keep its player within 30 KB gzipped."""
    figure = player_figure(DATA, name="fig-page", lrs=player_grid(*page_rates), animate=False)
    data = sum(len(gzip.compress(script, 9)) for script in figure.player.values())
    print(f"\nplayer data {data / 1024:.1f} KiB gzipped")
    assert set(page_rates) <= set(player_contents(figure)["zero_grad"]["lrs"])
    assert data <= 30 * 1024
