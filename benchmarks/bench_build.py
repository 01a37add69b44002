"""Build times of the site, measured in one run, against the plain way of building it.

On a copy of docs/ (and examples/ and benchmarks/results/, which pages read) in a temporary
folder, so the real pages are never edited, this times:

- a cold build: no output, no execution cache (``-j auto``, myst-nb's cache mode, as
  ``nox -s docs`` builds);
- a rebuild with nothing changed;
- a rebuild after a prose-only edit of one notebook page (its code cells are served from cache);
- a rebuild after a code edit of that page (the page runs again);
- the plain way: the same site built from nothing with every notebook executed in one
  process after another (``-D nb_execution_mode=force -j1``).

Run with ``nox -s bench`` or ``python benchmarks/bench_build.py``; it prints, it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tools/, shared with nox and the tests (standard library only)
from tools.buildsite import sphinx_args  # noqa: E402 (needs the path)

SKIP = shutil.ignore_patterns("_build", "jupyter_execute", ".jupyter_cache", "__pycache__")
GOALS = {  # what the project aims for, on 2 cores
    "cold": "<= 40 s",
    "no change": "<= 2 s",
    "prose edit": "<= 3 s",
}


def build(docs: Path, out: Path, *extra: str) -> float:
    """One strict sphinx-build, as the project runs it; return its wall time in seconds."""
    command = [sys.executable, "-m", "sphinx", *sphinx_args(out, "-q", *extra, srcdir=docs)]
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed: {' '.join(command)}\n{result.stderr[-4000:]}")
    return seconds


def notebook_page(docs: Path) -> Path:
    """The notebook page with the most code cells: the one a code edit costs most on."""
    pages = [p for p in sorted(docs.rglob("*.md")) if "file_format: mystnb" in p.read_text()]
    if not pages:
        sys.exit(f"no MyST notebook page under {docs}")
    return max(pages, key=lambda page: page.read_text().count("```{code-cell}"))


def edit_prose(page: Path) -> None:
    page.write_text(page.read_text() + "\nOne more sentence of prose, added by the benchmark.\n")


def edit_code(page: Path) -> None:
    """Add a harmless line to the page's first code cell, after its options."""
    text = page.read_text()
    options = r"(?:---\n.*?\n---\n|(?::[^\n]*\n)*)"  # a YAML block or :key: lines
    fence = re.search(r"^```\{code-cell\}[^\n]*\n" + options, text, re.MULTILINE | re.DOTALL)
    if fence is None:
        sys.exit(f"no code cell in {page}")
    page.write_text(text[: fence.end()] + "_benchmark_edit = 1\n" + text[fence.end() :])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="loopdocs-bench-"))
    try:
        docs = work / "docs"
        shutil.copytree(ROOT / "docs", docs, ignore=SKIP)
        shutil.copytree(ROOT / "examples", work / "examples", ignore=SKIP)
        shutil.copytree(ROOT / "benchmarks" / "results", work / "benchmarks" / "results")
        out = work / "build" / "html"
        page = notebook_page(docs)

        times = {"cold": build(docs, out)}
        times["no change"] = build(docs, out)
        edit_prose(page)
        times["prose edit"] = build(docs, out)
        edit_code(page)
        times["code edit"] = build(docs, out)
        times["plain way"] = build(
            docs, work / "plain" / "html", "-j", "1", "-D", "nb_execution_mode=force"
        )
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\nBuild times ({os.cpu_count()} cores; edits made to {page.relative_to(docs)}):")
    for name, seconds in times.items():
        goal = GOALS.get(name, "")
        print(f"  {name:<11} {seconds:7.2f} s  {('goal ' + goal) if goal else ''}")
    print(f"  cold build is {times['plain way'] / times['cold']:.2f}x faster than the plain way")
    print(f"  no-change rebuild is {times['cold'] / times['no change']:.1f}x faster than cold")
    print("  (goals: cold >= 1.6x faster than the plain way; no-change rebuild >= 10x)")


if __name__ == "__main__":
    main()
