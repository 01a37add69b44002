"""The instructors' page lists every labelled section of the site, each with a working link.

The index is made by the ``section-index`` directive (loopdocs.sphinxext.sections) from the
pages themselves; here it is checked against the sources: every ``(label)=`` written just
above a heading must have its row, with a link that lands on that section.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

DOCS = Path(__file__).resolve().parents[1] / "docs"
LABEL_ABOVE_HEADING = re.compile(r"^\(([a-z0-9][a-z0-9_-]*)\)=\n#{2,6} ", re.M)


def labelled_sections() -> set[str]:
    """``page.html#label`` for every label the sources put above a section heading."""
    found = set()
    for source in DOCS.rglob("*.md"):
        if "_build" in source.parts:
            continue
        page = source.relative_to(DOCS).with_suffix(".html").as_posix()
        text = source.read_text(encoding="utf-8")
        found |= {f"{page}#{label}" for label in LABEL_ABOVE_HEADING.findall(text)}
    return found


def index_rows(site: Path) -> list[dict[str, str]]:
    soup = BeautifulSoup((site / "for-instructors.html").read_text("utf-8"), "html.parser")
    rows = []
    for row in soup.select(".loopdocs-section-index tbody tr"):
        cells = row.find_all("td")
        link = cells[0].find("a")
        href = link["href"]
        rows.append(
            {
                "href": "for-instructors.html" + href if href.startswith("#") else href,
                "title": link.get_text(" ", strip=True),
                "summary": cells[1].get_text(" ", strip=True),
                "minutes": cells[2].get_text(strip=True),
                "address": cells[3].get_text(strip=True),
            }
        )
    return rows


def test_every_labelled_section_has_its_row(built_site: Path) -> None:
    rows = index_rows(built_site)
    listed = {row["href"] for row in rows}
    sections = labelled_sections()
    assert "training-loop.html#why-zero-grad" in sections  # the scan still finds labels
    assert sections <= listed
    assert len(listed) == len(rows)  # each section once


def test_every_row_links_to_its_section(built_site: Path) -> None:
    rows = index_rows(built_site)
    assert len(rows) >= 10  # the table is still found and read
    for row in rows:
        page, _, section_id = row["href"].partition("#")
        html = (built_site / page).read_text(encoding="utf-8")
        assert f'<section id="{section_id}">' in html, row
        assert row["address"] == row["href"]  # no html_baseurl set: the path from the root
        assert row["minutes"].isdigit() and int(row["minutes"]) >= 1, row
        assert row["title"], row


def test_reading_times_follow_the_page_length(built_site: Path) -> None:
    """The longest page's top section takes longer to read than a short demo's."""
    minutes = {row["href"]: int(row["minutes"]) for row in index_rows(built_site)}
    assert (
        minutes["training-loop.html#why-zero-grad"] > minutes["training-loop.html#epochs-and-steps"]
    )
    assert (
        minutes["training-loop.html#why-zero-grad"]
        >= minutes["training-loop.html#grads-accumulate"]
    )


def test_the_landing_page_links_the_instructors_page(built_site: Path) -> None:
    assert 'href="for-instructors.html"' in (built_site / "index.html").read_text("utf-8")


# -- The index without defects, and what it says about each page (#23) --------------------------

LABEL_LINE = re.compile(r"^\(([a-z0-9][a-z0-9_-]*)\)=$", re.M)


def every_label() -> set[str]:
    """Every ``(label)=`` the sources write, the hyphenated ones (a word like "overfitting"
    may be both a label and plain prose)."""
    found: set[str] = set()
    for source in DOCS.rglob("*.md"):
        if "_build" not in source.parts:
            found |= set(LABEL_LINE.findall(source.read_text(encoding="utf-8")))
    return {label for label in found if "-" in label}


def test_every_row_opens_with_the_sections_own_words(built_site: Path) -> None:
    rows = index_rows(built_site)
    assert len(rows) >= 10
    for row in rows:
        assert row["summary"] and row["summary"] not in {"—", "— —"}, row
        assert not row["summary"].startswith("The code on this page ran with"), row
    summaries = {row["href"]: row["summary"] for row in rows}
    # The four demos open with their symptom, not the build's note on what it ran with.
    assert summaries["troubleshooting/nan-loss.html#demo-nan-loss"].startswith("The loss your")
    # A section that is a figure and a table opens with the figure's caption.
    assert summaries["troubleshooting/nan-loss.html#nan-loss-high-lr-fixes-compared"] == (
        "The worked example’s loop three ways; the loss axis is logarithmic."
    )


def test_no_raw_label_in_any_row_or_paragraph(built_site: Path) -> None:
    labels = every_label()
    assert "troubleshooting-demos" in labels  # the scan still finds them
    soup = BeautifulSoup((built_site / "for-instructors.html").read_text("utf-8"), "html.parser")
    article = soup.select_one("article")
    for code in article.select("code, pre"):
        code.decompose()  # addresses and commands name labels on purpose
    texts = [row["summary"] for row in index_rows(built_site)]
    texts += [p.get_text(" ", strip=True) for p in article.select("p, li")]
    assert len(texts) > 100
    bare = re.compile(r"(?<![\w/#-])(" + "|".join(map(re.escape, labels)) + r")(?![\w-])")
    assert [text for text in texts if bare.search(text)] == []


