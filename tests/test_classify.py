"""A classifier's page figures: drawn in both themes, described from the run, bad input refused."""

from __future__ import annotations

import numpy as np
import pytest

from loopdocs.describe import describe_learning_curves, describe_mistakes, percent
from loopdocs.figures import learning_curves_figure, mistakes_figure

TRAIN_LOSS = [2.0, 0.5, 0.2, 0.1]
TRAIN_ACCURACY = [0.3, 0.8, 0.95, 0.99]
VAL_LOSS = [1.9, 0.6, 0.35, 0.4]
VAL_ACCURACY = [0.35, 0.78, 0.9, 0.91]
CURVES = (TRAIN_LOSS, TRAIN_ACCURACY, VAL_LOSS, VAL_ACCURACY)


def test_learning_curves_figure_draws_both_themes_and_says_what_the_run_did() -> None:
    figure = learning_curves_figure(*CURVES, best_epoch=3, caption="four epochs")
    assert set(figure.stills) == {"light", "dark"}
    assert figure.stills["light"] != figure.stills["dark"]
    assert figure.alt == describe_learning_curves(CURVES, 3)
    assert "best epoch, 3" in figure.alt and "validation from 1.9 to 0.4" in figure.alt
    assert "lowest at epoch 3 (0.35)" in figure.alt
    assert "training from 30.0 % to 99.0 %" in figure.alt


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"best_epoch": 5}, "best_epoch must be at most the 4 epochs run"),
        ({"best_epoch": 0}, "best_epoch must be a whole number >= 1"),
        ({"val_loss": [1.0, 2.0]}, "the four series must be equally long"),
        ({"train_accuracy": [0.3, 0.8, 0.95, 99.0]}, "train_accuracy must hold fractions"),
        ({"val_accuracy": [0.3, 0.8, float("nan"), 0.9]}, "val_accuracy must be finite"),
        ({"train_loss": []}, "train_loss must hold at least one epoch"),
        ({"train_loss": ["a", "b", "c", "d"]}, "train_loss must be a sequence of numbers"),
    ],
)
def test_learning_curves_refuse_bad_input(change: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "train_loss": TRAIN_LOSS,
        "train_accuracy": TRAIN_ACCURACY,
        "val_loss": VAL_LOSS,
        "val_accuracy": VAL_ACCURACY,
        "best_epoch": 3,
        **change,
    }
    with pytest.raises(ValueError, match=message):
        learning_curves_figure(**arguments)  # type: ignore[arg-type]


def test_mistakes_figure_titles_each_image_and_lists_them_in_the_alt_text() -> None:
    images = np.random.default_rng(0).random((3, 64))
    figure = mistakes_figure(images, [3, 8, 1], [8, 5, 7], out_of=300)
    assert figure.alt == describe_mistakes([3, 8, 1], [8, 5, 7], 300)
    assert figure.alt.startswith("The 3 of 300 test images the network gets wrong")
    assert "a 3 read as 8; an 8 read as 5; a 1 read as 7." in figure.alt
    assert set(figure.stills) == {"light", "dark"}


@pytest.mark.parametrize(
    ("images", "labels", "predictions", "message"),
    [
        (np.zeros((2, 8, 8)), [3, 9], [3, 5], "every image must be a mistake"),
        (np.zeros((2, 8, 8)), [3, 9], [8], "one entry per mistake"),
        (np.zeros((2, 7, 7)), [3, 9], [8, 5], "images must be finite 8×8 images"),
        (np.full((1, 8, 8), np.nan), [3], [8], "images must be finite 8×8 images"),
        (np.zeros((0, 8, 8)), [], [], "labels must name from 1 to 20 mistakes"),
        (np.zeros((21, 8, 8)), [1] * 21, [2] * 21, "labels must name from 1 to 20 mistakes"),
    ],
)
def test_mistakes_figure_refuses_bad_input(
    images: np.ndarray, labels: list[int], predictions: list[int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        mistakes_figure(images, labels, predictions, out_of=300)


def test_percent_reads_as_a_reader_writes_it() -> None:
    assert percent(0.9633333) == "96.3 %" and percent(1.0) == "100 %"
