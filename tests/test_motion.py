"""Animated figures in Chromium: the animation or the still, by theme and motion preference.

A reader who asks for reduced motion must get the final frame as a still and never download
the animation; everyone else gets the animation as WebP (Chromium shows it, so the GIF
fallback is never downloaded), which plays once and stops on its last frame. Either way only
the reader's theme (light or dark) is shown and fetched. Checked on the built site with
Playwright driving Debian's Chromium, with ``prefers-reduced-motion`` and
``prefers-color-scheme`` emulated.
"""

from __future__ import annotations

import io
import time
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Browser

PAGE = "training-loop.html"


# (viewport width, height, device pixels per CSS pixel, the width of the rendering it gets)
SCREENS = {"desktop": (1200, 900, 1.0, 720), "phone": (390, 844, 3.0, 360)}


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_animated_figures_show_one_image_for_the_reader_s_settings(
    browser: Browser, site_url: str, scheme: str, motion: str, screen: str
) -> None:
    width, height, scale, rendering = SCREENS[screen]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=scale,
        color_scheme=scheme,
        reduced_motion=motion,
    )
    requested: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(f"{site_url}/{PAGE}")
    page.wait_for_selector(".loopdocs-player-active")  # a player hides the figure it holds
    figures = page.locator(":not(.loopdocs-player-active) > figure.loopdocs-animated")
    count = figures.count()
    assert count >= 1  # the diverging run (the worked example's run is in the player)
    shown_sources: set[str] = set()
    for index in range(count):
        figure = figures.nth(index)
        figure.scroll_into_view_if_needed()  # the images load lazily, as a reader scrolls
        page.wait_for_load_state("networkidle")
        images = figure.locator("img")
        assert images.count() == 4  # still and animation, light and dark
        shown = [images.nth(i) for i in range(4) if images.nth(i).bounding_box() is not None]
        assert len(shown) == 1, f"figure {index}: {len(shown)} images displayed"
        image = shown[0]
        classes = (image.get_attribute("class") or "").split()
        wanted = "loopdocs-still" if motion == "reduce" else "loopdocs-animation"
        assert wanted in classes and f"only-{scheme}" in classes, classes
        loaded = "img => img.complete && img.naturalWidth > 0"
        page.wait_for_function(loaded, arg=image.element_handle())
        assert image.evaluate("img => getComputedStyle(img).display") != "none"
        source = image.evaluate("img => img.currentSrc")  # what the browser chose to show
        assert source.endswith(".png" if motion == "reduce" else ".webp"), source
        assert image.evaluate("img => img.naturalWidth") == rendering  # narrow on the phone
        if motion != "reduce":  # the <img> itself names the GIF, for browsers without WebP
            assert (image.get_attribute("src") or "").endswith(".gif")
        shown_sources.add(source.rsplit("/", 1)[-1])
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    fetched = {path.rsplit("/", 1)[-1] for path in requested}
    fetched_animations = {name for name in fetched if name.endswith((".gif", ".webp"))}
    if motion == "reduce":
        assert not fetched_animations  # who asked for no motion never downloads an animation
    else:
        assert fetched_animations == {name for name in shown_sources if name.endswith(".webp")}
    context.close()


def test_the_animation_plays_once_and_stops_on_its_final_frame(
    browser: Browser, site_url: str, built_site: Path
) -> None:
    """Screenshots of the diverging run's animation as it plays, against its last frame."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/{PAGE}")
    image = page.locator("#fig-diverging-animation img:visible")
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    start, shots = time.monotonic(), []
    # 0.2 s in: the first frames; the animation lasts under 5 s, so by 5 s it has stopped.
    for at in (0.2, 5.0, 6.0):
        time.sleep(max(0.0, start + at - time.monotonic()))
        picture = Image.open(io.BytesIO(image.screenshot())).convert("RGB")
        shots.append(np.asarray(picture).astype(int))
    source = urlsplit(image.evaluate("img => img.currentSrc")).path.rsplit("/", 1)[-1]
    context.close()
    early, stopped, later = shots
    assert np.array_equal(stopped, later)  # it no longer moves ...
    assert np.abs(early - stopped).mean() > 1  # ... but it did ...
    with Image.open(built_site / "_images" / source) as animation:  # ... and shows its end:
        animation.seek(animation.n_frames - 1)
        last = np.asarray(animation.convert("RGB")).astype(int)
    height, width, _ = last.shape
    # The screenshot is of the element's box, which may start a fraction of a pixel early.
    offsets = [(row, column) for row in range(3) for column in range(3)]
    assert any(
        np.array_equal(stopped[row : row + height, column : column + width], last)
        for row, column in offsets
        if stopped.shape[0] >= row + height and stopped.shape[1] >= column + width
    ), "the animation did not stop on its last frame"
