"""Train a small network on handwritten digits with the full PyTorch training loop.

Needs torch, matplotlib and scikit-learn (whose package holds the 1,797 digit images, so
nothing is downloaded):

    python examples/train_digits.py            # writes train_digits.png next to this script

The loop is the same five moves as the line fit, at the scale of real work: mini-batches from
a DataLoader, the model and every batch on the GPU when there is one, a classification loss,
validation every epoch in eval mode without gradients, and the best epoch saved to disk and
loaded back. It runs unchanged on a CPU or a GPU.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

# [start-imports]
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

# [end-imports]


# [start-data]
def digit_loaders(train_size=1200, seed=0):
    """Shuffled training batches, and fixed validation and test sets, of 8×8 digit images."""
    digits = load_digits()  # 1,797 images, read from files inside scikit-learn
    x = torch.tensor(digits.data, dtype=torch.float32) / 16  # pixels 0..16 -> 0..1
    y = torch.tensor(digits.target, dtype=torch.long)  # the digit each image shows, 0 to 9
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed))
    # 1,200 images for training (or the first train_size of them), 300 to validate, the rest
    # to test: the three never share an image.
    train, val, test = order[:1200][:train_size], order[1200:1500], order[1500:]
    shuffle = torch.Generator().manual_seed(seed)  # the same batches on every run
    train_set = TensorDataset(x[train], y[train])
    return (
        DataLoader(train_set, batch_size=64, shuffle=True, generator=shuffle),
        DataLoader(TensorDataset(x[val], y[val]), batch_size=300),
        DataLoader(TensorDataset(x[test], y[test]), batch_size=300),
    )


# [end-data]


# [start-model]
def digits_model(seed=0):
    """64 pixels in, one hidden layer of 64 ReLU units, 10 scores (logits) out."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))


# [end-model]


# [start-loop]
device = "cuda" if torch.cuda.is_available() else "cpu"
loss_fn = nn.CrossEntropyLoss()  # takes the raw logits: it applies log-softmax itself


def evaluate(model, loader):
    """Mean loss and accuracy over ``loader``: eval mode, no gradients."""
    model.eval()
    total_loss, correct = 0.0, 0
    with torch.no_grad():
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            logits = model(xb)
            total_loss += loss_fn(logits, yb).item() * len(yb)
            correct += (logits.argmax(dim=1) == yb).sum().item()
    return total_loss / len(loader.dataset), correct / len(loader.dataset)


def fit_digits(
    model, train_loader, val_loader, lr=0.1, epochs=30, checkpoint=None, log_every=5, optimizer=None
):
    """Train, validate every epoch, and save the model and optimizer of the best epoch
    (the lowest validation loss) to ``checkpoint``. Pass a restored ``optimizer`` to resume."""
    model.to(device)
    if optimizer is None:
        optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    history, best_loss = [], float("inf")
    for epoch in range(1, epochs + 1):
        model.train()
        total_loss, correct = 0.0, 0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()  # 1. clear the gradients
            logits = model(xb)  # 2. predict
            loss = loss_fn(logits, yb)  # 3. measure the loss
            loss.backward()  # 4. back-propagate
            optimizer.step()  # 5. step
            total_loss += loss.item() * len(yb)  # .item(): a number, not the graph
            correct += (logits.argmax(dim=1) == yb).sum().item()
        val_loss, val_accuracy = evaluate(model, val_loader)
        size = len(train_loader.dataset)
        history.append((total_loss / size, correct / size, val_loss, val_accuracy))
        if log_every and epoch % log_every == 0:
            print(
                f"epoch {epoch:2d}: train loss {total_loss / size:.3f}, val loss "
                f"{val_loss:.3f}, val accuracy {val_accuracy:.1%}"
            )
        if checkpoint and val_loss < best_loss:
            best_loss = val_loss
            state = {"model": model.state_dict(), "optimizer": optimizer.state_dict()}
            torch.save({"epoch": epoch, **state}, checkpoint)
    return history


# [end-loop]


def main(argv: list[str]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_suffix(".png")
    train_loader, val_loader, test_loader = digit_loaders()
    model = digits_model()
    with tempfile.TemporaryDirectory() as folder:
        checkpoint = Path(folder) / "best.pt"
        history = fit_digits(model, train_loader, val_loader, checkpoint=checkpoint)
        saved = torch.load(checkpoint, map_location=device)
    model.load_state_dict(saved["model"])
    test_loss, test_accuracy = evaluate(model, test_loader)
    print(
        f"best epoch {saved['epoch']}: test loss {test_loss:.3f}, test accuracy {test_accuracy:.1%}"
    )
    epochs = range(1, len(history) + 1)
    train_loss, train_accuracy, val_loss, val_accuracy = zip(*history, strict=True)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3), layout="constrained")
    left.plot(epochs, train_loss, label="training")
    left.plot(epochs, val_loss, label="validation")
    right.plot(epochs, train_accuracy, label="training")
    right.plot(epochs, val_accuracy, label="validation")
    left.set(xlabel="epoch", ylabel="cross-entropy loss", yscale="log")
    right.set(xlabel="epoch", ylabel="accuracy")
    right.axvline(saved["epoch"], linestyle=":", color="grey", label="best epoch")
    right.legend()
    fig.savefig(out, dpi=100)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv)
