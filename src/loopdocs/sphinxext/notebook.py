"""A MyST notebook page as a reader meets it, and as the notebook a reader downloads.

A page's blocks, in page order, are prose, shown code cells, ``literalinclude`` pieces of an
example file, and hidden cells (``remove-cell`` / ``remove-input``): the library's figures,
glue and checks. :func:`shown_pieces` is the code a reader sees (what ``tests/shown_code.py``
runs as copied); :func:`download_notebook` is the ``.ipynb`` the page offers: the prose as
Markdown cells, the shown code as code cells, no hidden cell and no output, in bytes that are
the same on every build. Two kinds of cell are made for the download: an exercise's
self-check (tagged ``remove-cell`` and ``self-check``: hidden on the page, a code cell in the
notebook, where the learner types an answer and runs it) and a folded solution (a shown cell
tagged ``hide-input`` or ``hide-cell``: folded on the page and, by ``jupyter`` metadata, in
Jupyter); an
exercise's Answer dropdown becomes a folded ``<details>``. Nothing here imports Sphinx: the
Sphinx side (:mod:`loopdocs.sphinxext.downloads`) passes in how a role such as ``{ref}`` reads.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: A fenced code cell or ``literalinclude`` block of a MyST page: kind, argument, body.
BLOCK = re.compile(r"^```\{(code-cell|literalinclude)\}(.*?)\n(.*?)^```$", re.M | re.S)
#: The tag of an exercise's self-check cell (with ``remove-cell``): kept in the download.
SELF_CHECK = "self-check"
#: An inline role, ``{name}`content```.
ROLE = re.compile(r"\{([\w:.-]+)\}`([^`]*)`")
#: The import names a learner's fresh Python has besides the standard library, by the
#: package that installs them (the network page's data set comes with scikit-learn).
PACKAGES = {
    "torch": "torch",
    "numpy": "numpy",
    "matplotlib": "matplotlib",
    "sklearn": "scikit-learn",
}


@dataclass(frozen=True)
class Shown:
    """One piece of shown code: a code cell (``index`` counts the page's shown cells) or an
    included piece of an example file (``index`` is None)."""

    source: str
    index: int | None
    raises: bool = False
    folded: str = ""  # "hide-input" or "hide-cell": a solution the page folds until asked


@dataclass(frozen=True)
class Block:
    """One block of a page, in page order: ``prose`` (MyST text), ``code`` (a shown code
    cell or an included piece, as :class:`Shown`), ``hidden`` (a hidden cell) or
    ``self-check`` (an exercise's self-check: hidden on the page, a cell of the download)."""

    kind: str
    text: str = ""
    shown: Shown | None = None
    include: str | None = None  # the example file a piece comes from, as the page names it


def page_blocks(page: Path) -> list[Block]:
    """Every block of the MyST page ``page``, in page order."""
    text = page.read_text(encoding="utf-8")
    blocks: list[Block] = []
    cells, position = 0, 0
    for match in BLOCK.finditer(text):
        blocks.append(Block("prose", text[position : match.start()]))
        position = match.end()
        kind, argument, body = match.groups()
        options = dict(re.findall(r"^:([\w-]+):\s*(.*)$", body, re.M))
        tags = set(re.findall(r"[\w-]+", options.get("tags", "")))
        if kind == "literalinclude":
            source = (page.parent / argument.strip()).read_text(encoding="utf-8")
            start, end = (options[key].strip('"') for key in ("start-after", "end-before"))
            piece = source.split(start, 1)[1].split(end, 1)[0]
            piece = textwrap.dedent(piece) if "dedent" in options else piece
            blocks.append(Block("code", shown=Shown(piece, None), include=argument.strip()))
        elif SELF_CHECK in tags:
            if "remove-cell" not in tags:
                raise ValueError(
                    f"{page}: a cell tagged {SELF_CHECK} must also be tagged remove-cell "
                    "(it is hidden on the page and kept in the notebook download)"
                )
            blocks.append(Block(SELF_CHECK, _without_options(body)))
        elif tags & {"remove-cell", "remove-input"}:
            blocks.append(Block("hidden", body))
        else:
            folded = next((tag for tag in ("hide-cell", "hide-input") if tag in tags), "")
            shown = Shown(_without_options(body), cells, "raises-exception" in tags, folded)
            blocks.append(Block("code", shown=shown))
            cells += 1
    blocks.append(Block("prose", text[position:]))
    return blocks


def _without_options(body: str) -> str:
    """A code cell's code, without its ``:option: value`` lines."""
    return re.sub(r"^:[\w-]+:.*\n", "", body, flags=re.M)


def offered(block: Block) -> bool:
    """Whether ``block`` is a code cell of the notebook download: shown code or a self-check."""
    return block.shown is not None or block.kind == SELF_CHECK


def shown_pieces(page: Path) -> list[Shown]:
    """The code a reader of ``page`` sees, in page order."""
    return [block.shown for block in page_blocks(page) if block.shown is not None]


def imported_packages(code: str) -> set[str]:
    """The top-level packages ``code`` imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def needed_packages(code: str) -> list[str]:
    """The packages to install for ``code``, by their install names, sorted; an import that
    is neither the standard library's nor a known package's is listed by its own name."""
    outside = imported_packages(code) - set(sys.stdlib_module_names)
    return sorted(PACKAGES.get(name, name) for name in outside)


#: Renders one role, ``(name, content) -> Markdown``, or None for a role it does not know.
RoleRenderer = Callable[[str, str], "str | None"]


class UnknownMarkup(ValueError):
    """The prose uses a role or directive the notebook download cannot render."""


def prose_markdown(myst: str, render_role: RoleRenderer) -> str:
    """Jupyter Markdown for a stretch of a page's MyST prose.

    Front matter, ``(label)=`` targets and ``%`` comments go; a ``{div}`` keeps its text; a
    ``{dropdown}`` becomes a folded ``<details>`` (an exercise's Answer, too), both without
    their ``:option:`` lines; each role is what ``render_role`` makes of it.
    Anything else MyST-only raises :class:`UnknownMarkup` naming it, rather than reaching a
    reader as raw markup.
    """
    if myst.startswith("---\n"):
        myst = myst.split("\n---\n", 1)[1] if "\n---\n" in myst else ""
    lines: list[str] = []
    closers: list[str] = []
    code: list[str] | None = None  # the lines of a plain ``` code block, kept as they are
    in_options = False  # in the ``:option: value`` lines that open a directive's body
    for line in myst.splitlines():
        stripped = line.strip()
        if in_options and re.fullmatch(r":[\w-]+:.*", stripped):
            continue  # a directive's option (a dropdown's class) is no text of the notebook
        in_options = False
        if code is not None:
            code.append(line)
            if stripped == "```":
                lines.append("\0" + "\n".join(code))  # marked: no role is read in it
                code = None
            continue
        if stripped.startswith("```") and not stripped.startswith("```{"):
            code = [line]
            continue
        if re.fullmatch(r"\([\w-]+\)=", stripped) or stripped.startswith("%"):
            continue
        fence = re.fullmatch(r"(:{3,})\{([\w-]+)\}\s*(.*)", stripped)
        if fence:
            name, argument = fence.group(2), fence.group(3)
            if name == "div":
                closers.append("")
            elif name == "dropdown":
                # The summary is HTML, where Markdown's `code` would show its backticks.
                summary = re.sub(r"`([^`]+)`", r"<code>\1</code>", _roles(argument, render_role))
                lines += ["<details>", f"<summary>{summary}</summary>", ""]
                closers.append("</details>")
            else:
                raise UnknownMarkup(f"the directive {{{name}}}")
            in_options = True
            continue
        if closers and re.fullmatch(r":{3,}", stripped):
            closer = closers.pop()
            if closer:
                lines += ["", closer]
            continue
        if stripped.startswith("```{"):
            raise UnknownMarkup(f"the directive {stripped[3:].split()[0]}")
        lines.append(line)
    if code is not None:
        lines.append("\0" + "\n".join(code))
    # Roles may span lines, so they are read in each run of prose between code blocks.
    runs = re.split(r"^\0(.*?\n[ \t]*```)$", "\n".join(lines), flags=re.M | re.S)
    text = "".join(run if odd else _roles(run, render_role) for odd, run in _alternate(runs))
    return re.sub(r"\n{3,}", "\n\n", text.strip("\n"))


def _alternate(runs: list[str]) -> list[tuple[bool, str]]:
    """``re.split`` with one group gives prose, code, prose...: each with whether it is code."""
    return [(index % 2 == 1, run) for index, run in enumerate(runs)]


def _roles(text: str, render_role: RoleRenderer) -> str:
    def replace(match: re.Match[str]) -> str:
        rendered = render_role(match.group(1), match.group(2))
        if rendered is None:
            raise UnknownMarkup(f"the role {{{match.group(1)}}}")
        return rendered

    return ROLE.sub(replace, text)


def _lines(text: str) -> list[str]:
    """A cell's source as nbformat writes it: a list of lines, each with its newline."""
    return text.splitlines(keepends=True)


def download_notebook(
    blocks: list[Block], render_role: RoleRenderer, note: Callable[[list[str]], str]
) -> bytes:
    """The ``.ipynb`` a page offers, as bytes: the prose as Markdown cells, the shown code as
    code cells (a ``hide-input`` or ``hide-cell`` solution folded), each exercise's
    self-check as a code cell tagged ``self-check``, nothing else hidden, no outputs.

    ``note(packages)`` is a Markdown paragraph put under the page's title (where the page is,
    what to install). Cells have ids by position and the JSON has sorted keys, so one page
    gives the same bytes on every build.
    """
    code = "\n".join(b.shown.source if b.shown else b.text for b in blocks if offered(b))
    cells: list[dict[str, object]] = []
    markdown: list[str] = []

    def flush() -> None:
        if markdown:
            cells.append({"cell_type": "markdown", "metadata": {}, "source": "\n\n".join(markdown)})
            markdown.clear()

    noted = False
    for block in blocks:
        if block.kind == "prose":
            text = prose_markdown(block.text, render_role)
            if text and not noted:
                title, _, rest = text.partition("\n")
                text = "\n\n".join(
                    part.strip("\n")
                    for part in (title, note(needed_packages(code)), rest)
                    if part.strip()
                )
                noted = True
            if text:
                markdown.append(text.strip("\n"))
        elif offered(block):
            flush()
            metadata: dict[str, object] = {}
            if block.shown is None:
                metadata["tags"] = [SELF_CHECK]
            else:
                folded = block.shown.folded
                tags = ["raises-exception"] * block.shown.raises + [folded] * bool(folded)
                if folded:  # Jupyter folds the code (and, for hide-cell, the output) as the page
                    hidden = {"source_hidden": True, "outputs_hidden": folded == "hide-cell"}
                    metadata["jupyter"] = {key: True for key, on in hidden.items() if on}
                if tags:
                    metadata["tags"] = tags
            source = block.shown.source if block.shown is not None else block.text
            cells.append(
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "metadata": metadata,
                    "outputs": [],
                    "source": source.strip("\n"),
                }
            )
    flush()
    for number, cell in enumerate(cells, start=1):
        cell["id"] = f"cell-{number}"
        cell["source"] = _lines(str(cell["source"]))
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return (json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode()
