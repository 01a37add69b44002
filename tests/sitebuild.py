"""Build a site the way the project does: strict, in a fresh process, dated by the last commit.

Shared by the tests that build the real site or a tiny one (conftest's ``built_site``,
test_reproducible, test_kernel_paths, test_failing_notebooks, test_sphinxext).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


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


def sphinx_build(
    srcdir: Path, outdir: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a strict sphinx-build in a fresh process and return what it printed.

    Doctrees go beside ``outdir`` (never inside it); so does myst-nb's execution cache.
    ``env`` adds to (or overrides) the build's environment.
    """
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-n",
            "-W",
            "--keep-going",
            "-j",
            "auto",
            "-b",
            "html",
            "-d",
            str(outdir.parent / "doctrees"),
            str(srcdir),
            str(outdir),
            *extra,
        ],
        capture_output=True,
        text=True,
        env={**build_environment(), **(env or {})},
        check=False,
    )
