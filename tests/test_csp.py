"""The Content-Security-Policy every page carries (loopdocs.sphinxext.csp).

On the built site: each page has one policy ``<meta>``, first in ``<head>`` after the charset,
whose hashes are exactly those of the page's inline scripts and style elements (recomputed
here by other means); and in Chromium no page breaks its policy, with the scripts exercised: the
theme toggled on every page, the player played and its second data script loaded, a search run.
A page made to break its policy shows the listener really catches violations.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page
from readsite import page_paths

from loopdocs.sphinxext.csp import policy, with_policy
from tools.buildsite import DOCS, SphinxBuild
from tools.served_site import serve

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
# Every violation the page reports, recorded from before its first script runs.
LISTEN = """
window.loopdocsViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.loopdocsViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
        `(${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
});
"""


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inline(html: str, tag: str) -> set[str]:
    """Hashes of every ``<tag>`` element with no src and a script type (or none)."""
    found = set()
    for attributes, text in re.findall(rf"<{tag}\b([^>]*)>(.*?)</{tag}>", html, re.S | re.I):
        if "src=" in attributes or re.search(r'type="(?!text/javascript|module)', attributes):
            continue
        found.add(digest(text))
    return found


def directives(content: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in content.split(";"):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


# -- The policy tag, on strings ----------------------------------------------------------------

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<title>t</title><style>p { color: red; }</style>
<script>var a = 1;</script><script src="x.js"></script>
<script type="application/json">{"data": true}</script>
</head><body><header>h</header><script>var b = 2;</script></body></html>
"""


def test_the_tag_hashes_exactly_the_inline_scripts_and_styles() -> None:
    html = with_policy(PAGE)
    (content,) = META.findall(html)
    parsed = directives(content)
    assert set(parsed["script-src"]) == {"'self'", digest("var a = 1;"), digest("var b = 2;")}
    assert parsed["style-src-elem"] == ["'self'", digest("p { color: red; }")]
    assert parsed["default-src"] == ["'self'"] and parsed["object-src"] == ["'none'"]
    # first in <head>, right after the charset, before anything it governs
    assert html.index('<meta charset="utf-8">') < html.index(content) < html.index("<title>")


def test_the_tag_is_replaced_not_added_again() -> None:
    once = with_policy(PAGE)
    assert with_policy(once) == once
    stale = once.replace("var a = 1;", "var a = 3;")
    assert with_policy(stale).count("Content-Security-Policy") == 1
    assert digest("var a = 3;") in with_policy(stale)
    assert digest("var a = 1;") not in with_policy(stale)


def test_a_page_without_head_is_refused() -> None:
    with pytest.raises(ValueError, match="<head>"):
        with_policy("<p>no head</p>")


# -- A tiny build: an extension's inline script, a redirect page, a rebuild -------------------

TINY_CONF = """
project = "tiny"
extensions = ["myst_nb", "sphinx_reredirects", "loopdocs.sphinxext"]
exclude_patterns = ["_build"]
redirects = {"old": "index.html"}
redirect_html_template_file = "redirect.html"  # the site's own


def setup(app):
    app.add_js_file(None, body="window.tinyInline = 1;")
"""


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory: pytest.TempPathFactory, sphinx_build: SphinxBuild) -> Path:
    """A built one-page project (its source beside it in ``../src``) with a redirect."""
    root = tmp_path_factory.mktemp("tiny")
    source = root / "src"
    source.mkdir()
    (source / "conf.py").write_text(TINY_CONF, encoding="utf-8")
    (source / "index.md").write_text("# Tiny\n\nA page.\n", encoding="utf-8")
    template = (DOCS / "_templates" / "redirect.html").read_text(encoding="utf-8")
    (source / "redirect.html").write_text(template, encoding="utf-8")
    result = sphinx_build(source, root / "html")
    assert result.returncode == 0, result.stderr[-4000:]
    return root / "html"


def test_a_tiny_build_hashes_an_extension_s_script_and_its_redirect_page(
    tiny_site: Path, browser: Browser
) -> None:
    index = (tiny_site / "index.html").read_text(encoding="utf-8")
    assert digest("window.tinyInline = 1;") in META.findall(index)[0]
    redirect = (tiny_site / "old.html").read_text(encoding="utf-8")
    (script,) = re.findall(r"<script>(.*?)</script>", redirect, re.S)
    assert digest(script) in META.findall(redirect)[0]
    with serve(tiny_site) as base:
        context = browser.new_context()
        context.add_init_script(LISTEN)
        page = context.new_page()
        page.goto(base + "old.html#a-section")
        page.wait_for_url("**/index.html#a-section")  # the redirect's script ran
        assert page.evaluate("[window.tinyInline, window.loopdocsViolations]") == [1, []]
        context.close()


def test_a_rebuild_leaves_unchanged_pages_alone(tiny_site: Path, sphinx_build: SphinxBuild) -> None:
    """Sphinx rewrites only some pages on a rebuild (the index, search and redirect pages);
    the policy pass rewrites none that already has its policy."""
    pages = sorted(tiny_site.rglob("*.html"))
    before = [path.read_bytes() for path in pages]
    written = (tiny_site / "index.html").stat().st_mtime_ns
    result = sphinx_build(tiny_site.parent / "src", tiny_site)
    assert result.returncode == 0, result.stderr[-4000:]
    assert [path.read_bytes() for path in pages] == before
    assert (tiny_site / "index.html").stat().st_mtime_ns == written


def test_the_switch_leaves_the_policy_out_and_refuses_a_non_bool(
    tiny_site: Path, sphinx_build: SphinxBuild
) -> None:
    source, root = tiny_site.parent / "src", tiny_site.parent
    result = sphinx_build(source, root / "off" / "html", "-D", "loopdocs_csp=0")
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Content-Security-Policy" not in (root / "off" / "html" / "index.html").read_text()
    result = sphinx_build(source, root / "bad" / "html", "-D", "loopdocs_csp=no")
    assert result.returncode != 0
    assert "'loopdocs_csp' must be '0' or '1', got 'no'" in result.stderr
    (root / "conf").mkdir()
    for name in ("index.md", "redirect.html"):
        (root / "conf" / name).write_bytes((source / name).read_bytes())
    (root / "conf" / "conf.py").write_text(TINY_CONF + 'loopdocs_csp = "no"\n', encoding="utf-8")
    result = sphinx_build(root / "conf", root / "conf-build" / "html")
    assert result.returncode != 0
    assert "loopdocs_csp must be True or False" in result.stderr, result.stderr[-2000:]
    assert "not 'no'" in result.stderr


# -- The built site's files ------------------------------------------------------------------


def test_every_page_carries_its_exact_policy(built_site: Path) -> None:
    paths = page_paths(built_site)
    assert "training-loop.html" in paths and "search.html" in paths
    for path in paths:
        html = (built_site / path).read_text(encoding="utf-8")
        found = META.findall(html)
        assert len(found) == 1, path
        head = html[html.index("<head") : html.index("</head>")]
        assert re.match(r'<head>\s*<meta charset="utf-8">\s*<meta http-equiv', head), path
        parsed = directives(found[0])
        scripts = inline(html, "script")
        assert scripts, path  # furo's theme script is on every page
        assert set(parsed["script-src"]) == {"'self'"} | scripts, path
        assert set(parsed["style-src-elem"]) == {"'self'"} | inline(html, "style"), path
        assert found[0] == policy(
            [s.strip("'") for s in sorted(scripts)],
            [s.strip("'") for s in sorted(inline(html, "style"))],
        )


# -- The built site in Chromium --------------------------------------------------------------


def open_page(context: BrowserContext, url: str) -> tuple[Page, list[str]]:
    page = context.new_page()
    console: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or message.type == "error":
            console.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: console.append(f"uncaught: {error}"))
    page.goto(url, wait_until="load")
    return page, console


def exercise(page: Page, path: str) -> None:
    """Run what the page's scripts do for a reader."""
    toggle = page.locator(".theme-toggle:visible")
    for _ in range(3 if toggle.count() else 0):  # furo's cycle: auto, dark, light
        toggle.first.click()
    if page.locator(".loopdocs-player").count():
        page.wait_for_selector(".loopdocs-player-active")
        page.get_by_role("button", name="Play").click()
        page.wait_for_timeout(300)
        page.get_by_role("switch").click()  # zero_grad() off: loads the second data script
        # a function, not an expression: Playwright would eval an expression, which the policy
        # rightly refuses
        page.wait_for_function("() => Object.keys(window.loopdocsRuns).length === 2")
    if page.locator("details.sd-dropdown").count():
        page.locator("details.sd-dropdown summary").first.click()
    if path == "search.html":
        page.goto(page.url + "?q=gradient", wait_until="load")
        page.wait_for_selector("#search-results li")
    page.wait_for_load_state("networkidle")


def violations_on(browser: Browser, site: Path, paths: list[str]) -> list[str]:
    found = []
    with serve(site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.add_init_script(LISTEN)
        for path in paths:
            page, console = open_page(context, base + path)
            exercise(page, path)
            reported = page.evaluate("window.loopdocsViolations")
            found += [f"{path}: {text}" for text in reported + console]
            page.close()
        context.close()
    return found


def test_no_page_breaks_its_policy(built_site: Path, browser: Browser) -> None:
    paths = page_paths(built_site)
    assert "training-loop.html" in paths and "search.html" in paths
    assert violations_on(browser, built_site, paths) == []


def test_the_check_catches_a_page_that_breaks_its_policy(tmp_path: Path, browser: Browser) -> None:
    page = with_policy(PAGE.replace("</body>", '<p style="x">s</p></body>'))
    page = page.replace("</body>", "<script>var c = 3;</script></body>")  # added after hashing
    (tmp_path / "broken.html").write_text(page, encoding="utf-8")
    (tmp_path / "x.js").write_text("", encoding="utf-8")
    found = violations_on(browser, tmp_path, ["broken.html"])
    assert len([text for text in found if "script-src-elem blocked inline" in text]) == 1, found
    assert any("Content Security Policy" in text for text in found), found  # the console's
    assert not any("style-src" in text for text in found), found  # style attributes may stay
