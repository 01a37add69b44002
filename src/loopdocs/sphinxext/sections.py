"""The ``section-index`` directive: every linkable section of the site, made from the site.

For teachers writing a syllabus: one table per page, in the order of the site's table of
contents, each led by the page's reading time, prerequisites and learning objectives (from
its front matter: syllabus.py), with a row for every section that has an explicit label (the
stable links the site promises to keep): its title as a link, the first sentence of its prose
(references read as their titles, the build's own notes left out; a section that is only a
figure opens with its caption), its reading time for a newcomer (syllabus.RULE) and its full
address to copy, which a phone wraps only at a ``/`` or ``#``. The rows are made when the page
is written, from the other pages' own doctrees, and a page holding the index is written on
every build, incremental ones too, so it cannot go stale. The full address needs
``html_baseurl``; without it the column shows the path from the site's root.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import docname_join, logging
from sphinx.util.docutils import SphinxDirective

from loopdocs.sphinxext.provenance import SITE_NOTE
from loopdocs.sphinxext.syllabus import RULE, PagePlan, page_plan, reading_minutes

logger = logging.getLogger(__name__)

SUMMARY_LIMIT = 160  # characters
COLON_WORDS = 6  # a colon after fewer words than this introduces the sentence, not ends it


class section_index(nodes.General, nodes.Element):
    """Where the index goes; replaced once every page has been read."""


class SectionIndex(SphinxDirective):
    """``:::{section-index}``: no arguments, no options, no content."""

    has_content = False
    required_arguments = 0
    optional_arguments = 0

    def run(self) -> list[nodes.Node]:
        holders: set[str] = getattr(self.env, HOLDERS, set())
        holders.add(self.env.docname)
        setattr(self.env, HOLDERS, holders)
        return [section_index()]


HOLDERS = "loopdocs_section_index_pages"  # the pages with a section-index, on the environment


def forget_holder(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """env-purge-doc: a page read again says again whether it holds the index."""
    getattr(env, HOLDERS, set()).discard(docname)


def merge_holders(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    """env-merge-info: the holders a parallel reader found."""
    setattr(env, HOLDERS, getattr(env, HOLDERS, set()) | getattr(other, HOLDERS, set()))


def rewrite_the_index(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: the pages holding the index quote every page, so they are written
    again on every build (cheap: they run no code), never left quoting an older page."""
    return sorted(getattr(env, HOLDERS, set()) & env.found_docs)


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


def prose_text(node: nodes.Node, env: BuildEnvironment) -> str:
    """``node``'s text as the built page shows it: a reference that takes its target's title
    (``{ref}`label` ``, ``{doc}`page` ``) reads as that title, not the raw label, although
    another page's doctree is read before its references are resolved."""
    if isinstance(node, addnodes.pending_xref) and not node.get("refexplicit"):
        target = node.get("reftarget", "")
        if node.get("reftype") == "ref":
            label = env.domaindata["std"]["labels"].get(target.lower())
            if label and label[2]:
                return str(label[2])
        elif node.get("reftype") == "doc":
            title = env.titles.get(docname_join(node.get("refdoc", ""), target))
            if title is not None:
                return title.astext()
    if isinstance(node, nodes.Text):
        return node.astext()
    return "".join(prose_text(child, env) for child in node.children)


def _folded(node: nodes.Node) -> bool:
    """A sphinx-design dropdown: an answer, folded until asked for."""
    return isinstance(node, nodes.container) and node.get("design_component") == "dropdown"


def _is_prose(paragraph: nodes.paragraph) -> bool:
    """A paragraph of the page's own prose: not a table cell's, a caption's, a folded answer's
    or a note the build adds to every page (provenance.SITE_NOTE)."""
    parent: nodes.Element | None = paragraph
    while parent is not None:
        if (
            isinstance(parent, (nodes.entry, nodes.caption))
            or _folded(parent)
            or SITE_NOTE in parent.get("classes", [])
        ):
            return False
        parent = parent.parent
    return True


def _opening_text(section: nodes.section, env: BuildEnvironment) -> str:
    """What the section opens with, in this order: its own first paragraph of prose or folded
    question (whichever comes first), the first paragraph in its subsections, its first
    figure's caption (a section that is a figure), its first folded question's title, or a
    table's column headings."""
    for child in section.children:
        if isinstance(child, nodes.paragraph) and _is_prose(child):
            return prose_text(child, env)
        if _folded(child) and isinstance(child, nodes.Element):
            title = next(child.findall(nodes.rubric), None)
            if title is not None:
                return prose_text(title, env)
    paragraphs = [p for p in section.findall(nodes.paragraph) if _is_prose(p)]
    if paragraphs:
        return prose_text(paragraphs[0], env)
    caption = next(section.findall(nodes.caption), None)
    if caption is not None:
        return prose_text(caption, env)
    for folded in section.findall(_folded):
        title = next(folded.findall(nodes.rubric), None)
        if title is not None:
            return prose_text(title, env)
    head = next(section.findall(nodes.thead), None)
    if head is not None:
        names = [prose_text(entry, env).strip() for entry in head.findall(nodes.entry)]
        return "A table: " + ", ".join(names) + "."
    return ""


