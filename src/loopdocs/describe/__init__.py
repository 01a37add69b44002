"""Numbers to words: every wording of alt text, captions and summaries, one for each thing.

``numbers`` writes a number for prose (and refuses digits that could differ between CPUs),
``runs`` summarizes a recorded run, ``scene`` describes the worked example's figure and
animation, ``landscape`` the loss over w and runs' paths over (w, b), ``compare`` runs side by
side, ``diagnostics`` what the troubleshooting demos measure, ``classify`` a classifier's
curves and mistakes, ``orders`` the verdicts on each order of the loop's lines,
and ``social_card`` the site's social card. Nothing here imports torch or
matplotlib. Pages import from here.
"""

from loopdocs.describe.classify import describe_learning_curves, describe_mistakes, percent
from loopdocs.describe.compare import (
    describe_close_runs,
    describe_curves,
    describe_fixes,
    describe_train_val,
)
from loopdocs.describe.diagnostics import (
    describe_layer_norms,
    describe_predictions,
    describe_sweep,
)
from loopdocs.describe.landscape import describe_paths, describe_tangent
from loopdocs.describe.numbers import (
    EDGE_MARGIN,
    NOISE_STEPS,
    at_noise_level,
    less_than,
    more_than,
    more_than_figure,
    noise_bound,
    noise_floor,
    noise_words,
    number,
    power_of_ten,
    round_figure,
    shown,
    shown_number,
)
from loopdocs.describe.orders import (
    ORDER_KINDS,
    OrderVerdict,
    curve_words,
    describe_outcomes,
    final_words,
    order_words,
)
from loopdocs.describe.runs import METRICS, metric_name, series, summarize, swings
from loopdocs.describe.scene import describe_animation, describe_settings, describe_still
from loopdocs.describe.social_card import describe_social_card

__all__ = [
    "EDGE_MARGIN",
    "METRICS",
    "NOISE_STEPS",
    "ORDER_KINDS",
    "OrderVerdict",
    "at_noise_level",
    "curve_words",
    "describe_animation",
    "describe_close_runs",
    "describe_curves",
    "describe_fixes",
    "describe_layer_norms",
    "describe_learning_curves",
    "describe_mistakes",
    "describe_outcomes",
    "describe_paths",
    "describe_predictions",
    "describe_settings",
    "describe_social_card",
    "describe_still",
    "describe_sweep",
    "describe_tangent",
    "describe_train_val",
    "final_words",
    "less_than",
    "metric_name",
    "more_than",
    "more_than_figure",
    "noise_bound",
    "noise_floor",
    "noise_words",
    "number",
    "order_words",
    "percent",
    "power_of_ten",
    "round_figure",
    "series",
    "shown",
    "shown_number",
    "summarize",
    "swings",
]
