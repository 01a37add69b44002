"""Lighthouse on every page of a built site, mobile, served as a static host serves it.

    python benchmarks/lighthouse.py docs/_build/html [--runs N] [--json OUT]

(``nox -s lighthouse`` builds the site and runs this.) Each page is audited by Lighthouse 13
(pinned in benchmarks/lighthouse/package-lock.json) in Debian's Chromium, with Lighthouse's
default mobile emulation and simulated throttling (a mid-range phone on a slow 4G link). The
site is served from 127.0.0.1 by tools/served_site.py, which compresses text with gzip, as GitHub
Pages and Read the Docs do: Python's plain ``http.server`` sends it uncompressed, which no host
does, and would charge every page for bytes a reader never downloads. With ``--runs N`` each
page is audited N times and the median performance score is kept (Lighthouse's own advice for
a score that moves with the machine's load). Prints one row per page and exits 1 when a page
misses the targets: performance at least 95, accessibility, best practices and SEO 100.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# tools/ holds the site server shared with the tests (standard library only).
sys.path.insert(0, str(HERE.parent))
from tools.served_site import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402 (after the path)

LIGHTHOUSE = HERE / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM_FLAGS = " ".join(CHROMIUM_ARGS)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}


def pages(site: Path) -> list[str]:
    """Every page a reader reaches: the site's HTML files, less Sphinx's generated index."""
    skip = {"genindex.html", "search.html"}
    return sorted(
        str(page.relative_to(site))
        for page in site.rglob("*.html")
        if page.name not in skip and not page.relative_to(site).parts[0].startswith("_")
    )


def audit(url: str, workdir: Path) -> dict[str, float]:
    """One Lighthouse run of ``url``: its category scores and the largest paint in ms."""
    out = workdir / "report.json"
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROMIUM_FLAGS}",
            "--output=json",
            f"--output-path={out}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        check=False,
    )
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {name: float(report["categories"][name]["score"]) for name in CATEGORIES}
    scores["lcp_ms"] = float(report["audits"]["largest-contentful-paint"]["numericValue"])
    return scores


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site's html directory")
    parser.add_argument("--runs", type=int, default=1, help="audits per page (median kept)")
    parser.add_argument("--json", type=Path, help="also write the table as JSON here")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"site must be a built site's html directory, got {args.site}")
    if args.runs < 1:
        parser.error(f"--runs must be a whole number >= 1, got {args.runs}")
    if not LIGHTHOUSE.exists():
        parser.error(f"{LIGHTHOUSE} is missing: npm ci --prefix benchmarks/lighthouse")
    rows: dict[str, dict[str, float]] = {}
    with serve(args.site, compress=True) as base, tempfile.TemporaryDirectory() as work:
        for page in pages(args.site):
            runs = [audit(base + page, Path(work)) for _ in range(args.runs)]
            middle = sorted(runs, key=lambda run: run["performance"])[len(runs) // 2]
            rows[page] = {**middle, "runs": len(runs)}
            rows[page]["performance_runs"] = statistics.median(r["performance"] for r in runs)
    width = max(len(page) for page in rows)
    print(f"{'page':<{width}}  perf  a11y  best   seo  largest paint")
    failed = []
    for page, row in rows.items():
        print(
            f"{page:<{width}}  {row['performance'] * 100:4.0f}  {row['accessibility'] * 100:4.0f}"
            f"  {row['best-practices'] * 100:4.0f}  {row['seo'] * 100:4.0f}"
            f"  {row['lcp_ms'] / 1000:5.2f} s"
        )
        failed += [f"{page}: {name}" for name, least in TARGETS.items() if row[name] < least]
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if failed:
        print("below target (performance 95, the others 100):", *failed, sep="\n  ")
        return 1
    print(f"every page meets the targets ({len(rows)} pages, Lighthouse mobile)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
