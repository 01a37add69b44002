"""No script holds back a page's first paint, and the scripts still work (search included).

loopdocs.sphinxext.assets.defer_scripts loads every script file with ``defer`` except on the
search page, whose template runs searchtools.js right away.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser

from tools.served_site import serve

CONTENT_PAGES = ["index.html", "training-loop.html", "troubleshooting/nan-loss.html"]


def script_tags(page: Path) -> list[str]:
    return re.findall(r"<script\b[^>]*\bsrc=[^>]*>", page.read_text(encoding="utf-8"))


def test_every_script_file_on_a_content_page_is_deferred(built_site: Path) -> None:
    for name in CONTENT_PAGES:
        tags = script_tags(built_site / name)
        assert len(tags) >= 5, name  # Sphinx's, furo's, sphinx-design's, copybutton's, ours
        assert all("defer" in tag for tag in tags), (name, tags)


def test_the_scripts_still_do_their_work(built_site: Path, browser: Browser) -> None:
    errors: list[str] = []
    with serve(built_site) as base:
        page = browser.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + "search.html?q=zero_grad")
        page.wait_for_selector("#search-results li", timeout=10_000)
        assert page.locator("#search-results li").count() > 0
        page.goto(base + "training-loop.html")
        page.wait_for_load_state("load")
        assert page.locator("button.copybtn").count() > 0  # sphinx-copybutton ran
        assert page.locator("details.sd-dropdown").count() >= 5  # sphinx-design's quiz
        page.close()
    assert not errors
