"""The demo models, the layers whose gradients train() records, and that recording itself."""

from __future__ import annotations

import itertools
import math

import pytest
import torch
from torch import nn

from loopdocs import make_line_data
from loopdocs.loop.datasets import make_wave_data
from loopdocs.loop.models import mlp, predict, weight_layers, zero_linear
from loopdocs.loop.train import train

DATA = make_line_data()


def test_mlp_alternates_linear_layers_and_the_activation() -> None:
    model = mlp(3, 8, activation="sigmoid")
    kinds = [type(layer) for layer in model]
    assert kinds == [nn.Linear, nn.Sigmoid] * 3 + [nn.Linear]
    assert model[0].in_features == 1 and model[-1].out_features == 1
    assert all(layer.out_features == 8 for layer in list(model)[:-1:2])
    assert mlp(1, 4, activation="relu", inputs=3)[0].in_features == 3


def test_mlp_is_seeded_and_leaves_the_global_generator_alone() -> None:
    torch.manual_seed(123)
    before = torch.random.get_rng_state()
    first, again, other = mlp(2, 16, seed=7), mlp(2, 16, seed=7), mlp(2, 16, seed=8)
    assert torch.equal(torch.random.get_rng_state(), before)
    for a, b in zip(first.parameters(), again.parameters(), strict=True):
        assert torch.equal(a, b)
    assert not torch.equal(first[0].weight, other[0].weight)


def test_kaiming_init_draws_he_scaled_weights_and_zero_biases() -> None:
    model = mlp(2, 512, activation="relu", init="kaiming")
    hidden = model[2]
    assert hidden.weight.std().item() == pytest.approx(math.sqrt(2 / 512), rel=0.05)
    assert torch.count_nonzero(hidden.bias) == 0
    default = mlp(2, 512, activation="relu")
    # PyTorch's default init is uniform with a far smaller spread, and non-zero biases.
    assert default[2].weight.std().item() < 0.5 * hidden.weight.std().item()
    assert torch.count_nonzero(default[2].bias) > 0


def test_zero_linear_starts_at_zero() -> None:
    model = zero_linear(3)
    assert model.in_features == 3 and model.out_features == 1
    assert torch.count_nonzero(model.weight) == 0 and torch.count_nonzero(model.bias) == 0


def test_weight_layers_lists_weighted_modules_from_input_to_output() -> None:
    model = mlp(2, 4)
    names = [name for name, _ in weight_layers(model)]
    assert names == ["0", "2", "4"]
    assert weight_layers(model)[0][1] is model[0]
    single = nn.Linear(1, 1)
    assert weight_layers(single) == [("Linear", single)]
    model[0].weight.requires_grad_(False)
    assert [name for name, _ in weight_layers(model)] == ["2", "4"]


def test_predict_runs_without_autograd_and_restores_the_mode() -> None:
    model = mlp(1, 4, activation="tanh")
    model.train()
    out = predict(model, torch.zeros(5, 1))
    assert out.shape == (5, 1) and not out.requires_grad and model.training
    model.eval()
    predict(model, torch.zeros(2, 1))
    assert not model.training


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"depth": 0}, "depth must be a whole number >= 1"),
        ({"depth": 2, "width": 2.5}, "width must be a whole number >= 1"),
        ({"depth": 2, "activation": "gelu"}, r"activation must be one of \['relu', 'sigmoid'"),
        ({"depth": 2, "init": "xavier"}, "init must be 'default' or 'kaiming'"),
        ({"depth": 2, "seed": "0"}, "seed must be an int"),
    ],
)
def test_bad_mlp_arguments_name_the_argument(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        mlp(**kwargs)  # type: ignore[arg-type]


def test_bad_model_arguments_elsewhere() -> None:
    with pytest.raises(ValueError, match="inputs must be a whole number >= 1"):
        zero_linear(0)
    with pytest.raises(ValueError, match="model must be a torch.nn.Module"):
        weight_layers("not a model")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="x must be a torch.Tensor"):
        predict(nn.Linear(1, 1), [[1.0]])  # type: ignore[arg-type]


def test_layer_gradient_norms_match_autograd_at_the_first_epoch() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(1, 3), nn.Tanh(), nn.Linear(3, 1))
    reference = nn.Sequential(nn.Linear(1, 3), nn.Tanh(), nn.Linear(3, 1))
    reference.load_state_dict(model.state_dict())
    nn.functional.mse_loss(reference(DATA.x), DATA.y).backward()
    expected = (reference[0].weight.grad.norm().item(), reference[2].weight.grad.norm().item())

    history = train(model, DATA.x, DATA.y, lr=0.05, epochs=5, record_layer_grad_norms=True)
    assert history.layer_names == ("0", "2")
    assert len(history.layer_grad_norms) == 5
    assert history.layer_grad_norms[0] == pytest.approx(expected, rel=1e-6)


def test_layer_gradient_norms_are_recorded_before_clipping() -> None:
    model = nn.Sequential(nn.Linear(1, 1), nn.Linear(1, 1))
    history = train(
        model, DATA.x, DATA.y, lr=0.01, epochs=3, clip_grad_norm=1e-3, record_layer_grad_norms=True
    )
    assert max(history.layer_grad_norms[0]) > 1e-3  # the norm the backward pass produced
    assert history.grad_norm[0] > 1e-3


def test_layer_gradient_norms_are_off_by_default_and_stop_with_a_divergence() -> None:
    plain = train(zero_linear(), DATA.x, DATA.y, lr=0.03, epochs=3)
    assert plain.layer_names == () and plain.layer_grad_norms == ()
    diverged = train(
        zero_linear(), DATA.x, DATA.y, lr=1.0, epochs=200, record_layer_grad_norms=True
    )
    assert diverged.diverged
    assert len(diverged.layer_grad_norms) == diverged.epochs_run - 1  # none for the inf epoch
    with pytest.raises(ValueError, match="record_layer_grad_norms must be True or False"):
        train(zero_linear(), DATA.x, DATA.y, lr=0.1, epochs=1, record_layer_grad_norms=1)  # type: ignore[arg-type]


def test_a_deep_sigmoid_net_s_gradient_fades_towards_the_input() -> None:
    x, y = make_wave_data(32, noise=0.1)
    history = train(
        mlp(6, 16, activation="sigmoid"), x, y, lr=0.1, epochs=1, record_layer_grad_norms=True
    )
    norms = history.layer_grad_norms[0]
    assert all(a < b for a, b in itertools.pairwise(norms))
    assert norms[0] < 1e-4 * norms[-1]
    healthy = train(
        mlp(6, 16, activation="relu", init="kaiming"),
        x,
        y,
        lr=0.01,
        epochs=1,
        record_layer_grad_norms=True,
    )
    assert max(healthy.layer_grad_norms[0]) < 100 * min(healthy.layer_grad_norms[0])
