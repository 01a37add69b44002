"""A classifier's run in words: its learning curves and the images it misreads."""

from __future__ import annotations

from collections.abc import Sequence

from loopdocs.describe.numbers import number


def percent(fraction: float) -> str:
    """An accuracy as a reader writes it: ``0.9633`` → ``"96.3 %"``, ``1.0`` → ``"100 %"``."""
    return "100 %" if fraction == 1 else f"{100 * fraction:.1f} %"


def describe_learning_curves(curves: Sequence[Sequence[float]], best_epoch: int) -> str:
    """Alt text for :func:`loopdocs.draw.classify.draw_learning_curves`."""
    train_loss, train_accuracy, val_loss, val_accuracy = curves
    last = len(train_loss)
    return (
        f"Two panels against epoch, {last} epochs, training solid and validation dashed; a "
        f"dotted line marks the best epoch, {best_epoch}. Loss panel, cross-entropy on a log "
        f"scale: training from {number(train_loss[0])} to {number(train_loss[-1])}, validation "
        f"from {number(val_loss[0])} to {number(val_loss[-1])}, lowest at epoch {best_epoch} "
        f"({number(val_loss[best_epoch - 1])}). Accuracy panel: training from "
        f"{percent(train_accuracy[0])} to {percent(train_accuracy[-1])}, validation from "
        f"{percent(val_accuracy[0])} to {percent(val_accuracy[-1])}."
    )


def describe_mistakes(labels: Sequence[int], predictions: Sequence[int], out_of: int) -> str:
    """Alt text for :func:`loopdocs.draw.classify.draw_mistakes`."""
    count = len(labels)
    pairs = zip(labels, predictions, strict=True)
    each = "; ".join(f"{_article(label)} {label} read as {said}" for label, said in pairs)
    return (
        f"The {count} of {out_of} test images the network gets wrong, each an 8 by 8 pixel "
        f"handwritten digit in grey: {each}."
    )


def _article(number: int) -> str:
    """ "an 8", "an 11", "an 18", "an 80...", else "a": as the number is read aloud."""
    spoken = str(abs(number))
    return "an" if spoken.startswith("8") or spoken in ("11", "18") else "a"
