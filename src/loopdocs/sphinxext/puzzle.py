"""The loop-order puzzle in the built page: its table of outcomes and, beside it, its data.

:func:`puzzle_node` turns a :class:`loopdocs.figures.puzzle.OrderPuzzle` payload into a
``<div class="loopdocs-puzzle">`` holding the puzzle's data as JSON in a
``<script type="application/json">`` (a data block: never run, so the page's Content Security
Policy needs no hash for it, and read from the page itself, so it works from ``file://``) and a
real table of the distinct outcomes, which is what readers without JavaScript, and print, get.
``loopdocs-puzzle.js`` (loaded only on pages with a puzzle) builds the widget above the table.
On a phone the table shows as cards (it sits in a ``loopdocs-cards`` block).
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes

#: The table's columns' relative widths.
WIDTHS = (22, 8, 40, 30)


class puzzle_data(nodes.General, nodes.Element):
    """The puzzle's data (``json``), written as a JSON data block in HTML, dropped elsewhere."""


def visit_puzzle_data(translator: Any, node: puzzle_data) -> None:
    name = translator.attval(node["name"])
    translator.body.append(
        f'<script type="application/json" class="loopdocs-puzzle-data" data-name="{name}">'
        f"{node['json']}</script>\n"
    )
    raise nodes.SkipNode


def _cell(text: str, *, code: bool) -> nodes.entry:
    """A table cell; as code (a literal: no typographic quotes) when it is typed or printed."""
    entry = nodes.entry()
    paragraph = nodes.paragraph()
    paragraph += nodes.literal(text=text) if code else nodes.Text(text)
    entry += paragraph
    return entry


def _row(cells: list[str], code_columns: set[int]) -> nodes.row:
    row = nodes.row()
    for column, text in enumerate(cells):
        row += _cell(text, code=column in code_columns)
    return row


def puzzle_node(payload: dict[str, Any]) -> nodes.Element:
    """The puzzle's block, anchored at ``name``: its data, its caption, then its table."""
    name, header, rows = payload["name"], payload["header"], payload["rows"]
    json.loads(payload["data"])  # a malformed payload fails here, as a warning
    if not rows or any(len(row) != len(header) for row in rows) or len(header) != len(WIDTHS):
        raise ValueError(f"a puzzle table needs {len(WIDTHS)} columns in every row")
    # The anchor is the block's: a table's own id would be copied onto furo's wrapper around
    # it (two elements with one id), and a table with a title gets a numbered id that shifts.
    box = nodes.container(classes=["loopdocs-puzzle", "loopdocs-cards"], ids=[name])
    box += puzzle_data(name=name, json=payload["data"])
    if payload.get("caption"):
        box += nodes.paragraph(text=payload["caption"], classes=["loopdocs-puzzle-caption"])
    table = nodes.table(classes=["loopdocs-puzzle-table"])
    group = nodes.tgroup(cols=len(header))
    table += group
    for width in WIDTHS:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row(header, set())
    group += head
    body = nodes.tbody()
    code = {(int(row), int(column)) for row, column in payload.get("code_cells", [])}
    for index, row in enumerate(rows):
        body += _row(row, {column for r, column in code if r == index})
    group += body
    box += table
    return box
