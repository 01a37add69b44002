"""Run a build's notebooks in a pool before Sphinx reads them, so every core stays busy.

Sphinx's parallel read cuts the pages, in name order, into fixed chunks, one per process: on
2 cores the chunk that happens to hold the slower notebooks sets the pace (measured here: one
chunk 50 s, the other 29 s). Run first, each notebook taken by whichever worker is free, and
stored in myst-nb's jupyter-cache exactly as myst-nb stores it, they leave Sphinx's readers
only cache hits. A notebook that fails here is left alone: myst-nb runs it again while reading
and reports the failure as always. So is one whose kernel never started (with TCP kernels a
port jupyter_client picked can be taken by another connection before the kernel binds it:
"Address already in use", seen on a fresh-clone run); the log says so.
:func:`execute_notebooks_ahead` is the Sphinx hook that calls it.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from pathlib import Path, PurePosixPath
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from loopdocs.sphinxext.reads import record_file, recording_reads
from loopdocs.sphinxext.warm_kernels import kernel_manager, refusals, warm_process

# How myst-nb registers a MyST text notebook with jupyter-cache (myst_nb.core.read).
READ_FORMAT = {"type": "plugin", "name": "myst_nb_md"}


def read_notebook(path: Path, md_config: Any) -> Any:
    """The notebook exactly as myst-nb reads it (so its cache key is the same)."""
    from myst_nb.core.read import read_myst_markdown_notebook

    text = path.read_text(encoding="utf-8")
    return read_myst_markdown_notebook(text, md_config, add_source_map=True, path=path)


def pending_notebooks(paths: Sequence[Path], md_config: Any, nb_config: Any) -> list[Path]:
    """The MyST text notebooks among ``paths`` that myst-nb's cache mode would execute.

    Left to myst-nb: pages excluded from execution, and pages with settings of their own
    (a ``mystnb`` key in their metadata), whose execution this module does not imitate.
    """
    from jupyter_cache import get_cache
    from myst_nb.core.read import is_myst_markdown_notebook

    cache = get_cache(nb_config.execution_cache_path)
    pending = []
    for path in paths:
        if path.suffix != ".md" or not is_myst_markdown_notebook(path.read_text("utf-8")):
            continue
        posix = PurePosixPath(path.as_posix())
        if any(posix.match(pattern) for pattern in nb_config.execution_excludepatterns):
            continue
        notebook = read_notebook(path, md_config)
        if nb_config.metadata_key in notebook.metadata:
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            pending.append(path)
    return pending


def _execute(
    path: Path,
    md_config: Any,
    timeout: int,
    allow_errors: bool,
    record: Path | None,
    warm: str | None = None,
) -> tuple[Any, float | str]:
    """In a worker: run one notebook in its own folder, as myst-nb does; None if it failed,
    with why instead of the time if its kernel did not start (myst-nb runs it when reading).

    Its kernel records what the page reads into ``record`` (:mod:`loopdocs.sphinxext.reads`);
    with ``warm`` (a warm process's socket, :mod:`loopdocs.sphinxext.warm_kernels`), that
    process forks the kernel.
    """
    from jupyter_cache.executors.utils import single_nb_execution

    notebook = read_notebook(path, md_config)
    options = {} if warm is None else {"kernel_manager_class": kernel_manager(warm)}
    try:
        with recording_reads(record):
            result = single_nb_execution(
                notebook,
                cwd=str(path.parent),
                timeout=timeout,
                allow_errors=allow_errors,
                **options,
            )
    except Exception as error:  # a cell's error is in result.err: this is the kernel's start
        return None, f"{path.name}: {type(error).__name__}: {error}"
    return (None if result.err is not None else result.nb), result.time


def execute_ahead(
    paths: Sequence[Path],
    md_config: Any,
    nb_config: Any,
    workers: int,
    records: Mapping[Path, Path] | None = None,
    *,
    warm: bool = True,
) -> int:
    """Execute and cache the pending notebooks among ``paths``, ``workers`` at a time.

    ``records`` names, for each path, the file its kernel records the page's reads into.
    ``warm``: a warm process forks the kernels (:mod:`loopdocs.sphinxext.warm_kernels`).
    Returns how many were executed and cached. Fewer than two pending: nothing to balance.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    records = records or {}
    pending = pending_notebooks(paths, md_config, nb_config)
    if workers < 2 or len(pending) < 2:
        return 0
    pending.sort(key=lambda path: path.stat().st_size, reverse=True)  # long pages first
    cache = get_cache(nb_config.execution_cache_path)
    timeout, allow_errors = nb_config.execution_timeout, nb_config.execution_allow_errors
    cached, unstarted = 0, []
    context = multiprocessing.get_context("fork")  # as Sphinx's own parallel read
    with (
        warm_process() if warm else nullcontext() as socket,
        ProcessPoolExecutor(min(workers, len(pending)), mp_context=context) as pool,
    ):
        futures = [
            pool.submit(_execute, path, md_config, timeout, allow_errors, records.get(path), socket)
            for path in pending
        ]
        for path, future in zip(pending, futures, strict=True):
            executed, seconds = future.result()
            if isinstance(seconds, str):
                unstarted.append(seconds)
            if executed is None:
                continue
            record = cache.add_nb_to_project(str(path), read_data=READ_FORMAT)
            bundle = CacheBundleIn(executed, record.uri, data={"execution_seconds": seconds})
            cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
            cached += 1
        refused = refusals(socket) if socket else []
    if unstarted:  # slower, not wrong: myst-nb runs them as it reads them
        logging.getLogger(__name__).info(
            f"loopdocs: {len(unstarted)} notebook(s) could not start a kernel ahead and run as "
            f"they are read: {unstarted[0]}"
        )
    if refused:  # slower, not wrong: say so, and why
        logging.getLogger(__name__).info(
            f"loopdocs: {len(refused)} kernel(s) started the ordinary way, not forked warm: "
            f"{refused[0]}"
        )
    return cached


def execute_notebooks_ahead(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Before a parallel read, run the notebooks to be read in a pool (:func:`execute_ahead`)."""
    nb_config = getattr(env, "mystnb_config", None)
    if (
        app.parallel < 2
        or nb_config is None
        or nb_config.execution_mode != "cache"
        or nb_config.execution_in_temp
        or nb_config.kernel_rgx_aliases
    ):
        return
    start = time.perf_counter()
    records = {
        Path(env.doc2path(docname)): record_file(nb_config.execution_cache_path, docname)
        for docname in docnames
    }
    md_config = getattr(env, "myst_config", None)  # set by myst-nb, as mystnb_config
    warm = app.config.loopdocs_warm_kernels
    count = execute_ahead(list(records), md_config, nb_config, app.parallel, records, warm=warm)
    if count:
        logging.getLogger(__name__).info(
            f"loopdocs: ran {count} notebook{'s' * (count > 1)} ahead of reading, "
            f"{app.parallel} at a time{', forked warm' if warm else ''}, "
            f"in {time.perf_counter() - start:.1f} s"
        )
