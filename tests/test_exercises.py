"""Every notebook page ends with exercises and a Check yourself, and its download carries them.

Issue #22, in the markup CONTRIBUTING.md describes: each notebook page has an ``Exercises``
section (its label ``PREFIX-exercises``) of at least three exercises, each a subsection whose
title starts with its kind ("Predict, then check", "Find the bug" or "Write it"; two kinds at
least on a page), each with its answer in a closed ``loopdocs-answer`` dropdown; and a Check
yourself section (``check-yourself`` or ``PREFIX-check-yourself``) of three to six questions,
each a closed dropdown. The site holds at least 20 exercises. In the page's downloaded notebook
every exercise has a self-check code cell (tagged ``self-check``) and its Answer folded in a
``<details>``. The tests are per page, so a failure names the page that lacks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from loopdocs.sphinxext.notebook import SELF_CHECK
from tools.buildsite import DOCS

#: The three kinds of exercise, as each exercise's title begins.
KINDS = ("Predict, then check", "Find the bug", "Write it")
#: Every page that runs as a notebook: each one teaches, so each one has exercises.
NOTEBOOK_PAGES = sorted(
    page.relative_to(DOCS).with_suffix("").as_posix()
    for page in DOCS.rglob("*.md")
    if "_build" not in page.parts and "file_format: mystnb" in page.read_text("utf-8")[:400]
)


@dataclass
class Exercise:
    title: str  # the heading's text, as a reader sees it
    answers: int  # closed loopdocs-answer dropdowns in it
    opened: int  # loopdocs-answer dropdowns in it that are open


def squeeze(text: str) -> str:
    """Heading text without markup or extra spaces, for comparing the page and the notebook."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a Markdown link: its text
    return " ".join(re.sub(r"[`*]", "", text).split())


def page_sections(site: Path, docname: str) -> tuple[list[Exercise], int | None]:
    """A built page's exercises, and its number of check-yourself questions (None: no such
    section)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / f"{docname}.html").read_text("utf-8"), "html.parser")
    for link in soup.select("a.headerlink"):
        link.decompose()
    found = soup.select('article section[id$="-exercises"]')
    assert len(found) == 1, f"{docname}: {len(found)} sections labelled PREFIX-exercises"
    section = found[0]
    heading = section.find(["h2", "h3"])
    assert heading is not None and squeeze(heading.get_text()) == "Exercises"
    exercises = []
    for sub in section.find_all("section", recursive=False):
        title = sub.find(["h3", "h4"])
        assert title is not None
        answers = sub.select("details.loopdocs-answer")
        opened = [details for details in answers if details.has_attr("open")]
        exercises.append(Exercise(squeeze(title.get_text()), len(answers), len(opened)))
    quiz = soup.select(
        'article section[id="check-yourself"], article section[id$="-check-yourself"]'
    )
    questions = len(quiz[0].select("details.sd-dropdown:not([open])")) if quiz else None
    return exercises, questions


def notebook_exercises(notebook: nbformat.NotebookNode) -> dict[str, set[str]]:
    """Each exercise of a downloaded notebook (a ``###`` heading under ``## Exercises``), with
    what follows it before the next heading: ``self-check`` and ``answer`` (its folded Answer)."""
    found: dict[str, set[str]] = {}
    current: str | None = None
    in_exercises = False
    for cell in notebook.cells:
        if cell.cell_type == "code":
            if current is not None and SELF_CHECK in cell.metadata.get("tags", []):
                found[current].add("self-check")
            continue
        fenced = False
        for line in cell.source.splitlines():
            if line.startswith("```"):
                fenced = not fenced
            heading = None if fenced else re.match(r"(#{1,3}) (.*)", line)
            if heading:
                level, text = len(heading.group(1)), squeeze(heading.group(2))
                if level < 3:
                    in_exercises, current = text == "Exercises", None
                else:
                    current = text if in_exercises else None
                    if current is not None:
                        found[current] = set()
            elif current is not None and line.strip() == "<summary>Answer</summary>":
                found[current].add("answer")
    return found


@pytest.mark.parametrize("docname", NOTEBOOK_PAGES)
def test_a_notebook_page_has_exercises_and_a_check_yourself(built_site: Path, docname: str) -> None:
    exercises, questions = page_sections(built_site, docname)
    assert len(exercises) >= 3, f"{docname}: {len(exercises)} exercises"
    kinds = {kind for exercise in exercises for kind in KINDS if exercise.title.startswith(kind)}
    assert [e.title for e in exercises if not e.title.startswith(KINDS)] == []
    assert len(kinds) >= 2, f"{docname}: exercises of one kind only, {kinds}"
    assert [e.title for e in exercises if e.answers != 1 or e.opened] == []  # one closed answer
    assert questions is not None, f"{docname} has no Check yourself section"
    assert 3 <= questions <= 6, f"{docname}: {questions} check-yourself questions"


@pytest.mark.parametrize("docname", NOTEBOOK_PAGES)
def test_every_exercise_has_a_self_check_and_a_folded_answer_in_the_download(
    built_site: Path, docname: str
) -> None:
    exercises, _ = page_sections(built_site, docname)
    assert exercises, f"{docname} has no exercises"
    download = built_site / "downloads" / f"{docname}.ipynb"
    assert download.is_file(), f"{docname} offers no notebook"
    in_notebook = notebook_exercises(nbformat.read(download, as_version=4))
    assert list(in_notebook) == [exercise.title for exercise in exercises]
    lacking = {title: has for title, has in in_notebook.items() if has != {"self-check", "answer"}}
    assert lacking == {}


def test_the_site_has_at_least_20_exercises(built_site: Path) -> None:
    counts = {}
    for docname in NOTEBOOK_PAGES:
        html = (built_site / f"{docname}.html").read_text("utf-8")
        counts[docname] = len(page_sections(built_site, docname)[0]) if '-exercises"' in html else 0
    print(f"\nexercises per page: {counts}")
    assert sum(counts.values()) >= 20, counts