def page_blocks(site: Path) -> dict[str, dict[str, object]]:
    """Per page of the index: its facts line, objectives and its rows' (title, minutes)."""
    soup = BeautifulSoup((site / "for-instructors.html").read_text("utf-8"), "html.parser")
    blocks: dict[str, dict[str, object]] = {}
    current: dict[str, object] = {}
    for element in soup.select_one(".loopdocs-section-index").find_all(recursive=False):
        classes = element.get("class", [])
        if "rubric" in classes:
            current = {"facts": "", "objectives": [], "rows": []}
            blocks[element.get_text(" ", strip=True)] = current
        elif "loopdocs-page-facts" in classes:
            current["facts"] = element.get_text(" ", strip=True)
        elif element.name == "ul" and "loopdocs-page-objectives" in classes:
            current["objectives"] = [li.get_text(" ", strip=True) for li in element.select("li")]
        elif element.name == "table":
            current["rows"] = [
                (row.find_all("td")[0].get_text(" ", strip=True), row.find_all("td")[2].text)
                for row in element.select("tbody tr")
            ]
    return blocks


def test_every_page_has_objectives_prerequisites_and_one_reading_time(built_site: Path) -> None:
    blocks = page_blocks(built_site)
    assert {"The training loop", "Loss goes to NaN or inf", "Cheat sheet: the training loop"} <= (
        set(blocks)
    )
    minutes = {}
    for title, block in blocks.items():
        facts = str(block["facts"])
        match = re.fullmatch(r"About (\d+) minutes? for a newcomer\. Before it: .+\.", facts)
        assert match, (title, facts)
        assert 2 <= len(block["objectives"]) <= 4, title
        minutes[title] = int(match.group(1))
        # The page's own row, where its title has a label, shows the same number.
        for row_title, row_minutes in block["rows"]:
            if row_title == title:
                assert int(row_minutes) == minutes[title], title
    # Honest for a newcomer: the main page is no 20-minute read.
    assert minutes["The training loop"] >= 30
    assert minutes["The training loop"] > minutes["Troubleshooting the training loop"]


def test_addresses_wrap_only_at_a_slash_or_a_hash(built_site: Path) -> None:
    html = (built_site / "for-instructors.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    addresses = soup.select(".loopdocs-section-index code.loopdocs-address")
    assert len(addresses) == len(index_rows(built_site)) >= 10
    for address in addresses:
        parts = [part.get_text() for part in address.select(".loopdocs-address-part")]
        assert all(part[-1] in "/#" for part in parts[:-1]), parts
        assert len(address.find_all("wbr")) == len(parts) - 1
    assert "word-break: break-all" not in (built_site / "_static/loopdocs.css").read_text()


def content_pages(site: Path) -> list[str]:
    """The built page of every source page, as a path from the site's root."""
    return sorted(
        source.relative_to(DOCS).with_suffix(".html").as_posix()
        for source in DOCS.rglob("*.md")
        if "_build" not in source.parts
    )


def test_every_page_ends_with_a_link_to_the_cheat_sheet(built_site: Path) -> None:
    pages = content_pages(built_site)
    assert "cheat-sheet.html" in pages and len(pages) >= 12
    for page in pages:
        soup = BeautifulSoup((built_site / page).read_text("utf-8"), "html.parser")
        links = soup.select("footer > .loopdocs-sheet-link a")
        if page == "cheat-sheet.html":
            assert links == []
            continue
        depth = page.count("/")
        assert [link["href"] for link in links] == ["../" * depth + "cheat-sheet.html"], page
        # At the end: the last thing after the article, before the next/previous links.
        footer = soup.select_one("footer")
        assert footer.find(True) == links[0].parent, page
    instructors = (built_site / "for-instructors.html").read_text("utf-8")
    soup = BeautifulSoup(instructors, "html.parser")  # and its opening prose links the sheet
    assert soup.select('section#for-instructors > p a[href^="cheat-sheet.html"]')


def test_the_about_group_holds_how_the_site_is_built(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / "index.html").read_text("utf-8"), "html.parser")
    tree = soup.select_one(".sidebar-tree")
    captions = [caption.get_text(strip=True) for caption in tree.select("p.caption")]
    assert captions == ["About"]
    assert tree.select_one("p.caption")["aria-level"] == "2"  # a heading needs its level
    about = tree.select_one("p.caption").find_next_sibling("ul")
    learners = tree.find("ul")
    assert learners is not about
    about_links = {a["href"] for a in about.select("a")}
    learner_links = {a["href"] for a in learners.select("a")}
    assert {"how-this-site-is-built.html", "for-instructors.html"} <= about_links
    assert {"training-loop.html", "cheat-sheet.html"} <= learner_links
    assert "how-this-site-is-built.html" not in learner_links
    assert (built_site / "how-this-site-is-built.html").exists()  # its address is kept
