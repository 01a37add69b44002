"""The critical learning rate 2/λ_max of a least-squares fit, and the sweep that finds it."""

from __future__ import annotations

import math

import pytest
import torch

from loopdocs import make_line_data
from loopdocs.loop.models import zero_linear
from loopdocs.loop.stability import (
    Sweep,
    SweepPoint,
    critical_lr,
    design_matrix,
    mse_hessian,
    sweep_learning_rates,
)
from loopdocs.loop.train import train

DATA = make_line_data()


def test_design_matrix_appends_a_column_of_ones() -> None:
    x = torch.tensor([[2.0, 3.0], [4.0, 5.0]])
    design = design_matrix(x)
    assert design.dtype == torch.float64
    assert design.tolist() == [[2.0, 3.0, 1.0], [4.0, 5.0, 1.0]]


def test_a_hand_worked_hessian() -> None:
    # X = [[1, 1], [-1, 1]]: XᵀX = 2·I, so H = 2/2 · 2·I = 2·I and the critical rate is 1.
    x = torch.tensor([[1.0], [-1.0]])
    assert mse_hessian(x).tolist() == [[2.0, 0.0], [0.0, 2.0]]
    assert critical_lr(x) == pytest.approx(1.0)


@pytest.mark.parametrize("features", [1, 3])
def test_the_hessian_is_autograd_s_hessian_of_the_mse(features: int) -> None:
    generator = torch.Generator().manual_seed(features)
    x = torch.randn(30, features, generator=generator, dtype=torch.float64)
    y = torch.randn(30, 1, generator=generator, dtype=torch.float64)

    def loss(theta: torch.Tensor) -> torch.Tensor:
        return ((x @ theta[:-1].reshape(-1, 1) + theta[-1] - y) ** 2).mean()

    expected = torch.autograd.functional.hessian(
        loss, torch.zeros(features + 1, dtype=torch.float64)
    )
    assert torch.allclose(mse_hessian(x), expected)


def test_sgd_converges_just_below_the_critical_rate_and_diverges_just_above() -> None:
    limit = critical_lr(DATA.x)
    below = train(zero_linear(), DATA.x, DATA.y, lr=0.98 * limit, epochs=300)
    above = train(zero_linear(), DATA.x, DATA.y, lr=1.02 * limit, epochs=300)
    assert below.final_loss < below.loss[0] / 10
    assert above.final_loss > above.loss[0] * 10


def test_the_sweep_finds_the_formula_s_boundary() -> None:
    limit = critical_lr(DATA.x)
    rates = [round(0.30 + 0.01 * i, 2) for i in range(21)]
    sweep = sweep_learning_rates(DATA.x, DATA.y, rates, epochs=100)
    assert [p.lr for p in sweep.points] == rates
    assert sweep.largest_converging_lr < limit < sweep.smallest_diverging_lr
    assert sweep.smallest_diverging_lr - sweep.largest_converging_lr == pytest.approx(0.01)
    assert abs(sweep.boundary / limit - 1) < 0.05


def test_sweep_points_classify_runs() -> None:
    assert not SweepPoint(lr=0.1, first_loss=2.0, final_loss=0.1).diverging
    assert SweepPoint(lr=0.1, first_loss=2.0, final_loss=3.0).diverging
    assert SweepPoint(lr=0.1, first_loss=2.0, final_loss=math.inf).diverging
    assert SweepPoint(lr=0.1, first_loss=2.0, final_loss=math.nan).diverging


def test_a_sweep_without_a_single_boundary_has_no_boundary() -> None:
    good, bad = SweepPoint(0.1, 2.0, 1.0), SweepPoint(0.2, 2.0, 3.0)
    with pytest.raises(ValueError, match="both converging and diverging"):
        _ = Sweep(points=(good, good), epochs=10).boundary
    with pytest.raises(ValueError, match="do not split at a single learning rate"):
        _ = Sweep(points=(good, bad, SweepPoint(0.3, 2.0, 1.0)), epochs=10).boundary


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: design_matrix(torch.zeros(3)),
            r"x must be a tensor of shape \(points, features\)",
        ),
        (lambda: critical_lr([[1.0]]), "x must be a tensor of shape"),
        (lambda: sweep_learning_rates(DATA.x, DATA.y, [0.2, 0.1]), "increasing order"),
        (lambda: sweep_learning_rates(DATA.x, DATA.y, [0.1]), "at least two"),
        (
            lambda: sweep_learning_rates(DATA.x, DATA.y, [0.1, -0.2]),
            "lrs must be a finite number > 0",
        ),
        (lambda: sweep_learning_rates(DATA.x, DATA.y, [0.1, 0.2], epochs=0), "epochs must be"),
    ],
)
def test_bad_arguments_name_the_argument(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]
