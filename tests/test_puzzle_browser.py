"""The loop-order puzzle in Chromium: keyboard alone, mouse drag, what Run shows, the URL.

On the built site's training-loop page, driven by Playwright in Debian's Chromium: by keyboard
alone a reader reorders the lines to a wrong order and runs it (the build's recorded error
shows), then to the canonical order (the loss curve and the final numbers show); a mouse drags
a line; every move is announced; the order survives in the URL; reduced motion turns the
transitions off; axe finds no violation in the widget; and without JavaScript the table of
outcomes is there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from test_site_browser import AXE_TAGS

from loopdocs import make_line_data
from loopdocs.describe import describe_outcomes
from loopdocs.loop import LOOP_LINES, run_orders

PAGE = "training-loop.html"
NAME = "fig-loop-order-puzzle"
SOURCE = (Path(__file__).resolve().parents[1] / "examples" / "fit_line.py").read_text()
ZERO_GRAD, FORWARD, LOSS, BACKWARD, STEP = range(5)


@pytest.fixture(scope="module")
def outcomes() -> tuple:
    return run_orders(SOURCE, make_line_data())


def open_puzzle(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".loopdocs-puzzle-ui")


def shown_order(page: Page) -> list[int]:
    texts = page.locator(".loopdocs-puzzle-line").all_inner_texts()
    return [LOOP_LINES.index(text.strip()) for text in texts]


def announced(page: Page) -> str:
    return page.locator(".loopdocs-puzzle-live").inner_text()


def keyboard_move(page: Page, line: int, to: int) -> None:
    """Move a line to position ``to`` (from 0) by keyboard: Tab to it, Space, arrows, Space."""
    page.locator(".loopdocs-puzzle-line").first.focus()
    for _ in range(shown_order(page).index(line)):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == LOOP_LINES[line]
    page.keyboard.press("Space")
    assert "picked up" in announced(page)
    while (at := shown_order(page).index(line)) != to:
        page.keyboard.press("ArrowUp" if at > to else "ArrowDown")
        assert announced(page) == (
            f"{LOOP_LINES[line]} moved to position {shown_order(page).index(line) + 1} of 5."
        )
    page.keyboard.press("Space")
    assert announced(page) == f"{LOOP_LINES[line]} dropped at position {to + 1} of 5."


def keyboard_put(page: Page, order: tuple[int, ...]) -> None:
    for position, line in enumerate(order):
        if shown_order(page)[position] != line:
            keyboard_move(page, line, position)
    assert tuple(shown_order(page)) == order


def run_by_keyboard(page: Page) -> None:
    page.locator(".loopdocs-puzzle-line").last.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Run"
    page.keyboard.press("Enter")


def test_keyboard_alone_runs_a_wrong_order_then_the_canonical_one(
    page: Page, site_url: str, outcomes: tuple
) -> None:
    open_puzzle(page, f"{site_url}/{PAGE}")
    start = tuple(shown_order(page))
    assert start != (0, 1, 2, 3, 4)
    wrong = (FORWARD, BACKWARD, LOSS, ZERO_GRAD, STEP)  # backward() before the loss exists
    keyboard_put(page, wrong)
    run_by_keyboard(page)
    recorded = next(o for o in outcomes if wrong in o.orders)
    assert recorded.error.startswith("UnboundLocalError: cannot access local variable 'loss'")
    assert page.locator(".loopdocs-puzzle-error").inner_text() == recorded.error
    assert f"epoch {recorded.error_epoch}" in page.locator(".loopdocs-puzzle-result").inner_text()
    verdict = page.locator(".loopdocs-puzzle-verdict").inner_text()
    assert (
        verdict
        == f"Fails on the first pass: {len(recorded.orders)} of the 120 orders do exactly this."
    )
    # Moving a line again clears the old result.
    keyboard_put(page, (0, 1, 2, 3, 4))
    assert page.locator(".loopdocs-puzzle-error").count() == 0
    run_by_keyboard(page)
    verdict = describe_outcomes(outcomes)[0]
    curve = page.locator("svg.loopdocs-puzzle-curve")
    assert (
        curve.is_visible() and curve.get_attribute("aria-label") == f"Loss curve. {verdict.curve}"
    )
    result = page.locator(".loopdocs-puzzle-result").inner_text()
    assert "After 200 epochs: loss 0.0673, w = 0.82, b = 0.49." in result
    assert announced(page) == f"Run: {verdict.headline}. {verdict.curve}"


def test_escape_puts_the_line_back(page: Page, site_url: str) -> None:
    open_puzzle(page, f"{site_url}/{PAGE}")
    before = shown_order(page)
    page.locator(".loopdocs-puzzle-line").first.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert shown_order(page) != before
    page.keyboard.press("Escape")
    assert shown_order(page) == before
    assert announced(page) == f"Move cancelled: {LOOP_LINES[before[0]]} back at position 1 of 5."


def test_a_mouse_drags_a_line(page: Page, site_url: str) -> None:
    open_puzzle(page, f"{site_url}/{PAGE}")
    order = shown_order(page)
    line = order[-1]
    page.locator(".loopdocs-puzzle-lines").scroll_into_view_if_needed()
    source = page.locator(".loopdocs-puzzle-line").nth(4).bounding_box()
    target = page.locator(".loopdocs-puzzle-line").nth(0).bounding_box()
    assert source and target
    page.mouse.move(source["x"] + 40, source["y"] + source["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + 40, target["y"] + 2, steps=12)
    page.mouse.up()
    assert shown_order(page) == [line, *order[:-1]]
    assert announced(page) == f"{LOOP_LINES[line]} dropped at position 1 of 5."
    assert "order=" in page.url


def test_the_anchor_leads_to_the_widget(page: Page, site_url: str) -> None:
    open_puzzle(page, f"{site_url}/{PAGE}#{NAME}")
    assert page.locator(f"#{NAME} > .loopdocs-puzzle-ui").is_visible()
    assert page.locator(f"#{NAME}").count() == 1
    page.wait_for_function(  # once the page has settled, the puzzle is at the window's top
        "name => Math.abs(document.getElementById(name).getBoundingClientRect().top) < 100",
        arg=NAME,
        timeout=10_000,
    )


def test_the_url_keeps_and_restores_the_order(browser: Browser, page: Page, site_url: str) -> None:
    open_puzzle(page, f"{site_url}/{PAGE}")
    keyboard_move(page, STEP, 0)
    link = page.url
    names = ("zero_grad", "forward", "loss", "backward", "step")
    assert "?order=" + "-".join(names[i] for i in shown_order(page)) in link
    assert "#" not in link  # the hash stays for section anchors
    other = browser.new_context(viewport={"width": 1200, "height": 900})
    restored = other.new_page()
    open_puzzle(restored, link)
    assert shown_order(restored) == shown_order(page)
    other.close()


@pytest.mark.parametrize(("motion", "duration"), [("no-preference", "0.15s"), ("reduce", "0s")])
def test_reduced_motion_turns_the_transitions_off(
    browser: Browser, site_url: str, motion: str, duration: str
) -> None:
    context = browser.new_context(reduced_motion=motion)
    page = context.new_page()
    open_puzzle(page, f"{site_url}/{PAGE}")
    durations = page.locator(".loopdocs-puzzle-line").first.evaluate(
        "b => getComputedStyle(b).transitionDuration"
    )
    assert set(durations.split(", ")) == {duration}
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_in_the_widget(
    browser: Browser,
    site_url: str,
    axe_source: str,
    scheme: str,
) -> None:
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    open_puzzle(page, f"{site_url}/{PAGE}")
    page.get_by_role("button", name="Run").click()  # the start order fails: the error shows
    page.locator(".loopdocs-puzzle-line").first.focus()
    page.keyboard.press("Space")  # a line held
    page.add_script_tag(content=axe_source)
    scope = ".loopdocs-puzzle"
    report = page.evaluate(
        """([scope, tags]) => axe.run(scope, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
        [scope, AXE_TAGS],
    )
    assert report["violations"] == []
    page.keyboard.press("Space")
    keyboard_put(page, (0, 1, 2, 3, 4))
    page.get_by_role("button", name="Run").click()  # the curve shows
    report = page.evaluate(
        """([scope, tags]) => axe.run(scope, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
        [scope, AXE_TAGS],
    )
    assert report["violations"] == []
    context.close()


def test_without_javascript_the_table_of_outcomes_is_there(
    browser: Browser, site_url: str, outcomes: tuple
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/{PAGE}")
    box = page.locator(".loopdocs-puzzle")
    box.scroll_into_view_if_needed()
    assert page.locator(".loopdocs-puzzle-ui").count() == 0
    rows = box.locator("tbody tr")
    assert rows.count() == len(outcomes)
    verdicts = describe_outcomes(outcomes)
    for index, (outcome, verdict) in enumerate(zip(outcomes, verdicts, strict=True)):
        cells = rows.nth(index).locator("td").all_inner_texts()
        assert cells[0] == verdict.headline and cells[1] == str(len(outcome.orders))
        assert cells[2] == "; ".join(LOOP_LINES[i] for i in outcome.orders[0])
        if outcome.failed:  # as Python printed it: straight quotes
            assert cells[3] == outcome.error
    assert page.locator(f"#{NAME} table").is_visible()  # the anchor, without JavaScript
    context.close()


def test_print_shows_the_table_not_the_widget(page: Page, site_url: str) -> None:
    open_puzzle(page, f"{site_url}/{PAGE}")
    page.emulate_media(media="print")
    assert not page.locator(".loopdocs-puzzle-ui").is_visible()
    assert page.locator(".loopdocs-puzzle table").is_visible()


def test_it_works_from_a_file_url(browser: Browser, built_site: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    open_puzzle(page, (built_site / PAGE).as_uri())
    page.get_by_role("button", name="Run").click()
    assert page.locator(".loopdocs-puzzle-verdict").is_visible()
    context.close()
