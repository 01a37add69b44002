"""How large a learning rate plain gradient descent survives on a least-squares fit.

For the MSE of a linear model ``y ≈ X·θ`` (``X`` the inputs with a column of ones for the
bias), the loss is a quadratic bowl whose Hessian is ``H = 2/N · XᵀX``. One step of gradient
descent multiplies the error along each eigenvector of ``H`` by ``1 - lr·λ``, so the run
converges exactly when ``lr < 2 / λ_max``: :func:`critical_lr`. :func:`sweep_learning_rates`
finds the same boundary the empirical way, by training at many learning rates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from loopdocs._checks import positive_float, positive_int
from loopdocs.loop.checks import check_pair
from loopdocs.loop.models import zero_linear
from loopdocs.loop.train import train


def design_matrix(x: torch.Tensor) -> torch.Tensor:
    """The inputs with a column of ones appended (for the bias), in float64: ``X = [x, 1]``."""
    if not isinstance(x, torch.Tensor) or x.ndim != 2 or x.shape[0] == 0:
        shape = tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__
        raise ValueError(f"x must be a tensor of shape (points, features), got {shape}")
    features = x.detach().double()
    return torch.cat([features, torch.ones(features.shape[0], 1, dtype=torch.float64)], dim=1)


def mse_hessian(x: torch.Tensor) -> torch.Tensor:
    """The Hessian of the MSE loss of ``nn.Linear(features, 1)`` on inputs ``x``: ``2/N · XᵀX``.

    It does not depend on the targets or on the current weights: the loss is a quadratic.
    """
    design = design_matrix(x)
    return 2.0 / design.shape[0] * design.T @ design


def critical_lr(x: torch.Tensor) -> float:
    """``2 / λ_max`` of :func:`mse_hessian`: full-batch SGD converges below it, diverges above."""
    largest = float(torch.linalg.eigvalsh(mse_hessian(x))[-1])
    return 2.0 / largest


@dataclass(frozen=True)
class SweepPoint:
    """One run of a learning-rate sweep: its learning rate and the loss at both ends."""

    lr: float
    first_loss: float
    final_loss: float

    @property
    def diverging(self) -> bool:
        """True when the loss ended higher than it started (or stopped being finite)."""
        return not math.isfinite(self.final_loss) or self.final_loss > self.first_loss


@dataclass(frozen=True)
class Sweep:
    """A learning-rate sweep, in increasing learning rate, and the boundary it found."""

    points: tuple[SweepPoint, ...]
    epochs: int

    @property
    def largest_converging_lr(self) -> float:
        """The largest learning rate whose loss went down."""
        self._check_single_boundary()
        return max(p.lr for p in self.points if not p.diverging)

    @property
    def smallest_diverging_lr(self) -> float:
        """The smallest learning rate whose loss went up (or stopped being finite)."""
        self._check_single_boundary()
        return min(p.lr for p in self.points if p.diverging)

    @property
    def boundary(self) -> float:
        """The empirical critical learning rate: midway between the last good and first bad run."""
        return (self.largest_converging_lr + self.smallest_diverging_lr) / 2

    def _check_single_boundary(self) -> None:
        flags = [p.diverging for p in self.points]
        if not (any(flags) and not all(flags)):
            raise ValueError("the sweep must hold both converging and diverging runs")
        first_bad = flags.index(True)
        if not all(flags[first_bad:]):
            raise ValueError("the sweep's runs do not split at a single learning rate")


def sweep_learning_rates(
    x: torch.Tensor, y: torch.Tensor, lrs: Sequence[float], *, epochs: int = 100
) -> Sweep:
    """Train a zero-initialised ``nn.Linear`` on ``(x, y)`` with SGD at each of ``lrs``.

    Every run starts from the same zero weights and lasts ``epochs`` epochs; a run counts as
    diverging when its loss ends above where it started.
    """
    check_pair(x, y)
    positive_int("epochs", epochs)
    rates = [positive_float("lrs", lr) for lr in lrs]
    if len(rates) < 2 or rates != sorted(set(rates)):
        raise ValueError("lrs must hold at least two different learning rates, in increasing order")
    points = []
    for lr in rates:
        history = train(zero_linear(int(x.shape[1])), x, y, lr=lr, epochs=epochs)
        points.append(
            SweepPoint(lr=lr, first_loss=history.first_loss, final_loss=history.final_loss)
        )
    return Sweep(points=tuple(points), epochs=epochs)
