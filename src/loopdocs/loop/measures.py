"""Measures of trained models and labelled runs, with torch: what the diagnostic figures show.

:class:`Run` is a recorded run with the label a reader sees for it; :func:`prediction_curve`
is what a model predicts over a span of x, and :func:`wiggle` how far that curve travels up
and down, measured on the very points the figure draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from loopdocs._checks import finite_interval, positive_int
from loopdocs.loop.models import predict
from loopdocs.loop.train import History

#: How many x values a prediction curve is drawn and measured at.
GRID_POINTS = 400

Points = tuple[torch.Tensor, torch.Tensor]


@dataclass(frozen=True)
class Run:
    """A recorded run and the label a reader sees for it."""

    label: str
    history: History

    def __post_init__(self) -> None:
        if not isinstance(self.label, str) or not self.label.strip():
            raise ValueError("label must be a non-empty string naming the run")
        if not isinstance(self.history, History) or self.history.epochs_run == 0:
            raise ValueError("history must be a loopdocs History holding at least one epoch")


def prediction_span(
    train: Points, val: Points, span: tuple[float, float] | None = None
) -> tuple[float, float]:
    """``span`` checked, or by default the x range of the training and validation points together.

    A figure's curves and the wiggle its alt text quotes are both taken over this one span, so
    a page that quotes a wiggle can pass the same span and agree.
    """
    if span is None:
        xs = torch.cat([train[0], val[0]]).reshape(-1)
        return float(xs.min()), float(xs.max())
    if not isinstance(span, tuple):
        raise ValueError(f"span must be a pair (low, high), got {span!r}")
    return finite_interval("span", span)


def prediction_grid(x_range: tuple[float, float], points: int = GRID_POINTS) -> torch.Tensor:
    """``points`` evenly spaced x values over ``x_range``, as an (N, 1) tensor."""
    low, high = finite_interval("x_range", x_range)
    return torch.linspace(low, high, positive_int("points", points)).reshape(-1, 1)


def prediction_curve(
    model: nn.Module, x_range: tuple[float, float], points: int = GRID_POINTS
) -> tuple[torch.Tensor, torch.Tensor]:
    """The model's predictions over ``x_range``: (x, ŷ), each a flat tensor of ``points``."""
    grid = prediction_grid(x_range, points)
    return grid.reshape(-1), predict(model, grid).reshape(-1)


def wiggle(model: nn.Module, x_range: tuple[float, float], points: int = GRID_POINTS) -> float:
    """Total variation of the model's curve over ``x_range``: how far it travels up and down."""
    _, values = prediction_curve(model, x_range, points)
    return float((values[1:] - values[:-1]).abs().sum())
