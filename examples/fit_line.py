"""Fit a line with the canonical PyTorch training loop, then plot what happened.

Needs only torch and matplotlib:

    python examples/fit_line.py            # writes fit_line.png next to this script

The data are 40 points near y = 0.8·x + 0.5; training starts from w = b = 0 and runs
200 epochs of plain gradient descent at learning rate 0.03.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from torch import nn


def make_data(n: int = 40, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Seeded points scattered around y = 0.8·x + 0.5, x uniform over [-1, 3]."""
    generator = torch.Generator().manual_seed(seed)
    x = torch.rand(n, 1, generator=generator) * 4.0 - 1.0
    y = 0.8 * x + 0.5 + 0.3 * torch.randn(n, 1, generator=generator)
    return x, y


# [start-fit]
def line_model():
    """nn.Linear(1, 1) at w = b = 0: every run starts in the same place."""
    model = nn.Linear(1, 1)  # one weight w and one bias b
    nn.init.zeros_(model.weight)
    nn.init.zeros_(model.bias)
    return model


def fit(x, y, lr=0.03, epochs=200):
    """Fit y ≈ w·x + b; return the model and each epoch's loss."""
    model = line_model()
    criterion = nn.MSELoss()  # mean squared error
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)

    losses = []
    for epoch in range(epochs):
        model.train()  # training mode: matters for dropout, batch norm
        optimizer.zero_grad()  # 1. clear the last step's gradients
        prediction = model(x)  # 2. forward pass: predict
        loss = criterion(prediction, y)  # 3. measure how wrong
        loss.backward()  # 4. back-propagate: fill each parameter's .grad
        optimizer.step()  # 5. step: each p -= lr * p.grad
        losses.append(loss.item())  # keep a plain number, not the tensor
    return model, losses


# [end-fit]


def main(out: Path) -> None:
    """Fit the line, print the result and save a two-panel figure to ``out``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x, y = make_data()
    model, losses = fit(x, y)
    w, b = model.weight.item(), model.bias.item()
    print(f"after {len(losses)} epochs: w = {w:.3f}, b = {b:.3f}, loss = {losses[-1]:.4f}")

    fig, (ax_fit, ax_loss) = plt.subplots(1, 2, figsize=(9, 3.5), layout="constrained")
    ax_fit.scatter(x.squeeze(1), y.squeeze(1), s=14, label="data")
    line_x = torch.linspace(-1.0, 3.0, 2)
    ax_fit.plot(line_x, w * line_x + b, color="tab:orange", label=f"y = {w:.2f}x + {b:.2f}")
    ax_fit.set(title="data & fitted line y = w·x + b", xlabel="x", ylabel="y")
    ax_fit.legend()
    ax_loss.plot(range(1, len(losses) + 1), losses)
    ax_loss.set(title="loss vs. epoch", xlabel="epoch", ylabel="MSE loss")
    fig.savefig(out, dpi=100)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_suffix(".png"))
