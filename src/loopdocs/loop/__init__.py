"""The loop itself, with torch alone: seeded data, small models, the recorded training loop.

``data`` and ``datasets`` make seeded points, ``models`` the networks the pages train,
``train`` runs and records the five moves, ``orders`` runs every order of them,
``stability`` the learning rate where a run stops
converging, ``landscape`` the loss over w and b, ``measures`` what trained models predict and
how much their curves wiggle, ``readings`` what a recorded run says without torch (the
log-scale rule the drawing and its words share among them), and ``checks`` refuses a bad
tensor, model or setting before any of them runs. Nothing here draws or knows about Sphinx.

Pages import from here. Names load on first use, so ``loopdocs.describe`` can use
``readings`` without importing torch. The general ``train`` function is imported from
``loopdocs.loop.train``: at package level that name is the module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from loopdocs._lazy import lazy_getattr

if TYPE_CHECKING:
    from loopdocs.loop.data import LineData, least_squares, make_line_data, train_val_split
    from loopdocs.loop.datasets import make_two_scale_data, make_wave_data
    from loopdocs.loop.landscape import mse_grid, slope_at, tangent_view
    from loopdocs.loop.measures import Run, prediction_span, wiggle
    from loopdocs.loop.models import mlp, predict, zero_linear
    from loopdocs.loop.orders import LOOP_LINES, OrderOutcome, order_source, run_order, run_orders
    from loopdocs.loop.readings import best_val_epoch, layer_norms, lowest_epoch
    from loopdocs.loop.stability import critical_lr, mse_hessian, sweep_learning_rates
    from loopdocs.loop.train import History, line_model, train_line

_EXPORTS = {
    "LineData": "loopdocs.loop.data",
    "least_squares": "loopdocs.loop.data",
    "make_line_data": "loopdocs.loop.data",
    "train_val_split": "loopdocs.loop.data",
    "make_two_scale_data": "loopdocs.loop.datasets",
    "make_wave_data": "loopdocs.loop.datasets",
    "mse_grid": "loopdocs.loop.landscape",
    "slope_at": "loopdocs.loop.landscape",
    "tangent_view": "loopdocs.loop.landscape",
    "Run": "loopdocs.loop.measures",
    "prediction_span": "loopdocs.loop.measures",
    "wiggle": "loopdocs.loop.measures",
    "mlp": "loopdocs.loop.models",
    "LOOP_LINES": "loopdocs.loop.orders",
    "OrderOutcome": "loopdocs.loop.orders",
    "order_source": "loopdocs.loop.orders",
    "run_order": "loopdocs.loop.orders",
    "run_orders": "loopdocs.loop.orders",
    "predict": "loopdocs.loop.models",
    "zero_linear": "loopdocs.loop.models",
    "best_val_epoch": "loopdocs.loop.readings",
    "layer_norms": "loopdocs.loop.readings",
    "lowest_epoch": "loopdocs.loop.readings",
    "critical_lr": "loopdocs.loop.stability",
    "mse_hessian": "loopdocs.loop.stability",
    "sweep_learning_rates": "loopdocs.loop.stability",
    "History": "loopdocs.loop.train",
    "line_model": "loopdocs.loop.train",
    "train_line": "loopdocs.loop.train",
}

__all__ = [
    "LOOP_LINES",
    "History",
    "LineData",
    "OrderOutcome",
    "Run",
    "best_val_epoch",
    "critical_lr",
    "layer_norms",
    "least_squares",
    "line_model",
    "lowest_epoch",
    "make_line_data",
    "make_two_scale_data",
    "make_wave_data",
    "mlp",
    "mse_grid",
    "mse_hessian",
    "order_source",
    "predict",
    "prediction_span",
    "run_order",
    "run_orders",
    "slope_at",
    "sweep_learning_rates",
    "tangent_view",
    "train_line",
    "train_val_split",
    "wiggle",
    "zero_linear",
]


__getattr__ = lazy_getattr(__name__, _EXPORTS)
