"""Shared fixtures, and the markers: ``site`` for tests that build or browse a site, or ``unit``.

``pytest -m unit`` runs the fast tests alone (seconds); ``pytest -m site`` the builds and the
browser checks. Playwright is imported only when a browser test asks for the ``browser``
fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
import pytest
from sitebuild import DOCS, sphinx_build

if TYPE_CHECKING:
    from playwright.sync_api import Browser

matplotlib.use("Agg")

#: Fixtures that make a test a site test wherever it lives.
SITE_FIXTURES = {"built_site", "browser"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test ``site`` (it builds or browses a site) or else ``unit``."""
    for item in items:
        if item.get_closest_marker("site") is None and SITE_FIXTURES & set(
            getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.site)
        if item.get_closest_marker("site") is None:
            item.add_marker(pytest.mark.unit)


@pytest.fixture(scope="session", autouse=True)
def _warm_font_cache() -> None:
    """Build matplotlib's font cache up front, so its message never lands in an output."""
    import matplotlib.font_manager

    matplotlib.font_manager.findfont("DejaVu Sans")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium (Debian's, driven by Playwright) for the whole session."""
    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean build of docs/ (no execution cache), failing loudly with Sphinx's own log."""
    outdir = tmp_path_factory.mktemp("site") / "html"
    result = sphinx_build(DOCS, outdir)
    if result.returncode != 0:
        pytest.fail(f"the docs build failed:\n{result.stdout[-4000:]}\n{result.stderr[-8000:]}")
    return outdir


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1 for the whole session (no trailing slash)."""
    from browser import serve

    with serve(built_site) as base:
        yield base.rstrip("/")
