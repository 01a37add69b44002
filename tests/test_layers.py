"""The package's layers, as the tree shows them: each imports only what its layer allows.

loop/ uses torch alone (its readings of a run not even that); draw/ matplotlib and Pillow (and
the loop's types); describe/ turns numbers into words without torch or matplotlib; figures/
only assembles a run, its words and its drawing; sphinxext/ is the only code that imports
Sphinx or myst-nb, and loads neither torch nor matplotlib; pages import through the public
surfaces of figures, describe and loop.
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
        ("loopdocs.sphinxext", set()),  # Sphinx comes with its setup(), not its import
        ("loopdocs.sphinxext.pages", {"myst_nb"}),  # every kernel imports it: no Sphinx
        ("loopdocs.sphinxext.figure", {"sphinx", "myst_nb", "docutils"}),
        ("loopdocs.describe", set()),
        ("loopdocs", set()),
        ("loopdocs.loop.train", {"torch"}),
        ("loopdocs.loop.stability", {"torch"}),
        ("loopdocs.draw.animate", {"torch", "matplotlib"}),
        ("loopdocs.figures.compare", {"torch", "matplotlib"}),
        ("loopdocs.loop.readings", set()),
        ("loopdocs.draw.headers", set()),
    ],
)
def test_each_layer_loads_only_what_it_may(module: str, allowed: set[str]) -> None:
    loaded = loaded_by(module)
    assert loaded <= allowed, f"importing {module} loaded {sorted(loaded - allowed)}"


DRAW_MODULES = sorted(
    f"loopdocs.draw.{path.stem}"
    for path in (PACKAGE / "draw").glob("*.py")
    if path.stem != "__init__"
)
#: draw/ modules that still load torch, each with why; the test of each fails (strict xfail)
#: the day it no longer does, so the entry is then removed.
DRAW_LOADING_TORCH = {
    "loopdocs.draw.animate": "checks isinstance(history, History): loop.train imports torch",
    "loopdocs.draw.scene": "checks isinstance(history, History) and LineData: loop imports torch",
    "loopdocs.draw.curves": "imports History from loop.train at run time, for a type",
    "loopdocs.draw.classify": "imports draw.curves, which imports loop.train",
    "loopdocs.draw.compare": "imports Run from loop.measures at run time, for a type",
    "loopdocs.draw.diagnostics": "imports torch for a type alias and loop.measures / stability",
}


@pytest.mark.parametrize(
    "module",
    [
        pytest.param(
            module,
            marks=pytest.mark.xfail(reason=DRAW_LOADING_TORCH[module], strict=True),
        )
        if module in DRAW_LOADING_TORCH
        else module
        for module in DRAW_MODULES
    ],
)
def test_draw_modules_load_no_torch(module: str) -> None:
    """draw/ draws what the loop computed: importing it runs no torch (loopdocs.draw.surface
    once called the loss's torch functions while drawing)."""
    assert "torch" not in loaded_by(module)


def test_draw_modules_are_all_checked() -> None:
    assert "loopdocs.draw.surface" in DRAW_MODULES and len(DRAW_MODULES) >= 10
    assert set(DRAW_LOADING_TORCH) <= set(DRAW_MODULES)  # no stale entry


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


DOCS = PACKAGE.parents[1] / "docs"
#: What a page may import from loopdocs: one public surface per layer (``train`` is the one name
#: imported from its module: at package level ``loopdocs.loop.train`` is the module).
PAGE_SURFACES = {
    "loopdocs",
    "loopdocs.describe",
    "loopdocs.figures",
    "loopdocs.loop",
    "loopdocs.loop.train",
    "loopdocs.sphinxext.pages",
}
#: The page that explains how figures are drawn and encoded, and measures the encoders.
MACHINERY_PAGE = "how-this-site-is-built.md"


def test_pages_import_only_the_public_surfaces() -> None:
    pages = [page for page in DOCS.rglob("*.md") if "_build" not in page.parts]
    assert pages
    imported: dict[str, set[str]] = {}
    for page in pages:
        for line in page.read_text().splitlines():
            words = line.split()
            if words[:1] in (["from"], ["import"]) and words[1].split(".")[0] == "loopdocs":
                imported.setdefault(page.relative_to(DOCS).as_posix(), set()).add(words[1])
    assert imported, "no page imports loopdocs: the check found nothing to check"
    offenders = {
        page: sorted(modules - PAGE_SURFACES)
        for page, modules in imported.items()
        if page != MACHINERY_PAGE and modules - PAGE_SURFACES
    }
    assert not offenders, f"import these through loopdocs.figures, .describe or .loop: {offenders}"


def test_figures_only_assemble_and_describe_only_words() -> None:
    """figures/ draws nothing itself and writes no alt text; describe/ imports no drawing."""
    for path in (PACKAGE / "figures").glob("*.py"):
        text = path.read_text()
        # At run time, that is: a type imported under TYPE_CHECKING (indented) draws nothing.
        assert "\nimport matplotlib" not in text and "\nfrom matplotlib" not in text, path.name
        assert "\ndef describe_" not in text and "\ndef draw_" not in text, path.name
    for path in (PACKAGE / "describe").glob("*.py"):
        text = path.read_text()
        assert "from loopdocs.draw" not in text and "from loopdocs.figures" not in text, path.name
        assert "\nimport torch" not in text and "\nfrom torch" not in text, path.name


@pytest.mark.parametrize("surface", ["loopdocs.figures", "loopdocs.describe", "loopdocs.loop"])
def test_each_public_surface_exports_what_it_lists(surface: str) -> None:
    code = f"import {surface} as m; [getattr(m, name) for name in m.__all__]; print(len(m.__all__))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert int(result.stdout) > 5
