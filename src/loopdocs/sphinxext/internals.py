"""Every non-public piece of another package that the Sphinx side relies on, in one table.

myst-nb, jupyter-cache, nbclient and Sphinx promise nothing about these: a release may move,
rename or reshape one. Their packages are pinned to the tested minor version (pyproject.toml,
``docs`` group), and :func:`problem` says, naming the piece and the installed version, when an
upgrade has broken one; ``tests/test_internals.py`` runs it on every entry, and fails when a
module of this package imports from those packages something not listed here.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.metadata
import inspect
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Internal:
    """One internal: where it lives, whose it is, who relies on it, and on what of it."""

    path: str  # dotted: module, then attribute(s)
    distribution: str  # the package that ships it, as pip names it
    used_by: str  # the loopdocs module and what it does with it, for the message
    parameters: tuple[str, ...] = ()  # names the code passes; "**" for any keyword
    attributes: tuple[str, ...] = ()  # what the code reads on it (class attributes or fields)
    looked_up_in: str = ""  # a function that must read it by name (or a patch misses)
    source_contains: str = ""  # text its source must hold (a file name it writes, say)


INTERNALS: tuple[Internal, ...] = (
    Internal(
        "myst_nb.sphinx_.Parser",
        "myst-nb",
        "loopdocs.sphinxext.errors subclasses it (NotebookParser) and overrides parse",
        attributes=("parse",),
    ),
    Internal(
        "myst_nb.sphinx_.Parser.parse",
        "myst-nb",
        "loopdocs.sphinxext.errors calls it as parse(inputstring, document), and "
        "loopdocs.sphinxext.downloads reads the <docname>.glue.json it writes",
        parameters=("inputstring", "document"),
        source_contains=".glue.json",
    ),
    Internal(
        "myst_nb.core.read.read_myst_markdown_notebook",
        "myst-nb",
        "loopdocs.sphinxext.errors and .prerun read pages with it",
        parameters=("text", "config", "add_source_map", "path"),
    ),
    Internal(
        "myst_nb.core.read.create_nb_reader",
        "myst-nb",
        "loopdocs.sphinxext.reads reads a page as myst-nb does, to find its cache entry",
        parameters=("path", "md_config", "nb_config", "content"),
    ),
    Internal(
        "myst_nb.core.read.is_myst_markdown_notebook",
        "myst-nb",
        "loopdocs.sphinxext.prerun picks the pages to run with it",
        parameters=("text",),
    ),
    Internal(
        "myst_nb.core.execute.base.ExecutionError",
        "myst-nb",
        "loopdocs.sphinxext.errors catches it to name the failing cell",
    ),
    Internal(
        "myst_nb.core.render.coalesce_streams",
        "myst-nb",
        "loopdocs.sphinxext.streams patches it",
        looked_up_in="myst_nb.core.render.MditRenderMixin._get_nb_code_cell_outputs",
    ),
    Internal(
        "myst_nb.core.render.MimeData",
        "myst-nb",
        "loopdocs.sphinxext.figure's MIME renderer reads it",
        attributes=("mime_type", "content", "line"),
    ),
    Internal(
        "myst_nb.core.render.NbElementRenderer",
        "myst-nb",
        "loopdocs.sphinxext.figure's MIME renderer writes images and logs through it",
        attributes=("write_file", "logger"),
    ),
    Internal(
        "myst_nb.core.render.NbElementRenderer.write_file",
        "myst-nb",
        "loopdocs.sphinxext.figure writes the figures' images with it",
        parameters=("path", "content", "overwrite", "exists_ok"),
    ),
    Internal(
        "myst_nb.core.variables.format_plain_text",
        "myst-nb",
        "loopdocs.sphinxext.downloads formats glued numbers with it",
        parameters=("text", "fmt_spec"),
    ),
    Internal(
        "myst_nb.core.config.NbParserConfig",
        "myst-nb",
        "loopdocs.sphinxext.cache, .prerun and .downloads read env.mystnb_config",
        attributes=(
            "execution_mode",
            "execution_cache_path",
            "execution_excludepatterns",
            "execution_in_temp",
            "execution_timeout",
            "execution_allow_errors",
            "kernel_rgx_aliases",
            "metadata_key",
            "output_folder",
        ),
    ),
    Internal(
        "jupyter_cache.executors.utils.single_nb_execution",
        "jupyter-cache",
        "loopdocs.sphinxext.prerun runs notebooks ahead with it",
        parameters=("nb", "cwd", "timeout", "allow_errors"),
    ),
    Internal(
        "jupyter_cache.executors.utils.ExecutionResult",
        "jupyter-cache",
        "loopdocs.sphinxext.prerun reads single_nb_execution's result",
        attributes=("nb", "time", "err"),
    ),
    Internal(
        "jupyter_cache.base.CacheBundleIn",
        "jupyter-cache",
        "loopdocs.sphinxext.prerun stores executed notebooks as myst-nb does with it",
        parameters=("nb", "uri", "data"),
    ),
    Internal(
        "jupyter_cache.base.JupyterCacheAbstract.add_nb_to_project",
        "jupyter-cache",
        "loopdocs.sphinxext.prerun registers notebooks with it",
        parameters=("uri", "read_data"),
    ),
    Internal(
        "jupyter_cache.base.JupyterCacheAbstract.cache_notebook_bundle",
        "jupyter-cache",
        "loopdocs.sphinxext.prerun caches notebooks with it",
        parameters=("bundle", "check_validity", "overwrite"),
    ),
    Internal(
        "jupyter_cache.base.JupyterCacheAbstract.match_cache_notebook",
        "jupyter-cache",
        "loopdocs.sphinxext.prerun asks the cache with it",
        parameters=("nb",),
    ),
    Internal(
        "nbclient.exceptions.DeadKernelError",
        "nbclient",
        "loopdocs.sphinxext.errors catches it to name the failing cell",
    ),
    Internal(
        "sphinx.builders.html._assets._JavaScript",
        "sphinx",
        "loopdocs.sphinxext.assets rebuilds each script as _JavaScript(filename, "
        "priority=..., **attributes, defer=...)",
        parameters=("filename", "priority", "**"),
        attributes=("filename", "priority", "attributes"),
    ),
)


def resolve(path: str) -> Any:
    """The object at a dotted path: the longest importable module, then its attributes.

    Raises AttributeError or ImportError when any part is gone.
    """
    parts = path.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: Any = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            if split == 1:
                raise
            continue
        for name in parts[split:]:
            found = getattr(found, name)
        return found
    raise ImportError(path)  # pragma: no cover  # the loop returns or raises first


def _fields(obj: Any) -> set[str]:
    """What an instance of ``obj`` has: class attributes, annotations, dataclass/attrs fields."""
    names = set(dir(obj))
    for klass in getattr(obj, "__mro__", ()):
        names |= set(getattr(klass, "__annotations__", {}))
    if dataclasses.is_dataclass(obj):
        names |= {field.name for field in dataclasses.fields(obj)}
    names |= {field.name for field in getattr(obj, "__attrs_attrs__", ())}
    return names


def _accepts(obj: Any, names: tuple[str, ...]) -> list[str]:
    """The names of ``names`` that ``obj``'s signature has no parameter for."""
    parameters = inspect.signature(obj).parameters.values()
    named = {p.name for p in parameters if p.kind is not p.VAR_KEYWORD}
    any_keyword = any(p.kind is p.VAR_KEYWORD for p in parameters)
    return [name for name in names if not (any_keyword if name == "**" else name in named)]


