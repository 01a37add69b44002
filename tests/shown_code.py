"""What a reader of a notebook page sees as code, and what it does when copied.

A page's shown code is its code cells that are not hidden (``remove-cell``/``remove-input``)
and its ``literalinclude`` blocks, in page order (read by ``loopdocs.sphinxext.notebook``,
which also makes each page's downloadable notebook from them). :func:`run_copied` runs it the
way a learner who pastes it cell by cell into a fresh Python would: in a new interpreter
(``python -I``, no site directory of ours on the path), with ``loopdocs`` made unimportable,
printing each cell's last expression as a notebook would. It records, per cell, what was
printed, the value shown and the error raised, so a test can compare them with what the
built page shows.

Also a command: ``python tests/shown_code.py docs/PAGE.md [--built OUTDIR]`` runs one page's
shown code as copied and prints, cell by cell, what it printed; with ``--built`` (a build's ``html``
directory) it also compares that with the built page.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loopdocs.sphinxext.notebook import Shown, imported_packages, shown_pieces

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

#: What the shown code may import besides the standard library: what a learner has.
ALLOWED = {"torch", "numpy", "matplotlib"}
#: Extra packages a page names in its own words (the network page's data set).
EXTRA_ALLOWED = {"real-network.md": {"sklearn"}}


def notebook_pages() -> list[Path]:
    """Every page of the site that is a MyST notebook (it runs at build time)."""
    return sorted(
        page
        for page in DOCS.rglob("*.md")
        if "_build" not in page.parts and "file_format: mystnb" in page.read_text("utf-8")[:400]
    )


def shown_code(page: Path) -> str:
    """The shown code of ``page`` as one script, as a learner would save it."""
    return "\n".join(piece.source for piece in shown_pieces(page))


def foreign_imports(page: Path) -> set[str]:
    """What the shown code of ``page`` imports that a learner's fresh Python may not have."""
    allowed = ALLOWED | EXTRA_ALLOWED.get(page.name, set()) | set(sys.stdlib_module_names)
    return imported_packages(shown_code(page)) - allowed


# Runs in the fresh interpreter: argv[1] holds the pieces (JSON), argv[2] receives the results.
HARNESS = r"""
import ast, contextlib, io, json, sys, traceback
sys.modules["loopdocs"] = None  # the site's own library is not what a learner has
pieces = json.load(open(sys.argv[1], encoding="utf-8"))
namespace = {"__name__": "__main__"}
results = []
for number, piece in enumerate(pieces, start=1):
    tree = ast.parse(piece["source"])
    shows_last = (
        tree.body and isinstance(tree.body[-1], ast.Expr)
        and not piece["source"].rstrip().endswith(";")
    )
    last = tree.body.pop() if shows_last else None
    printed, value, error, trace = io.StringIO(), None, None, None
    with contextlib.redirect_stdout(printed):
        try:
            exec(compile(tree, f"<shown piece {number}>", "exec"), namespace)
            if last is not None:
                result = eval(compile(ast.Expression(last.value), "<last>", "eval"), namespace)
                value = None if result is None else repr(result)
        except Exception as exc:  # recorded, and the run stops unless the cell expects it
            error, trace = type(exc).__name__, traceback.format_exc()
    results.append({"stdout": printed.getvalue(), "value": value, "error": error,
                    "traceback": trace})
    if error and not piece["raises"]:
        break
json.dump(results, open(sys.argv[2], "w", encoding="utf-8"))
"""


@dataclass(frozen=True)
class CopiedRun:
    """What the shown code of one page did in a fresh interpreter, one entry per piece."""

    pieces: list[Shown]
    results: list[dict[str, str | None]]
    stderr: str
    returncode: int

    def failure(self) -> str | None:
        """Why the run did not go through, naming the cell; None when every piece ran."""
        if self.returncode != 0:
            return f"the harness exited with {self.returncode}:\n{self.stderr[-3000:]}"
        for piece, result in zip(self.pieces, self.results, strict=False):
            if result["error"] and not piece.raises:
                where = (
                    "an included example piece"
                    if piece.index is None
                    else (f"shown cell {piece.index + 1}")
                )
                return f"{where} raised {result['error']}:\n{result['traceback']}"
            if piece.raises and not result["error"]:
                return f"shown cell {piece.index + 1} is tagged raises-exception but ran"
        if len(self.results) < len(self.pieces):
            return "the run stopped early"
        return None


