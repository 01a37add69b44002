"""The loop-order puzzle: all 120 orders of the loop's lines run for real, their verdicts, the
data the page carries, and bad input refused by name."""

from __future__ import annotations

import gzip
import json
import math
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from loopdocs import make_line_data
from loopdocs.describe import describe_outcomes, final_words
from loopdocs.figures import order_puzzle
from loopdocs.figures.puzzle import puzzle_start
from loopdocs.loop import LOOP_LINES, OrderOutcome, order_source, run_order, run_orders
from loopdocs.sphinxext.pages import load_script

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "fit_line.py"
SOURCE = EXAMPLE.read_text()
PUZZLE_JS = ROOT / "src/loopdocs/sphinxext/static/loopdocs-puzzle.js"
DATA = make_line_data()
CANONICAL = (0, 1, 2, 3, 4)
ZERO_GRAD, FORWARD, LOSS, BACKWARD, STEP = CANONICAL


@pytest.fixture(scope="module")
def outcomes() -> tuple[OrderOutcome, ...]:
    return run_orders(SOURCE, DATA, lr=0.03, epochs=200)


def test_every_order_runs_once_and_the_counts_sum_to_120(outcomes: tuple) -> None:
    orders = [order for outcome in outcomes for order in outcome.orders]
    assert len(orders) == len(set(orders)) == sum(len(o.orders) for o in outcomes) == 120
    assert CANONICAL in outcomes[0].orders
    # Distinct outcomes really differ, and each outcome's orders are listed sorted.
    assert len({outcome.key() for outcome in outcomes}) == len(outcomes)
    assert all(list(o.orders) == sorted(o.orders) for o in outcomes)
    # Only the orders that make prediction, then loss, then call backward() pass epoch 1.
    running = [o for o in orders if o.index(FORWARD) < o.index(LOSS) < o.index(BACKWARD)]
    assert len(running) == 20
    finished = {order for outcome in outcomes if not outcome.failed for order in outcome.orders}
    assert finished == set(running)


def test_the_canonical_record_is_fit_s_own_run_bit_for_bit(outcomes: tuple) -> None:
    model, losses = load_script(str(EXAMPLE)).fit(DATA.x, DATA.y, lr=0.03, epochs=200)
    canonical = outcomes[0]
    assert [v.hex() for v in canonical.losses] == [v.hex() for v in losses]
    assert canonical.w == model.weight.item() and canonical.b == model.bias.item()
    assert canonical.final_loss == losses[-1] and not canonical.failed


def test_one_order_run_alone_matches_its_shared_record(outcomes: tuple) -> None:
    for outcome in (outcomes[0], outcomes[-1], next(o for o in outcomes if o.failed)):
        alone = run_order(SOURCE, DATA, outcome.orders[-1])
        assert alone.key() == outcome.key() and alone.orders == (outcome.orders[-1],)


def test_a_reordered_source_moves_the_five_lines_and_nothing_else() -> None:
    assert order_source(SOURCE, CANONICAL) == SOURCE
    order = (STEP, ZERO_GRAD, FORWARD, LOSS, BACKWARD)
    text = order_source(SOURCE, order)
    before, after = SOURCE.splitlines(), text.splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 5 and changed == list(range(changed[0], changed[0] + 5))
    assert [after[i].split("#")[0].strip() for i in changed] == [LOOP_LINES[i] for i in order]
    assert sorted(after) == sorted(before)  # every line as typed, its comment with it


def test_the_error_is_the_last_line_python_prints(tmp_path: Path, outcomes: tuple) -> None:
    failed = next(o for o in outcomes if o.failed)
    script = tmp_path / "fit_line.py"
    script.write_text(order_source(SOURCE, failed.orders[0]))
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import fit_line; fit_line.main(None)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == failed.error
    assert failed.error_epoch == 1 and failed.losses == () and failed.w is None


def test_the_verdicts_come_from_the_runs(outcomes: tuple) -> None:
    verdicts = describe_outcomes(outcomes)
    counts: dict[str, int] = {}
    for outcome, verdict in zip(outcomes, verdicts, strict=True):
        counts[verdict.kind] = counts.get(verdict.kind, 0) + len(outcome.orders)
    assert counts == {
        "canonical": 4,
        "fails-first-pass": 100,
        "never-moves": 10,
        "one-step-behind": 3,
        "one-step-short": 3,
    }
    assert (FORWARD, LOSS, BACKWARD, STEP, ZERO_GRAD) in outcomes[0].orders  # tutorials#3610
    assert verdicts[0].curve == "The loss falls from 2.34 in epoch 1 to 0.0673 in epoch 200."
    never = verdicts[[v.kind for v in verdicts].index("never-moves")]
    assert never.detail == "w and b stay at 0 and the loss at 2.34 in all 200 epochs."
    failed = [(o, v) for o, v in zip(outcomes, verdicts, strict=True) if o.failed]
    assert all(v.detail == o.error and v.curve == "" for o, v in failed)
    assert final_words(failed[0][0]) == failed[0][0].error


