"""The loss landscape: loop/ computes what the tangent and contour figures show, describe/
words only what the drawn panels hold, and a claim it cannot check is left out."""

from __future__ import annotations

import numpy as np
import pytest

import loopdocs
from loopdocs.describe import describe_close_runs, describe_paths
from loopdocs.loop import Run
from loopdocs.loop.landscape import (
    LABELLED_STEPS,
    PATH_POINTS,
    PathPanel,
    labelled_steps,
    path_panel,
    slope_at,
    tangent_view,
)

DATA = loopdocs.make_line_data()
MINIMUM = loopdocs.least_squares(DATA.x, DATA.y)


def test_the_tangent_view_holds_autograd_slope_and_the_step() -> None:
    view = tangent_view(DATA, w=0.0, b=0.0, lr=0.03)
    x, y = DATA.x.double(), DATA.y.double()
    closed_form = float((2 * (0.0 * x + 0.0 - y) * x).mean())  # dL/dw of the MSE
    assert view.slope == pytest.approx(closed_form, rel=1e-5)
    assert view.new_w == view.w - view.lr * view.slope and view.step == -0.03 * view.slope
    # The lowest point along w with b held: dL/dw = 0 there, at or below every drawn point.
    assert view.lowest_loss <= float(view.losses.min()) <= view.loss
    assert slope_at(DATA, view.lowest_w, 0.0)[1] == pytest.approx(0.0, abs=1e-5)
    # It is the best fit's w only with the best fit's b: with b held at 0 the line, through
    # the origin, tilts more steeply than the least-squares line (w ≈ 1.03 against 0.820).
    assert view.lowest_w > MINIMUM[0] + 0.1 and MINIMUM[1] > 0
    at_best_b = tangent_view(DATA, w=0.0, b=MINIMUM[1], lr=0.03)
    assert at_best_b.lowest_w == pytest.approx(MINIMUM[0], abs=1e-6)
    assert view.ws[0] == -0.6 and view.ws[-1] == 1.8  # the span drawn, exactly


def test_a_diverging_path_is_cut_where_it_leaves_the_bowl_and_labelled() -> None:
    too_fast = loopdocs.train_line(DATA, lr=0.6, epochs=200)
    panel = path_panel(DATA, too_fast, minimum=MINIMUM)
    assert too_fast.diverged and 1 < len(panel.path) <= PATH_POINTS
    assert panel.labelled == labelled_steps(too_fast) == min(LABELLED_STEPS, len(panel.path) - 1)
    assert panel.grid.shape == (len(panel.bs), len(panel.ws))
    converging = path_panel(DATA, loopdocs.train_line(DATA, lr=0.03, epochs=50), minimum=MINIMUM)
    assert converging.labelled == 0 and len(converging.path) == 51  # the start and 50 epochs


def test_describe_paths_says_what_the_page_runs_show() -> None:
    runs = [("slow", loopdocs.train_line(DATA, lr=0.03, epochs=200))]
    runs.append(("fast", loopdocs.train_line(DATA, lr=0.6, epochs=200)))
    text = describe_paths([(title, path_panel(DATA, h, minimum=MINIMUM)) for title, h in runs])
    assert "reaches the minimum after 200 steps, each step shorter than the last" in text
    assert "back and forth across the minimum, each point further from it than the last" in text
    assert "labelled 'after 1' to 'after 3'" in text and "own scale" in text


def _panel(path: list[tuple[float, float]], *, diverged: bool, labelled: int = 0) -> PathPanel:
    axis = np.linspace(-5.0, 5.0, 3)
    return PathPanel(axis, axis, np.ones((3, 3)), path, labelled, diverged, (1.0, 0.5))


def test_describe_paths_leaves_out_what_the_points_do_not_show() -> None:
    # Steps that grow, a path that ends away from the minimum, on one side of it.
    slow = _panel([(0.0, 0.0), (0.1, 0.0), (0.4, 0.0)], diverged=False)
    text = describe_paths([("a", slow)])
    assert "ends after 2 steps at w = 0.4, b = 0" in text
    assert "shorter" not in text and "own scale" not in text
    away = _panel([(0.0, 0.0), (0.5, 0.0), (-3.0, 0.0)], diverged=True, labelled=1)
    text = describe_paths([("b", away)])
    assert "back and forth" not in text and "further" not in text
    assert "only its first 2 steps are drawn, labelled 'after 1'." in text


def test_describe_close_runs_states_only_bounds_it_checked() -> None:
    settings = loopdocs.TrainSettings(lr=0.03, epochs=3)
    reference = Run("float32", loopdocs.History(settings=settings, loss=(2.0, 1.0, 0.5)))
    near = Run("bfloat16", loopdocs.History(settings=settings, loss=(2.05, 0.99, 0.501)))
    text = describe_close_runs(reference, near, within=0.05, end_within=0.01)
    assert "bfloat16: within 5% of it at every epoch and within 1% at the end." in text
    far = Run("far", loopdocs.History(settings=settings, loss=(2.0, 1.2, 0.5)))
    with pytest.raises(ValueError, match="not within 5%"):
        describe_close_runs(reference, far)
