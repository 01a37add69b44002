"""Seeded synthetic data: noisy points along a line, and a train/validation split.

The same arguments always give the same tensors, so every page and test that asks for the
worked example's data gets exactly the same points.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from loopdocs._checks import (
    finite_float,
    finite_interval,
    fraction,
    non_negative_float,
    positive_int,
    seed_number,
)
from loopdocs.loop.checks import check_float32_range, check_pair

#: The worked example's defaults: points near y = 0.8 x + 0.5, x spread over [-1, 3].
TRUE_W = 0.8
TRUE_B = 0.5
X_RANGE = (-1.0, 3.0)


@dataclass(frozen=True)
class LineData:
    """Points ``y = true_w * x + true_b + noise`` as float32 column tensors of shape (N, 1)."""

    x: torch.Tensor
    y: torch.Tensor
    true_w: float
    true_b: float
    noise: float
    seed: int

    def __len__(self) -> int:
        return int(self.x.shape[0])


def make_line_data(
    n: int = 40,
    *,
    w: float = TRUE_W,
    b: float = TRUE_B,
    noise: float = 0.3,
    x_range: tuple[float, float] = X_RANGE,
    seed: int = 0,
) -> LineData:
    """Return ``n`` seeded points scattered around the line ``y = w * x + b``.

    ``x`` is uniform over ``x_range`` and the noise is Gaussian with standard deviation
    ``noise``. A private generator is used, so the global torch seed is left alone.
    """
    positive_int("n", n)
    if n < 2:
        raise ValueError(f"n must be at least 2: a line is fitted to two points or more, got {n}")
    finite_float("w", w)
    finite_float("b", b)
    noise = non_negative_float("noise", noise)
    low, high = finite_interval("x_range", x_range)
    seed_number("seed", seed)
    generator = torch.Generator().manual_seed(seed)
    x = torch.rand(n, 1, generator=generator) * (high - low) + low
    check_float32_range("x", x, "x_range")
    y = w * x + b + noise * torch.randn(n, 1, generator=generator)
    check_float32_range("y", y, "w, b, noise and x_range")
    return LineData(x=x, y=y, true_w=float(w), true_b=float(b), noise=noise, seed=seed)


def train_val_split(
    x: torch.Tensor, y: torch.Tensor, *, val_fraction: float = 0.25, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Shuffle with ``seed`` and split into ``(x_train, y_train, x_val, y_val)``.

    At least one point lands on each side; ``val_fraction`` must lie strictly in (0, 1).
    """
    check_pair(x, y)
    fraction("val_fraction", val_fraction)
    seed_number("seed", seed)
    n = int(x.shape[0])
    if n < 2:
        raise ValueError(f"x must hold at least 2 points to split, got {n}")
    n_val = min(max(1, round(n * val_fraction)), n - 1)
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    val_idx, train_idx = order[:n_val], order[n_val:]
    return x[train_idx], y[train_idx], x[val_idx], y[val_idx]


def least_squares(x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """The closed-form least-squares ``(w, b)`` for ``y ≈ w * x + b``, in float64."""
    check_pair(x, y)
    xs = x.reshape(-1).double()
    ys = y.reshape(-1).double()
    x_mean, y_mean = xs.mean(), ys.mean()
    spread = ((xs - x_mean) ** 2).sum()
    if spread == 0:
        raise ValueError("x must hold at least two different values for a least-squares line")
    w = ((xs - x_mean) * (ys - y_mean)).sum() / spread
    return float(w), float(y_mean - w * x_mean)
