"""The project's one sphinx-build command line, and a build run the way the project runs it.

``nox -s docs`` (and its other sessions), the tests' builds and ``benchmarks/bench_build.py``
all build with :func:`sphinx_args`, so a flag changed here changes every build at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

#: The type of :func:`run_sphinx` (the tests hand it out as their ``sphinx_build`` fixture).
SphinxBuild = Callable[..., subprocess.CompletedProcess[str]]


def sphinx_args(
    outdir: Path, *extra: str, srcdir: Path = DOCS, doctrees: Path | None = None
) -> list[str]:
    """The strict sphinx-build arguments: nitpicky, warnings are errors, in parallel, HTML.

    Doctrees go beside ``outdir`` (never inside it, so they are never published) unless
    ``doctrees`` says where; ``extra`` comes last, so it can override any of these.
    """
    return [
        "-n",
        "-W",
        "--keep-going",
        "-j",
        "auto",
        "-b",
        "html",
        "-d",
        str(doctrees or outdir.parent / "doctrees"),
        str(srcdir),
        str(outdir),
        *extra,
    ]


def build_environment() -> dict[str, str]:
    """os.environ, with SOURCE_DATE_EPOCH at the last commit's time unless already set, so
    every build of one commit dates itself the same (Sphinx reads it for the copyright year)."""
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    if "SOURCE_DATE_EPOCH" not in environment:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True
        )
        if result.returncode == 0 and result.stdout.strip():
            environment["SOURCE_DATE_EPOCH"] = result.stdout.strip()
    return environment


def run_sphinx(
    srcdir: Path, outdir: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Build ``srcdir`` into ``outdir`` with :func:`sphinx_args` in a fresh process (this
    Python's); return what it printed. ``env`` adds to (or overrides) the build's environment.
    """
    return subprocess.run(
        [sys.executable, "-m", "sphinx", *sphinx_args(outdir, *extra, srcdir=srcdir)],
        capture_output=True,
        text=True,
        env={**build_environment(), **(env or {})},
        check=False,
    )
