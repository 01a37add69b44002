"""What the instructors page says about each page, and the cheat sheet's link, on their own.

Unit tests of loopdocs.sphinxext.syllabus (the reading-time rule, objectives and prerequisites
from front matter, the source repository's setting) and of the section index's opening
sentences and addresses; then a tiny project built in this process (sphinx.testing's
``make_app``): the cheat-sheet link at every page's end but the sheet's, the source repository
linked when configured (in conf.py or the environment) and a way to the code when not, and a
page without objectives named in a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx import addnodes
from sphinx.testing.util import SphinxTestApp

from loopdocs.sphinxext.provenance import SITE_NOTE
from loopdocs.sphinxext.sections import address_literal, first_sentence, rewrite_the_index
from loopdocs.sphinxext.syllabus import (
    CODE_LINES_PER_MINUTE,
    ENVIRONMENT_VARIABLE,
    PROSE_WORDS_PER_MINUTE,
    RULE,
    page_plan,
    reading_minutes,
    source_repository,
)

# As in test_sphinxext.py: figure.py reads SphinxTransform.app, which Sphinx 9 deprecates; that
# warning alone is ignored, by its exact message.
pytestmark = pytest.mark.filterwarnings(
    "ignore:'loopdocs.sphinxext.figure.PictureFallback.app' is deprecated"
    ":sphinx.deprecation.RemovedInSphinx11Warning"
)


def section(*children: nodes.Node) -> nodes.section:
    found = nodes.section(ids=["s"])
    found += nodes.title(text="A section")
    for child in children:
        found += child
    return found


def words(count: int) -> nodes.paragraph:
    return nodes.paragraph(text=" ".join(["word"] * count))


# -- Reading time ------------------------------------------------------------------------------


def test_reading_time_counts_prose_code_and_figures_at_a_novice_pace() -> None:
    # The title's two words count as prose too.
    assert reading_minutes(section(words(PROSE_WORDS_PER_MINUTE - 2))) == 1
    assert reading_minutes(section(words(PROSE_WORDS_PER_MINUTE - 1))) == 2
    code = nodes.literal_block(text="\n".join(["x = 1"] * CODE_LINES_PER_MINUTE * 3))
    # Code is read by lines, not words: three minutes of it, plus the title's moment.
    assert reading_minutes(section(code)) == 4
    figures = [nodes.figure() for _ in range(4)]
    assert reading_minutes(section(*figures)) == 3  # two minutes of figures, and the title
    note = nodes.paragraph(text=" ".join(["note"] * 1000), classes=[SITE_NOTE])
    assert reading_minutes(section(note)) == 1  # the build's own note is not the page's
    assert "130 words a minute" in RULE and "15 lines a minute" in RULE


# -- Objectives and prerequisites ----------------------------------------------------------------


def test_a_page_plan_is_read_from_data_or_json() -> None:
    block = {"objectives": ["a", "b"], "prerequisites": ["training-loop"]}
    for metadata in (
        {"loopdocs": block},
        {"loopdocs": '{"objectives": ["a", "b"], "prerequisites": ["training-loop"]}'},
    ):
        plan = page_plan("page", metadata)
        assert plan.objectives == ("a", "b")
        assert plan.prerequisites == ("training-loop",)


@pytest.mark.parametrize(
    ("metadata", "says"),
    [
        ({}, "'loopdocs' block is missing"),
        ({"loopdocs": "not json"}, "'loopdocs' block is missing"),
        ({"loopdocs": {"objectives": ["one"], "prerequisites": ["x"]}}, "'objectives'"),
        ({"loopdocs": {"objectives": list("abcde"), "prerequisites": ["x"]}}, "'objectives'"),
        ({"loopdocs": {"objectives": ["a", " "], "prerequisites": ["x"]}}, "'objectives'"),
        ({"loopdocs": {"objectives": ["a", "b"]}}, "'prerequisites'"),
        ({"loopdocs": {"objectives": ["a", "b"], "prerequisites": "x"}}, "'prerequisites'"),
    ],
)
def test_a_bad_page_plan_names_the_page_and_what_it_needs(
    metadata: dict[str, object], says: str
) -> None:
    with pytest.raises(ValueError, match="my-page") as raised:
        page_plan("my-page", metadata)
    assert says in str(raised.value)


# -- The source repository ----------------------------------------------------------------------


def test_the_source_repository_comes_from_the_environment_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    assert source_repository("") == ""
    assert source_repository(None) == ""
    assert source_repository(" https://example.org/a ") == "https://example.org/a"
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "https://example.org/b")
    assert source_repository("https://example.org/a") == "https://example.org/b"
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "example.org/b")
    with pytest.raises(ValueError, match=f"{ENVIRONMENT_VARIABLE}.*http.*'example.org/b'"):
        source_repository("")


# -- Opening sentences and addresses -------------------------------------------------------------


def fake_env() -> SimpleNamespace:
    return SimpleNamespace(
        domaindata={"std": {"labels": {"where-next": ("page", "where-next", "Where next")}}},
        titles={"other": nodes.title(text="The other page")},
    )


def reference(target: str, reftype: str = "ref") -> addnodes.pending_xref:
    xref = addnodes.pending_xref(
        "", refdomain="std", reftype=reftype, reftarget=target, refexplicit=False, refdoc="page"
    )
    xref += nodes.inline(text=target)
    return xref


def test_the_opening_sentence_is_prose_with_references_as_their_titles() -> None:
    note = nodes.paragraph(text="The code on this page ran with PyTorch.", classes=[SITE_NOTE])
    sub = section(nodes.paragraph("", "", reference("where-next"), nodes.Text(": more. Then.")))
    assert first_sentence(section(sub, note), fake_env()) == "Where next: more."
    doc = nodes.paragraph("", "", nodes.Text("See "), reference("other", "doc"), nodes.Text("."))
    assert first_sentence(section(doc), fake_env()) == "See The other page."
    # A short "Word:" introduces; it does not end the sentence.
    assert first_sentence(section(nodes.paragraph(text="Clear: empty it. Next.")), fake_env()) == (
        "Clear: empty it."
    )


def test_a_section_without_prose_opens_with_its_caption_question_or_table() -> None:
    figure = nodes.figure()
    figure += nodes.caption(text="Three runs side by side.")
    assert first_sentence(section(figure), fake_env()) == "Three runs side by side."
    dropdown = nodes.container(design_component="dropdown")
    dropdown += nodes.rubric(text="1. What does step() do?")
    dropdown += nodes.paragraph(text="The answer, folded.")
    assert first_sentence(section(dropdown), fake_env()) == "What does step() do?"
    # A question that comes first opens the section, before the prose that follows it.
    later = nodes.paragraph(text="5. What goes wrong in these lines?")
    assert first_sentence(section(dropdown, later), fake_env()) == "What does step() do?"
    table = nodes.table()
    group = nodes.tgroup(cols=2)
    head = nodes.thead()
    row = nodes.row()
    for name in ("Run", "Loss"):
        entry = nodes.entry()
        entry += nodes.paragraph(text=name)
        row += entry
    head += row
    group += head
    table += group
    assert first_sentence(section(table), fake_env()) == "A table: Run, Loss."
    assert first_sentence(section(), fake_env()) == ""


def test_an_address_breaks_only_after_a_slash_or_a_hash() -> None:
    literal = address_literal("https://example.org/loopdocs/troubleshooting/nan-loss.html#demo")
    parts = [node.astext() for node in literal.findall(nodes.inline)]
    assert parts == [
        "https://",
        "example.org/",
        "loopdocs/",
        "troubleshooting/",
        "nan-loss.html#",
        "demo",
    ]
    assert literal.astext().replace("<wbr>", "") == (
        "https://example.org/loopdocs/troubleshooting/nan-loss.html#demo"
    )
    breaks = list(literal.findall(nodes.raw))
    assert len(breaks) == len(parts) - 1 and all(b.astext() == "<wbr>" for b in breaks)


# -- On a tiny project ---------------------------------------------------------------------------

CONF = """
project = "syllabus"
extensions = ["myst_nb", "loopdocs.sphinxext"]
exclude_patterns = ["_build"]
nb_execution_mode = "off"
myst_enable_extensions = ["colon_fence"]
html_theme = "furo"  # the link sits in furo's footer block
loopdocs_source_repository = {repository!r}
"""
PLAN = """---
loopdocs:
  objectives: ["say what `step()` does", "say what a loss is"]
  prerequisites: ["lesson", "Python"]
