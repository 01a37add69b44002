"""A Content Security Policy on every page, as a ``<meta>`` tag written after the build.

The site loads nothing from elsewhere, so the policy allows only its own files, plus, by their
SHA-256 hashes, exactly the inline ``<script>`` and ``<style>`` elements each page holds (furo
writes one of each). Hashes are taken from the written HTML, so they are right for every page,
redirect pages included, whatever the theme or another extension puts inline.

Style *attributes* (furo's icon sprite has ``style="display: none;"``) cannot be allowed by a
hash in every browser that reads ``style-src-attr``, so that directive is ``'unsafe-inline'``;
a style attribute cannot run code. Browsers too old for ``style-src-elem`` / ``-attr`` fall back
to ``style-src``, which is ``'self' 'unsafe-inline'`` for the same reason.
``frame-ancestors`` is ignored in a ``<meta>`` tag: the README gives the header for it.
``loopdocs_csp = False`` (``-D loopdocs_csp=0``) leaves the policy out: ``nox -s docs-live``
does, since sphinx-autobuild injects an inline reload script into every page it serves.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

#: ``<meta http-equiv="Content-Security-Policy">`` as this module writes it, to replace on rebuilds.
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?')
#: Where the tag goes: right after ``<meta charset>`` (or ``<head>``), before any script or style.
HEAD = re.compile(r"<head\b[^>]*>(\s*<meta charset=[^>]*>)?", re.IGNORECASE)
#: ``type`` values a browser runs as script; any other ``<script>`` is a data block CSP ignores.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def policy(script_hashes: list[str], style_hashes: list[str]) -> str:
    """The policy for a page whose inline scripts and style elements have these hashes."""
    scripts = " ".join(["'self'", *(f"'{digest}'" for digest in script_hashes)])
    styles = " ".join(["'self'", *(f"'{digest}'" for digest in style_hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            f"style-src-elem {styles}",
            "style-src-attr 'unsafe-inline'",
            "img-src 'self' data:",  # furo's icons are data: SVGs in its stylesheet
            "font-src 'self'",
            "connect-src 'self'",  # the search page fetches pages for its previews
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",  # the search box
        ]
    )


def sha256(text: str) -> str:
    """A CSP hash source (without its quotes) for an inline element's text."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


class _InlineParser(HTMLParser):
    """Collects the text of every inline ``<script>`` (that a browser would run) and
    ``<style>`` element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._current: list[str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            kind = (attributes.get("type") or "").strip().lower()
            if kind in SCRIPT_TYPES:
                self._current, self._text = self.scripts, []
        elif tag == "style":
            self._current, self._text = self.styles, []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._current is not None and tag in ("script", "style"):
            self._current.append("".join(self._text))
            self._current = None


def inline_hashes(html: str) -> tuple[list[str], list[str]]:
    """The hashes of a page's inline scripts and style elements, each list sorted and unique."""
    parser = _InlineParser()
    parser.feed(html)
    parser.close()
    return (
        sorted({sha256(text) for text in parser.scripts}),
        sorted({sha256(text) for text in parser.styles}),
    )


def with_policy(html: str) -> str:
    """``html`` with its policy tag first in ``<head>`` (after ``<meta charset>``), replacing
    any it had: running it again on its own output changes nothing."""
    html = META.sub("", html)
    head = HEAD.search(html)
    if head is None:
        raise ValueError("a page without <head>: no place for its Content-Security-Policy")
    scripts, styles = inline_hashes(html)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(scripts, styles)}">\n'
    return html[: head.end()] + "\n" + tag + html[head.end() :].lstrip("\n")


def check_config(app: Sphinx, config: Config) -> None:
    """``loopdocs_csp`` must be a bool: a string such as "no" would otherwise count as on."""
    if not isinstance(config.loopdocs_csp, bool):
        raise ConfigError(
            f"loopdocs_csp must be True or False (on the command line -D loopdocs_csp=1 or 0), "
            f"not {config.loopdocs_csp!r}"
        )


def add_policies(app: Sphinx, exception: Exception | None) -> None:
    """After an HTML build, give every page of the output its policy tag (pages that are
    unchanged since the last build keep theirs byte for byte)."""
    if exception is not None or app.builder.format != "html" or not app.config.loopdocs_csp:
        return
    for path in sorted(Path(app.outdir).rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if HEAD.search(html) is None:
            continue  # not a page (an HTML fragment in an asset folder)
        updated = with_policy(html)
        if updated != html:
            path.write_text(updated, encoding="utf-8")
