"""The site's own stylesheet and script in, myst-nb's unused stylesheet out, and its folded
cells' toggles named by their label."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

#: loopdocs.css and loopdocs.js, added to every page by :func:`loopdocs.sphinxext.setup`.
STATIC = Path(__file__).parent / "static"


def drop_mystnb_stylesheet(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Leave myst-nb's 43 KB stylesheet off the pages: it styles widgets and notebook chrome
    this site does not use (its ``nb_append_css`` switch is ignored under Sphinx), and the few
    rules the site needs are in loopdocs.css. It keeps every page inside its weight budget.
    """
    context["css_files"] = [
        css
        for css in context.get("css_files", [])
        if not str(getattr(css, "filename", css)).startswith("_static/mystnb.")
    ]


#: myst-nb's toggle of a folded code cell names itself "Toggle hidden content" whatever it
#: shows ("Show the fix"): a mismatch between the visible label and the accessible name (WCAG
#: 2.5.3, axe's label-content-name-mismatch). Without the attribute, the name is the label.
MYSTNB_TOGGLE = '<summary aria-label="Toggle hidden content">'
#: The two labels myst-nb puts in a folded cell's toggle, one shown by state.
MYSTNB_TOGGLE_LABEL = re.compile(r'<p class="((?:collapsed|expanded) admonition-title)">(.*?)</p>')


def name_folded_cells_by_their_label(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Let a folded cell's toggle ("Show the fix") be named by the words it shows, held in
    ``<span>``: myst-nb writes them as ``<p>``, which a ``<summary>`` may not hold."""
    body = context.get("body")
    if isinstance(body, str) and MYSTNB_TOGGLE in body:
        body = body.replace(MYSTNB_TOGGLE, "<summary>")
        context["body"] = MYSTNB_TOGGLE_LABEL.sub(r'<span class="\1">\2</span>', body)


def add_static_path(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC))


def add_player_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Load the player script on the pages that hold a player, and the puzzle's on the pages
    that hold a puzzle, and only there, each after the SVG helpers they share."""
    from loopdocs.sphinxext.figure import player_box
    from loopdocs.sphinxext.puzzle import puzzle_data

    if doctree is None:
        return
    player = next(iter(doctree.findall(player_box)), None) is not None
    puzzle = next(iter(doctree.findall(puzzle_data)), None) is not None
    if player or puzzle:  # their shared helpers first: deferred scripts run in order
        app.add_js_file("loopdocs-svg.js", loading_method="defer")
    if player:
        app.add_js_file("loopdocs-player.js", loading_method="defer")
    if puzzle:
        app.add_js_file("loopdocs-puzzle.js", loading_method="defer")


def defer_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Load every script file with ``defer``, so none holds back the page's first paint.

    Sphinx, furo, sphinx-design and sphinx-copybutton add theirs as plain blocking scripts in
    ``<head>``: on a phone (Lighthouse's simulated mobile) they delayed the first paint by about
    a second. Every one of them waits for the document anyway (DOMContentLoaded, or checks of
    ``document.readyState``), and deferred scripts still run in document order, before
    DOMContentLoaded. Inline scripts (no file) are left as they are, and so is the search page,
    whose template loads ``searchtools.js`` without ``defer``: it needs doctools.js first.
    """
    from sphinx.builders.html._assets import _JavaScript

    scripts = context.get("script_files")
    if not isinstance(scripts, list) or templatename == "search.html":
        return
    for index, script in enumerate(scripts):
        if (
            isinstance(script, _JavaScript)
            and script.filename
            and not {"async", "defer"} & set(script.attributes)
        ):
            scripts[index] = _JavaScript(
                script.filename, priority=script.priority, **script.attributes, defer="defer"
            )
