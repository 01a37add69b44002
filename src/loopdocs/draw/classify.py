"""A classifier's run drawn: loss and accuracy per epoch, and the images it gets wrong.

For the network page: training and validation curves side by side with the best epoch marked
(:func:`draw_learning_curves`), and a row of the test images the model misreads, each titled
with what it is and what the model said (:func:`draw_mistakes`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from loopdocs.draw.curves import STYLES, run_colours
from loopdocs.draw.layout import DPI, WIDTH, current_layout, panel_grid, top_legend
from loopdocs.draw.themes import Theme

#: Shades a digit's pixels are drawn in: the background and the text colour blended in 6 steps,
#: the blends the site's PNG palette holds (:func:`loopdocs.draw.themes.theme_palette`).
SHADES = 6
#: The most images in one row of :func:`draw_mistakes`.
ROW = 10


def draw_learning_curves(
    theme: Theme,
    curves: Sequence[Sequence[float]],
    best_epoch: int,
) -> Figure:
    """Loss (log scale) and accuracy against epoch, training and validation, best epoch dotted.

    ``curves`` holds four equally long series: training loss, training accuracy, validation
    loss, validation accuracy (accuracies as fractions).
    """
    train_loss, train_accuracy, val_loss, val_accuracy = curves
    epochs = np.arange(1, len(train_loss) + 1)
    figure, (left, right) = panel_grid(2, sharex=True)
    training, validation = run_colours(theme)[1:3]
    for ax, series, title in (
        (left, (train_loss, val_loss), "cross-entropy loss (log scale)"),
        (right, (train_accuracy, val_accuracy), "accuracy"),
    ):
        for values, colour, style, label in zip(
            series, (training, validation), STYLES, ("training", "validation"), strict=False
        ):
            shown = np.asarray(values, dtype=float)
            ax.plot(
                epochs,
                100 * shown if ax is right else shown,
                style,
                color=colour,
                linewidth=2,
                label=label if ax is left else None,
            )
        ax.axvline(
            best_epoch,
            color=theme.muted,
            linestyle=":",
            linewidth=1.5,
            label="best epoch" if ax is left else None,
        )
        ax.set_title(title)
        ax.set_xlabel("epoch")
        ax.set_xlim(1, max(len(epochs), 2))
    finite = [v for v in (*train_loss, *val_loss) if math.isfinite(v) and v > 0]
    if finite:
        left.set_yscale("log")
    right.set_ylabel("% correct")
    right.set_ylim(0, 102)  # a line at 100 % stays clear of the frame
    top_legend(figure, 3)
    return figure


def draw_mistakes(
    theme: Theme,
    images: np.ndarray,
    labels: Sequence[int],
    predictions: Sequence[int],
) -> Figure:
    """The misread images in rows of up to :data:`ROW`, each titled "a 3, read as 8".

    ``images`` holds one 8×8 image per mistake, pixel values from 0 (background) to 1 (ink).
    """
    count = len(labels)
    cell = WIDTH / ROW  # inches per image, the same whatever the count or the layout
    width = current_layout().width
    per_row = max(1, min(ROW, round(width / cell)))  # 10 a row when wide, 5 when narrow
    rows = math.ceil(count / per_row)
    figure = Figure(figsize=(width, rows * (cell + 0.35) + 0.1), dpi=DPI)
    grid = figure.subplots(
        rows, per_row, squeeze=False, gridspec_kw={"wspace": 0.25, "hspace": 0.5}
    )
    colours = [_blend(theme.background, theme.text, step / SHADES) for step in range(SHADES + 1)]
    cmap = ListedColormap(colours)
    for index, ax in enumerate(grid.ravel()):
        ax.set_axis_off()
        if index >= count:
            continue
        shades = np.rint(np.clip(images[index], 0, 1) * SHADES)
        ax.imshow(shades, cmap=cmap, vmin=0, vmax=SHADES, interpolation="nearest")
        ax.set_title(f"{labels[index]} → {predictions[index]}", fontsize=10, color=theme.text)
    figure.subplots_adjust(
        left=0.01, right=0.99, bottom=0.02, top=1 - 0.35 / figure.get_figheight()
    )
    return figure


def _blend(background: str, foreground: str, alpha: float) -> tuple[float, float, float]:
    """``foreground`` laid over ``background`` at ``alpha``, rounded as the palette rounds."""
    from PIL import ImageColor

    back = np.array(ImageColor.getrgb(background)[:3], dtype=float)
    fore = np.array(ImageColor.getrgb(foreground)[:3], dtype=float)
    red, green, blue = np.round(fore * alpha + back * (1 - alpha)) / 255
    return float(red), float(green), float(blue)
