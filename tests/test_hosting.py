"""The site as a host serves it: the public URL, sitemap, robots.txt, Open Graph, the 404 page
under a sub-path, and the Read the Docs and GitHub Pages configurations that build it.

The builds here use the real docs/conf.py (with its _static, _templates and _inventories) on
two tiny pages, so they take seconds, not the real site's minutes (``tinysite`` tests).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import yaml
from PIL import Image
from readsite import read_page
from sphinx.errors import ConfigError

from loopdocs.describe.social_card import describe_social_card
from loopdocs.draw.social_card import social_card_png
from loopdocs.sphinxext import hosting
from tools.buildsite import DOCS, ROOT, SphinxBuild
from tools.served_site import serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser

PUBLIC = "https://example.org/loopdocs/"
NO_URL = {hosting.BASEURL_VARIABLE: "", hosting.READTHEDOCS_VARIABLE: ""}
TITLE = "loopdocs: the PyTorch training loop"  # docs/conf.py's html_title
HOME = """---
myst:
  html_meta:
    description: "The home page of a tiny site that checks what a host serves: this text."
---

# Home

The first paragraph of the home page.

```{toctree}
guide/page
```
"""


# -- The public URL -------------------------------------------------------------------------


def test_the_url_comes_from_loopdocs_baseurl_then_read_the_docs() -> None:
    rtd = "https://loopdocs.readthedocs.io/en/latest/"
    assert hosting.base_url({}) == ""
    assert hosting.base_url({hosting.READTHEDOCS_VARIABLE: rtd}) == rtd
    both = {hosting.BASEURL_VARIABLE: PUBLIC, hosting.READTHEDOCS_VARIABLE: rtd}
    assert hosting.base_url(both) == PUBLIC
    assert hosting.url_path(PUBLIC) == "/loopdocs/"
    assert hosting.url_path(rtd) == "/en/latest/"
    assert hosting.url_path("") == "/"


@pytest.mark.parametrize(
    "value",
    [
        "https://example.org/loopdocs",  # no final slash: pages would join onto "loopdocs"
        "example.org/loopdocs/",
        "ftp://example.org/",
        "https:///loopdocs/",
        "https://example.org/?v=1/",
    ],
)
@pytest.mark.parametrize("variable", [hosting.BASEURL_VARIABLE, hosting.READTHEDOCS_VARIABLE])
def test_a_bad_url_is_refused_naming_its_variable(value: str, variable: str) -> None:
    with pytest.raises(ConfigError, match=rf"^{variable} must .*{re.escape(repr(value))}"):
        hosting.base_url({variable: value})


# -- The social card ------------------------------------------------------------------------


def test_the_card_is_the_same_bytes_every_time_at_open_graph_s_size() -> None:
    first = social_card_png(TITLE, hosting.SOCIAL_CARD_SIZE)
    assert first == social_card_png(TITLE, hosting.SOCIAL_CARD_SIZE)
    assert first != social_card_png("another site", hosting.SOCIAL_CARD_SIZE)
    with Image.open(BytesIO(first)) as card:
        assert card.size == hosting.SOCIAL_CARD_SIZE
        assert "Software" not in card.info
    assert describe_social_card(TITLE).startswith(f"{TITLE}. A training loss curve")


# -- Builds of the real configuration -------------------------------------------------------


def build(sphinx_build: SphinxBuild, root: Path, env: dict[str, str]) -> tuple[Path, str]:
    """docs/conf.py on two tiny pages, built in parallel; (html folder, what it printed)."""
    source = root / "source"
    source.mkdir(parents=True)
    shutil.copy(DOCS / "conf.py", source)
    for folder in ("_static", "_templates", "_inventories"):
        shutil.copytree(DOCS / folder, source / folder)
    (source / "index.md").write_text(HOME, encoding="utf-8")
    (source / "guide").mkdir()
    (source / "guide" / "page.md").write_text("# A page\n\nIn a folder.\n", encoding="utf-8")
    outdir = root / "build" / "html"
    result = sphinx_build(source, outdir, env=env)
    return outdir, result.stdout + result.stderr if result.returncode else ""


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory, sphinx_build: SphinxBuild) -> Path:
    """Built for https://example.org/loopdocs/ (as for GitHub Pages)."""
    env = {**NO_URL, "LOOPDOCS_BASEURL": PUBLIC}
    site, failure = build(sphinx_build, tmp_path_factory.mktemp("hosted"), env)
    if failure:
        pytest.fail(f"the build failed:\n{failure[-6000:]}")
    return site


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory, sphinx_build: SphinxBuild) -> Path:
    """Built with no public URL (a laptop)."""
    site, failure = build(sphinx_build, tmp_path_factory.mktemp("local"), NO_URL)
    if failure:
        pytest.fail(f"the build failed:\n{failure[-6000:]}")
    return site


