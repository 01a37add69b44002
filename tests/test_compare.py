"""Multi-run figures: what they draw, the alt text they write, and the arguments they refuse."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from PIL import Image

from loopdocs import make_line_data, train_val_split
from loopdocs.describe import (
    at_noise_level,
    noise_bound,
    noise_floor,
    number,
    power_of_ten,
    summarize,
    swings,
)
from loopdocs.draw.compare import draw_curves, draw_train_val
from loopdocs.draw.curves import draw_loss_curves
from loopdocs.draw.themes import DARK, LIGHT
from loopdocs.figures import Run, curves_figure, fixes_figure, train_val_figure
from loopdocs.loop import best_val_epoch, lowest_epoch
from loopdocs.loop.models import mlp
from loopdocs.loop.train import History, TrainSettings, train, train_line

DATA = make_line_data()


@pytest.fixture(scope="module")
def diverging() -> History:
    return train_line(DATA, lr=0.8, epochs=100)


@pytest.fixture(scope="module")
def converging() -> History:
    return train_line(DATA, lr=0.08, epochs=100)


@pytest.fixture(scope="module")
def overfitting() -> History:
    x_train, y_train, x_val, y_val = train_val_split(DATA.x, DATA.y, val_fraction=0.5)
    return train(
        mlp(2, 32, activation="tanh"),
        x_train,
        y_train,
        lr=0.01,
        epochs=150,
        optimizer="adam",
        x_val=x_val,
        y_val=y_val,
    )


def size_of(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        return image.size


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0673, "0.0673"),
        (2.3444, "2.34"),
        (3.37e36, "3.37×10³⁶"),
        (1.2e-6, "1.20×10⁻⁶"),
        (float("inf"), "infinite"),
        (float("nan"), "NaN"),
        (0.0, "0"),
    ],
)
def test_number_formats_for_prose(value: float, text: str) -> None:
    assert number(value) == text


def test_summaries_say_what_the_run_did(diverging: History, converging: History) -> None:
    # Past the blow-up only the order of magnitude is the same on every CPU.
    exponent = math.floor(math.log10(diverging.loss[-2]))
    assert summarize(diverging) == (
        f"the training loss climbs from 2.34 at epoch 1 to more than {power_of_ten(exponent)} "
        f"and stops being finite at epoch {diverging.diverged_at}"
    )
    assert summarize(converging).startswith(
        "the training loss falls from 2.34 at epoch 1 to 0.0673"
    )
    swinging = train_line(DATA, lr=0.03, epochs=300, zero_grad=False)
    assert swings(swinging.loss)
    assert summarize(swinging).startswith("the training loss swings up and down between")
    assert not swings(converging.loss)
    assert summarize(converging, "lr") == "the learning rate stays at 0.08 for all 100 epochs"
    assert summarize(diverging, "grad_norm").startswith("the gradient norm rises from")
    assert " to more than 10" in summarize(diverging, "grad_norm")
    # A value that shrank to float32 noise for its start's size is shown as the noise bound.
    settled = train_line(DATA, lr=0.08, epochs=400)
    assert at_noise_level(settled.grad_norm[-1], settled.grad_norm[0])
    bound = noise_bound(settled.grad_norm[0])
    assert summarize(settled, "grad_norm").endswith(f" to {bound} at epoch 400")
    assert summarize(train_line(DATA, lr=0.38, epochs=30), "w", epochs=20).startswith(
        "the weight w zig-zags up and down every epoch, each swing smaller than the last"
    )


def test_a_weight_landing_on_alternate_sides_of_a_level_is_described_as_such() -> None:
    best_w = 0.8204077294516869  # least squares on DATA
    above = train_line(DATA, lr=0.421, epochs=20)  # 5% above the critical learning rate
    below = train_line(DATA, lr=0.381, epochs=20)  # 5% below
    assert summarize(above, "w", around=best_w) == (
        "the weight w lands on alternate sides of 0.82 every epoch, further out each time, "
        f"reaching {number(above.w[-2])} at epoch 19 and {number(above.w[-1])} at epoch 20"
    )
    assert summarize(below, "w", around=best_w).startswith(
        "the weight w lands on alternate sides of 0.82 every epoch, closer each time, landing at"
    )
    # From w = 0 every later value is "more than ten times the start": that is not a climb.
    assert summarize(above, "w").startswith(
        "the weight w zig-zags up and down every epoch, each swing larger than the last, reaching"
    )
    steady = train_line(DATA, lr=0.03, epochs=20)  # w rises from 0 without overshooting
    assert summarize(steady, "w", around=best_w).startswith("the weight w rises from 0 at epoch 1")
    figure = curves_figure(
        [Run("above", above), Run("below", below)],
        metrics=("w", "loss"),
        references={"w": ("best w", best_w)},
    )
    assert "above: the weight w lands on alternate sides of 0.82 every epoch" in figure.alt
    with pytest.raises(ValueError, match="around must be a finite number"):
        summarize(above, "w", around=float("nan"))


def test_fixes_figure_renders_both_themes_with_alt_text_from_the_runs(
    diverging: History, converging: History
) -> None:
    figure = fixes_figure(Run("broken", diverging), [Run("fix", converging)], caption="c")
    assert set(figure.stills) == {"light", "dark"}
    assert figure.stills["light"] != figure.stills["dark"]
    assert size_of(figure.stills["light"]) == size_of(figure.stills["dark"])
    assert f"stops being finite at epoch {diverging.diverged_at}" in figure.alt
    assert "fix: the training loss falls from 2.34 at epoch 1 to 0.0673 at epoch 100" in figure.alt
    assert figure.caption == "c"
    again = fixes_figure(Run("broken", diverging), [Run("fix", converging)], caption="c")
    assert again.stills == figure.stills  # deterministic bytes


def test_curves_draw_one_panel_per_metric_with_the_divergence_marked(
    diverging: History, converging: History
) -> None:
    runs = [Run("broken", diverging), Run("fix", converging)]
    figure = draw_curves(
        LIGHT,
        runs,
        metrics=("w", "loss", "grad_norm"),
        epochs={"w": 20},
        references={"w": ("best", 0.82)},
    )
    w_axes, loss_axes, grad_axes = [ax for ax in figure.axes if ax.get_visible()]
    assert w_axes.get_yscale() == "linear" and loss_axes.get_yscale() == "log"
    assert grad_axes.get_yscale() == "log"
    assert w_axes.get_xlim()[1] == 21  # only the first 20 epochs
    assert len(w_axes.get_lines()[0].get_xdata()) == 20
    marks = [
        line
        for line in loss_axes.get_lines()
        if list(line.get_xdata()) == [diverging.diverged_at] * 2
    ]
    assert len(marks) == 1
    (level,) = [line for line in w_axes.get_lines() if list(line.get_ydata()) == [0.82, 0.82]]
    runs_drawn = [line for line in w_axes.get_lines() if line is not level]
    # A band wider than any run's line, so a run sitting on the level cannot hide it.
    assert all(level.get_linewidth() > 2 * line.get_linewidth() for line in runs_drawn)
    assert all(level.get_zorder() < line.get_zorder() for line in runs_drawn)  # behind them
    texts = [t.get_text() for t in loss_axes.texts]
    assert f"not finite at epoch {diverging.diverged_at}" in texts


def test_a_divergence_label_stays_off_the_diverging_curve(diverging: History) -> None:
    def label(runs: list[tuple[str, History]]) -> tuple[str, float, float]:
        (text,) = draw_loss_curves(runs, LIGHT).axes[0].texts
        return text.get_ha(), text.xy[1], text.get_position()[0]

    # Diverged at epoch 40 of 100: room on the right, clear of the curve that ends top left.
    ha, height, offset = label([("broken", diverging), ("fix", train_line(DATA, lr=0.08))])
    assert (ha, height) == ("left", 0.92) and offset > 0
    # Diverged at the right-hand end: the words go left, at mid-height below the curve's end.
    ha, height, offset = label([("broken", diverging)])
    assert (ha, height) == ("right", 0.5) and offset < 0


def test_curves_figure_alt_text_names_each_panel(diverging: History, converging: History) -> None:
    figure = curves_figure(
        [Run("a", diverging), Run("b", converging)], metrics=("loss", "grad_norm")
    )
    assert figure.alt.startswith("2 panels. Training loss (log scale) against epoch.")
    assert "Gradient norm (log scale) against epoch." in figure.alt


def test_train_val_panels_mark_the_lowest_validation_loss(overfitting: History) -> None:
    best = best_val_epoch(overfitting)
    assert overfitting.val_loss[best - 1] == min(overfitting.val_loss)
    figure = draw_train_val(DARK, [Run(f"run {i}", overfitting) for i in range(4)])
    panels = [ax for ax in figure.axes if ax.get_visible()]
    assert len(panels) == 4
    dots = [line for line in panels[0].get_lines() if line.get_marker() == "o"]
    assert [float(v) for v in dots[0].get_xdata()] == [best]
    page = train_val_figure([Run("only", overfitting)])
    assert f"lowest, {number(overfitting.val_loss[best - 1])}, at epoch {best}" in page.alt


def test_fixes_figure_and_panels_use_the_figure_width(
    diverging: History, converging: History
) -> None:
    figure = curves_figure([Run("a", diverging), Run("b", converging)], metrics=("loss",))
    width, height = size_of(figure.stills["light"])
    assert width == 720 and 250 <= height <= 320
    pixels = np.asarray(Image.open(io.BytesIO(figure.stills["dark"])).convert("RGB"))
    assert tuple(pixels[2, 2]) == (0x13, 0x14, 0x16)  # the dark theme's background


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda h: Run("", h), "label must be a non-empty string"),
        (lambda h: Run("x", "history"), "history must be a loopdocs History"),
        (lambda h: fixes_figure(Run("a", h), []), "fixes must hold at least one run"),
        (lambda h: fixes_figure(Run("a", h), [Run("b", h)] * 4), "between 1 and 4 runs"),
        (lambda h: curves_figure([Run("a", h)], metrics=("accuracy",)), "metric must be one of"),
        (lambda h: curves_figure([Run("a", h)], metrics=()), "metrics must name at least one"),
        (
            lambda h: curves_figure([Run("a", h)], metrics=("loss",), epochs={"w": 5}),
            "epochs must map",
        ),
        (
            lambda h: curves_figure([Run("a", h)], metrics=("loss",), epochs={"loss": 0}),
            "epochs must map",
        ),
        (
            lambda h: curves_figure([Run("a", h)], references={"w": ("x", 1.0)}),
            "references must name",
        ),
        (lambda h: curves_figure(["a"]), "runs must be loopdocs.loop.Run objects"),
        (lambda h: train_val_figure([Run("a", h)]), "recorded no 'val_loss'"),
    ],
)
def test_bad_arguments_are_refused_with_a_reason(
    converging: History, call: object, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call(converging)  # type: ignore[operator]


def test_a_history_without_validation_has_no_best_epoch(converging: History) -> None:
    with pytest.raises(ValueError, match="history must hold validation losses"):
        best_val_epoch(converging)


def test_the_lowest_epoch_is_refused_when_a_runner_up_ties_it() -> None:
    """Two epochs within a hair of each other: another CPU could pick the other one."""
    assert lowest_epoch([0.5, 0.3, 0.4]) == 2
    assert lowest_epoch([0.3]) == 1
    with pytest.raises(ValueError, match=r"val_loss of epochs 2 and 3 are within 0.0001"):
        lowest_epoch([0.5, 0.3, 0.30000001], "val_loss")
    with pytest.raises(ValueError, match="values must hold at least one value"):
        lowest_epoch([])


def test_a_low_in_the_rounding_noise_is_not_described() -> None:
    """The nan-loss page's gradient norm fell to noise and had its minimum there: which epoch
    held it, and whether it was below the end, differed between kernel paths."""
    settings = TrainSettings(lr=0.1, epochs=6)
    start = 8.28
    noise = [3e-7, 1.08e-6, 2e-6]  # all far under the noise floor of 8.28
    assert all(at_noise_level(value, start) for value in noise)
    history = History(settings=settings, loss=(1.0,) * 6, grad_norm=(start, 1.0, 0.01, *noise))
    assert summarize(history, "grad_norm") == (
        f"the gradient norm falls from 8.28 at epoch 1 to {noise_bound(start)} at epoch 6"
    )
    # A low clear of the noise is still told.
    clear = 5 * noise_floor(start)
    history = History(
        settings=settings, loss=(1.0,) * 6, grad_norm=(start, 1.0, clear, 0.5, 0.6, 0.4)
    )
    assert ", after a low of " in summarize(history, "grad_norm")


def test_a_series_constant_up_to_rounding_stays() -> None:
    settings = TrainSettings(lr=0.1, epochs=4)
    loss = (0.5, 0.5 + 2**-24, 0.5, 0.5 - 2**-24)  # one rounding step either way
    history = History(settings=settings, loss=loss)
    assert summarize(history) == "the training loss stays at 0.5 for all 4 epochs"
