"""Terms before use (issue #23): the glossary, and every page's first use of its terms.

The matcher (tests/glossary.py) is checked on small pages here, then on the built site: every
first use linked or defined, every entry used and linked to a section that shows it, every
glossary link pointing at an entry.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from glossary import (
    GLOSSARY_PAGE,
    NOT_ARTICLES,
    Entry,
    Miss,
    Use,
    first_uses,
    glossary_entries,
    term_uses,
    unmarked_first_uses,
    wrap_first_use,
)
from readsite import page_paths

ENTRIES = [
    Entry(("gradient",), ("term-gradient",)),
    Entry(("gradient clipping",), ("term-gradient-clipping",)),
    Entry(("learning rate",), ("term-learning-rate",)),
    Entry(("backward pass", "back-propagation"), ("term-backward-pass", "term-back-propagation")),
    Entry(("batch",), ("term-batch",)),
    Entry(("mini-batch",), ("term-mini-batch",)),
    Entry(("step",), ("term-step",)),
]
LINK = (
    '<a class="reference internal" href="{page}#{id}">'
    '<span class="xref std std-term">{text}</span></a>'
)


def verdicts(body: str) -> dict[str, bool]:
    """Each term's first use in an article made of ``body``: marked or not."""
    uses = term_uses(f"<html><body><article>{body}</article></body></html>", ENTRIES)
    return {use.entry.name: use.marked for use, _ in first_uses(uses)}


def link(text: str, term_id: str, page: str = "glossary.html") -> str:
    return LINK.format(page=page, id=term_id, text=text)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A glossary link to the term counts, plural included, and so does a deeper page's.
        (f"<p>Clear the {link('gradients', 'term-gradient')}.</p>", {"gradient": True}),
        (
            f"<p>The {link('gradient', 'term-gradient', '../glossary.html')}.</p>",
            {"gradient": True},
        ),
        # A term defined in place counts.
        ('<p>The <em class="dfn">learning rate</em> sets it.</p>', {"learning rate": True}),
        # A bare first use fails, even when a later use is linked.
        (
            f"<p>Clear the gradients.</p><p>The {link('gradient', 'term-gradient')}.</p>",
            {"gradient": False},
        ),
        # A link to another term, or a plain italic, does not count for this one.
        (f"<p>The {link('gradient', 'term-batch')}.</p>", {"gradient": False}),
        ("<p>The <em>gradient</em>.</p>", {"gradient": False}),
        # Code, headings and another link's text are not prose: the first use is the next one.
        (
            "<h2>The gradient</h2><p><code>gradient = w.grad</code>, "
            '<a href="training-loop.html#first-step">the gradient</a>, '
            f"then the {link('gradient', 'term-gradient')}.</p>",
            {"gradient": True},
        ),
        # Longest first: "gradient clipping" is its own term; "batch" is not in "mini-batches".
        (
            f"<p>Use {link('gradient clipping', 'term-gradient-clipping')} on mini-batches.</p>",
            {"gradient clipping": True, "mini-batch": False},
        ),
        # Another name of the entry counts; hyphen and space alike.
        (
            f"<p>{link('Back-propagation', 'term-back-propagation')}: the learning-rate.</p>",
            {"backward pass": True, "learning rate": False},
        ),
        # A phrase where the word means something else is no use of the term.
        (f"<p>1,000 rounding steps, then a {link('step', 'term-step')}.</p>", {"step": True}),
        ("<p>Within 1,000 rounding\nsteps.</p>", {}),
        # A first use inside a dropdown is linked, but the first use outside is checked too.
        (
            f"<details><summary>Answer</summary><p>{link('Gradients', 'term-gradient')}.</p>"
            "</details><p>The gradient.</p>",
            {"gradient": False},
        ),
        # A dropdown's title is not prose: the first use is the one inside, then outside.
        (
            f"<details><summary>Why gradients?</summary><p>{link('Gradients', 'term-gradient')}"
            f".</p></details><p>The {link('gradient', 'term-gradient')}.</p>",
            {"gradient": True},
        ),
    ],
)
def test_the_matcher_finds_each_first_use_and_its_mark(
    body: str, expected: dict[str, bool]
) -> None:
    assert verdicts(body) == expected


def test_a_term_never_spans_two_blocks_and_words_split_by_markup_still_match() -> None:
    assert verdicts("<ul><li>learning</li><li>rate</li></ul>") == {}
    assert verdicts("<p>the learning <strong>rate</strong></p>") == {"learning rate": False}


