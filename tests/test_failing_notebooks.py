"""A page whose cell fails, or runs past the timeout, fails the build and says where and why.

Built on the tiny site in tests/fixtures/failing (a page that runs, and one failing page copied
in beside it), serially and in parallel: under ``-j`` the log myst-nb writes is lost with the
worker process, so the message must travel with the error
(loopdocs.sphinxext.errors.NotebookParser); and in parallel the notebooks first run in a pool
(loopdocs.sphinxext.prerun), where a failure is left for myst-nb to run again and report.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tools.buildsite import SphinxBuild

FIXTURE = Path(__file__).parent / "fixtures" / "failing"

BuildWith = Callable[[list[str], str], tuple[Path, subprocess.CompletedProcess[str]]]


@pytest.fixture
def build_with(sphinx_build: SphinxBuild, tmp_path: Path) -> BuildWith:
    """``build_with(pages, jobs)``: build conf.py, index.md and ``pages`` ("page.md:copy.md"
    copies a page under a new name) with ``-j jobs``; return the last page's path and what the
    build printed."""

    def build(pages: list[str], jobs: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
        source = tmp_path / "source"
        source.mkdir()
        for name in ("conf.py", "index.md", *pages):
            original, _, copy = name.partition(":")
            shutil.copy(FIXTURE / original, source / (copy or original))
        last = pages[-1].partition(":")[2] or pages[-1]
        return source / last, sphinx_build(source, tmp_path / "build" / "html", "-j", jobs)

    return build


def fence_line(page: Path, first_code_line: str) -> int:
    """The 1-based line of the fence that opens the cell starting with ``first_code_line``."""
    return page.read_text().splitlines().index(first_code_line)


@pytest.mark.parametrize("jobs", ["1", "auto"])
def test_a_failing_cell_fails_the_build_naming_page_cell_and_error(
    build_with: BuildWith, jobs: str
) -> None:
    page, result = build_with(["fine.md", "raises.md"], jobs)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    line = fence_line(page, "def step(weight, grad):")
    assert (
        f"{page}:{line}: code cell 3 of 4 raised ZeroDivisionError: float division by zero" in log
    ), log[-3000:]
    assert "    return weight - learning_rate / grad" in log  # the cell's code
    assert "----> 4 step(1.0, 0.0)" in log  # IPython's traceback, without colour codes
    assert "never runs" not in log.split("raised ZeroDivisionError", 1)[1]


@pytest.mark.parametrize("jobs", ["1", "auto"])
def test_a_cell_past_the_timeout_fails_the_build_clearly(build_with: BuildWith, jobs: str) -> None:
    page, result = build_with(["fine.md", "sleeps.md"], jobs)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    line = fence_line(page, "time.sleep(60)")
    assert f"{page}:{line}: code cell 2 of 2 ran past the 3-second timeout" in log, log[-3000:]
    assert "nb_execution_timeout" in log


def test_notebooks_run_ahead_in_a_pool_and_are_read_from_the_cache(
    build_with: BuildWith, tmp_path: Path
) -> None:
    _, result = build_with(["fine.md", "fine.md:fine-too.md"], "2")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "loopdocs: ran 2 notebooks ahead of reading, 2 at a time" in result.stdout
    assert result.stdout.count("Using cached notebook") == 2
    assert "Executing notebook using" not in result.stdout + result.stderr  # myst-nb's own run
    html = (tmp_path / "build" / "html" / "fine-too.html").read_text()
    assert "total = 45" in html


def test_a_kernel_that_does_not_start_ahead_is_left_for_myst_nb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With TCP kernels, a port jupyter_client picked can be taken before the kernel binds it
    ("Address already in use"): the pool must not fail the build over it, but leave the page for
    myst-nb to run as it reads it, and say why."""
    from jupyter_cache.executors import utils
    from myst_parser.config.main import MdParserConfig

    from loopdocs.sphinxext import prerun

    def kernel_dies(*args: object, **kwargs: object) -> None:
        raise RuntimeError("Kernel died before replying to kernel_info")

    page = tmp_path / "page.md"
    page.write_text(
        "---\nfile_format: mystnb\nkernelspec:\n  name: python3\n  display_name: Python 3\n"
        "---\n# A page\n\n```{code-cell} ipython3\nprint(1)\n```\n"
    )
    monkeypatch.setattr(utils, "single_nb_execution", kernel_dies)
    executed, why = prerun._execute(page, MdParserConfig(), 30, False, None)
    assert executed is None
    assert why == "page.md: RuntimeError: Kernel died before replying to kernel_info"
