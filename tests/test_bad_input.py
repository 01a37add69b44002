"""Bad input gets a clear error, every time: a table of bad inputs on every public surface.

Each row is something a careful user might try. The library must raise ``ValueError`` (or
``TypeError``) with a message that names the argument; the command line must exit with status
2 and a one-line message naming the option, before any training; nothing may come back as a
traceback from inside torch, matplotlib or Pillow, hang, or quietly give a wrong result. The
Sphinx side's rows are in test_sphinx_bad_input.py (they build a tiny project).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from loopdocs import LineData, make_line_data, train_line
from loopdocs.cli import main
from loopdocs.describe import (
    describe_animation,
    describe_outcomes,
    describe_still,
    less_than,
    more_than,
    more_than_figure,
    number,
    round_figure,
    shown,
)
from loopdocs.draw.animate import check_animation, frame_epochs, render_animation
from loopdocs.draw.curves import draw_loss_curves
from loopdocs.draw.gif import GifWriter, gif_frame_count, gif_seconds
from loopdocs.draw.layout import get_layout, laid_out
from loopdocs.draw.scene import FitScene
from loopdocs.draw.webp import encode_webp, webp_plays
from loopdocs.figures import PageFigure, learning_curves_figure, order_puzzle, run_figure, themed
from loopdocs.figures.compare import curves_figure
from loopdocs.figures.diagnostics import sweep_figure
from loopdocs.figures.player import player_figure
from loopdocs.loop.data import least_squares, train_val_split
from loopdocs.loop.datasets import make_two_scale_data, make_wave_data
from loopdocs.loop.measures import Run, wiggle
from loopdocs.loop.models import mlp
from loopdocs.loop.orders import run_order, run_orders
from loopdocs.loop.readings import layer_norms
from loopdocs.loop.stability import Sweep, SweepPoint
from loopdocs.loop.train import History, TrainSettings, line_model, train
from loopdocs.sphinxext.pages import run_command

DATA = make_line_data()
FIT_LINE = (Path(__file__).resolve().parents[1] / "examples" / "fit_line.py").read_text()
X, Y = DATA.x, DATA.y
STILL = run_figure(train_line(DATA, epochs=2), DATA)
FRAME = np.zeros((4, 4, 3), np.uint8)
SETTINGS = TrainSettings(lr=0.1, epochs=3)
ONE_EPOCH_NORMS = replace(train_line(DATA, epochs=1), layer_grad_norms=((1.0,),))
SWEEP = Sweep(points=(SweepPoint(0.1, 2.0, 1.0), SweepPoint(0.5, 2.0, 9.0)), epochs=5)


def line() -> nn.Linear:
    return line_model(0.0, 0.0)


class Pair(nn.Module):
    """A model whose forward returns a tuple (a prediction and something else)."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, int]:
        return self.linear(x), 0


def one_x(value: float = 1.0) -> LineData:
    """The worked example's data moved onto a single x: no fitted line can be seen over it."""
    return replace(DATA, x=torch.full_like(X, value))


def ran_on(epochs: int) -> History:
    return train_line(DATA, epochs=epochs)


NAN, INF = float("nan"), float("inf")


def with_nan(tensor: torch.Tensor) -> torch.Tensor:
    copy = tensor.clone()
    copy[3, 0] = float("nan")
    return copy


