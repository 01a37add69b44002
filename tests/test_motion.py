"""Animated figures in Chromium: the GIF or the still, by theme and motion preference.

A reader who asks for reduced motion must get the final frame as a still and never download
the GIF; everyone else gets the GIF and never downloads the still. Either way only the
reader's theme (light or dark) is shown and fetched. Checked on the built site with
Playwright driving Debian's Chromium, with ``prefers-reduced-motion`` and
``prefers-color-scheme`` emulated.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import serve
from playwright.sync_api import Browser

PAGE = "training-loop.html"


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as base:
        yield base.rstrip("/")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_animated_figures_show_one_image_for_the_reader_s_settings(
    browser: Browser, site_url: str, scheme: str, motion: str
) -> None:
    context = browser.new_context(
        viewport={"width": 1200, "height": 900}, color_scheme=scheme, reduced_motion=motion
    )
    requested: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(f"{site_url}/{PAGE}")
    figures = page.locator("figure.loopdocs-animated")
    count = figures.count()
    assert count >= 2  # the worked example and the diverging run
    shown_sources: set[str] = set()
    for index in range(count):
        figure = figures.nth(index)
        figure.scroll_into_view_if_needed()  # the images load lazily, as a reader scrolls
        page.wait_for_load_state("networkidle")
        images = figure.locator("img")
        assert images.count() == 4  # still and GIF, light and dark
        shown = [images.nth(i) for i in range(4) if images.nth(i).bounding_box() is not None]
        assert len(shown) == 1, f"figure {index}: {len(shown)} images displayed"
        image = shown[0]
        classes = (image.get_attribute("class") or "").split()
        wanted = "loopdocs-still" if motion == "reduce" else "loopdocs-animation"
        assert wanted in classes and f"only-{scheme}" in classes, classes
        loaded = "img => img.complete && img.naturalWidth > 0"
        page.wait_for_function(loaded, arg=image.element_handle())
        assert image.evaluate("img => getComputedStyle(img).display") != "none"
        source = image.get_attribute("src") or ""
        assert source.endswith(".png" if motion == "reduce" else ".gif")
        shown_sources.add(source.rsplit("/", 1)[-1])
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    fetched_gifs = {path.rsplit("/", 1)[-1] for path in requested if path.endswith(".gif")}
    if motion == "reduce":
        assert not fetched_gifs  # the reader who asked for no motion never downloads a GIF
    else:
        assert fetched_gifs == {name for name in shown_sources if name.endswith(".gif")}
    context.close()
