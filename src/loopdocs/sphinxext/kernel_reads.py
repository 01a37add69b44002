"""In a page's kernel: record every project file the page reads, with its SHA-256, as JSON.

myst-nb's execution cache keys a page on its code cells, so a page that reads an example
script or a data file would keep its old outputs when only that file changed. The build
(``loopdocs.sphinxext.reads``) starts every kernel with this file as an IPython startup
file; it installs an audit hook that sees each ``open`` (``open()``, ``os.open`` and
``io.open_code``, which imports use) and writes the record, rewritten as it grows, to the file
named by ``LOOPDOCS_READS``. The build compares the record with the files before reading.

Standard library only, loaded by path: the kernel must not import Sphinx for it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import threading
from pathlib import Path
from typing import Any

#: The record file of the page being executed (set by the build for each page).
RECORD = "LOOPDOCS_READS"
#: The project root: only files under it are recorded, by their path relative to it.
ROOT = "LOOPDOCS_READS_ROOT"
#: Folders never recorded (the build's output, doctrees, caches), os.pathsep-separated.
SKIP = "LOOPDOCS_READS_SKIP"

_WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def file_digest(path: str) -> str | None:
    """The SHA-256 of the file at ``path``, or None if there is no such file."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    return digest.hexdigest()


class ReadRecorder:
    """Keeps one page's reads (relative path -> digest) and writes them to ``record``.

    A file the page opens for writing is dropped and never recorded: its content is the
    page's own doing. A compiled module (``__pycache__/*.pyc``) counts as its source file.
    """

    def __init__(self, record: str, root: str, skip: list[str]) -> None:
        self.record = record
        self.root = os.path.realpath(root)
        self._roots = (os.path.join(os.path.abspath(root), ""), os.path.join(self.root, ""))
        interpreter = {sys.prefix, sys.base_prefix, sys.exec_prefix}
        self.skip = tuple(
            os.path.join(os.path.realpath(folder), "")
            for folder in [*skip, *interpreter, os.path.dirname(record)]
            if folder
        )
        self.reads: dict[str, str | None] = {}
        self.written: set[str] = set()
        self._busy = threading.local()
        self._lock = threading.Lock()

    def relative(self, path: Any) -> str | None:
        """``path`` relative to the root (POSIX), or None if it is not a project file."""
        if isinstance(path, int):
            return None  # a file descriptor: already opened by name
        full = os.path.abspath(os.fsdecode(os.fspath(path)))
        if not full.startswith(self._roots):
            return None  # most opens (the interpreter's own modules): no need to resolve links
        full = os.path.realpath(full)
        if os.path.basename(os.path.dirname(full)) == "__pycache__" and full.endswith(".pyc"):
            try:
                full = importlib.util.source_from_cache(full)
            except ValueError:
                return None
        if not full.startswith(os.path.join(self.root, "")) or full.startswith(self.skip):
            return None
        relative = Path(os.path.relpath(full, self.root))
        if any(part.startswith(".") for part in relative.parts):
            return None  # .git, .nox, .venv, .jupyter_cache ...
        return relative.as_posix()

    def opened(self, path: Any, mode: str | None, flags: int) -> None:
        """The ``open`` audit event: note a read (digest now) or a write (drop it)."""
        if getattr(self._busy, "on", False):
            return  # our own reading and writing
        self._busy.on = True
        try:
            relative = self.relative(path)
            if relative is None:
                return
            writes = bool(flags & _WRITES) or any(c in (mode or "") for c in "wax+")
            with self._lock:
                if writes:
                    self.written.add(relative)
                    if relative in self.reads:
                        del self.reads[relative]
                        self.write()
                elif relative not in self.reads and relative not in self.written:
                    self.reads[relative] = file_digest(os.path.join(self.root, relative))
                    self.write()
        finally:
            self._busy.on = False

    def audit(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            self.opened(*args[:3])

    def write(self) -> None:
        """Write the record whole (atomically), so it never depends on the kernel's end."""
        os.makedirs(os.path.dirname(self.record), exist_ok=True)
        partial = f"{self.record}.{os.getpid()}.tmp"
        with open(partial, "w", encoding="utf-8") as file:
            json.dump({"reads": dict(sorted(self.reads.items()))}, file, indent=1)
        os.replace(partial, self.record)


def install_from_environment() -> ReadRecorder | None:
    """Start recording if the build named a record file for this kernel (else do nothing)."""
    record, root = os.environ.get(RECORD), os.environ.get(ROOT)
    if not record or not root:
        return None
    skip = os.environ.get(SKIP, "").split(os.pathsep)
    recorder = ReadRecorder(record, root, skip)
    recorder.write()  # an empty record: this run replaces whatever an earlier one read
    sys.addaudithook(recorder.audit)
    return recorder
