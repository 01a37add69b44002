"""The internals of myst-nb, jupyter-cache, nbclient and Sphinx that loopdocs.sphinxext relies
on are still there, in the shape it uses (loopdocs.sphinxext.internals lists them), and their
packages are pinned to the minor version tested. Fast: nothing is built.
"""

from __future__ import annotations

import ast
import importlib.metadata
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from loopdocs.sphinxext import internals, prerun
from loopdocs.sphinxext.internals import INTERNALS, Internal, problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest brings tomli before Python 3.11
    import tomli as tomllib

ROOT = Path(__file__).parent.parent
SPHINXEXT = ROOT / "src" / "loopdocs" / "sphinxext"
#: Packages whose every import by the extension must be listed, public names aside.
WATCHED = ("myst_nb", "jupyter_cache", "nbclient")
#: What the extension imports from them that they document as public.
PUBLIC = {"myst_nb.glue", "jupyter_cache.get_cache"}


@pytest.mark.parametrize("internal", INTERNALS, ids=lambda internal: internal.path)
def test_each_internal_is_there_in_the_shape_loopdocs_uses(internal: Internal) -> None:
    found = problem(internal)
    assert found is None, found


def _imports(path: Path) -> list[str]:
    """Every dotted name ``path`` imports (``from a.b import c`` gives ``a.b.c``)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def _is_internal_import(name: str) -> bool:
    parts = name.split(".")
    if parts[0] in WATCHED:
        return name not in PUBLIC
    return parts[0] == "sphinx" and any(part.startswith("_") for part in parts)


def test_every_internal_the_extension_imports_is_listed() -> None:
    """A new internal import fails here until it gets its line in INTERNALS (and its check)."""
    listed = [internal.path for internal in INTERNALS]
    unlisted = [
        f"{path.name}: {name}"
        for path in sorted(SPHINXEXT.glob("*.py"))
        for name in _imports(path)
        if _is_internal_import(name)
        and not any(entry == name or entry.startswith(f"{name}.") for entry in listed)
    ]
    assert unlisted == [], "add these to loopdocs.sphinxext.internals.INTERNALS"


def test_the_import_scan_sees_the_imports_it_guards() -> None:
    """The scan above finds the internals the modules import today (it cannot pass vacuously)."""
    found = {name for path in SPHINXEXT.glob("*.py") for name in _imports(path)}
    assert {
        "myst_nb.core.render",
        "myst_nb.sphinx_.Parser",
        "jupyter_cache.executors.utils.single_nb_execution",
        "sphinx.builders.html._assets._JavaScript",
    } <= {name for name in found if _is_internal_import(name)}


def test_a_missing_internal_fails_naming_it_the_package_version_and_its_user(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from myst_nb.core import render

    monkeypatch.delattr(render, "coalesce_streams")
    version = importlib.metadata.version("myst-nb")
    (streams,) = [i for i in INTERNALS if i.path == "myst_nb.core.render.coalesce_streams"]
    assert problem(streams) == (
        f"myst_nb.core.render.coalesce_streams is gone in myst-nb {version}: "
        "loopdocs.sphinxext.streams patches it"
    )
    assert any(
        found.startswith("myst_nb.core.render.coalesce_streams ") for found in internals.problems()
    )


def test_a_changed_signature_fails_naming_the_parameter(monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_cache.executors import utils

    def single_nb_execution(nb: object, timeout: int, allow_errors: bool) -> None: ...

    monkeypatch.setattr(utils, "single_nb_execution", single_nb_execution)
    version = importlib.metadata.version("jupyter-cache")
    (execution,) = [i for i in INTERNALS if i.path.endswith(".single_nb_execution")]
    assert problem(execution) == (
        f"jupyter_cache.executors.utils.single_nb_execution takes no parameter cwd in "
        f"jupyter-cache {version}: loopdocs.sphinxext.prerun runs notebooks ahead with it"
    )


def test_a_lost_attribute_or_keyword_arguments_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    from myst_nb.core.render import NbElementRenderer
    from sphinx.builders.html import _assets

    monkeypatch.delattr(NbElementRenderer, "logger")
    (renderer,) = [i for i in INTERNALS if i.path == "myst_nb.core.render.NbElementRenderer"]
    message = problem(renderer)
    assert message is not None
    assert message.startswith("myst_nb.core.render.NbElementRenderer has no logger in myst-nb ")

    class _JavaScript:  # takes no **attributes: assets.py's defer= would be refused
        filename: str
        priority: int
        attributes: dict[str, str]

        def __init__(self, filename: str, priority: int = 500) -> None: ...

    monkeypatch.setattr(_assets, "_JavaScript", _JavaScript)
    (script,) = [i for i in INTERNALS if i.path.endswith("._JavaScript")]
    message = problem(script)
    assert message is not None
    assert message.startswith(
        "sphinx.builders.html._assets._JavaScript takes no parameter **keywords in sphinx "
    )


def test_a_patch_that_myst_nb_no_longer_reads_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from myst_nb.core.render import MditRenderMixin

    monkeypatch.setattr(MditRenderMixin, "_get_nb_code_cell_outputs", lambda self, cell: [])
    (streams,) = [i for i in INTERNALS if i.path == "myst_nb.core.render.coalesce_streams"]
    message = problem(streams)
    assert message is not None
    assert message.startswith(
        "myst_nb.core.render.MditRenderMixin._get_nb_code_cell_outputs no longer reads "
        "myst_nb.core.render.coalesce_streams in myst-nb "
    )


def test_prerun_registers_notebooks_with_myst_nbs_reader() -> None:
    """jupyter-cache finds myst-nb's reader for MyST text notebooks by the name prerun gives."""
    readers = importlib.metadata.entry_points(group="jcache.readers")
    assert prerun.READ_FORMAT == {"type": "plugin", "name": "myst_nb_md"}
    (reader,) = [entry for entry in readers if entry.name == prerun.READ_FORMAT["name"]]
    assert reader.value.startswith("myst_nb.")


def test_each_package_with_internals_is_pinned_to_the_minor_version_tested() -> None:
    """Sphinx aside: the project supports 9.0 and 9.1, and the checks above guard its one."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    docs = [Requirement(r) for r in pyproject["dependency-groups"]["docs"] if isinstance(r, str)]
    pins = {requirement.name: requirement.specifier for requirement in docs}
    for distribution in sorted({i.distribution for i in INTERNALS} - {"sphinx"}):
        installed = Version(importlib.metadata.version(distribution))
        specifier = pins[distribution]
        assert installed in specifier, (distribution, installed, specifier)
        next_minor = Version(f"{installed.major}.{installed.minor + 1}")
        assert next_minor not in specifier, f"{distribution} is not pinned to its minor version"