# (what is tried, the call, the argument its message must name)
LIBRARY: list[tuple[str, Callable[[], object], str]] = [
    ("one point", lambda: make_line_data(1), "n must be at least 2"),
    ("n zero", lambda: make_line_data(0), "n must be"),
    ("n a float", lambda: make_line_data(2.5), "n must be"),  # type: ignore[arg-type]
    ("noise negative", lambda: make_line_data(noise=-1), "noise must be"),
    ("noise inf", lambda: make_line_data(noise=float("inf")), "noise must be"),
    ("x_range reversed", lambda: make_line_data(x_range=(3, -1)), "x_range must"),
    ("seed a string", lambda: make_line_data(seed="0"), "seed must be an int"),  # type: ignore[arg-type]
    ("wave n zero", lambda: make_wave_data(0), "n must be"),
    ("wave seed float", lambda: make_wave_data(seed=1.5), "seed must be an int"),  # type: ignore[arg-type]
    ("split fraction 1", lambda: train_val_split(X, Y, val_fraction=1.0), "val_fraction"),
    ("split rows differ", lambda: train_val_split(X, Y[:5]), "same number of points"),
    ("least squares one x", lambda: least_squares(torch.ones(4, 1), Y[:4]), "two different"),
    ("lr 1e308", lambda: train_line(DATA, lr=1e308), "lr must be at most"),
    ("lr zero", lambda: train_line(DATA, lr=0), "lr must be"),
    ("lr nan", lambda: train_line(DATA, lr=float("nan")), "lr must be"),
    ("epochs 1e9", lambda: train_line(DATA, epochs=10**9), "epochs must be at most"),
    ("epochs zero", lambda: train_line(DATA, epochs=0), "epochs must be"),
    ("init not a pair", lambda: train_line(DATA, init=(0.0,)), "init must be a pair"),
    ("data not LineData", lambda: train_line((X, Y)), "data must be a LineData"),  # type: ignore[arg-type]
    (
        "y of shape (N,)",
        lambda: train(line(), X, Y.reshape(-1), lr=0.1, epochs=3),
        "y must have shape",
    ),
    ("NaN in x", lambda: train(line(), with_nan(X), Y, lr=0.1, epochs=3), "x must hold finite"),
    ("NaN in y", lambda: train(line(), X, with_nan(Y), lr=0.1, epochs=3), "y must hold finite"),
    (
        "float64 x",
        lambda: train(line(), X.double(), Y, lr=0.1, epochs=3),
        "x must be torch.float32",
    ),
    ("int64 y", lambda: train(line(), X, Y.long(), lr=0.1, epochs=3), "y must be torch.float32"),
    (
        "no parameters",
        lambda: train(nn.ReLU(), X, Y, lr=0.1, epochs=3),
        "model must have parameters",
    ),
    ("model not a Module", lambda: train("net", X, Y, lr=0.1, epochs=3), "model must be"),  # type: ignore[arg-type]
    (
        "x a list",
        lambda: train(line(), [1.0, 2.0], Y, lr=0.1, epochs=3),
        "x must be a torch.Tensor",
    ),  # type: ignore[arg-type]
    (
        "optimizer unknown",
        lambda: train(line(), X, Y, lr=0.1, epochs=3, optimizer="rmsprop"),
        "optimizer must be",
    ),  # type: ignore[arg-type]
    (
        "momentum negative",
        lambda: train(line(), X, Y, lr=0.1, epochs=3, momentum=-0.5),
        "momentum must be",
    ),
    ("x_val alone", lambda: train(line(), X, Y, lr=0.1, epochs=3, x_val=X), "x_val and y_val"),
    (
        "early stop, no val",
        lambda: train(line(), X, Y, lr=0.1, epochs=3, early_stopping=2),
        "early_stopping",
    ),
    (
        "loss_fn a function",
        lambda: train(line(), X, Y, lr=0.1, epochs=3, loss_fn=nn.functional.mse_loss),
        "loss_fn must be",
    ),  # type: ignore[arg-type]
    (
        "on_epoch not callable",
        lambda: train(line(), X, Y, lr=0.1, epochs=3, on_epoch=3),
        "on_epoch must be",
    ),  # type: ignore[arg-type]
    ("line_model w inf", lambda: line_model(float("inf"), 0.0), "w must be"),
    ("mlp depth zero", lambda: mlp(0), "depth must be"),
    ("mlp activation", lambda: mlp(2, activation="gelu"), "activation must be one of"),  # type: ignore[arg-type]
    (
        "History lengths",
        lambda: History(settings=SETTINGS, loss=(1.0, 0.5), w=(0.0,), b=(0.0,)),
        "w must hold one value per epoch",
    ),
    (
        "History diverged_at",
        lambda: History(settings=SETTINGS, loss=(1.0, 0.5), diverged_at=1),
        "diverged_at must be",
    ),
    ("frames zero", lambda: check_animation(0, 12.5, epochs=200), "frames must be"),
    ("fps too high", lambda: check_animation(40, 100, epochs=200), "fps must be at most"),
    ("animation too long", lambda: check_animation(200, 1, epochs=200), "may move for at most"),
    ("render history None", lambda: render_animation(None, DATA), "history must be"),  # type: ignore[arg-type]
    ("gif width zero", lambda: GifWriter(0, 4, [(0, 0, 0)]), "width must be"),
    ("gif height 70000", lambda: GifWriter(4, 70_000, [(0, 0, 0)]), "height must be"),
    ("gif palette empty", lambda: GifWriter(4, 4, []), "palette must hold"),
    (
        "gif duration beyond 16 bits",
        lambda: GifWriter(4, 4, [(0, 0, 0)]).add_frame(FRAME, 700_000),
        "duration_ms must be",
    ),
    (
        "gif duration float",
        lambda: GifWriter(4, 4, [(0, 0, 0)]).add_frame(FRAME, 80.5),
        "duration_ms must be",
    ),  # type: ignore[arg-type]
    (
        "gif frame wrong size",
        lambda: GifWriter(8, 8, [(0, 0, 0)]).add_frame(FRAME, 80),
        "pixels must be",
    ),
    ("webp no frames", lambda: encode_webp([], []), "frames must hold"),
    ("webp durations count", lambda: encode_webp([FRAME], [80, 80]), "durations_ms must hold"),
    ("webp duration 2**24", lambda: encode_webp([FRAME], [2**24]), "durations_ms[0] must be"),
    (
        "webp too wide",
        lambda: encode_webp([np.zeros((2, 17_000, 3), np.uint8)], [80]),
        "frames must be at most",
    ),
    ("webp float frames", lambda: encode_webp([FRAME.astype(float)], [80]), "frames[0] must be"),
    ("gif_frame_count junk", lambda: gif_frame_count(b"junk"), "gif must be the bytes"),
    (
        "gif_seconds a PNG",
        lambda: gif_seconds(run_figure(train_line(DATA, epochs=2), DATA).stills["light"]),
        "gif must be a GIF or WebP",
    ),
    ("webp_plays junk", lambda: webp_plays(b"junk"), "webp must be the bytes"),
    ("shown nan", lambda: shown(float("nan"), ".3f"), "value must be finite"),
    ("shown spec", lambda: shown(0.5, "3f"), "spec must be"),
    ("number significant 9", lambda: number(0.5, 9), "significant must be"),
    ("more_than zero", lambda: more_than(0.0), "value must be a finite number > 0"),
    ("round_figure nan", lambda: round_figure(float("nan")), "value must be a finite number > 0"),
    ("round_figure small", lambda: round_figure(5.0), "value must be at least 1,000"),
    ("more_than_figure inf", lambda: more_than_figure(float("inf")), "value must be a finite"),
    ("less_than negative", lambda: less_than(-1.0), "value must be a finite number > 0"),
    ("themed not callable", lambda: themed(None, alt="a figure"), "draw must be a callable"),  # type: ignore[arg-type]
    ("layout unknown", lambda: get_layout("tall"), "layout must be 'wide' or 'narrow'"),
    ("laid_out unknown", lambda: laid_out(360).__enter__(), "layout must be"),  # type: ignore[arg-type]
    (
        "scene layout",
        lambda: FitScene(train_line(DATA, epochs=2), DATA, layout="phone"),
        "layout must be",
    ),
    (
        "animation layout",
        lambda: render_animation(train_line(DATA, epochs=2), DATA, layout="Narrow"),
        "layout must be",
    ),
    (
        "loss curves size",
        lambda: draw_loss_curves([("a", train_line(DATA, epochs=2))], "light", size=(3.6, 0)),
        "size must be (width, height)",
    ),
    (
        "narrow stills one theme",
        lambda: replace(STILL, narrow_stills={"light": STILL.stills["light"]}),
        "narrow_stills must hold one PNG per theme",
    ),
    (
        "narrow stills as wide",
        lambda: replace(STILL, narrow_stills=STILL.stills),
        "narrow_stills must be PNGs narrower",
    ),
    (
        "narrow animations on a still",
        lambda: replace(STILL, narrow_animations=STILL.narrow_stills),
        "narrow_animations must hold one file per theme",
    ),
    (
        "figure name",
        lambda: run_figure(train_line(DATA, epochs=2), DATA).named("Fig 1"),
        "name must be lowercase",
    ),
    (
        "figure alt empty",
        lambda: PageFigure(alt=" ", stills={"light": b"", "dark": b""}),
        "alt must be",
    ),
    (
        "player epochs",
        lambda: player_figure(DATA, name="p", epochs=10_000),
        "epochs must be at most",
    ),
    (
        "player start_lr",
        lambda: player_figure(DATA, name="p", start_lr=0.7),
        "start_lr must be one of",
    ),
    # formula_lr once let NaN and inf through (and refused an int): now the scalar validators'.
    ("sweep formula_lr nan", lambda: sweep_figure(SWEEP, float("nan")), "formula_lr must be"),
    ("sweep formula_lr inf", lambda: sweep_figure(SWEEP, float("inf")), "formula_lr must be"),
    ("sweep formula_lr zero", lambda: sweep_figure(SWEEP, 0), "formula_lr must be"),
    ("player name", lambda: player_figure(DATA, name="Fig 1"), "name must be lowercase"),
    ("player animate 1", lambda: player_figure(DATA, name="p", animate=1), "animate must be"),  # type: ignore[arg-type]
    ("orders source", lambda: run_orders("x = 1", DATA), "source must define fit"),
    ("orders lr", lambda: run_orders(FIT_LINE, DATA, lr=0.0), "lr must be a finite number"),
    ("order repeated", lambda: run_order(FIT_LINE, DATA, (1, 1, 2, 3, 4)), "order must hold"),
    ("orders verdicts", lambda: describe_outcomes(()), "outcomes must be the non-empty"),
    ("puzzle no outcomes", lambda: order_puzzle([], name="p"), "outcomes must be the non-empty"),
    ("loss curves no runs", lambda: draw_loss_curves([], "light"), "runs must hold between 1"),
    ("curves no runs", lambda: curves_figure([]), "runs must hold between 1"),
    (
        "curves epochs zero",
        lambda: curves_figure([Run("a", train_line(DATA, epochs=2))], epochs={"loss": 0}),
        "epochs must map",
    ),
    (
        "layer norms epoch",
        lambda: layer_norms(ONE_EPOCH_NORMS, epoch=2),
        "epoch must be between 1 and 1",
    ),
    (
        "weight_decay nan",
        lambda: train(line(), X, Y, lr=0.1, epochs=3, weight_decay=float("nan")),
        "weight_decay must be",
    ),
    (
        "run_command timeout inf",
        lambda: run_command(["true"], cwd=".", timeout=float("inf"), what="x"),
        "timeout must be",
    ),
    (
        "curves best epoch",
        lambda: learning_curves_figure([1.0], [0.5], [1.0], [0.5], best_epoch=2),
        "best_epoch must be at most",
    ),
    # Round two (#25): generic errors now name their argument.
    ("init None", lambda: train_line(DATA, init=None), "init must be a pair (w, b)"),  # type: ignore[arg-type]
    ("init NaN", lambda: train_line(DATA, init=(NAN, 0.0)), "init's w must be a finite"),
    # (make_line_data's x_range=None was already clear; the bare len() was wiggle's.)
    ("x_range None", lambda: make_line_data(x_range=None), "x_range must be a pair"),  # type: ignore[arg-type]
    ("wiggle x_range None", lambda: wiggle(line(), None), "x_range must be a pair"),  # type: ignore[arg-type]
    ("seed 2**70", lambda: make_line_data(seed=2**70), "seed must be an int from -2**63 to 2**64"),
    ("wave seed -2**64", lambda: make_wave_data(seed=-(2**64)), "seed must be an int from"),
    ("split seed 2**70", lambda: train_val_split(X, Y, seed=2**70), "seed must be an int from"),
    ("mlp seed 2**64", lambda: mlp(2, seed=2**64), "seed must be an int from"),
    (
        "train_line unknown keyword",
        lambda: train_line(DATA, learning_rate=0.1),
        "train_line got an unexpected keyword argument 'learning_rate'",
    ),
    # Round two (#25): models and tensors checked before work, not by a traceback from torch.
    (
        "x wider than the model",
        lambda: train(nn.Linear(3, 1), X, Y, lr=0.1, epochs=3),
        "x must have 3 features per point for the model's first layer",
    ),
    (
        "model on the meta device",
        lambda: train(nn.Linear(1, 1, device="meta"), X, Y, lr=0.1, epochs=3),
        "model must have its parameters on the CPU",
    ),
    (
        "tensors on the meta device",
        lambda: train(line(), X.to("meta"), Y.to("meta"), lr=0.1, epochs=3),
        "x must be on the CPU",
    ),
    (
        "forward returns a tuple",
        lambda: train(Pair(), X, Y, lr=0.1, epochs=3),
        "model's forward must return a tensor",
    ),
    (
        "forward of the wrong shape",
        lambda: train(nn.Linear(1, 3), X, Y, lr=0.1, epochs=3),
        "model must predict y's shape per point",
    ),
    (
        "forward that fails",
        lambda: train(nn.Sequential(nn.Linear(1, 4), nn.Linear(3, 1)), X, Y, lr=0.1, epochs=3),
        "model must take x's rows",
    ),
    ("empty data", lambda: train(line(), X[:0], Y[:0], lr=0.1, epochs=3), "x must hold at least"),
    (
        "figure of empty data",
        lambda: run_figure(ran_on(2), replace(DATA, x=X[:0], y=Y[:0])),
        "data must hold at least two points",
    ),
    (
        "nested list as a GIF frame",
        lambda: GifWriter(4, 4, [(0, 0, 0)]).add_frame(FRAME.tolist(), 80),  # type: ignore[arg-type]
        "pixels must be a numpy uint8 array",
    ),
    (
        "x_range overflows float32",
        lambda: make_line_data(x_range=(-1e38, 3e38)),
        "x_range must keep x within torch.float32's range",
    ),
    ("noise overflows float32", lambda: make_line_data(noise=1e39), "w, b, noise and x_range"),
    ("w overflows float32", lambda: make_line_data(w=1e38, x_range=(0, 100)), "w, b, noise"),
    ("wave noise overflows", lambda: make_wave_data(noise=1e39), "noise must keep y within"),
    (
        "scales overflow",
        lambda: make_two_scale_data(scales=(1e39,), weights=(1.0,)),
        "scales must keep x",
    ),
    # Round two (#25): a figure refused where it cannot be drawn or described truthfully.
    ("still over one x", lambda: run_figure(ran_on(2), one_x()), "two different x values"),
    ("alt text over one x", lambda: describe_still(ran_on(2), one_x()), "two different x values"),
    (
        "40-point run over 5 points",
        lambda: run_figure(ran_on(2), make_line_data(5)),
        "history was trained on 40 points and data holds 5",
    ),
    (
        "run over other 40 points",
        lambda: FitScene(ran_on(2), make_line_data(seed=1)),
        "history was trained on other points than data's 40",
    ),
    (
        "History NaN from the start",
        lambda: History(settings=SETTINGS, loss=(NAN, 1.0, 0.5)),
        "loss must be finite before its last epoch",
    ),
    (
        "History inf undiverged",
        lambda: History(settings=SETTINGS, loss=(1.0, 2.0, INF)),
        "diverged_at must be 3, the epoch whose loss is not finite",
    ),
    ("animation alt frames 0", lambda: describe_animation(ran_on(2), 0), "frames must be"),
    (
        "animation alt one_by_one -1",
        lambda: describe_animation(ran_on(2), 4, one_by_one=-1),
        "one_by_one must be a whole number >= 0",
    ),
    (
        "frame_epochs each_first -1",
        lambda: frame_epochs(10, 4, each_first=-1),
        "each_first must be a whole number >= 0",
    ),
    (
        "run_figure follow_swings 1",
        lambda: run_figure(ran_on(2), DATA, animate=True, follow_swings=1),  # type: ignore[arg-type]
        "follow_swings must be True or False",
    ),
    (
        "run_figure follow_swings without animate",
        lambda: run_figure(ran_on(2), DATA, follow_swings=True),
        "follow_swings needs animate=True",
    ),
]


