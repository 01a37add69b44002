"""The loop itself, with torch alone: seeded data, small models, the recorded training loop.

``data`` and ``datasets`` make seeded points, ``models`` the networks the pages train,
``train`` runs and records the five moves, ``stability`` the learning rate where a run stops
converging, ``landscape`` the loss over w and b, ``measures`` what trained models predict and
how much their curves wiggle, and ``readings`` what a recorded run says without torch (the
log-scale rule the drawing and its words share among them). Nothing here draws or knows about
Sphinx.

Pages import from here. Names load on first use, so ``loopdocs.describe`` can use
``readings`` without importing torch. The general ``train`` function is imported from
``loopdocs.loop.train``: at package level that name is the module.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from loopdocs.loop.data import LineData, least_squares, make_line_data, train_val_split
    from loopdocs.loop.datasets import make_two_scale_data, make_wave_data
    from loopdocs.loop.landscape import mse_grid, slope_at
    from loopdocs.loop.measures import Run, prediction_span, wiggle
    from loopdocs.loop.models import mlp, predict, zero_linear
    from loopdocs.loop.readings import best_val_epoch, layer_norms
    from loopdocs.loop.stability import critical_lr, mse_hessian, sweep_learning_rates
    from loopdocs.loop.train import History, line_model, train_line

_EXPORTS = {
    "LineData": "data",
    "least_squares": "data",
    "make_line_data": "data",
    "train_val_split": "data",
    "make_two_scale_data": "datasets",
    "make_wave_data": "datasets",
    "mse_grid": "landscape",
    "slope_at": "landscape",
    "Run": "measures",
    "prediction_span": "measures",
    "wiggle": "measures",
    "mlp": "models",
    "predict": "models",
    "zero_linear": "models",
    "best_val_epoch": "readings",
    "layer_norms": "readings",
    "critical_lr": "stability",
    "mse_hessian": "stability",
    "sweep_learning_rates": "stability",
    "History": "train",
    "line_model": "train",
    "train_line": "train",
}

__all__ = [
    "History",
    "LineData",
    "Run",
    "best_val_epoch",
    "critical_lr",
    "layer_norms",
    "least_squares",
    "line_model",
    "make_line_data",
    "make_two_scale_data",
    "make_wave_data",
    "mlp",
    "mse_grid",
    "mse_hessian",
    "predict",
    "prediction_span",
    "slope_at",
    "sweep_learning_rates",
    "train_line",
    "train_val_split",
    "wiggle",
    "zero_linear",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"loopdocs.loop.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'loopdocs.loop' has no attribute {name!r}")
