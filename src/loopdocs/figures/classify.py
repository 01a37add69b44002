"""Page figures of a classifier's run: its learning curves, and the test images it misreads.

The run is the plain numbers a training loop records, not a loopdocs object, so a page can
draw the very run its shown code made: four per-epoch series (training loss and accuracy,
validation loss and accuracy) and the best epoch; for the mistakes, the images with their
true and predicted labels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from loopdocs._checks import positive_int
from loopdocs.describe import describe_learning_curves, describe_mistakes
from loopdocs.draw.classify import ROW, draw_learning_curves, draw_mistakes
from loopdocs.figures.page import PageFigure, themed

SERIES = ("train_loss", "train_accuracy", "val_loss", "val_accuracy")


def learning_curves_figure(
    train_loss: Sequence[float],
    train_accuracy: Sequence[float],
    val_loss: Sequence[float],
    val_accuracy: Sequence[float],
    *,
    best_epoch: int,
    caption: str = "",
) -> PageFigure:
    """Loss and accuracy per epoch, training against validation, with ``best_epoch`` marked."""
    curves = [
        _series(name, values)
        for name, values in zip(
            SERIES, (train_loss, train_accuracy, val_loss, val_accuracy), strict=True
        )
    ]
    lengths = {len(values) for values in curves}
    if len(lengths) != 1:
        raise ValueError(f"the four series must be equally long, got lengths {sorted(lengths)}")
    epochs = lengths.pop()
    positive_int("best_epoch", best_epoch)
    if best_epoch > epochs:
        raise ValueError(f"best_epoch must be at most the {epochs} epochs run, got {best_epoch}")
    for name, values in zip(SERIES[1::2], curves[1::2], strict=True):
        if any(not 0 <= v <= 1 for v in values):
            raise ValueError(f"{name} must hold fractions from 0 to 1")
    return themed(
        lambda theme: draw_learning_curves(theme, curves, best_epoch),
        alt=describe_learning_curves(curves, best_epoch),
        caption=caption,
    )


def mistakes_figure(
    images: np.ndarray,
    labels: Sequence[int],
    predictions: Sequence[int],
    *,
    out_of: int,
    caption: str = "",
) -> PageFigure:
    """The images a classifier misread (up to two rows), titled "true → predicted".

    ``images`` has one 8×8 (or 64-pixel) image per mistake with values from 0 to 1;
    ``out_of`` is how many images were tested, for the alt text.
    """
    pixels = np.asarray(images, dtype=float)
    count = len(labels)
    if not 1 <= count <= 2 * ROW:
        raise ValueError(f"labels must name from 1 to {2 * ROW} mistakes, got {count}")
    if len(predictions) != count or pixels.shape[0] != count:
        raise ValueError(
            f"images, labels and predictions must hold one entry per mistake, got "
            f"{pixels.shape[0]}, {count} and {len(predictions)}"
        )
    if pixels.shape[1:] == (64,):
        pixels = pixels.reshape(count, 8, 8)
    if pixels.shape[1:] != (8, 8) or not np.all(np.isfinite(pixels)):
        raise ValueError(f"images must be finite 8×8 images, got shape {pixels.shape}")
    positive_int("out_of", out_of)
    labels, predictions = [int(v) for v in labels], [int(v) for v in predictions]
    if any(a == b for a, b in zip(labels, predictions, strict=True)):
        raise ValueError("every image must be a mistake: a prediction equals its label")
    return themed(
        lambda theme: draw_mistakes(theme, pixels, labels, predictions),
        alt=describe_mistakes(labels, predictions, out_of),
        caption=caption,
    )


def _series(name: str, values: Sequence[float]) -> list[float]:
    try:
        series = [float(v) for v in values]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a sequence of numbers") from None
    if not series:
        raise ValueError(f"{name} must hold at least one epoch")
    if name.endswith("accuracy") and not all(math.isfinite(v) for v in series):
        raise ValueError(f"{name} must be finite")
    return series
