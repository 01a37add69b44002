"""The troubleshooting demos' data: a noisy sine wave and two features on different scales."""

from __future__ import annotations

import pytest
import torch

from loopdocs.loop.datasets import make_two_scale_data, make_wave_data


def test_wave_data_is_seeded_and_follows_the_sine() -> None:
    before = torch.random.get_rng_state()
    x, y = make_wave_data(2000, noise=0.3, seed=4)
    assert torch.equal(torch.random.get_rng_state(), before)
    again_x, again_y = make_wave_data(2000, noise=0.3, seed=4)
    assert torch.equal(x, again_x) and torch.equal(y, again_y)
    assert x.shape == y.shape == (2000, 1)
    assert x.min() >= -3 and x.max() <= 3
    residual = y - torch.sin(x)
    assert residual.std().item() == pytest.approx(0.3, rel=0.05)
    assert not torch.equal(make_wave_data(10, seed=1)[0], make_wave_data(10, seed=2)[0])


def test_two_scale_data_has_its_scales_and_its_weights() -> None:
    x, y = make_two_scale_data(500, scales=(1.0, 100.0), weights=(2.0, 0.01), noise=0.0)
    assert x.shape == (500, 2) and y.shape == (500, 1)
    assert x[:, 0].min() >= 0 and x[:, 0].max() <= 1
    assert 50 < x[:, 1].max() <= 100
    solution = torch.linalg.lstsq(x.double(), y.double()).solution.reshape(-1)
    assert solution.tolist() == pytest.approx([2.0, 0.01], rel=1e-5)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: make_wave_data(0), "n must be a whole number >= 1"),
        (lambda: make_wave_data(5, noise=-1.0), "noise must be a finite number >= 0"),
        (lambda: make_wave_data(5, x_range=(2.0, 1.0)), "x_range must satisfy low < high"),
        (lambda: make_wave_data(5, seed=1.5), "seed must be an int"),
        (lambda: make_two_scale_data(5, scales=(1.0,)), "scales and weights must be"),
        (lambda: make_two_scale_data(5, scales=(1.0, -2.0)), "scales must be a finite number > 0"),
        (lambda: make_two_scale_data(5, weights=(1.0, float("nan"))), "weights must be a finite"),
    ],
)
def test_bad_arguments_name_the_argument(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]
