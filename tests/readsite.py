"""Read a built site as files: its pages, and each page's ids, links, images and loaded files.

Shared by the checks on the built site (tests/test_site_*.py) and tests/anchors.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

# Folders of assets, not pages (Sphinx writes no page into them).
ASSET_FOLDERS = {"_static", "_images", "_sources", "_downloads"}


@dataclass
class Page:
    """What one HTML page declares and refers to."""

    path: str  # relative to the site root, with forward slashes
    ids: set[str] = field(default_factory=set)
    section_ids: list[str] = field(default_factory=list)  # the id of each <section>
    permalinks: list[str] = field(default_factory=list)  # "#id" of each headerlink
    links: list[str] = field(default_factory=list)  # every <a href>
    images: list[dict[str, str | None]] = field(default_factory=list)  # every <img>'s attrs
    loads: list[str] = field(default_factory=list)  # stylesheets, icons, scripts, images
    redirect: str | None = None  # a redirect page's target URL (sphinx-reredirects)


class _PageParser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        page = self.page
        if attributes.get("id"):
            page.ids.add(attributes["id"] or "")
        if tag == "section" and attributes.get("id"):
            page.section_ids.append(attributes["id"] or "")
        elif tag == "a" and attributes.get("href") is not None:
            href = attributes["href"] or ""
            page.links.append(href)
            if "headerlink" in (attributes.get("class") or "").split():
                page.permalinks.append(href)
        elif tag == "img":
            page.images.append(attributes)
            if attributes.get("src"):
                page.loads.append(attributes["src"] or "")
        elif tag == "script" and attributes.get("src"):
            page.loads.append(attributes["src"] or "")
        elif tag == "link" and attributes.get("href"):
            relations = set((attributes.get("rel") or "").lower().split())
            if relations & {"stylesheet", "icon", "preload", "modulepreload"}:
                page.loads.append(attributes["href"] or "")
        elif tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            match = re.search(r"url=(.+)$", attributes.get("content") or "", re.IGNORECASE)
            if match:
                page.redirect = match.group(1).strip().strip("'\"")


def page_paths(site: Path) -> list[str]:
    """Every HTML page of the site, sorted, as paths relative to its root."""
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if not ASSET_FOLDERS & set(path.relative_to(site).parts[:-1])
    )


@cache
def _read_page(file: Path, relative: str, stamp: tuple[int, int]) -> Page:
    page = Page(relative)
    _PageParser(page).feed(file.read_text(encoding="utf-8"))
    return page


def read_page(site: Path, relative: str) -> Page:
    """Parse one page (cached until the file changes: every check reads every page)."""
    status = (site / relative).stat()
    return _read_page(site / relative, relative, (status.st_mtime_ns, status.st_size))


def pages(site: Path) -> list[Page]:
    """Every page of the site, parsed."""
    return [read_page(site, relative) for relative in page_paths(site)]


def is_external(url: str) -> bool:
    """True for a URL with a scheme (http:, mailto:, data:) or a host of its own."""
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def resolve(page: str, url: str) -> tuple[str, str]:
    """An internal URL on ``page`` as (target path relative to the site root, fragment).

    The path is "" when it would leave the site; a folder resolves to its index.html. A path
    from the root ("/guide.html": the 404 page's links) is read from the site's root.
    """
    parts = urlsplit(url)
    fragment = unquote(parts.fragment)
    if not parts.path:
        return page, fragment
    target = PurePosixPath(page).parent / unquote(parts.path)
    if parts.path.startswith("/"):
        target = PurePosixPath(unquote(parts.path).lstrip("/"))
    resolved: list[str] = []
    for part in target.parts:
        if part == "..":
            if not resolved:
                return "", fragment
            resolved.pop()
        elif part not in (".", ""):
            resolved.append(part)
    path = "/".join(resolved)
    if url.split("#")[0].split("?")[0].endswith("/") or not path:
        path = f"{path}/index.html".lstrip("/")
    return path, fragment


def looks_like_a_file_name(text: str) -> bool:
    """True for alt text that is a file name or a path rather than words."""
    stripped = text.strip()
    if re.search(r"\.(png|gif|jpe?g|svg|webp|avif|bmp|tiff?)\b", stripped, re.IGNORECASE):
        return True
    return " " not in stripped and ("/" in stripped or "\\" in stripped)
