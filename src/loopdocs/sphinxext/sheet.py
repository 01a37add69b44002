"""The cheat sheet: linked from the end of every page, and printed on one A4 sheet; and the
sidebar's named groups ("About") made valid headings.

Every page of the site (not the sheet itself, nor the generated index, search and 404 pages)
ends with a link to the page labelled :data:`SHEET_LABEL`, written by ``templates/page.html``
(furo's page with the link above its footer: outside the article, so it is no part of a page's
prose, word count or reading time). The sheet alone loads ``loopdocs-sheet.css``, whose print
rules lay it out on one A4 page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

SHEET_LABEL = "cheat-sheet"
TEMPLATES = Path(__file__).parent / "templates"


def add_templates(app: Sphinx, config: Config) -> None:
    """Put loopdocs' templates first on the template path (config-inited)."""
    config.templates_path.insert(0, str(TEMPLATES))


def sheet_docname(app: Sphinx) -> str | None:
    """The page that holds the cheat sheet's label, None while the site has none."""
    found = app.env.domaindata["std"]["labels"].get(SHEET_LABEL)
    return found[0] if found else None


def link_the_sheet(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give every page of the site but the sheet its link to the sheet; the sheet its print
    stylesheet (html-page-context)."""
    sheet = sheet_docname(app)
    if sheet is None or doctree is None or pagename not in app.env.found_docs:
        return
    if pagename == sheet:
        app.add_css_file("loopdocs-sheet.css")
    else:
        context["loopdocs_sheet_link"] = context["pathto"](sheet)


#: Sphinx writes a toctree's caption ("About") as a heading without a level: the Nu checker
#: and axe (aria-required-attr) both reject it. The sidebar's groups are level 2 under the page.
UNLEVELLED_CAPTION = '<p class="caption" role="heading">'
LEVELLED_CAPTION = '<p class="caption" role="heading" aria-level="2">'


def level_the_sidebar_captions(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give each caption in furo's navigation its heading level (html-page-context, after
    furo's own handler, which renders the navigation)."""
    tree = context.get("furo_navigation_tree")
    if isinstance(tree, str) and UNLEVELLED_CAPTION in tree:
        context["furo_navigation_tree"] = tree.replace(UNLEVELLED_CAPTION, LEVELLED_CAPTION)
