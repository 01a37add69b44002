"""Shared fixtures, and the three tiers every test falls in, set here from the fixtures it uses.

- ``site``: builds the real site (``built_site``), runs its pages' code as a learner would
  (``copied_runs``) or drives a browser (``browser``);
- ``tinysite``: builds a small Sphinx project of its own, through ``sphinx_build`` (a strict
  sphinx-build in a fresh process) or sphinx.testing's ``make_app`` / ``app`` (in this one);
- ``unit``: everything else, which builds no Sphinx project and needs no browser.

A test is put in a tier by what it asks for, so a new test that builds cannot land in ``unit``
(tests/test_tiers.py checks that builds only go through these fixtures). A hand mark may only
raise a tier: ``site`` for a check that needs what only the site tests install (the Nu Html
Checker from npm). Playwright is imported only when a browser test asks for ``browser``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
import pytest

from tools.buildsite import DOCS, SphinxBuild, run_sphinx

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

matplotlib.use("Agg")

pytest_plugins = ["sphinx.testing.fixtures"]  # make_app, app and @pytest.mark.sphinx

#: Fixtures that make a test a ``site`` test wherever it lives: the real site built, every page's
#: shown code run as a learner copies it (test_shown_code.py: a minute), a browser.
SITE_FIXTURES = {"built_site", "copied_runs", "browser"}
#: Fixtures that build a small Sphinx project: a ``tinysite`` test unless it is a site test.
TINYSITE_FIXTURES = {"sphinx_build", "make_app", "app"}

#: The tiers, lightest first.
TIERS = ("unit", "tinysite", "site")


def tier(fixtures: set[str]) -> str:
    """The tier of a test that uses ``fixtures`` (directly or through other fixtures)."""
    if SITE_FIXTURES & fixtures:
        return "site"
    if TINYSITE_FIXTURES & fixtures:
        return "tinysite"
    return "unit"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every test exactly one tier: the one its fixtures call for, or a heavier one set
    by hand (a check that needs the validator from npm is ``site`` without building)."""
    for item in items:
        marked = [mark.name for mark in item.iter_markers() if mark.name in TIERS]
        chosen = max([*marked, tier(set(getattr(item, "fixturenames", ())))], key=TIERS.index)
        for mark in set(marked) - {chosen}:
            raise pytest.UsageError(f"{item.nodeid} is marked {mark} but is a {chosen} test")
        if not marked:
            item.add_marker(chosen)


@pytest.fixture(scope="session", autouse=True)
def _warm_font_cache() -> None:
    """Build matplotlib's font cache up front, so its message never lands in an output."""
    import matplotlib.font_manager

    matplotlib.font_manager.findfont("DejaVu Sans")


@pytest.fixture(scope="session")
def sphinx_build() -> SphinxBuild:
    """``sphinx_build(srcdir, outdir, *extra, env=None)``: the project's strict sphinx-build in
    a fresh process (tools/buildsite.py), returning what it printed; doctrees and myst-nb's
    execution cache go beside ``outdir``. Every test build goes through here."""
    return run_sphinx


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium (Debian's, driven by Playwright) for the whole session."""
    from playwright.sync_api import sync_playwright

    from tools.served_site import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, sphinx_build: SphinxBuild) -> Path:
    """A clean build of docs/ (no execution cache), failing loudly with Sphinx's own log."""
    outdir = tmp_path_factory.mktemp("site") / "html"
    result = sphinx_build(DOCS, outdir)
    if result.returncode != 0:
        pytest.fail(f"the docs build failed:\n{result.stdout[-4000:]}\n{result.stderr[-8000:]}")
    return outdir


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1 for the whole session (no trailing slash)."""
    from tools.served_site import serve

    with serve(built_site) as base:
        yield base.rstrip("/")


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    """A desktop-sized page of the served site; the test fails on any console error."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors


AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, to inject into a page (installed by `npm ci` in tests/)."""
    if not AXE.is_file():
        pytest.fail(
            f"{AXE} is missing: run `npm ci --ignore-scripts` in tests/ (nox -s tests does)"
        )
    return AXE.read_text(encoding="utf-8")