def problem(internal: Internal) -> str | None:
    """What an upgrade broke in ``internal``, in one sentence naming the version; else None."""
    try:
        version = importlib.metadata.version(internal.distribution)
    except importlib.metadata.PackageNotFoundError:
        version = "(not installed)"
    where = f"in {internal.distribution} {version}: {internal.used_by}"
    try:
        obj = resolve(internal.path)
    except (ImportError, AttributeError):
        return f"{internal.path} is gone {where}"
    missing = [name for name in internal.attributes if name not in _fields(obj)]
    if missing:
        return f"{internal.path} has no {', '.join(missing)} {where}"
    if internal.parameters:
        refused = _accepts(obj, internal.parameters)
        if refused:
            shown = ", ".join("**keywords" if name == "**" else name for name in refused)
            return f"{internal.path} takes no parameter {shown} {where}"
    if internal.looked_up_in:
        name = internal.path.rsplit(".", 1)[1]
        try:
            code = getattr(resolve(internal.looked_up_in), "__code__", None)
        except (ImportError, AttributeError):
            code = None
        if code is None or name not in code.co_names:
            return f"{internal.looked_up_in} no longer reads {internal.path} {where}"
    if internal.source_contains and internal.source_contains not in inspect.getsource(obj):
        return f"{internal.path} no longer mentions {internal.source_contains!r} {where}"
    return None


def problems() -> list[str]:
    """Every internal an upgrade broke, one sentence each."""
    return [found for internal in INTERNALS if (found := problem(internal)) is not None]
