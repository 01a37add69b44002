"""The built site in a real browser, as readers meet it: Debian's Chromium, driven by Playwright.

Every page is opened in four settings that pair each viewport (a desktop, and a phone at
390 × 844 with 3 device pixels per CSS pixel), colour scheme and motion preference with each
of the others once (furo follows the colour scheme: its default theme is "auto"). In each,
axe-core checks WCAG 2.2 A and AA, the console must stay free of errors, no request may leave
the local server, and what the page loads is weighed. Every figure shown must be drawn at no
less than :data:`MIN_DRAWN` of its natural size, so its text stays as large as it was drawn
(9 to 11 points at 100 dpi: 12 to 15 CSS pixels), and each screen must fetch only the
rendering made for it (narrow on the phone, wide on the desktop).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Request,
    Response,
)
from readsite import page_paths, read_page, resolve

from tools.served_site import serve

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: Bytes a page may load, its HTML included (uncompressed). 530 KiB since the main page took
#: its loop-order puzzle and exercises (practice: about 50 KB of HTML and script).
PAGE_BUDGET = 530 * 1024
#: The smallest share of its natural width a figure may be drawn at. naturalWidth is already
#: density-corrected (an image served as "2x" reports half its pixels), and the site serves
#: every figure at 1x: one image pixel is one CSS pixel, as matplotlib drew it at 100 dpi.
MIN_DRAWN = 0.75
# Each image shown in the article: drawn width over natural width (src, ratio), or a note
# that it never loaded.
DRAWN = """() => [...document.querySelectorAll("article img")]
    .filter(img => img.getClientRects().length > 0)
    .map(img => [img.currentSrc || img.src,
                 img.complete && img.naturalWidth > 0 ? img.clientWidth / img.naturalWidth : -1])
"""
# What scrolls sideways on the page: the page itself, or a table in the article (code blocks
# may: they are code, and scroll by keyboard too).
SIDEWAYS = """() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll("article .table-wrapper, article table")]
        .filter(element => element.scrollWidth > element.clientWidth + 1)
        .map(element => element.tagName.toLowerCase() + "." + element.className.split(" ")[0]);
    return (root.scrollWidth > root.clientWidth ? ["the page"] : []).concat(wide);
}"""


# One screen at a time, a frame each: a jump straight to the end would skip the lazy images
# in between, and the page would be weighed light.
SCROLL_THROUGH = """async () => {
    const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
        window.scrollTo({top: y, behavior: "instant"});  // furo scrolls smoothly otherwise
        await frame();
        await frame();
    }
}"""


@dataclass(frozen=True)
class Setting:
    """One way a reader's browser is set up."""

    name: str
    width: int
    height: int
    color_scheme: Literal["light", "dark"]
    reduced_motion: Literal["no-preference", "reduce"]
    scale: float = 1.0  # device pixels per CSS pixel

    @property
    def phone(self) -> bool:
        return self.width < 576  # loopdocs.sphinxext.figure.NARROW_MEDIA: 36em


SETTINGS = [
    Setting("desktop, light", 1280, 800, "light", "no-preference"),
    Setting("desktop, dark, reduced motion", 1280, 800, "dark", "reduce"),
    Setting("phone, dark", 390, 844, "dark", "no-preference", 3.0),
    Setting("phone, light, reduced motion", 390, 844, "light", "reduce", 3.0),
]


@dataclass
class Visit:
    """What one page did in one setting."""

    page: str
    setting: str
    violations: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # console errors, uncaught, HTTP >= 400
    foreign: list[str] = field(default_factory=list)  # requests to any other host
    loaded: set[str] = field(default_factory=set)  # local paths fetched
    background: str = ""  # the body's computed background colour
    sideways: list[str] = field(default_factory=list)  # what scrolls sideways: page, tables
    drawn: list[tuple[str, float]] = field(default_factory=list)  # (image, drawn / natural)
    phone: bool = False


def new_context(browser: Browser, setting: Setting, base: str) -> BrowserContext:
    """A fresh profile in ``setting`` whose requests to other hosts are refused, not sent."""
    context = browser.new_context(
        viewport={"width": setting.width, "height": setting.height},
        color_scheme=setting.color_scheme,
        reduced_motion=setting.reduced_motion,
        device_scale_factor=setting.scale,
        is_mobile=setting.phone,
        has_touch=setting.phone,
        bypass_csp=True,  # axe goes in as an inline script; tests/test_csp.py checks the policy
    )
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
    )
    return context


def visit(context: BrowserContext, base: str, path: str, setting: Setting, axe: str) -> Visit:
    """Open ``path``, scroll through it as a reader would (lazy images load), run axe on it."""
    result = Visit(path, setting.name, phone=setting.phone)
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            result.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            result.errors.append(f"HTTP {response.status}: {response.url}")

    def on_request(request: Request) -> None:
        if request.url.startswith(base):
            result.loaded.add(unquote(urlsplit(request.url).path).lstrip("/"))
        elif urlsplit(request.url).scheme not in ("data", "blob", "about"):
            result.foreign.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: result.errors.append(f"uncaught: {error}"))
    page.on("response", on_response)
    page.on("request", on_request)
    page.goto(base + path, wait_until="load")
    page.evaluate(SCROLL_THROUGH)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(content=axe)
    report = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
        AXE_TAGS,
    )
    result.violations = report["violations"]
    result.background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    result.sideways = page.evaluate(SIDEWAYS)
    result.drawn = [
        (unquote(urlsplit(src).path).lstrip("/"), ratio) for src, ratio in page.evaluate(DRAWN)
    ]
    page.close()
    return result


