"""Seeded data sets for the troubleshooting demos, beyond the worked example's line.

``make_wave_data`` gives noisy points along a sine wave (a curve a network has to bend to, and
can over-bend to); ``make_two_scale_data`` gives two input features on very different scales.
Each draws from a private generator, so the global torch seed is left alone and the same
arguments always give the same tensors.
"""

from __future__ import annotations

import torch

from loopdocs._checks import (
    finite_float,
    finite_interval,
    non_negative_float,
    positive_float,
    positive_int,
    seed_number,
)
from loopdocs.loop.checks import check_float32_range


def make_wave_data(
    n: int = 40,
    *,
    noise: float = 0.3,
    x_range: tuple[float, float] = (-3.0, 3.0),
    seed: int = 0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` points ``y = sin(x) + noise``, ``x`` uniform over ``x_range``, as (N, 1) tensors."""
    positive_int("n", n)
    noise = non_negative_float("noise", noise)
    low, high = finite_interval("x_range", x_range)
    generator = torch.Generator().manual_seed(seed_number("seed", seed))
    x = torch.rand(n, 1, generator=generator) * (high - low) + low
    check_float32_range("x", x, "x_range")
    y = torch.sin(x) + noise * torch.randn(n, 1, generator=generator)
    return x, check_float32_range("y", y, "noise")


def make_two_scale_data(
    n: int = 100,
    *,
    scales: tuple[float, ...] = (1.0, 100.0),
    weights: tuple[float, ...] = (2.0, 0.01),
    noise: float = 0.1,
    seed: int = 0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Features ``x_j`` uniform over ``[0, scales[j]]`` and ``y = Σ weights[j]·x_j + noise``.

    Returns ``x`` of shape (N, len(scales)) and ``y`` of shape (N, 1). With the defaults the
    second feature spans a hundred times the range of the first, as raw measurements in
    different units often do.
    """
    positive_int("n", n)
    noise = non_negative_float("noise", noise)
    if len(scales) == 0 or len(scales) != len(weights):
        raise ValueError(
            f"scales and weights must be non-empty and the same length, got {len(scales)} "
            f"and {len(weights)}"
        )
    spans = torch.tensor([positive_float("scales", s) for s in scales])
    coefficients = torch.tensor([finite_float("weights", w) for w in weights])
    generator = torch.Generator().manual_seed(seed_number("seed", seed))
    x = torch.rand(n, len(scales), generator=generator) * spans
    check_float32_range("x", x, "scales")
    y = x @ coefficients.reshape(-1, 1) + noise * torch.randn(n, 1, generator=generator)
    return x, check_float32_range("y", y, "scales, weights and noise")
