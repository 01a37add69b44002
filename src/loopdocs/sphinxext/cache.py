"""Execution cache that never serves stale pages: emptied and re-read when the library changes.

jupyter-cache keys a notebook on its code cells only, so a page whose helper in loopdocs
changed would otherwise be served from the cache with its old outputs.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

#: The loopdocs package, whose source the fingerprint covers.
PACKAGE = Path(__file__).resolve().parents[1]


def library_fingerprint() -> str:
    """A hash of loopdocs' own source and the versions of what it draws and trains with.

    jupyter-cache keys a notebook on its code cells only, so a page whose helper changed would
    otherwise be served from the cache with stale outputs.
    """
    from importlib.metadata import version

    digest = hashlib.sha256()
    package = PACKAGE
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".css"}:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    for name in ("torch", "matplotlib", "numpy", "pillow", "myst-nb"):
        digest.update(f"{name}=={version(name)}".encode())
    return digest.hexdigest()


def prepare_execution_cache(app: Sphinx) -> None:
    """Create myst-nb's jupyter-cache before any parallel reader can race to create it.

    A cache made with another version of the library (or of torch) is emptied first.
    """
    nb_config = getattr(app.env, "mystnb_config", None)
    if nb_config is None or nb_config.execution_mode != "cache":
        return
    from jupyter_cache import get_cache

    path = Path(nb_config.execution_cache_path)
    stamp = path / "loopdocs-fingerprint.txt"
    fingerprint = library_fingerprint()
    if path.exists() and (not stamp.is_file() or stamp.read_text() != fingerprint):
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    get_cache(str(path)).list_cache_records()  # creates the database and its tables
    stamp.write_text(fingerprint)


def _fingerprint_stamp(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "loopdocs-fingerprint.txt"


def reread_pages_when_library_changed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read every notebook page when loopdocs (or torch, matplotlib ...) changed.

    Sphinx re-reads only pages whose source changed, and an emptied execution cache alone does
    not make it re-read the others: their stale outputs would stay in the built site. The
    fingerprint of the last successful build is kept beside the doctrees.
    """
    stamp = _fingerprint_stamp(app)
    if not stamp.is_file() or stamp.read_text() == library_fingerprint():
        return []
    notebooks = [
        docname
        for docname in env.found_docs
        if Path(env.doc2path(docname)).suffix in {".md", ".ipynb"}
    ]
    return sorted(set(notebooks) - added - changed - removed)


def stamp_fingerprint(app: Sphinx, exception: Exception | None) -> None:
    if exception is None:
        _fingerprint_stamp(app).parent.mkdir(parents=True, exist_ok=True)
        _fingerprint_stamp(app).write_text(library_fingerprint())