def visit_all(browser: Browser, site: Path, axe: str) -> list[Visit]:
    """Every page of ``site`` in every setting. A redirect page is left out: it navigates
    away at once (its HTML is validated, and its target is visited as a page of its own)."""
    paths = [path for path in page_paths(site) if read_page(site, path).redirect is None]
    visits = []
    with serve(site) as base:
        for setting in SETTINGS:
            context = new_context(browser, setting, base)
            visits += [visit(context, base, path, setting, axe) for path in paths]
            context.close()
    return visits


def violations(visits: list[Visit]) -> list[str]:
    return [
        f"{v.page} [{v.setting}]: {rule['id']} ({rule['impact']}) on "
        f"{[node['target'] for node in rule['nodes']][:3]}: {rule['help']}"
        for v in visits
        for rule in v.violations
    ]


def weights(site: Path, visits: list[Visit]) -> dict[str, tuple[int, str]]:
    """Each page's heaviest setting: the bytes of every local file it fetched there."""
    heaviest: dict[str, tuple[int, str]] = {}
    for v in visits:
        total = sum((site / path).stat().st_size for path in v.loaded if (site / path).is_file())
        if total > heaviest.get(v.page, (-1, ""))[0]:
            heaviest[v.page] = (total, v.setting)
    return heaviest


@pytest.fixture(scope="module")
def visits(built_site: Path, browser: Browser, axe_source: str) -> list[Visit]:
    return visit_all(browser, built_site, axe_source)


# -- The checks on the real site -----------------------------------------------------------


def test_axe_finds_no_wcag_violations(visits: list[Visit]) -> None:
    assert violations(visits) == []


def test_no_console_errors_or_failed_requests(visits: list[Visit]) -> None:
    assert [f"{v.page} [{v.setting}]: {error}" for v in visits for error in v.errors] == []


def test_no_request_leaves_the_local_server(visits: list[Visit]) -> None:
    assert [f"{v.page} [{v.setting}]: {url}" for v in visits for url in v.foreign] == []


def test_the_dark_settings_really_are_dark(visits: list[Visit]) -> None:
    """Guards the checks above: a colour scheme that did not apply would test light twice."""
    settings = {v.setting for v in visits}
    assert any("dark" in s for s in settings) and any("dark" not in s for s in settings)
    for v in visits:
        red, green, blue = (int(c) for c in v.background[4:-1].split(",")[:3])
        brightness = (red + green + blue) / 3
        assert (brightness < 80) == ("dark" in v.setting), (v.page, v.setting, v.background)


def test_no_page_or_table_scrolls_sideways_on_a_phone(visits: list[Visit]) -> None:
    phone = [v for v in visits if v.setting.startswith("phone")]
    assert phone
    assert {v.page: v.sideways for v in phone if v.sideways} == {}


def test_every_page_loads_under_the_budget(
    built_site: Path, visits: list[Visit], capsys: pytest.CaptureFixture[str]
) -> None:
    heaviest = weights(built_site, visits)
    with capsys.disabled():
        print("\nPage weight: the page and all it loads, read to the end, in its heaviest setting")
        for path, (size, setting) in sorted(heaviest.items(), key=lambda item: -item[1][0]):
            print(f"  {size / 1024:8.1f} KiB  {path}  [{setting}]")
    assert {path: size for path, (size, _) in heaviest.items() if size > PAGE_BUDGET} == {}


def test_every_figure_is_drawn_at_three_quarters_of_its_size_or_more(
    visits: list[Visit], capsys: pytest.CaptureFixture[str]
) -> None:
    """On the phone and on the desktop, so a figure's text is never shrunk below about 10 CSS
    pixels; an image shown but never loaded counts as a failure (-1)."""
    smallest: dict[tuple[str, str], float] = {}
    for v in visits:
        for _, ratio in v.drawn:
            key = (v.page, v.setting)
            smallest[key] = min(smallest.get(key, ratio), ratio)
    with capsys.disabled():
        print("\nSmallest drawn / natural width of a figure, per page, on the phone")
        for (page, setting), ratio in sorted(smallest.items()):
            if setting.startswith("phone"):
                print(f"  {ratio:5.3f}  {page}  [{setting}]")
    assert any(v.drawn for v in visits if v.phone)  # figures were measured on the phone
    assert {
        f"{v.page} [{v.setting}]: {image}": round(ratio, 3)
        for v in visits
        for image, ratio in v.drawn
        if ratio < MIN_DRAWN
    } == {}