def test_glossary_entries_group_each_entry_s_names() -> None:
    html = (
        '<dl class="simple glossary"><dt id="term-backward-pass">backward pass'
        '<a class="headerlink" href="#term-backward-pass">#</a></dt>'
        '<dt id="term-back-propagation">back-propagation</dt><dd><p>The third move.</p></dd>'
        '<dt id="term-batch">batch</dt><dd><p>Examples.</p></dd></dl>'
    )
    assert glossary_entries(html) == ENTRIES[3:5]


def test_every_page_links_or_defines_each_term_where_it_first_uses_it(built_site: Path) -> None:
    misses = unmarked_first_uses(built_site)
    assert not misses, (
        "a first use of a glossary term is neither a {term} link nor a {dfn} (docs/glossary.md "
        "says how; python tests/glossary.py SITE --wrap wraps them):\n"
        + "\n".join(map(str, misses))
    )


@pytest.fixture(scope="module")
def entries(built_site: Path) -> list[Entry]:
    return glossary_entries((built_site / GLOSSARY_PAGE).read_text(encoding="utf-8"))


def test_the_glossary_holds_the_site_s_terms(entries: list[Entry]) -> None:
    names = {term.lower() for entry in entries for term in entry.terms}
    assert 30 <= len(entries) <= 60
    assert {"gradient", "learning rate", "optimizer", "epoch", "autograd", "dropout"} <= names


def test_every_glossary_term_is_used_on_the_site(built_site: Path, entries: list[Entry]) -> None:
    used: set[str] = set()
    for page in page_paths(built_site):
        if page not in NOT_ARTICLES:
            html = (built_site / page).read_text(encoding="utf-8")
            used |= {use.entry.name for use in term_uses(html, entries)}
    assert not [entry.name for entry in entries if entry.name not in used]


def test_every_definition_links_to_a_section_that_shows_it(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / GLOSSARY_PAGE).read_text(encoding="utf-8"), "html.parser")
    definitions = soup.select("dl.glossary > dd")
    assert definitions
    for definition in definitions:
        targets = [urlsplit(str(a.get("href"))) for a in definition.select("a.reference.internal")]
        shown = [t for t in targets if t.path.endswith(".html") and t.path != GLOSSARY_PAGE]
        assert shown and all(t.fragment for t in shown), definition.get_text()[:80]


def test_every_glossary_link_on_the_site_points_at_an_entry(
    built_site: Path, entries: list[Entry]
) -> None:
    ids = {term_id for entry in entries for term_id in entry.ids}
    linked: set[str] = set()
    for page in page_paths(built_site):
        soup = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
        for anchor in soup.select("article a[href]"):
            target = urlsplit(str(anchor["href"]))
            if target.path.endswith(GLOSSARY_PAGE) and target.fragment.startswith("term-"):
                linked.add(target.fragment)
    assert linked and linked <= ids
    # The glossary sits in the site's navigation, where a reader looks for it.
    assert 'href="glossary.html"' in (built_site / "index.html").read_text(encoding="utf-8")


def test_a_downloaded_notebook_reads_terms_as_words_and_definitions_in_bold(
    built_site: Path,
) -> None:
    import json

    notebook = json.loads((built_site / "downloads/training-loop.ipynb").read_text("utf-8"))
    prose = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    assert "{term}" not in prose and "{dfn}" not in prose
    assert "its **parameters**" in prose  # {dfn}`parameters`
    assert "the previous pass's gradients." in prose  # {term}`gradients <gradient>`


GRADIENT_MISS = Miss(
    "page.html", Use(ENTRIES[0], "gradients", "", marked=False, folded=False), reopened=False
)
MYST_PAGE = """---
myst: {}
---

(label)=
## The gradients

```{code-cell} ipython3
gradients = []
```

```{note}
Bold **gradients**, `gradients` in code and {ref}`gradients <label>` take no role.
```

:::{dropdown} Why gradients?
Folded gradients.
:::

Then the gradients, and gradients again.
"""


def test_wrap_finds_the_first_place_in_prose_a_role_can_go() -> None:
    wrapped = wrap_first_use(MYST_PAGE, GRADIENT_MISS)
    assert wrapped == MYST_PAGE.replace("Folded gradients.", "Folded {term}`gradients <gradient>`.")
    # The first use outside the dropdowns, when that is the miss.
    reopened = Miss("page.html", GRADIENT_MISS.use, reopened=True)
    assert wrap_first_use(MYST_PAGE, reopened) == MYST_PAGE.replace(
        "Then the gradients,", "Then the {term}`gradients <gradient>`,"
    )
    # Nowhere to wrap: the word only in code and headings.
    assert wrap_first_use("## gradients\n\n`gradients`\n", GRADIENT_MISS) is None