---
"""
PAGES = {
    "index.md": PLAN
    + "(home)=\n# Home\n\nThe start.\n\n```{toctree}\nlesson\ncheat-sheet\n```\n\n"
    + "```{toctree}\n:caption: About\n\nteach\n```\n",
    "lesson.md": PLAN + "(lesson)=\n# A lesson\n\nIt teaches.\n\n(part)=\n## A part\n\nMore.\n",
    "cheat-sheet.md": PLAN + "(cheat-sheet)=\n# The sheet\n\nAll on one page.\n",
    "teach.md": PLAN
    + "(teach)=\n# Teaching\n\n:::{source-repository}\n:::\n\n:::{section-index}\n:::\n",
}


def build(
    make_app: Callable[..., SphinxTestApp], root: Path, repository: str = "", **pages: str
) -> tuple[Path, str]:
    """Build the tiny project (``pages`` replace its own); the output folder and warnings."""
    root.mkdir()
    (root / "conf.py").write_text(CONF.format(repository=repository))
    for name, text in {**PAGES, **pages}.items():
        (root / name).write_text(text)
    app = make_app("html", srcdir=root, builddir=root / "_build", freshenv=True)
    app.build()
    return Path(app.outdir), app.warning.getvalue()


def soup(out: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((out / page).read_text("utf-8"), "html.parser")


def test_every_page_but_the_sheet_ends_with_its_link_and_the_index_its_plan(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    out, warnings = build(make_app, tmp_path / "site")
    assert not warnings, warnings
    for page in ("index.html", "lesson.html", "teach.html"):
        links = soup(out, page).select("footer .loopdocs-sheet-link a")
        assert [link["href"] for link in links] == ["cheat-sheet.html"], page
        assert not soup(out, page).select("article .loopdocs-sheet-link")  # not the page's prose
    assert not soup(out, "cheat-sheet.html").select(".loopdocs-sheet-link")
    assert not soup(out, "genindex.html").select(".loopdocs-sheet-link")
    # The sidebar's group caption is a heading with its level (Nu checker, axe).
    captions = soup(out, "lesson.html").select(".sidebar-tree p.caption")
    assert [(c.get_text(strip=True), c.get("aria-level")) for c in captions] == [("About", "2")]
    assert soup(out, "cheat-sheet.html").select('link[href*="loopdocs-sheet.css"]')
    assert not soup(out, "lesson.html").select('link[href*="loopdocs-sheet.css"]')

    teach = soup(out, "teach.html")
    facts = [p.get_text(" ", strip=True) for p in teach.select(".loopdocs-page-facts")]
    assert len(facts) == 4  # one per page with a labelled section
    assert all("About 1 minute for a newcomer." in fact for fact in facts), facts
    assert all("Before it: A lesson ; Python." in fact for fact in facts), facts
    assert teach.select_one(".loopdocs-page-facts a")["href"] == "lesson.html"
    objectives = teach.select("ul.loopdocs-page-objectives li")
    assert [li.get_text(strip=True) for li in objectives[:2]] == [
        "say whatstep()does",
        "say what a loss is",
    ]
    assert objectives[0].code is not None
    source = teach.select_one(".loopdocs-source-repository")
    assert "Without the package" in source.get_text()
    assert "download" in source.get_text() and not source.select("a")


def test_a_configured_repository_is_linked_and_the_environment_overrides_it(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    out, _ = build(make_app, tmp_path / "conf", repository="https://example.org/conf")
    links = soup(out, "teach.html").select(".loopdocs-source-repository a")
    assert [link["href"] for link in links] == ["https://example.org/conf"]
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "https://example.org/env")
    out, _ = build(make_app, tmp_path / "env", repository="https://example.org/conf")
    links = soup(out, "teach.html").select(".loopdocs-source-repository a")
    assert [link["href"] for link in links] == ["https://example.org/env"]


def test_a_page_without_objectives_is_a_warning_that_names_it(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    _, warnings = build(make_app, tmp_path / "bare", **{"lesson.md": "(lesson)=\n# A lesson\n"})
    assert "lesson" in warnings and "'loopdocs' block is missing" in warnings


def test_a_page_holding_the_index_is_written_on_every_build(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index quotes every page, so an incremental build that reads only the changed page
    still writes the page holding the index (env-get-updated), which then quotes the change."""
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    root = tmp_path / "site"
    out, _ = build(make_app, root)
    assert "It teaches." in soup(out, "teach.html").get_text()
    lesson = root / "lesson.md"
    lesson.write_text(lesson.read_text().replace("It teaches.", "It now teaches more."))
    app = make_app("html", srcdir=root, builddir=root / "_build", freshenv=False)
    assert rewrite_the_index(app, app.env) == ["teach"]  # what the holder's directive recorded
    listeners = [listener.handler for listener in app.events.listeners["env-get-updated"]]
    assert rewrite_the_index in listeners
    app.build()
    text = soup(out, "teach.html").get_text()
    assert "It now teaches more." in text and "It teaches." not in text
