"""Why-figures: per-layer gradient norms, a learning-rate sweep, and what trained models predict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
import torch
from matplotlib.figure import Figure
from torch import nn

from loopdocs import make_line_data
from loopdocs.describe import number
from loopdocs.draw.diagnostics import Curve, draw_layer_norms, draw_predictions, draw_sweep
from loopdocs.draw.themes import LIGHT
from loopdocs.figures import Run, layer_norms_figure, predictions_figure, sweep_figure
from loopdocs.figures import diagnostics as figures_diagnostics
from loopdocs.loop import layer_norms, wiggle
from loopdocs.loop.datasets import make_wave_data
from loopdocs.loop.measures import prediction_curve, prediction_grid
from loopdocs.loop.models import mlp
from loopdocs.loop.stability import Sweep, SweepPoint, critical_lr, sweep_learning_rates
from loopdocs.loop.train import History, train

X, Y = make_wave_data(32, noise=0.1)


@pytest.fixture(scope="module")
def deep() -> History:
    model = mlp(5, 8, activation="sigmoid")
    return train(model, X, Y, lr=0.1, epochs=3, record_layer_grad_norms=True)


def test_layer_norms_reads_one_epoch(deep: History) -> None:
    assert layer_norms(deep, 2) == deep.layer_grad_norms[1]
    assert len(layer_norms(deep)) == 6
    with pytest.raises(ValueError, match="epoch must be between 1 and 3"):
        layer_norms(deep, 4)
    plain = train(mlp(1, 4), X, Y, lr=0.1, epochs=1)
    with pytest.raises(ValueError, match="record_layer_grad_norms=True"):
        layer_norms(plain)


def test_layer_norms_plot_every_layer_on_a_log_scale(deep: History) -> None:
    figure = draw_layer_norms(LIGHT, [Run("deep", deep)])
    (ax,) = figure.axes
    assert ax.get_yscale() == "log"
    (line,) = ax.get_lines()
    assert list(line.get_xdata()) == [1, 2, 3, 4, 5, 6]
    assert list(line.get_ydata()) == list(deep.layer_grad_norms[0])
    page = layer_norms_figure([Run("deep", deep)])
    assert "at the output layer (layer 6)" in page.alt and "at layer 1" in page.alt
    with pytest.raises(ValueError, match="runs must hold between 1 and 4 runs"):
        layer_norms_figure([])


def test_sweep_figure_marks_the_formula_inside_the_sweep_s_gap() -> None:
    data = make_line_data()
    rates = [0.30, 0.35, 0.40, 0.45, 0.50]
    sweep = sweep_learning_rates(data.x, data.y, rates, epochs=60)
    limit = critical_lr(data.x)
    figure = draw_sweep(LIGHT, sweep, limit)
    (ax,) = figure.axes
    assert any(list(line.get_xdata()) == [limit, limit] for line in ax.get_lines())
    page = sweep_figure(sweep, limit)
    assert f"{limit:.4f}" in page.alt and "5 runs from learning rate 0.3 to 0.5" in page.alt
    with pytest.raises(ValueError, match="formula_lr must be a finite number > 0"):
        sweep_figure(sweep, -1.0)
    assert sweep_figure(sweep, 1).alt  # a whole-number learning rate is a learning rate too
    flat = Sweep(points=(SweepPoint(0.1, 2.0, 1.0), SweepPoint(0.2, 2.0, 1.0)), epochs=5)
    with pytest.raises(ValueError, match="both converging and diverging"):
        sweep_figure(flat, 0.3)


def test_wiggle_is_the_total_variation_of_the_curve() -> None:
    line = nn.Linear(1, 1)
    with torch.no_grad():
        line.weight.fill_(2.0)
        line.bias.fill_(0.5)
    assert wiggle(line, (-1.0, 1.0)) == pytest.approx(4.0, rel=1e-5)


def test_predictions_draw_one_panel_per_model() -> None:
    models = [("a", mlp(1, 4)), ("b", mlp(1, 4, seed=1)), ("c", mlp(1, 4, seed=2))]
    train_points, val_points = (X[:16], Y[:16]), (X[16:], Y[16:])
    span = (-3.0, 3.0)
    curves = [(label, prediction_curve(model, span)) for label, model in models]
    grid = prediction_grid(span)
    truth = (grid.reshape(-1), torch.sin(grid).reshape(-1))
    figure = draw_predictions(LIGHT, train_points, val_points, curves, truth)
    panels = [ax for ax in figure.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in panels] == ["a", "b", "c"]
    assert len(panels[0].get_lines()) == 4  # truth, model, training points, validation points
    page = predictions_figure(train_points, val_points, models[:1])
    assert "16 training points" in page.alt and "a: between x = " in page.alt
    with pytest.raises(ValueError, match=r"models must be \(label, torch.nn.Module\) pairs"):
        predictions_figure(train_points, val_points, [("a", "model")])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="models must hold at least one"):
        predictions_figure(train_points, val_points, [])


def test_predictions_are_drawn_and_measured_over_one_span(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = mlp(1, 4)
    train_points, val_points = (X[:16], Y[:16]), (X[16:], Y[16:])
    span = (-3.0, 3.0)
    drawn: list[Sequence[tuple[str, Curve]]] = []

    def draw(*args: Any) -> Figure:  # draw_predictions, noting the curves it was given
        drawn.append(args[3])
        return draw_predictions(*args)

    monkeypatch.setattr(figures_diagnostics, "draw_predictions", draw)
    page = predictions_figure(train_points, val_points, [("a", model)], span=span)
    # What the page figure drew is the model's curve over the span, the one the words measure.
    (label, (drawn_x, drawn_y)), *_ = drawn[0]
    assert label == "a" and (float(drawn_x[0]), float(drawn_x[-1])) == pytest.approx(span)
    assert float((drawn_y[1:] - drawn_y[:-1]).abs().sum()) == wiggle(model, span)
    # The figure draws the very curve whose wiggle the alt text quotes: over the span.
    xs, ys = prediction_curve(model, span)
    assert (float(xs[0]), float(xs[-1])) == pytest.approx(span)
    assert float((ys[1:] - ys[:-1]).abs().sum()) == wiggle(model, span)
    figure = draw_predictions(LIGHT, train_points, val_points, [("a", (xs, ys))])
    curve = figure.axes[0].get_lines()[0]  # no truth: the model's curve comes first
    assert (curve.get_xdata()[0], curve.get_xdata()[-1]) == pytest.approx(span)
    assert (
        f"a: between x = -3 and 3 its curve travels a total of {number(wiggle(model, span))} "
        "up and down." in page.alt
    )
    # By default the span is the points' own range, in the picture and in the words.
    low, high = float(X.min()), float(X.max())
    default = predictions_figure(train_points, val_points, [("a", model)])
    assert f"between x = {number(low)} and {number(high)}" in default.alt
    assert f"{number(wiggle(model, (low, high)))} up and down" in default.alt
    for bad in ((3.0, -3.0), (0.0, float("inf")), (1.0,)):
        with pytest.raises(ValueError, match="span must"):
            predictions_figure(train_points, val_points, [("a", model)], span=bad)  # type: ignore[arg-type]