def run_copied(page: Path, workdir: Path) -> CopiedRun:
    """Run the shown code of ``page`` as copied into a fresh Python, in ``workdir``."""
    pieces = shown_pieces(page)
    source = workdir / "pieces.json"
    source.write_text(
        json.dumps([{"source": p.source, "raises": p.raises} for p in pieces]), encoding="utf-8"
    )
    harness = workdir / "harness.py"
    harness.write_text(HARNESS, encoding="utf-8")
    out = workdir / "results.json"
    process = subprocess.run(
        [sys.executable, "-I", str(harness), str(source), str(out)],
        capture_output=True,
        text=True,
        cwd=workdir,
        env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    results = json.loads(out.read_text(encoding="utf-8")) if out.exists() else []
    return CopiedRun(pieces, results, process.stderr, process.returncode)


def _output_text(cell: Any, kind: str) -> str | None:
    """The text of a built cell's outputs of one kind (``stream``, ...), None when it has none."""
    blocks = cell.select(f"div.cell_output div.output.{kind} pre")
    return "".join(block.get_text() for block in blocks) if blocks else None


def page_outputs(page_html: Path) -> list[dict[str, str | None]]:
    """What the built page shows under each shown code cell: printed text, value, error.

    Read from the HTML a reader gets, so it is what the page says: ``stdout`` is the printed
    text, ``value`` the displayed value of the last expression, ``error`` the traceback text.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html.read_text(encoding="utf-8"), "html.parser")
    shown = []
    for cell in soup.select("div.cell"):
        if cell.select_one(":scope > div.cell_input, :scope > details > div.cell_input") is None:
            continue  # its code is hidden: a figure or a glued result (a folded one is shown)

        shown.append(
            {
                "stdout": _output_text(cell, "stream") or "",
                "value": _output_text(cell, "text_plain"),
                "error": _output_text(cell, "traceback"),
                "hidden": "tag_remove-output" in cell.get("class", []),
            }
        )
    return shown


def compare(run: CopiedRun, page_html: Path) -> list[str]:
    """Where the copied run printed something other than the built page shows (empty: none)."""
    shown = page_outputs(page_html)
    copied = [r for p, r in zip(run.pieces, run.results, strict=False) if p.index is not None]
    if len(shown) != len(copied):
        return [f"{len(shown)} shown cells on the page, {len(copied)} ran as copied"]
    problems = []
    for number, (on_page, ran) in enumerate(zip(shown, copied, strict=True), start=1):
        if on_page["hidden"]:
            continue
        page_error, ran_error = on_page["error"], ran["error"]
        pairs = {
            "printed text": (
                (on_page["stdout"] or "").rstrip("\n"),
                (ran["stdout"] or "").rstrip("\n"),
            ),
            "value": tuple(
                v if v is None else v.rstrip("\n") for v in (on_page["value"], ran["value"])
            ),
            "error": (
                page_error is not None,
                ran_error is not None and (page_error is None or ran_error in page_error),
            ),
        }
        for what, (on_page_says, copied_says) in pairs.items():
            if on_page_says != copied_says:
                problems.append(
                    f"shown cell {number}: the {what} differs\n  page:   {on_page_says!r}\n"
                    f"  copied: {copied_says!r}"
                )
    return problems


def main(argv: list[str]) -> int:
    built = None
    if len(argv) == 3 and argv[1] == "--built":
        built = Path(argv[2])
        argv = argv[:1]
    if len(argv) != 1 or not Path(argv[0]).is_file():
        print(
            "usage: python tests/shown_code.py docs/PAGE.md [--built SITE_HTML_DIR]",
            file=sys.stderr,
        )
        return 2
    page = Path(argv[0]).resolve()
    if foreign := foreign_imports(page):
        print(f"{page.name}: the shown code imports {sorted(foreign)}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as work:
        run = run_copied(page, Path(work))
    for piece, result in zip(run.pieces, run.results, strict=False):
        name = "include" if piece.index is None else f"cell {piece.index + 1}"
        print(f"--- {name}")
        print(result["stdout"], end="")
        if result["value"] is not None:
            print(f"[value] {result['value']}")
        if result["error"]:
            print(f"[error] {result['error']}")
    if problem := run.failure():
        print(f"{page.name}: {problem}", file=sys.stderr)
        return 1
    print(f"{page.name}: every shown piece ran as copied", file=sys.stderr)
    if built is not None:
        if problems := compare(run, built / page.relative_to(DOCS).with_suffix(".html")):
            print("\n".join(problems), file=sys.stderr)
            return 1
        print(f"{page.name}: and it printed what the built page shows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
