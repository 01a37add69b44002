"""Two clean builds of one commit, in different folders, publish the same bytes.

Each build starts without an execution cache and dates itself from the last commit
(SOURCE_DATE_EPOCH, see conftest.build_environment); Sphinx's doctrees sit outside the
published folder and are not compared.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tools.buildsite import DOCS, SphinxBuild


def differences(first: Path, second: Path) -> list[str]:
    """Files only in one tree, and files whose bytes differ (with a short diff when text)."""
    names = {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    others = {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    found = [f"only in the first build: {name}" for name in sorted(names - others)]
    found += [f"only in the second build: {name}" for name in sorted(others - names)]
    for name in sorted(names & others):
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        if a == b:
            continue
        try:
            diff = difflib.unified_diff(
                a.decode().splitlines(), b.decode().splitlines(), lineterm="", n=0
            )
            found.append(f"{name} differs:\n" + "\n".join(list(diff)[2:12]))
        except UnicodeDecodeError:
            found.append(f"{name} differs ({len(a)} and {len(b)} bytes)")
    return found


def test_two_clean_builds_are_identical(
    built_site: Path, tmp_path: Path, sphinx_build: SphinxBuild
) -> None:
    second = tmp_path / "elsewhere" / "html"
    result = sphinx_build(DOCS, second)
    if result.returncode != 0:
        pytest.fail(f"the second build failed:\n{result.stderr[-8000:]}")
    found = differences(built_site, second)
    assert not found, "two clean builds differ:\n" + "\n".join(found)


def test_a_difference_is_reported(tmp_path: Path) -> None:
    for name, text in (("a", "same\nold\n"), ("b", "same\nnew\n")):
        (tmp_path / name / "_static").mkdir(parents=True)
        (tmp_path / name / "page.html").write_text(text)
        (tmp_path / name / "_static" / f"only-{name}.js").write_text("")
    found = differences(tmp_path / "a", tmp_path / "b")
    assert found[:2] == [
        "only in the first build: _static/only-a.js",
        "only in the second build: _static/only-b.js",
    ]
    assert found[2].startswith("page.html differs:") and "+new" in found[2]
