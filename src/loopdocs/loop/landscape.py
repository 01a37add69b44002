"""The worked example's loss as a function of (w, b): on a grid, and its slope at a point."""

from __future__ import annotations

import numpy as np
import torch

from loopdocs._checks import finite_float
from loopdocs.loop.data import LineData


def mse_grid(data: LineData, ws: np.ndarray, bs: np.ndarray) -> np.ndarray:
    """The MSE of ``y ≈ w·x + b`` on ``data`` for every (b, w) pair: shape (len(bs), len(ws))."""
    x = data.x.reshape(1, 1, -1).double()
    y = data.y.reshape(1, 1, -1).double()
    w = torch.as_tensor(ws, dtype=torch.float64).reshape(1, -1, 1)
    b = torch.as_tensor(bs, dtype=torch.float64).reshape(-1, 1, 1)
    return ((w * x + b - y) ** 2).mean(dim=-1).numpy()


def slope_at(data: LineData, w: float, b: float) -> tuple[float, float, float]:
    """The loss and autograd's (dL/dw, dL/db) at ``(w, b)``."""
    w_t = torch.tensor(finite_float("w", w), requires_grad=True)
    b_t = torch.tensor(finite_float("b", b), requires_grad=True)
    loss = ((w_t * data.x + b_t - data.y) ** 2).mean()
    grad_w, grad_b = torch.autograd.grad(loss, [w_t, b_t])
    return float(loss.detach()), float(grad_w), float(grad_b)
