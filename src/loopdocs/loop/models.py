"""Small models for the troubleshooting demos, and the layers whose gradients they record.

:func:`mlp` builds the fully connected networks the demos train, seeded on a private random
stream so a page gets the same starting weights on every build without touching the global
seed. :func:`weight_layers` names the layers whose gradient norms
:func:`loopdocs.loop.train.train` records with ``record_layer_grad_norms=True``.
"""

from __future__ import annotations

from typing import Literal, get_args

import torch
from torch import nn

from loopdocs._checks import one_of, positive_int, seed_number
from loopdocs.loop.checks import check_module, check_tensor

Activation = Literal["sigmoid", "tanh", "relu"]
Init = Literal["default", "kaiming"]

_ACTIVATIONS: dict[str, type[nn.Module]] = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU}


def mlp(
    depth: int,
    width: int = 32,
    *,
    activation: Activation = "relu",
    init: Init = "default",
    inputs: int = 1,
    seed: int = 0,
) -> nn.Sequential:
    """``depth`` hidden layers of ``width`` units, each followed by ``activation``, then one output.

    ``init="default"`` keeps PyTorch's own ``nn.Linear`` initialisation; ``init="kaiming"``
    draws every hidden layer's weights with :func:`torch.nn.init.kaiming_normal_` (He
    initialisation, sized for ReLU) and zeroes its biases. The weights come from a random
    stream seeded with ``seed``; the global torch seed is left as it was.
    """
    positive_int("depth", depth)
    positive_int("width", width)
    positive_int("inputs", inputs)
    one_of("activation", activation, _ACTIVATIONS)
    one_of("init", init, get_args(Init))
    seed_number("seed", seed)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        layers: list[nn.Module] = []
        fan_in = inputs
        for _ in range(depth):
            hidden = nn.Linear(fan_in, width)
            if init == "kaiming":
                nn.init.kaiming_normal_(hidden.weight, nonlinearity="relu")
                nn.init.zeros_(hidden.bias)
            layers += [hidden, _ACTIVATIONS[activation]()]
            fan_in = width
        layers.append(nn.Linear(fan_in, 1))
    return nn.Sequential(*layers)


def zero_linear(inputs: int = 1) -> nn.Linear:
    """An ``nn.Linear(inputs, 1)`` with its weights and bias at zero, as in the worked example."""
    model = nn.Linear(positive_int("inputs", inputs), 1)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    return model


def weight_layers(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """The modules of ``model`` that own a trainable ``weight``, from the input side to the output.

    Each comes with its name in ``model.named_modules()`` (the model itself is called by its
    class name). For an ``nn.Sequential`` MLP these are its ``nn.Linear`` layers, in order.
    """
    check_module(model)
    layers = []
    for name, module in model.named_modules():
        weight = module._parameters.get("weight")
        if weight is not None and weight.requires_grad:
            layers.append((name or type(module).__name__, module))
    return layers


def predict(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """``model(x)`` in evaluation mode without autograd, leaving the model's mode as it was."""
    check_module(model)
    check_tensor("x", x)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            output: torch.Tensor = model(x)
        return output
    finally:
        model.train(was_training)


def line_parameters(model: nn.Module) -> tuple[torch.Tensor, torch.Tensor] | None:
    """The weight and bias of a one-input, one-output linear model, else None."""
    if (
        isinstance(model, nn.Linear)
        and model.in_features == model.out_features == 1
        and model.bias is not None
    ):
        return model.weight, model.bias
    return None


def grad_value(parameter: torch.Tensor) -> float:
    """A one-element parameter's gradient as a float (NaN before any backward pass)."""
    return float("nan") if parameter.grad is None else float(parameter.grad)


def weight_grad_norm(layer: nn.Module) -> float:
    """The norm of a layer's weight gradient (0 before any backward pass)."""
    grad = layer.weight.grad
    return 0.0 if grad is None else float(torch.linalg.vector_norm(grad))
