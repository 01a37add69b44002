"""Wide tables as cards on a phone, labelled when the page is built (no script, no shift).

A table inside a ``loopdocs-cards`` block (``:::{div} loopdocs-cards`` on a page) becomes one
card per row on a narrow screen (loopdocs.css): each cell then shows its column's heading,
from a ``data-label`` attribute, which this writes into the built HTML as the build finishes.
(loopdocs.js gives the table its ARIA table roles, which a table shown as blocks would
otherwise lose for screen readers: roles change no layout, and HTML forbids them written on a
table's cells.) Done by a script in the browser instead, the table was first
painted as a table and then re-laid as cards: Lighthouse measured that as a layout shift of
0.24 on the troubleshooting index, and readers without JavaScript got no cards at all.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from sphinx.application import Sphinx

_BLOCK = re.compile(r'<div class="[^"]*\bloopdocs-cards\b[^"]*"[^>]*>')
_DIV = re.compile(r"<div\b|</div>")
_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
_HEADING = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def _with_attributes(tag: str, **attributes: str) -> str:
    """``tag`` (an opening tag) with ``attributes`` added, where it does not have them yet."""
    extra = "".join(
        f' {name.replace("_", "-")}="{html.escape(value, quote=True)}"'
        for name, value in attributes.items()
        if not re.search(rf"\s{name.replace('_', '-')}=", tag)
    )
    return tag[:-1] + extra + ">" if extra else tag


def label_table(table: str) -> str:
    """One ``<table>``: each body cell labelled with its column's heading."""
    headings = [_text(cell) for cell in _HEADING.findall(table.split("</thead>", 1)[0])]

    def row(match: re.Match[str]) -> str:
        index = -1

        def cell(tag: re.Match[str]) -> str:
            nonlocal index
            index += 1
            label = headings[index] if index < len(headings) else ""
            return _with_attributes(tag.group(0), data_label=label)

        return re.sub(r"<td\b[^>]*>", cell, match[0])

    return _ROW.sub(row, table)


def label_cards(page: str) -> str:
    """Every table inside every ``loopdocs-cards`` block of ``page`` labelled."""
    out, position = [], 0
    for block in _BLOCK.finditer(page):
        if block.start() < position:
            continue  # inside a block already done
        depth, end = 0, len(page)
        for tag in _DIV.finditer(page, block.start()):
            depth += 1 if tag.group(0) == "<div" else -1
            if depth == 0:
                end = tag.end()
                break
        out.append(page[position : block.start()])
        out.append(_TABLE.sub(lambda m: label_table(m.group(0)), page[block.start() : end]))
        position = end
    out.append(page[position:])
    return "".join(out)


def label_card_tables(app: Sphinx, exception: Exception | None) -> None:
    """Label the card tables of every built page that has any (build-finished)."""
    if exception is not None or app.builder.format != "html":
        return
    for path in Path(app.outdir).rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        if "loopdocs-cards" in page:
            labelled = label_cards(page)
            if labelled != page:
                path.write_text(labelled, encoding="utf-8")
