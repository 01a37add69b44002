"""The site's own stylesheet and script in, myst-nb's unused stylesheet out."""

from __future__ import annotations

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


def add_static_path(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC))


def add_player_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Load the player script on the pages that hold a player, and only there."""
    from loopdocs.sphinxext.figure import player_box

    if doctree is not None and next(iter(doctree.findall(player_box)), None) is not None:
        app.add_js_file("loopdocs-player.js", loading_method="defer")
