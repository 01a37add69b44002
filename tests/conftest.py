"""Shared fixtures: a clean build of the real site, made once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import pytest
from browser import CHROMIUM, CHROMIUM_ARGS
from playwright.sync_api import Browser, sync_playwright

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


@pytest.fixture(scope="session", autouse=True)
def _warm_font_cache() -> None:
    """Build matplotlib's font cache up front, so its message never lands in an output."""
    import matplotlib.font_manager

    matplotlib.font_manager.findfont("DejaVu Sans")


def build_environment() -> dict[str, str]:
    """os.environ, with SOURCE_DATE_EPOCH at the last commit's time unless already set, so
    every build of one commit dates itself the same (Sphinx reads it for the copyright year)."""
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    if "SOURCE_DATE_EPOCH" not in environment:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True
        )
        if result.returncode == 0 and result.stdout.strip():
            environment["SOURCE_DATE_EPOCH"] = result.stdout.strip()
    return environment


def sphinx_build(
    srcdir: Path, outdir: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a strict sphinx-build in a fresh process and return what it printed.

    Doctrees go beside ``outdir`` (never inside it); so does myst-nb's execution cache.
    ``env`` adds to (or overrides) the build's environment.
    """
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-n",
            "-W",
            "--keep-going",
            "-j",
            "auto",
            "-b",
            "html",
            "-d",
            str(outdir.parent / "doctrees"),
            str(srcdir),
            str(outdir),
            *extra,
        ],
        capture_output=True,
        text=True,
        env={**build_environment(), **(env or {})},
        check=False,
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium (Debian's, driven by Playwright) for the whole session."""
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