def first_sentence(section: nodes.section, env: BuildEnvironment) -> str:
    """The first sentence the section opens with (:func:`_opening_text`); a colon ends it only
    after a few words ("Clear: ..." reads on), and a leading number ("1.") is left off. Empty
    when the section holds no text."""
    text = " ".join(_opening_text(section, env).split())
    text = re.sub(r"^\d+\.\s+", "", text)  # a numbered question's or step's number
    if not text:
        return ""
    ends = [m.end(1) for m in re.finditer(r"([.!?:])(\s|$)", text)]
    end = next(
        (end for end in ends if text[end - 1] != ":" or len(text[:end].split()) >= COLON_WORDS),
        len(text),
    )
    sentence = text[:end]
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


def address_literal(address: str) -> nodes.literal:
    """The address as code that a narrow screen wraps only after a ``/`` or a ``#``, never
    inside a word (each part is kept whole by CSS, with a ``<wbr>`` between parts)."""
    literal = nodes.literal(classes=["loopdocs-address"])
    for number, part in enumerate(re.split(r"(?<=[/#])(?=[^/#])", address)):
        if number:
            literal += nodes.raw("", "<wbr>", format="html")
        literal += nodes.inline(part, part, classes=["loopdocs-address-part"])
    return literal


def with_code(text: str) -> nodes.paragraph:
    """A paragraph of ``text`` from front matter, its `backticked` parts as code."""
    paragraph = nodes.paragraph()
    for number, part in enumerate(text.split("`")):
        if part:
            paragraph += nodes.literal(text=part) if number % 2 else nodes.Text(part)
    return paragraph


def page_summary(app: Sphinx, docname: str, here: str) -> list[nodes.Node]:
    """The page's reading time, prerequisites and objectives (syllabus.page_plan): a page
    without them is a warning naming the page and what it lacks (an error under ``-W``)."""
    minutes = reading_minutes(app.env.get_doctree(docname))
    try:
        plan = page_plan(docname, app.env.metadata.get(docname, {}))
    except ValueError as error:
        logger.warning(str(error), location=docname, type="loopdocs", subtype="syllabus")
        plan = PagePlan((), ())
    facts = nodes.paragraph(classes=["loopdocs-page-facts"])
    facts += nodes.strong(text=f"About {minutes} minute{'' if minutes == 1 else 's'}")
    facts += nodes.Text(" for a newcomer. ")
    if plan.prerequisites:
        facts += nodes.strong(text="Before it: ")
        for number, prerequisite in enumerate(plan.prerequisites):
            facts += nodes.Text("; " if number else "")
            if prerequisite in app.env.found_docs:  # a page of the site: linked by its title
                facts += nodes.reference(
                    "",
                    app.env.titles[prerequisite].astext(),
                    internal=True,
                    refuri=app.builder.get_relative_uri(here, prerequisite),
                )
            else:
                facts.extend(with_code(prerequisite).children)
        facts += nodes.Text(".")
    if not plan.objectives:
        return [facts]
    lead = nodes.paragraph(classes=["loopdocs-page-objectives"])
    lead += nodes.strong(text="You will be able to:")
    objectives = nodes.bullet_list(classes=["loopdocs-page-objectives"])
    for objective in plan.objectives:
        item = nodes.list_item()
        item += with_code(objective)
        objectives += item
    return [facts, lead, objectives]


def build_index(app: Sphinx, here: str) -> nodes.container:
    """The tables, with links relative to the page ``here``."""
    builder = app.builder
    base = (app.config.html_baseurl or "").rstrip("/")
    wrapper = nodes.container(classes=["loopdocs-cards", "loopdocs-section-index"])
    wrapper += nodes.paragraph(text=RULE, classes=["loopdocs-reading-rule"])
    for docname in pages_in_order(app):
        rows = labelled_sections(app, docname)
        if not rows:
            continue
        title = app.env.titles[docname].astext()
        wrapper += nodes.rubric(text=title)
        wrapper.extend(page_summary(app, docname, here))
        table = nodes.table(classes=["loopdocs-section-table"])
        group = nodes.tgroup(cols=4)
        table += group
        for width in (28, 46, 10, 16):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += _row(
            [nodes.Text(h) for h in ("Section", "What it opens with", "Minutes", "Address")]
        )
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
                    nodes.Text(first_sentence(section, app.env)),
                    nodes.Text(str(reading_minutes(section))),
                    address_literal(address),
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
