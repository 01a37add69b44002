"""A page whose cell fails, or runs past the timeout, fails the build and says where and why.

Built on the tiny site in tests/fixtures/failing (one failing page copied in at a time), serially
and in parallel: under ``-j`` the log myst-nb writes is lost with the worker process, so the
message must travel with the error (loopdocs.sphinxext.NotebookParser).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import sphinx_build

FIXTURE = Path(__file__).parent / "fixtures" / "failing"


def build_with(
    page: str, tmp_path: Path, jobs: str
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("conf.py", "index.md", page):
        shutil.copy(FIXTURE / name, source / name)
    return source / page, sphinx_build(source, tmp_path / "build" / "html", "-j", jobs)


def fence_line(page: Path, first_code_line: str) -> int:
    """The 1-based line of the fence that opens the cell starting with ``first_code_line``."""
    return page.read_text().splitlines().index(first_code_line)


@pytest.mark.parametrize("jobs", ["1", "auto"])
def test_a_failing_cell_fails_the_build_naming_page_cell_and_error(
    tmp_path: Path, jobs: str
) -> None:
    page, result = build_with("raises.md", tmp_path, jobs)
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
def test_a_cell_past_the_timeout_fails_the_build_clearly(tmp_path: Path, jobs: str) -> None:
    page, result = build_with("sleeps.md", tmp_path, jobs)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    line = fence_line(page, "time.sleep(60)")
    assert f"{page}:{line}: code cell 2 of 2 ran past the 3-second timeout" in log, log[-3000:]
    assert "nb_execution_timeout" in log
