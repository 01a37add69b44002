"""The player in Chromium: it replays the build's runs, by keyboard alone, and links keep it.

On the built site's training-loop page, driven by Playwright in Debian's Chromium: play moves
the fitted line towards the least-squares fit; a diverging learning rate ends in the diverged
state at the epoch the build recorded; the readouts are the build's numbers; every control works
from the keyboard; the URL hash restores a state; nothing moves until asked, reduced motion or
not; without JavaScript the figure is there; and the page works from ``file://`` as well.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from loopdocs import least_squares, make_line_data, train_line

PAGE = "training-loop.html"
NAME = "fig-converging-animation"
DATA = make_line_data()


def open_player(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".loopdocs-player-ui")


def readout(page: Page) -> str:
    return page.locator(".loopdocs-player-readout").inner_text()


def shown_w(page: Page) -> float:
    match = re.search(r"w = (-?[\d.]+)", readout(page))
    assert match, readout(page)
    return float(match.group(1))


def test_play_moves_the_line_towards_the_least_squares_fit(page: Page, site_url: str) -> None:
    open_player(page, f"{site_url}/{PAGE}")
    assert readout(page).startswith("epoch 1 ")
    w_star, _ = least_squares(DATA.x, DATA.y)
    start = abs(shown_w(page) - w_star)
    page.get_by_role("button", name="Play").click()
    time.sleep(1.5)
    page.get_by_role("button", name="Pause").click()
    epoch = int(re.match(r"epoch (\d+)", readout(page)).group(1))  # type: ignore[union-attr]
    assert 10 < epoch < 200
    assert abs(shown_w(page) - w_star) < start / 2
    assert page.locator(".loopdocs-sr").inner_text().startswith(f"Epoch {epoch}:")


def test_the_readouts_are_the_build_s_recorded_run(page: Page, site_url: str) -> None:
    history = train_line(DATA, lr=0.03, epochs=200)
    for epoch in (1, 7, 200):
        open_player(page, f"{site_url}/{PAGE}#{NAME}?lr=0.03&zero_grad=on&epoch={epoch}")
        expected = (
            f"w = {float(f'{history.w[epoch - 1]:.3g}'):g}",
            f"b = {float(f'{history.b[epoch - 1]:.3g}'):g}",
            f"loss = {float(f'{history.loss[epoch - 1]:.3g}'):g}",
        )
        text = readout(page)
        assert text.startswith(f"epoch {epoch} ") and all(part in text for part in expected), text


def test_a_diverging_rate_ends_diverged_at_the_recorded_epoch(page: Page, site_url: str) -> None:
    diverged_at = train_line(DATA, lr=0.6, epochs=200).diverged_at
    open_player(page, f"{site_url}/{PAGE}")
    lr = page.get_by_role("slider", name="Learning rate")
    lr.focus()
    page.keyboard.press("End")  # the largest rate on the grid, 0.6
    assert lr.get_attribute("aria-valuetext") == "learning rate 0.6, above the critical value"
    epoch = page.get_by_role("slider", name="Epoch")
    epoch.focus()
    page.keyboard.press("End")
    assert readout(page) == (
        f"epoch {diverged_at}   diverged at epoch {diverged_at}: the loss is no longer finite"
    )
    assert page.locator(".ld-diverged text").text_content() == f"diverged at epoch {diverged_at}"
    assert page.locator(".ld-diverged").is_visible() and not page.locator(".ld-line").is_visible()


def test_keyboard_alone_drives_every_control(page: Page, site_url: str) -> None:
    open_player(page, f"{site_url}/{PAGE}")
    page.get_by_role("button", name="Play").focus()
    page.keyboard.press("Enter")
    time.sleep(0.3)
    page.keyboard.press("Enter")  # the same button, now Pause
    assert page.get_by_role("button", name="Play").is_visible()  # the label says what it does
    page.keyboard.press("Tab")  # step back
    page.keyboard.press("Tab")  # step forward
    before = readout(page)
    page.keyboard.press("Enter")
    assert readout(page) != before
    page.keyboard.press("Tab")  # reset
    page.keyboard.press("Enter")
    assert readout(page).startswith("epoch 1 ")
    page.keyboard.press("Tab")  # the epoch slider
    page.keyboard.press("PageUp")
    assert not readout(page).startswith("epoch 1 ")
    page.keyboard.press("Tab")  # the learning-rate slider
    page.keyboard.press("ArrowLeft")
    assert page.get_by_role("slider", name="Learning rate").get_attribute("aria-valuetext") == (
        "learning rate 0.02"
    )
    page.keyboard.press("Home")
    assert page.get_by_role("slider", name="Learning rate").get_attribute("aria-valuetext") == (
        "learning rate 0.001"
    )
    page.keyboard.press("Tab")  # the zero_grad() switch
    page.keyboard.press("Space")
    switch = page.get_by_role("switch")
    page.wait_for_function(
        "s => !s.checked && !s.closest('[aria-busy]')", arg=switch.element_handle()
    )
    assert "without zero_grad()" in page.locator(".loopdocs-player-table summary").inner_text()
    focused = page.evaluate("document.activeElement.matches(':focus-visible')")
    assert focused  # the focus ring shows


def test_the_url_hash_keeps_and_restores_the_state(
    browser: Browser, page: Page, site_url: str
) -> None:
    open_player(page, f"{site_url}/{PAGE}")
    page.get_by_role("switch").click()  # zero_grad() off
    page.wait_for_function("() => location.hash.includes('zero_grad=off')")
    page.get_by_role("button", name="Step forward one epoch").click()
    link = page.url
    assert link.endswith(f"#{NAME}?lr=0.03&zero_grad=off&epoch=2")
    state = readout(page)
    other = browser.new_context(viewport={"width": 1200, "height": 900})
    restored = other.new_page()
    open_player(restored, link)
    assert readout(restored) == state
    assert not restored.get_by_role("switch").is_checked()
    other.close()


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_nothing_moves_until_asked(browser: Browser, site_url: str, motion: str) -> None:
    context = browser.new_context(reduced_motion=motion)
    page = context.new_page()
    open_player(page, f"{site_url}/{PAGE}")
    first = readout(page)
    time.sleep(1.0)
    assert readout(page) == first and first.startswith("epoch 1 ")
    context.close()


def test_without_javascript_the_figure_is_there(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, reduced_motion="reduce")
    page = context.new_page()
    page.goto(f"{site_url}/{PAGE}")
    figure = page.locator(f"#{NAME}")
    figure.scroll_into_view_if_needed()
    assert page.locator(".loopdocs-player-ui").count() == 0
    still = figure.locator("img.loopdocs-still.only-light")
    assert still.is_visible() and "at epoch 200" in (still.get_attribute("alt") or "")
    context.close()


def test_it_works_from_a_file_url(browser: Browser, built_site: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    open_player(page, (built_site / PAGE).as_uri())
    page.get_by_role("button", name="Step forward one epoch").click()
    assert readout(page).startswith("epoch 2 ")
    context.close()