def meta(site: Path, page: str) -> dict[str, str]:
    """A page's <meta property|name=... content=...> tags and its canonical link."""
    html = (site / page).read_text(encoding="utf-8")
    tags = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))
    for content, name in re.findall(r'<meta content="([^"]*)" name="(description)"', html):
        tags[name] = content  # myst-nb's html_meta writes content= first
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    if canonical:
        tags["canonical"] = canonical.group(1)
    return tags


def test_a_bad_url_stops_the_build_naming_the_variable(
    tmp_path: Path, sphinx_build: SphinxBuild
) -> None:
    _, failure = build(
        sphinx_build, tmp_path, {**NO_URL, "LOOPDOCS_BASEURL": "example.org/loopdocs"}
    )
    assert "LOOPDOCS_BASEURL must be the site's public URL" in failure


def test_the_sitemap_lists_every_page_once_sorted_under_the_public_url(hosted: Path) -> None:
    tree = ElementTree.parse(hosted / "sitemap.xml")
    locs = [loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs == [f"{PUBLIC}guide/page.html", f"{PUBLIC}index.html"]
    robots = (hosted / "robots.txt").read_text(encoding="utf-8")
    assert robots == f"User-agent: *\nAllow: /\n\nSitemap: {PUBLIC}sitemap.xml\n"


def test_pages_carry_absolute_open_graph_tags_and_the_card(hosted: Path) -> None:
    tags = meta(hosted, "guide/page.html")
    assert tags["canonical"] == tags["og:url"] == f"{PUBLIC}guide/page.html"
    assert tags["og:image"] == f"{PUBLIC}{hosting.SOCIAL_CARD}"
    assert tags["og:image:alt"] == describe_social_card(TITLE)
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:site_name"] == "loopdocs"
    home = meta(hosted, "index.html")
    assert home["og:description"] == home["description"]  # the page's own, not its first words
    assert (hosted / hosting.SOCIAL_CARD).read_bytes() == social_card_png(
        TITLE, hosting.SOCIAL_CARD_SIZE
    )


def test_without_a_url_nothing_absolute_is_made_up(local: Path) -> None:
    assert not (local / "sitemap.xml").exists()
    assert (local / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    tags = meta(local, "index.html")
    assert "canonical" not in tags
    assert not {"og:url", "og:image", "og:image:alt", "twitter:card"} & set(tags)
    assert tags["og:title"] == "Home" and tags["og:description"] == tags["description"]
    page = read_page(local, "404.html")
    assert "/index.html" in page.links and "/_static/loopdocs.css" in {
        url.split("?")[0] for url in page.loads
    }


# -- The 404 page, served under a sub-path as GitHub Pages serves a project site -----------


@pytest.fixture
def served_under_a_sub_path(hosted: Path, tmp_path: Path) -> Iterator[str]:
    """The site copied into /loopdocs/ of a host that answers a missing address with it 404."""
    shutil.copytree(hosted, tmp_path / "host" / "loopdocs")
    with serve(tmp_path / "host", not_found_page=hosted / "404.html") as base:
        yield base


def test_the_404_page_works_at_any_depth_under_a_sub_path(
    served_under_a_sub_path: str, browser: Browser
) -> None:
    base = served_under_a_sub_path
    missing = f"{base}loopdocs/gone/deeper/than/any/page.html"
    context = browser.new_context()
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else 0)
    page.on(
        "console",
        lambda m: (
            failed.append(f"console: {m.text} ({m.location.get('url')})")
            if m.type == "error"
            else 0
        ),
    )
    response = page.goto(missing, wait_until="networkidle")
    assert response is not None and response.status == 404
    assert page.title().startswith("Page not found")
    assert page.locator("link[rel=stylesheet]").count() >= 3
    styled = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert styled and "Times" not in styled  # furo's stylesheet applied
    # The missing page itself (Chromium logs its status too), and nothing the page loads.
    assert failed == [
        f"404 {missing}",
        f"console: Failed to load resource: the server responded with a status of 404 (Not Found)"
        f" ({missing})",
    ]
    hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    local = sorted(
        {url.split("#")[0] for url in hrefs if url.startswith(base)} - {missing}  # "#top"
    )
    assert f"{base}loopdocs/index.html" in local and f"{base}loopdocs/guide/page.html" in local
    broken = [url for url in local if context.request.get(url).status != 200]
    context.close()
    assert broken == []
    assert all(urlsplit(url).path.startswith("/loopdocs/") for url in local)


# -- Read the Docs and GitHub Pages run the same session ------------------------------------


def test_read_the_docs_runs_nox_docs_and_publishes_its_output() -> None:
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert config["build"]["os"].startswith("ubuntu-")
    assert config["build"]["tools"]["python"] == "3.11"
    jobs = config["build"]["jobs"]
    assert any("pip install" in line and "nox" in line for line in jobs["install"])
    html = jobs["build"]["html"]
    session = [line for line in html if line.split()[-3:] == ["nox", "-s", "docs"]]
    assert session and "PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu" in session[0]
    assert html[-1] == 'cp -r docs/_build/html/. "$READTHEDOCS_OUTPUT/html/"'
    assert html.index(session[0]) < len(html) - 1


def test_github_pages_runs_nox_docs_with_the_pages_url_and_deploys_it() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build_steps = workflow["jobs"]["build"]["steps"]
    uses = {step["uses"].split("@")[0]: step for step in build_steps if "uses" in step}
    for step in uses.values():
        assert re.fullmatch(r"v\d+", step["uses"].split("@")[1]), step["uses"]
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.11"
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "docs/_build/html"
    docs = next(step for step in build_steps if step.get("run") == "nox -s docs")
    pages_id = uses["actions/configure-pages"]["id"]
    assert docs["env"]["LOOPDOCS_BASEURL"] == f"${{{{ steps.{pages_id}.outputs.base_url }}}}/"
    assert docs["env"]["PIP_EXTRA_INDEX_URL"] == "https://download.pytorch.org/whl/cpu"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    assert 'BUILD = DOCS / "_build"' in noxfile and 'sphinx_args(BUILD / "html")' in noxfile


def test_github_pages_deploys_only_after_lint_and_the_tests_pass() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    needs = jobs["deploy"]["needs"]
    assert sorted([needs] if isinstance(needs, str) else needs) == ["build", "test"]
    test = jobs["test"]
    assert "needs" not in test and "if" not in test  # it always runs, on every push
    runs = [step["run"] for step in test["steps"] if "run" in step]
    assert "nox -s lint" in runs and "nox -s tests" in runs
    for session in ("nox -s lint", "nox -s tests"):
        step = next(step for step in test["steps"] if step.get("run") == session)
        assert step["env"]["PIP_EXTRA_INDEX_URL"] == "https://download.pytorch.org/whl/cpu"
        assert step.get("continue-on-error") is not True
    # Debian's chromium, Java and npm, as .ci/run installs them, before the tests.
    install = next(i for i, run in enumerate(runs) if "apt-get install" in run)
    assert {"chromium", "default-jre-headless", "npm"} <= set(runs[install].split())
    assert install < runs.index("nox -s tests")
    assert test["container"].startswith("python:3.11-")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-2:] == ["nox -s lint", "nox -s tests"]


# -- The real site ---------------------------------------------------------------------------


def test_the_real_site_has_what_a_host_serves(built_site: Path) -> None:
    assert (built_site / "404.html").is_file()
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert robots.startswith("User-agent: *\nAllow: /\n")
    assert ("Sitemap: " in robots) == (built_site / "sitemap.xml").is_file()
    assert (built_site / hosting.SOCIAL_CARD).read_bytes() == social_card_png(
        TITLE, hosting.SOCIAL_CARD_SIZE
    )
