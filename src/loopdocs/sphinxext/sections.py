"""The ``section-index`` directive: every linkable section of the site, made from the site.

For teachers writing a syllabus: one table per page, in the order of the site's table of
contents, with a row for every section that has an explicit label (the stable links the site
promises to keep): its title as a link, the first sentence it opens with, its reading time
(its words, code included, at 200 a minute) and its full address to copy. The rows are made
when the page is written, from the other pages' own doctrees, so the index cannot go stale.
The full address needs ``html_baseurl``; without it the column shows the path from the site's
root.
"""

from __future__ import annotations

import math
import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

WORDS_PER_MINUTE = 200
SUMMARY_LIMIT = 160  # characters


class section_index(nodes.General, nodes.Element):
    """Where the index goes; replaced once every page has been read."""


class SectionIndex(SphinxDirective):
    """``:::{section-index}``: no arguments, no options, no content."""

    has_content = False
    required_arguments = 0
    optional_arguments = 0

    def run(self) -> list[nodes.Node]:
        return [section_index()]


def pages_in_order(app: Sphinx) -> list[str]:
    """The site's pages in the order of its table of contents, root first, each once."""
    env = app.env
    ordered: list[str] = []

    def visit(docname: str) -> None:
        if docname in ordered or docname not in env.found_docs:
            return
        ordered.append(docname)
        for child in env.toctree_includes.get(docname, []):
            visit(child)

    visit(app.config.root_doc)
    return ordered


def first_sentence(section: nodes.section) -> str:
    """The first sentence the section opens with: its own first paragraph, or else the first
    paragraph of its first subsection; empty when it holds none (a figure, a table)."""
    own = [child for child in section.children if isinstance(child, nodes.paragraph)]
    paragraphs = own or list(section.findall(nodes.paragraph))
    paragraphs = [p for p in paragraphs if not isinstance(p.parent, (nodes.entry, nodes.caption))]
    if not paragraphs:
        return ""
    text = " ".join(paragraphs[0].astext().split())
    match = re.match(r"(.+?[.!?:])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > SUMMARY_LIMIT:
        sentence = sentence[: SUMMARY_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return sentence[:-1] + "." if sentence.endswith(":") else sentence


def section_depth(section: nodes.section) -> int:
    """0 for a page's top sections under its title, 1 for their subsections, and so on."""
    depth, parent = -1, section.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            depth += 1
        parent = parent.parent
    return max(depth, 0)


def reading_minutes(section: nodes.section) -> int:
    """Minutes to read the section with its subsections, at least one."""
    return max(1, math.ceil(len(section.astext().split()) / WORDS_PER_MINUTE))


def labelled_sections(app: Sphinx, docname: str) -> list[tuple[str, nodes.section]]:
    """The page's sections that carry an explicit label, in page order, with that label."""
    labels = app.env.domaindata["std"]["labels"]
    on_page = {
        label_id: label
        for label, (doc, label_id, title) in labels.items()
        if doc == docname and title and not label.startswith("fig-")
    }
    doctree = app.env.get_doctree(docname)
    found = []
    for section in doctree.findall(nodes.section):
        for section_id in section["ids"]:
            if section_id in on_page:
                found.append((section_id, section))
                break
    return found


def build_index(app: Sphinx, here: str) -> nodes.container:
    """The tables, with links relative to the page ``here``."""
    builder = app.builder
    base = (app.config.html_baseurl or "").rstrip("/")
    wrapper = nodes.container(classes=["loopdocs-cards", "loopdocs-section-index"])
    for docname in pages_in_order(app):
        rows = labelled_sections(app, docname)
        if not rows:
            continue
        title = app.env.titles[docname].astext()
        wrapper += nodes.rubric(text=title)
        table = nodes.table(classes=["loopdocs-section-table"])
        group = nodes.tgroup(cols=4)
        table += group
        for width in (28, 46, 10, 16):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += _row([nodes.Text(h) for h in ("Section", "What it opens with", "Minutes", "Link")])
        group += head
        body = nodes.tbody()
        for section_id, section in rows:
            target = f"{builder.get_target_uri(docname)}#{section_id}"
            heading = section.next_node(nodes.title)
            link = nodes.reference(
                "",
                heading.astext() if heading is not None else section_id,
                internal=True,
                refuri=f"{builder.get_relative_uri(here, docname)}#{section_id}",
            )
            address = f"{base}/{target}" if base else target
            entry_link = nodes.inline(classes=[f"loopdocs-depth-{min(section_depth(section), 3)}"])
            entry_link += link
            body += _row(
                [
                    entry_link,
                    nodes.Text(first_sentence(section) or "—"),
                    nodes.Text(str(reading_minutes(section))),
                    nodes.literal(text=address),
                ]
            )
        group += body
        wrapper += table
    return wrapper


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        entry = nodes.entry()
        paragraph = nodes.paragraph()
        paragraph += content
        entry += paragraph
        row += entry
    return row


def fill_section_index(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each ``section-index`` placeholder on ``docname`` with the tables."""
    for placeholder in list(doctree.findall(section_index)):
        placeholder.replace_self(build_index(app, docname))
