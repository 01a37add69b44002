"""What a host needs beyond the pages: the public URL, robots.txt, a complete sitemap, the
social card and tidy Open Graph tags, and the 404 page's links.

The public URL comes from the environment (:func:`base_url`), so one ``docs/conf.py`` builds
for a laptop (no URL: nothing absolute that could be wrong), GitHub Pages and Read the Docs.
"""

from __future__ import annotations

import fnmatch
import html
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

#: Set by whoever deploys (the GitHub Pages workflow does); it wins over the next one.
BASEURL_VARIABLE = "LOOPDOCS_BASEURL"
#: Set by Read the Docs on its builders, e.g. https://loopdocs.readthedocs.io/en/latest/.
READTHEDOCS_VARIABLE = "READTHEDOCS_CANONICAL_URL"
#: The social card, relative to the site's root, and its size: Open Graph's usual 1.91:1.
SOCIAL_CARD = "_static/loopdocs-card.png"
SOCIAL_CARD_SIZE = (1200, 630)
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def check_base_url(value: str, name: str) -> str:
    """``value`` if it is an http(s) URL of a folder (ending in "/"), else a ConfigError
    naming ``name``: every absolute URL on the site is this plus a page's path."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or not value.endswith("/"):
        raise ConfigError(
            f"{name} must be the site's public URL: http:// or https://, a host, and a path "
            f'ending in "/" (as https://example.org/loopdocs/), got {value!r}'
        )
    if parts.query or parts.fragment:
        raise ConfigError(f"{name} must have no ?query or #fragment, got {value!r}")
    return value


def base_url(environ: Mapping[str, str] | None = None) -> str:
    """The site's public URL from LOOPDOCS_BASEURL, else READTHEDOCS_CANONICAL_URL, checked;
    "" when neither is set (a local build)."""
    environ = os.environ if environ is None else environ
    for name in (BASEURL_VARIABLE, READTHEDOCS_VARIABLE):
        value = environ.get(name, "").strip()
        if value:
            return check_base_url(value, name)
    return ""


def url_path(url: str) -> str:
    """The path part of the public URL ("/loopdocs/"), or "/" when there is none: where the
    404 page's absolute links start."""
    return urlsplit(url).path or "/"


def not_found_context(prefix: str) -> dict[str, str]:
    """The 404 page's title and body (sphinx-notfound-page), linking home under ``prefix``."""
    home, search = (html.escape(f"{prefix}{page}.html") for page in ("index", "search"))
    return {
        "title": "Page not found",
        # Like every page, it says what it is (search engines and Lighthouse's SEO check).
        "metatags": (
            '<meta name="description" content="There is no loopdocs page at this address: start '
            'again from the home page, or search the site." />'
        ),
        "body": (
            "<h1>Page not found</h1>\n"
            "<p>There is no page at this address: it may have moved, or the link has a typo. "
            f'Start again from <a href="{home}">the home page</a>, or '
            f'<a href="{search}">search the site</a>.</p>'
        ),
    }


def check_baseurl_setting(app: Sphinx, config: Config) -> None:
    """A hand-set html_baseurl gets the same check as the environment's."""
    if config.html_baseurl:
        check_base_url(config.html_baseurl, "html_baseurl")


def root_the_not_found_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The 404 page's scripts find the site's root at the prefix, not beside the missing
    address; and it claims no canonical URL of its own."""
    if "notfound.extension" in app.extensions and pagename == app.config.notfound_pagename:
        context["content_root"] = app.config.notfound_urls_prefix
        context["pageurl"] = None


_META = re.compile(r'<meta (?:property|name)="(?P<key>[^"]+)" content="(?P<value>[^"]*)" />\n?')
_DESCRIPTION = re.compile(
    r'<meta (?:content="(?P<a>[^"]*)" name="description"|name="description" content="(?P<b>[^"]*)")'
)


def tidy_open_graph(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """After sphinxext-opengraph: og:description is the page's own meta description; without
    a public URL, og:url and og:image (which must be absolute) are left out; with one, the
    card gets its size and a large-image Twitter card."""
    tags = context.get("metatags", "")
    if 'property="og:' not in tags:
        return
    description = _DESCRIPTION.search(tags)
    known = bool(app.config.html_baseurl)

    def rewrite(tag: re.Match[str]) -> str:
        key = tag["key"]
        if not known and key in ("og:url", "og:image", "og:image:alt"):
            return ""
        if key == "og:description" and description:
            own = description["a"] or description["b"]
            return f'<meta property="og:description" content="{own}" />\n'
        if key == "og:image" and tag["value"].endswith(SOCIAL_CARD):
            width, height = SOCIAL_CARD_SIZE
            return (
                f"{tag[0].rstrip()}\n"
                f'<meta property="og:image:width" content="{width}" />\n'
                f'<meta property="og:image:height" content="{height}" />\n'
                '<meta name="twitter:card" content="summary_large_image" />\n'
            )
        return tag[0]

    context["metatags"] = _META.sub(rewrite, tags)


def write_hosting_files(app: Sphinx, exception: Exception | None) -> None:
    """robots.txt; the social card, when it is the og:image; the sitemap, completed and
    sorted."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if "sphinxext.opengraph" in app.extensions and app.config.ogp_image == SOCIAL_CARD:
        from loopdocs.draw.social_card import (
            social_card_png,  # matplotlib, here only: never at import
        )

        (outdir / SOCIAL_CARD).parent.mkdir(parents=True, exist_ok=True)
        (outdir / SOCIAL_CARD).write_bytes(social_card_png(app.config.html_title, SOCIAL_CARD_SIZE))
    robots = "User-agent: *\nAllow: /\n"
    if app.config.html_baseurl and "sphinx_sitemap" in app.extensions:
        complete_sitemap(app, outdir / app.config.sitemap_filename)
        robots += f"\nSitemap: {app.config.html_baseurl}{app.config.sitemap_filename}\n"
    else:  # not one left by an earlier build into this folder, for another URL
        (outdir / "sitemap.xml").unlink(missing_ok=True)
    (outdir / "robots.txt").write_text(robots, encoding="utf-8")


def complete_sitemap(app: Sphinx, sitemap: Path) -> None:
    """Rewrite sphinx-sitemap's file as every page of the project, sorted, by its settings.

    It lists only the pages this build wrote (an incremental build writes the changed ones),
    in the order parallel writers finished them.
    """
    config = app.config
    lang, version = (f"{value}/" if value else "" for value in (config.language, config.version))
    urls = set()
    for docname in app.env.found_docs:
        link = app.builder.get_target_uri(docname)
        if not any(fnmatch.fnmatch(link, pattern) for pattern in config.sitemap_excludes):
            scheme = config.sitemap_url_scheme.format(lang=lang, version=version, link=link)
            urls.add(config.html_baseurl + scheme)
    root = ElementTree.Element("urlset", xmlns=SITEMAP_NAMESPACE)
    for url in sorted(urls):
        ElementTree.SubElement(ElementTree.SubElement(root, "url"), "loc").text = url
    ElementTree.indent(root)
    ElementTree.ElementTree(root).write(sitemap, xml_declaration=True, encoding="utf-8")
