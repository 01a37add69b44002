"""Every notebook page's shown code runs as copied, and prints what the page shows.

A learner copies a page's visible code cells (and included example pieces), in order, into a
fresh Python that has torch, numpy and matplotlib (and, for the network page, scikit-learn).
It must import nothing else, run without an error that the page does not show, and print, cell
by cell, exactly what the built page prints under that cell. See ``tests/shown_code.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from shown_code import (
    DOCS,
    CopiedRun,
    compare,
    foreign_imports,
    notebook_pages,
    run_copied,
)

PAGES = notebook_pages()
IDS = [str(page.relative_to(DOCS)) for page in PAGES]


@pytest.fixture(scope="module")
def copied_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, CopiedRun]:
    """Each page's shown code run once as copied (shared by the tests below)."""
    return {page: run_copied(page, tmp_path_factory.mktemp(page.stem)) for page in PAGES}


def test_there_are_notebook_pages() -> None:
    assert {"training-loop.md", "nan-loss.md", "real-network.md"} <= {p.name for p in PAGES}


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_shown_code_imports_only_what_a_learner_has(page: Path) -> None:
    assert not foreign_imports(page)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_shown_code_runs_as_copied(page: Path, copied_runs: dict[Path, CopiedRun]) -> None:
    run = copied_runs[page]
    assert run.failure() is None, f"{page.relative_to(DOCS)}: {run.failure()}"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_shown_code_prints_what_the_page_shows(
    page: Path, copied_runs: dict[Path, CopiedRun], built_site: Path
) -> None:
    problems = compare(copied_runs[page], built_site / page.relative_to(DOCS).with_suffix(".html"))
    assert not problems, "\n".join(problems)