@pytest.mark.parametrize(("tried", "call", "named"), LIBRARY, ids=[row[0] for row in LIBRARY])
def test_the_library_names_the_argument(tried: str, call: Callable[[], object], named: str) -> None:
    with pytest.raises((ValueError, TypeError)) as caught:
        call()
    assert named in str(caught.value), f"{tried}: {caught.value}"
    # Raised by loopdocs itself, not from deep inside torch, matplotlib or Pillow.
    origin = caught.traceback[-1].path
    assert "loopdocs" in Path(origin).parts, f"{tried}: raised in {origin}"


# (what is tried, the arguments after the output path, the option its message must name)
CLI: list[tuple[str, list[str], str]] = [
    ("epochs 1e9", ["fit.png", "--epochs", "1000000000"], "--epochs"),
    ("epochs zero", ["fit.png", "--epochs", "0"], "--epochs"),
    ("epochs a word", ["fit.png", "--epochs", "many"], "--epochs"),
    ("lr 1e308", ["fit.png", "--lr", "1e308"], "--lr"),
    ("lr nan", ["fit.png", "--lr", "nan"], "--lr"),
    ("lr negative", ["fit.png", "--lr", "-0.1"], "--lr"),
    ("points 1", ["fit.png", "--points", "1"], "--points"),
    ("points 2.5", ["fit.png", "--points", "2.5"], "--points"),
    ("noise negative", ["fit.png", "--noise", "-1"], "--noise"),
    ("noise inf", ["fit.png", "--noise", "inf"], "--noise"),
    ("seed negative", ["fit.png", "--seed", "-1"], "--seed"),
    ("seed beyond 32 bits", ["fit.png", "--seed", str(2**40)], "--seed"),
    ("theme unknown", ["fit.png", "--theme", "blue"], "--theme"),
    ("frames for a PNG", ["fit.png", "--frames", "10"], "--frames"),
    ("fps for a PNG", ["fit.png", "--fps", "10"], "--fps"),
    ("frames too many", ["fit.gif", "--frames", "100"], "frames=100"),
    ("fps zero", ["fit.gif", "--fps", "0"], "--fps"),
    ("fps too high", ["fit.gif", "--fps", "100"], "--fps"),
    ("wrong suffix", ["fit.txt"], "out must end in"),
    ("no suffix", ["fit"], "out must end in"),
    ("folder missing", ["nodir/fit.png"], "out's folder must exist"),
    ("name too long", ["a" * 300 + ".png"], "out's file name must be at most 255"),
    ("unknown option", ["fit.png", "--learning-rate", "0.1"], "--learning-rate"),
    ("no out", [], "out"),
    # Round two (#25): files the way users expect, refused before any training.
    ("trailing separator", ["fit.png/"], "out must name a file, not a folder"),
    ("empty stem", [".png"], "out must have a file name before its suffix, such as fit.png"),
    ("empty stem, gif", [".GIF"], "out must have a file name before its suffix"),
    ("folder refuses a file", ["/proc/fit.png"], "out's folder must be writable, and '/proc'"),
]


