from __future__ import annotations

import numpy as np
import pytest
import torch

from loopdocs import least_squares, make_line_data, train_val_split


def test_same_seed_same_points_and_other_seed_other_points() -> None:
    first, again, other = make_line_data(seed=3), make_line_data(seed=3), make_line_data(seed=4)
    assert torch.equal(first.x, again.x) and torch.equal(first.y, again.y)
    assert not torch.equal(first.x, other.x)


def test_points_follow_the_requested_line() -> None:
    data = make_line_data(2000, w=-1.5, b=2.0, noise=0.1, x_range=(0.0, 1.0))
    assert data.x.shape == (2000, 1) and data.y.shape == (2000, 1)
    assert data.x.min() >= 0.0 and data.x.max() <= 1.0
    w, b = least_squares(data.x, data.y)
    assert w == pytest.approx(-1.5, abs=0.05) and b == pytest.approx(2.0, abs=0.05)


def test_least_squares_matches_numpy() -> None:
    data = make_line_data()
    design = np.column_stack([data.x.numpy().ravel(), np.ones(len(data))]).astype(np.float64)
    expected, *_ = np.linalg.lstsq(design, data.y.numpy().ravel().astype(np.float64), rcond=None)
    assert least_squares(data.x, data.y) == pytest.approx(tuple(expected), abs=1e-9)


def test_split_is_seeded_disjoint_and_complete() -> None:
    data = make_line_data(20)
    x_tr, _, x_val, y_val = train_val_split(data.x, data.y, val_fraction=0.25, seed=1)
    assert len(x_val) == 5 and len(x_tr) == 15
    together = torch.cat([x_tr, x_val]).ravel().sort().values
    assert torch.equal(together, data.x.ravel().sort().values)
    again = train_val_split(data.x, data.y, val_fraction=0.25, seed=1)
    assert torch.equal(again[2], x_val) and torch.equal(again[3], y_val)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, "n must be a whole number >= 1"),
        ({"n": 2.5}, "n must be a whole number >= 1"),
        ({"noise": -1.0}, "noise must be a finite number >= 0"),
        ({"w": float("nan")}, "w must be a finite number"),
        ({"x_range": (2.0, 1.0)}, "x_range must satisfy low < high"),
        ({"seed": "zero"}, "seed must be an int"),
    ],
)
def test_bad_data_arguments_name_the_argument(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_line_data(**kwargs)  # type: ignore[arg-type]


def test_bad_split_and_pairs() -> None:
    data = make_line_data(10)
    with pytest.raises(ValueError, match="val_fraction must be a number strictly between 0 and 1"):
        train_val_split(data.x, data.y, val_fraction=1.0)
    with pytest.raises(ValueError, match="same number of points"):
        least_squares(data.x, data.y[:5])
    with pytest.raises(ValueError, match="x must hold at least one point"):
        least_squares(torch.empty(0, 1), torch.empty(0, 1))
    with pytest.raises(ValueError, match="y must be a torch.Tensor"):
        least_squares(data.x, [1.0] * 10)  # type: ignore[arg-type]