def test_verdicts_for_runs_the_worked_example_never_makes(outcomes: tuple) -> None:
    canonical = outcomes[0]
    later = replace(canonical, orders=((1, 0, 2, 3, 4),), error="RuntimeError: boom", error_epoch=7)
    worse = replace(canonical, orders=((1, 0, 2, 3, 4),), losses=(*canonical.losses[:-1], 0.5))
    blown = replace(canonical, orders=((1, 0, 2, 3, 4),), losses=(2.0, 1e9, math.inf), w=math.nan)
    kinds = describe_outcomes([canonical, later, worse, blown])
    assert [v.kind for v in kinds] == ["canonical", "fails-later", "other", "blows-up"]
    assert kinds[1].headline == "fails in epoch 7" and kinds[1].detail == "RuntimeError: boom"
    assert kinds[2].detail.startswith("It ends at a loss of 0.5 (w = 0.82, b = 0.49)")
    assert kinds[3].curve == "The loss stops being finite in epoch 3 of 3."


def test_the_puzzle_data_fit_the_budget_and_map_every_order(outcomes: tuple) -> None:
    puzzle = order_puzzle(outcomes, name="fig-loop-order-puzzle")
    text = puzzle.data_json()
    size = len(gzip.compress(text.encode(), 9))
    print(f"\npuzzle data {size} bytes gzipped ({len(text)} raw)")
    assert size <= 20 * 1024 and "<" not in text
    data = json.loads(text)
    assert len(data["orders"]) == 120 and data["total"] == 120 and data["epochs"] == 200
    for outcome_index, outcome in enumerate(outcomes):
        for order in outcome.orders:
            assert data["orders"]["".join(map(str, order))] == outcome_index
    shown = data["outcomes"][0]
    assert shown["count"] == 4 and shown["final"] == "loss 0.0673, w = 0.82, b = 0.49"
    assert shown["losses"][0] == 2.34 and len(shown["losses"]) == 200 and not shown["log"]
    assert tuple(data["start"]) == puzzle_start(0) != CANONICAL
    assert len(puzzle.rows) == len(outcomes) and puzzle.rows[0][1] == "4"
    assert puzzle.rows[0][2] == "; ".join(LOOP_LINES)
    errors = [row for row, outcome in enumerate(outcomes) if outcome.failed]
    assert sorted(puzzle.code_cells) == sorted(
        [[row, 2] for row in range(len(outcomes))] + [[row, 3] for row in errors]
    )


def test_the_script_asks_for_nothing_outside_the_page() -> None:
    source = PUZZLE_JS.read_text().replace('"http://www.w3.org/2000/svg"', "")
    for forbidden in ("eval(", "new Function", "http://", "https://", "innerHTML", "fetch("):
        assert forbidden not in source, forbidden


def test_the_sphinx_node_holds_the_data_and_the_table(outcomes: tuple) -> None:
    from docutils import nodes

    from loopdocs.sphinxext.puzzle import puzzle_data, puzzle_node

    payload = order_puzzle(outcomes, name="fig-puzzle", caption="Every outcome.").payload()
    box = puzzle_node(payload)
    assert "loopdocs-cards" in box["classes"] and box["ids"] == ["fig-puzzle"]
    assert not next(iter(box.findall(nodes.table)))["ids"]  # one id: furo copies a table's
    data = next(iter(box.findall(puzzle_data)))
    assert json.loads(data["json"])["total"] == 120
    rows = list(next(iter(box.findall(nodes.tbody))).findall(nodes.row))
    assert len(rows) == len(outcomes)
    failed = [row for row, outcome in zip(rows, outcomes, strict=True) if outcome.failed]
    literal = next(iter(failed[0].children[3].findall(nodes.literal)))
    assert literal.astext().startswith("UnboundLocalError: cannot access local variable '")
    with pytest.raises(ValueError, match="4 columns"):
        puzzle_node({**payload, "rows": [["too", "short"]]})


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: run_orders("x = 1\n", DATA), "source must define fit"),
        (lambda: run_orders("def (:", DATA), "source must be Python that parses"),
        (lambda: run_orders(42, DATA), "source must be the text of fit_line.py"),
        (lambda: run_orders(SOURCE.replace("loss.backward()", "pass"), DATA), "lacks the line"),
        (lambda: run_orders(SOURCE, "data"), "data must be a loopdocs LineData"),
        (lambda: run_orders(SOURCE, DATA, lr=-1.0), "lr must be a finite number > 0"),
        (lambda: run_orders(SOURCE, DATA, epochs=0), "epochs must be a whole number >= 1"),
        (lambda: run_orders(SOURCE, DATA, epochs=10**6), "epochs must be at most 1000"),
        (lambda: run_order(SOURCE, DATA, (0, 0, 1, 2, 3)), "order must hold each index 0 to 4"),
        (lambda: run_order(SOURCE, DATA, "01234"), "order must be a sequence"),
        (lambda: order_source(SOURCE, (0, 1, 2, 3)), "order must hold each index 0 to 4"),
        (lambda: describe_outcomes([]), "outcomes must be the non-empty list"),
        (lambda: describe_outcomes(["no"]), "outcomes must hold OrderOutcome records"),
        (lambda: order_puzzle([], name="fig-x"), "outcomes must be the non-empty list"),
        (lambda: puzzle_start(1.5), "seed must be an int"),
    ],
)
def test_bad_input_names_the_argument(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


def test_bad_outcome_lists_are_refused(outcomes: tuple) -> None:
    with pytest.raises(ValueError, match="must start with the canonical order"):
        describe_outcomes(outcomes[1:])
    with pytest.raises(ValueError, match="each of the 120 orders exactly once"):
        order_puzzle(outcomes[:-1], name="fig-x")
    with pytest.raises(ValueError, match="name must be lowercase letters"):
        order_puzzle(outcomes, name="Fig X")