class _Pictures(HTMLParser):
    """The files each <picture> offers: for a narrow screen (a <source> with a media
    condition), and for any other (the other sources and the <img>)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pictures: list[tuple[list[str], list[str]]] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "picture":
            self._open = True
            self.pictures.append(([], []))
        elif self._open and tag in ("source", "img"):
            url = attributes.get("srcset" if tag == "source" else "src") or ""
            narrow, wide = self.pictures[-1]
            (narrow if attributes.get("media") else wide).append(url)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "picture":
            self._open = False


def renderings(site: Path, page: str) -> tuple[set[str], set[str]]:
    """The narrow and the wide files of the page's figures that have both (site-relative)."""
    parser = _Pictures()
    parser.feed((site / page).read_text(encoding="utf-8"))
    narrow: set[str] = set()
    wide: set[str] = set()
    for phone, desktop in parser.pictures:
        if phone:
            narrow |= {resolve(page, url)[0] for url in phone}
            wide |= {resolve(page, url)[0] for url in desktop}
    return narrow, wide


def test_each_screen_fetches_only_the_rendering_made_for_it(
    built_site: Path, visits: list[Visit]
) -> None:
    wrong: dict[str, list[str]] = {}
    fetched_narrow = 0
    for v in visits:
        narrow, wide = renderings(built_site, v.page)
        assert not narrow & wide
        other = wide if v.phone else narrow
        if v.loaded & other:
            wrong[f"{v.page} [{v.setting}]"] = sorted(v.loaded & other)
        if v.phone:
            fetched_narrow += len(v.loaded & narrow)
            # Every figure the phone shows is a narrow rendering, where the figure has one.
            shown = {image for image, _ in v.drawn}
            assert not shown & wide, (v.page, v.setting, shown & wide)
    assert wrong == {}
    assert fetched_narrow > 0


def test_the_heaviest_page_weighs_no_more_on_a_phone(
    built_site: Path, browser: Browser, axe_source: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The heaviest page read to the end with motion (its animations play), on the phone and
    on the desktop in the same theme: the phone's renderings weigh no more."""
    paths = [
        path for path in page_paths(built_site) if read_page(built_site, path).redirect is None
    ]
    loaded: dict[tuple[str, str], int] = {}
    with serve(built_site) as base:
        for scheme in ("light", "dark"):
            for width, height, scale in ((1280, 800, 1.0), (390, 844, 3.0)):
                setting = Setting(
                    f"{width}, {scheme}", width, height, scheme, "no-preference", scale
                )
                context = new_context(browser, setting, base)
                for path in paths:
                    found = visit(context, base, path, setting, axe_source)
                    loaded[(path, setting.name)] = sum(
                        (built_site / file).stat().st_size
                        for file in found.loaded
                        if (built_site / file).is_file()
                    )
                context.close()
    heaviest = max(paths, key=lambda path: loaded[(path, "1280, light")])
    with capsys.disabled():
        print("\nBytes loaded with motion, read to the end: phone / desktop")
        for path in sorted(paths, key=lambda path: -loaded[(path, "1280, light")]):
            print(
                f"  light {loaded[(path, '390, light')]:9,d} / {loaded[(path, '1280, light')]:9,d}"
                f"   dark {loaded[(path, '390, dark')]:9,d} / {loaded[(path, '1280, dark')]:9,d}"
                f"  {path}"
            )
    for scheme in ("light", "dark"):
        assert loaded[(heaviest, f"390, {scheme}")] <= loaded[(heaviest, f"1280, {scheme}")]


# -- Each check can fail: a small site made to break them --------------------------------------

BROKEN_PAGE = """<!DOCTYPE html>
<html><head><title>Broken on purpose</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="background: #fff">
<p style="color: #eee">Text too pale to read.</p>
<img src="figure.png">
<img src="http://example.invalid/tracker.png" alt="A pixel from another host">
<article><img src="wide.png" alt="A figure wider than a phone" style="max-width: 100%"></article>
<script>console.error("something broke");</script>
</body></html>
"""


def test_the_browser_checks_catch_a_broken_page(
    tmp_path: Path, browser: Browser, axe_source: str
) -> None:
    (tmp_path / "broken.html").write_text(BROKEN_PAGE, encoding="utf-8")
    Image.new("RGB", (1200, 40), "white").save(tmp_path / "wide.png")  # shrunk on a phone
    found = visit_all(browser, tmp_path, axe_source)
    rules = {rule["id"] for v in found for rule in v.violations}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= rules
    assert all(any("something broke" in error for error in v.errors) for v in found)
    assert all(any("HTTP 404" in error for error in v.errors) for v in found)  # figure.png
    assert all(v.foreign == ["http://example.invalid/tracker.png"] for v in found)
    # Only the figure in the article is measured: shrunk below three quarters on the phone.
    assert all(len(v.drawn) == 1 and (v.drawn[0][1] < MIN_DRAWN) == v.phone for v in found)
    sizes = weights(tmp_path, found)
    assert sizes["broken.html"][0] == len(BROKEN_PAGE) + (tmp_path / "wide.png").stat().st_size
