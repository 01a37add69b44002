"""The package's layers, as the tree shows them: each imports only what its layer allows.

loop/ uses torch alone; draw/ matplotlib and Pillow (and the loop's types); figures/ draws;
sphinxext/ is the only code that imports Sphinx or myst-nb, and loads neither torch nor
matplotlib; describe.py turns numbers into words without torch or matplotlib.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "loopdocs"
HEAVY = ("torch", "matplotlib", "sphinx", "myst_nb", "docutils")


def loaded_by(module: str) -> set[str]:
    """Which of HEAVY a fresh Python has loaded after importing ``module``."""
    code = (
        f"import json, sys, {module}; "
        f"print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout))


@pytest.mark.parametrize(
    ("module", "allowed"),
    [
        ("loopdocs.sphinxext", {"sphinx", "myst_nb", "docutils"}),
        ("loopdocs.describe", set()),
        ("loopdocs", set()),
        ("loopdocs.loop.train", {"torch"}),
        ("loopdocs.loop.stability", {"torch"}),
        ("loopdocs.draw.animate", {"torch", "matplotlib"}),
        ("loopdocs.figures.compare", {"torch", "matplotlib"}),
    ],
)
def test_each_layer_loads_only_what_it_may(module: str, allowed: set[str]) -> None:
    loaded = loaded_by(module)
    assert loaded <= allowed, f"importing {module} loaded {sorted(loaded - allowed)}"


def test_only_sphinxext_imports_sphinx_or_myst_nb() -> None:
    outside = [path for path in PACKAGE.rglob("*.py") if "sphinxext" not in path.parts]
    assert len(outside) >= 10  # the package is still found where the test looks
    offenders = [
        path.relative_to(PACKAGE).as_posix()
        for path in outside
        if any(
            line.startswith(("import sphinx", "from sphinx", "from myst_nb", "import myst_nb"))
            for line in path.read_text().splitlines()
        )
    ]
    assert not offenders


def test_the_loop_layer_draws_nothing() -> None:
    modules = sorted((PACKAGE / "loop").glob("*.py"))
    assert len(modules) >= 3  # the layer is still where the test looks
    for path in modules:
        text = path.read_text()
        assert "matplotlib" not in text and "PIL" not in text, path.name


def test_no_module_is_over_400_lines() -> None:
    long = {
        path.relative_to(PACKAGE).as_posix(): count
        for path in PACKAGE.rglob("*.py")
        if (count := len(path.read_text().splitlines())) > 400
    }
    assert not long, f"split these modules: {long}"
