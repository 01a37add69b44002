"""Re-execute a page when a file it reads changes (an example script, a data file).

myst-nb's execution cache keys a page on its code cells only, so a page that runs
``examples/fit_line.py`` or reads ``benchmarks/results/gif.json`` would keep its old outputs
when only that file changed. While a page executes, its kernel records every project file it
opens for reading, with the file's SHA-256 (:mod:`loopdocs.sphinxext.kernel_reads`, started
in every kernel by an IPython startup file). The record sits beside the execution cache
(``<cache>/loopdocs-reads/<docname>.json``), so emptying the cache empties the records too,
and a cache hit keeps the last one. Before reading, a page whose record no longer matches the
files loses its cache entry and is re-read, so it runs again; each file it read is also a
Sphinx dependency of the page, which sphinx-autobuild and Sphinx's own check follow.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from loopdocs.sphinxext import kernel_reads
from loopdocs.sphinxext.cache import PACKAGE
from loopdocs.sphinxext.errors import NotebookParser

#: The records' folder inside the execution cache.
RECORDS = "loopdocs-reads"
#: The IPython folder the build's kernels start from, inside the execution cache.
IPYTHON = "loopdocs-ipython"

_STARTUP = f"""\
# Written by loopdocs.sphinxext.reads at each build: record what the page reads.
def _loopdocs_reads():
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(
        "_loopdocs_kernel_reads", {kernel_reads.__file__!r}
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.install_from_environment()


_loopdocs_reads()
del _loopdocs_reads
"""
# Kernels run side by side: keep them off one shared history database.
_KERNEL_CONFIG = "c.HistoryManager.enabled = False\n"


def project_root(app: Sphinx) -> Path:
    """The folder whose files a page's record covers: the parent of the Sphinx source."""
    return Path(app.srcdir).resolve().parent


def record_file(cache_path: str | Path, docname: str) -> Path:
    """Where the record of what ``docname`` read lives."""
    return Path(cache_path) / RECORDS / f"{docname}.json"


def load_record(record: Path) -> dict[str, str | None]:
    """A record's reads (path relative to the root -> SHA-256, None for a missing file)."""
    try:
        reads = json.loads(record.read_text(encoding="utf-8"))["reads"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return dict(reads) if isinstance(reads, dict) else {}


def changed_reads(
    reads: dict[str, str | None], root: Path, digests: dict[str, str | None] | None = None
) -> list[str]:
    """The recorded files whose content differs now (or that appeared or disappeared).

    ``digests`` caches the files' current digests across pages.
    """
    digests = {} if digests is None else digests
    changed = []
    for relative, recorded in reads.items():
        if relative not in digests:
            digests[relative] = kernel_reads.file_digest(str(root / relative))
        if digests[relative] != recorded:
            changed.append(relative)
    return changed


def _cached(env: BuildEnvironment) -> Any:
    """myst-nb's settings, if it executes through the cache (else None)."""
    nb_config = getattr(env, "mystnb_config", None)  # set by myst-nb, which ships no types
    if nb_config is None or nb_config.execution_mode != "cache":
        return None
    return nb_config


def prepare_kernels(app: Sphinx) -> None:
    """Make every kernel of this build record its page's reads.

    Kernels inherit this process's environment when they start: an IPython folder whose
    startup file installs the recorder, the project root and the folders never recorded.
    """
    nb_config = _cached(app.env)
    if nb_config is None:
        return
    cache = Path(nb_config.execution_cache_path)
    profile = cache / IPYTHON / "profile_default"
    (profile / "startup").mkdir(parents=True, exist_ok=True)
    for path, text in [
        (profile / "startup" / "00-loopdocs-reads.py", _STARTUP),
        (profile / "ipython_kernel_config.py", _KERNEL_CONFIG),
    ]:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    # Never the build's own output and caches; nor loopdocs itself, whose every change
    # empties the whole cache (loopdocs.sphinxext.cache) and which lives outside docs/'s
    # project when the package is installed.
    skip = [app.outdir, app.doctreedir, cache, nb_config.output_folder, PACKAGE]
    os.environ["IPYTHONDIR"] = str(cache / IPYTHON)
    os.environ[kernel_reads.ROOT] = str(project_root(app))
    os.environ[kernel_reads.SKIP] = os.pathsep.join(str(Path(path).resolve()) for path in skip)


@contextmanager
def recording_reads(record: Path | None) -> Iterator[None]:
    """Kernels started inside this block record their reads into ``record`` (None: nothing)."""
    previous = os.environ.pop(kernel_reads.RECORD, None)
    if record is not None:
        os.environ[kernel_reads.RECORD] = str(record)
    try:
        yield
    finally:
        os.environ.pop(kernel_reads.RECORD, None)
        if previous is not None:
            os.environ[kernel_reads.RECORD] = previous


def _notebook(env: BuildEnvironment, docname: str) -> Any:
    """The page as myst-nb reads it before execution (so its cache key is the same)."""
    from myst_nb.core.read import create_nb_reader

    path = str(env.doc2path(docname))
    text = Path(path).read_text(encoding="utf-8")
    md_config, nb_config = getattr(env, "myst_config", None), _cached(env)
    reader = create_nb_reader(path, md_config, nb_config, text)
    return None if reader is None else reader.read(text)


def forget_stale_outputs(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Drop the cached outputs of every page whose recorded reads changed; re-read it.

    Runs for every build, as the environment is brought up to date (before
    ``env-before-read-docs``, so the pages run ahead in the pool see the loss too).
    """
    nb_config = _cached(env)
    if nb_config is None:
        return []
    from jupyter_cache import get_cache

    cache, root = get_cache(nb_config.execution_cache_path), project_root(app)
    digests: dict[str, str | None] = {}
    stale = []
    for docname in sorted(env.found_docs - removed):
        reads = load_record(record_file(nb_config.execution_cache_path, docname))
        changes = changed_reads(reads, root, digests)
        if not changes:
            continue
        notebook = _notebook(env, docname)
        if notebook is None:
            continue
        with suppress(KeyError):  # not cached (or its code changed too): it runs anyway
            cache.remove_cache(cache.match_cache_notebook(notebook).pk)
        logging.getLogger(__name__).info(
            f"loopdocs: {docname} runs again: {', '.join(changes)} changed"
        )
        stale.append(docname)
    return sorted(set(stale) - added - changed)


def note_reads(env: BuildEnvironment, docname: str) -> None:
    """Make each file the page read a Sphinx dependency of it."""
    root = Path(env.srcdir).resolve().parent
    record = record_file(_cached(env).execution_cache_path, docname)
    for relative in load_record(record):
        if (root / relative).is_file():
            env.note_dependency(root / relative, docname=docname)


class RecordingParser(NotebookParser):
    """The loopdocs notebook parser, whose kernel records what the page reads."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        nb_config = _cached(env)
        if nb_config is None:
            super().parse(inputstring, document)
            return
        docname = env.docname
        with recording_reads(record_file(nb_config.execution_cache_path, docname)):
            super().parse(inputstring, document)
        note_reads(env, docname)
