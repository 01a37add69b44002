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
