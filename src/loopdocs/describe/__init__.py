"""Numbers to words: every wording of alt text, captions and summaries, one for each thing.

``numbers`` writes a number for prose (and refuses digits that could differ between CPUs),
``runs`` summarizes a recorded run, ``scene`` describes the worked example's figure and
animation, ``classify`` a classifier's curves and mistakes. Nothing here imports torch or
matplotlib.
"""

from loopdocs.describe.classify import describe_learning_curves, describe_mistakes, percent
from loopdocs.describe.numbers import (
    EDGE_MARGIN,
    NOISE_STEPS,
    at_noise_level,
    less_than,
    more_than,
    noise_bound,
    noise_floor,
    noise_words,
    number,
    power_of_ten,
    shown,
    shown_number,
)
from loopdocs.describe.runs import METRICS, metric_name, series, summarize, swings
from loopdocs.describe.scene import describe_animation, describe_settings, describe_still

__all__ = [
    "EDGE_MARGIN",
    "METRICS",
    "NOISE_STEPS",
    "at_noise_level",
    "describe_animation",
    "describe_learning_curves",
    "describe_mistakes",
    "describe_settings",
    "describe_still",
    "less_than",
    "metric_name",
    "more_than",
    "noise_bound",
    "noise_floor",
    "noise_words",
    "number",
    "percent",
    "power_of_ten",
    "series",
    "shown",
    "shown_number",
    "summarize",
    "swings",
]
