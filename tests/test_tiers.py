"""The tiers tell the truth: every Sphinx build in the tests goes through a fixture that puts its
test in a build tier (tests/conftest.py), and every collected test has exactly one tier."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
TIERS = {"unit", "tinysite", "site"}
# Ways to build a Sphinx project other than the fixtures: the runner itself, sphinx.testing's
# app class made by hand, Sphinx's command line or its Python entry points.
BUILDS = re.compile(
    r"\brun_sphinx\b|\bSphinxTestApp\(|\bSphinx\(|sphinx\.cmd|build_main|"
    r"[\"']-m[\"'],\s*[\"']sphinx[\"']|[\"']sphinx-build[\"']"
)


def builds_outside_the_fixtures(files: list[Path]) -> list[str]:
    """Lines of ``files`` that start a Sphinx build without a tier fixture."""
    return [
        f"{path.name}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if BUILDS.search(line)
    ]


def test_builds_go_only_through_the_tier_fixtures() -> None:
    files = sorted(set(TESTS.glob("*.py")) - {TESTS / "conftest.py", Path(__file__)})
    assert len(files) > 30
    assert builds_outside_the_fixtures(files) == []


def test_a_build_outside_the_fixtures_is_found(tmp_path: Path) -> None:
    (tmp_path / "test_x.py").write_text(
        "from tools.buildsite import run_sphinx\n"
        "app = SphinxTestApp(srcdir=here)\n"
        'subprocess.run([sys.executable, "-m", "sphinx", src, out])\n'
        "result = sphinx_build(src, out)  # the fixture: allowed\n",
        encoding="utf-8",
    )
    found = builds_outside_the_fixtures([tmp_path / "test_x.py"])
    assert [line.split(":")[1] for line in found] == ["1", "2", "3"]


def test_every_collected_test_has_exactly_one_tier(request: pytest.FixtureRequest) -> None:
    items = request.session.items
    assert items
    for item in items:
        assert len([mark for mark in item.iter_markers() if mark.name in TIERS]) == 1, item.nodeid