@pytest.mark.parametrize(("tried", "argv", "named"), CLI, ids=[row[0] for row in CLI])
def test_the_command_line_names_the_option_before_any_work(
    tried: str,
    argv: list[str],
    named: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    trained: list[object] = []
    monkeypatch.setattr("loopdocs.cli.train_line", lambda *a, **k: trained.append(a))
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2, tried
    message = capsys.readouterr().err.strip().splitlines()[-1]
    assert message.startswith("loopdocs: error:") and named in message, message
    assert not trained  # refused before any training
    assert list(tmp_path.iterdir()) == []  # and nothing written


def test_an_output_that_is_a_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "fit.png").mkdir()
    with pytest.raises(SystemExit) as caught:
        main([str(tmp_path / "fit.png")])
    assert caught.value.code == 2 and "is a folder" in capsys.readouterr().err


def test_a_file_that_cannot_be_written_is_one_line_and_status_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("loopdocs.cli.os.replace", refuse)
    assert main([str(tmp_path / "fit.png"), "--epochs", "2"]) == 1
    error = capsys.readouterr().err.strip()
    assert error == f"loopdocs: cannot write {str(tmp_path / 'fit.png')!r}: Permission denied"
    assert list(tmp_path.iterdir()) == []  # the temporary file is gone too


def test_ctrl_c_stops_cleanly_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("loopdocs.cli.train_line", interrupt)
    assert main([str(tmp_path / "fit.png")]) == 130
    assert "interrupted; nothing was written" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_help_gives_every_default_and_range(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    for option in ("--lr", "--epochs", "--points", "--noise", "--seed", "--frames", "--fps"):
        help_line = re.search(rf"{option} \w+\s+(.*?)(?=\n  -|\n\nexamples)", text, re.S)
        assert help_line and "default" in help_line.group(1), option
    assert "1 to 100,000" in text and "examples:" in text and "loopdocs fit.gif" in text


def test_there_are_at_least_a_hundred_and_twenty_bad_inputs() -> None:
    assert len(LIBRARY) + len(CLI) >= 120
