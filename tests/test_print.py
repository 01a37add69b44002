"""The training-loop page printed to PDF by Chromium: what a teacher hands out.

Printed with Playwright's ``page.pdf()`` (headless Chromium's print) and read back with pypdf:
every check-yourself and exercise answer, and every folded solution, is in it although its
dropdown was closed, nothing of the sidebars or the theme's buttons is, every animation is its
final frame in the light theme (a GIF would print its first frame), and links to other sites
carry their address. The reader's dark theme is emulated: paper gets the light one all the
same. The answer key: with "Print without answers" checked in an Exercises or Check yourself
section, or opened from a ``?answers=hidden`` link, the printout holds every question and no
answer or solution; without JavaScript there is no checkbox and the answers print.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

PAGE = "training-loop.html"
# Furo shows both sidebars on paper this wide (1587 px), and neither on A4 portrait.
PAPERS = [("A4", False), ("A3", True)]
# Text of furo's chrome that a printed page must not carry.
CHROME = ["Skip to content", "Back to top", "On this page"]


@dataclass
class Printout:
    """One PDF of the page, and what the page itself said before printing."""

    text: str  # every page's text, whitespace removed (PDF text breaks lines anywhere)
    images: list[np.ndarray]  # every image the PDF embeds, as RGB pixels
    answers: list[str]  # each dropdown's hidden body text, whitespace removed
    sidebar_only: list[str]  # navigation text the article itself never says
    external: list[str]  # href of every link to another site in the article
    internal: list[str]  # href of every link to an anchor on the page


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"), dtype=np.int16)


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="dark")
    page = context.new_page()
    page.goto(f"{site_url}/{PAGE}", wait_until="load")
    page.wait_for_selector(".loopdocs-player-active")  # printed with the player running
    yield page
    context.close()


def print_page(page: Page, paper: str, landscape: bool) -> Printout:
    answers = page.eval_on_selector_all(
        "details .sd-summary-content", "nodes => nodes.map(node => node.textContent)"
    )
    sidebar_only = page.evaluate(
        """() => {
            const article = document.querySelector("article").textContent;
            return [...document.querySelectorAll(".sidebar-drawer a, .toc-drawer a")]
                .map(link => link.textContent.trim())
                .filter(text => text && !article.includes(text));
        }"""
    )
    external = page.eval_on_selector_all(
        "article a[href^='http']", "links => links.map(link => link.getAttribute('href'))"
    )
    internal = page.eval_on_selector_all(
        "article a[href^='#']:not(.headerlink)",
        "links => links.map(link => link.getAttribute('href'))",
    )
    pdf = PdfReader(io.BytesIO(page.pdf(format=paper, landscape=landscape)))
    return Printout(
        text=squeeze("".join(sheet.extract_text() for sheet in pdf.pages)),
        images=[pixels(image.image) for sheet in pdf.pages for image in sheet.images],
        answers=[squeeze(answer) for answer in answers],
        sidebar_only=sidebar_only,
        external=external,
        internal=internal,
    )


@pytest.mark.parametrize(("paper", "landscape"), PAPERS)
def test_the_printout_holds_every_answer_and_no_navigation(
    page: Page, paper: str, landscape: bool
) -> None:
    printout = print_page(page, paper, landscape)
    assert squeeze("Check yourself") in printout.text
    assert len(printout.answers) == page.locator("details.sd-dropdown").count() >= 7
    assert [answer for answer in printout.answers if answer not in printout.text] == []
    assert printout.sidebar_only  # the navigation names pages this one does not
    assert [text for text in printout.sidebar_only if squeeze(text) in printout.text] == []
    assert [text for text in CHROME if squeeze(text) in printout.text] == []
    assert squeeze("Text and figures CC BY 4.0") in printout.text  # the footer's licence stays
    # printing opened the dropdowns for itself only
    assert page.locator("details[open]").count() == 0


@pytest.mark.parametrize(("paper", "landscape"), PAPERS[:1])
def test_links_to_other_sites_print_their_address(page: Page, paper: str, landscape: bool) -> None:
    printout = print_page(page, paper, landscape)
    assert printout.external  # the page links PyTorch's docs
    assert [url for url in printout.external if f"({url})" not in printout.text] == []
    assert printout.internal
    assert [url for url in printout.internal if url in printout.text] == []


def test_animations_print_as_their_light_still(page: Page, built_site: Path) -> None:
    """On paper each animated figure shows one image, its light still, and that still (not
    the animation's first frame, nor the dark still) is what the PDF holds."""
    page.emulate_media(media="print")
    shown = page.eval_on_selector_all(
        "figure.loopdocs-animated",
        """figures => figures.map(figure => [...figure.querySelectorAll("img")]
            .filter(image => image.getClientRects().length > 0)
            .map(image => [image.className, image.getAttribute("src")]))""",
    )
    assert len(shown) >= 2  # the worked example's run (in the player) and the diverging one
    for images in shown:
        assert len(images) == 1, images
        classes, _ = images[0]
        assert {"loopdocs-still", "only-light"} <= set(classes.split()), classes
    page.emulate_media(media=None)

    def files(kind: str, theme: str) -> list[np.ndarray]:
        sources = page.eval_on_selector_all(
            f"figure.loopdocs-animated img.{kind}.only-{theme}",
            "images => images.map(image => image.getAttribute('src'))",
        )
        found = []
        for source in sources:
            with Image.open(built_site / source) as image:  # a GIF opens at its first frame
                found.append(pixels(image))
        return found

    printed = print_page(page, "A4", False).images

    def in_pdf(image: np.ndarray) -> bool:
        # Chromium embeds an image's pixels unscaled; colour management may move a level or two.
        return any(
            found.shape == image.shape and np.abs(found - image).max() <= 3 for found in printed
        )

    stills = files("loopdocs-still", "light")
    assert len(stills) == len(shown)
    assert all(in_pdf(still) for still in stills)
    others = files("loopdocs-animation", "light") + files("loopdocs-still", "dark")
    assert len(others) == 2 * len(shown)
    assert not any(in_pdf(image) for image in others)


def test_printing_opens_every_dropdown_by_script_too(page: Page) -> None:
    """loopdocs.js opens closed <details> for printing (browsers without ::details-content
    print a closed one as its summary alone) and closes again only those it opened."""
    dropdowns = page.locator("details.sd-dropdown")
    assert dropdowns.count() >= 7
    dropdowns.first.locator("summary").click()  # a reader opened the first one
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details.sd-dropdown[open]").count() == dropdowns.count()
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("details.sd-dropdown[open]").count() == 1
    assert dropdowns.first.get_attribute("open") is not None


# -- The answer key: printed without answers ---------------------------------------------------

TOGGLE = ".loopdocs-answers-toggle input[type=checkbox]"


def answer_key(page: Page) -> dict[str, list[str]]:
    """What the page holds, whitespace removed: the check-yourself questions (dropdown
    summaries outside exercises), every dropdown's answer text, and the folded solutions'
    code."""
    return {
        "questions": page.eval_on_selector_all(
            "details.sd-dropdown:not(.loopdocs-answer, .loopdocs-maths) summary",
            "nodes => nodes.map(node => node.textContent)",
        ),
        "answers": page.eval_on_selector_all(
            "details.sd-dropdown:not(.loopdocs-maths) .sd-summary-content",
            "nodes => nodes.map(node => node.textContent)",
        ),
        "solutions": page.eval_on_selector_all(
            "div.cell details.hide .cell_input pre", "nodes => nodes.map(node => node.textContent)"
        ),
    }


def visible(page: Page, selector: str) -> int:
    """How many elements matching ``selector`` take up room on the page as it is now."""
    return page.eval_on_selector_all(
        selector, "nodes => nodes.filter(node => node.getClientRects().length > 0).length"
    )


def test_the_checkbox_prints_the_page_without_answers(page: Page) -> None:
    toggles = page.locator(TOGGLE)
    sections = page.locator('section[id$="-exercises"], section[id$="check-yourself"]')
    assert toggles.count() == sections.count() >= 2  # one in Exercises, one in Check yourself
    assert not any(toggles.nth(i).is_checked() for i in range(toggles.count()))
    key = {part: [squeeze(text) for text in texts] for part, texts in answer_key(page).items()}
    assert key["questions"] and key["answers"] and key["solutions"]

    maths = [
        squeeze(text)
        for text in page.eval_on_selector_all(
            "details.loopdocs-maths .sd-summary-content", "nodes => nodes.map(n => n.textContent)"
        )
    ]
    toggles.first.check()  # in one section: it applies to the whole page
    assert all(toggles.nth(i).is_checked() for i in range(toggles.count()))
    assert "answers=hidden" in page.url  # the address to share keeps the choice
    page.emulate_media(media="print")
    assert visible(page, ".loopdocs-answer") == 0
    assert visible(page, ".cell.tag_hide-input, .cell.tag_hide-cell") == 0
    assert visible(page, "details.sd-dropdown:not(.loopdocs-maths) .sd-summary-content") == 0
    assert visible(page, ".loopdocs-answers-toggle") == 0  # the checkbox is not printed
    assert visible(
        page, "details.sd-dropdown:not(.loopdocs-answer, .loopdocs-maths) summary"
    ) == len(key["questions"])
    page.emulate_media(media="null")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details.sd-dropdown[open], div.cell details.hide[open]").count() == len(
        maths
    )  # the maths set aside is not an answer: it alone opens
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")

    printed = print_page(page, "A4", False).text
    assert maths and [part for part in maths if part not in printed] == []
    assert [question for question in key["questions"] if question not in printed] == []
    assert [answer for answer in key["answers"] if answer in printed] == []
    assert [solution for solution in key["solutions"] if solution in printed] == []

    toggles.last.uncheck()  # and back: the answers print again
    assert "answers=hidden" not in page.url
    printed = print_page(page, "A4", False).text
    assert [answer for answer in key["answers"] if answer not in printed] == []
    assert [solution for solution in key["solutions"] if solution not in printed] == []


def test_a_link_with_answers_hidden_prints_the_handout(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{site_url}/{PAGE}?answers=hidden#tl-exercises", wait_until="load")
    toggles = page.locator(TOGGLE)
    assert toggles.count() >= 2
    assert all(toggles.nth(i).is_checked() for i in range(toggles.count()))
    key = {part: [squeeze(text) for text in texts] for part, texts in answer_key(page).items()}
    printed = print_page(page, "A4", False).text
    assert key["questions"] and key["answers"] and key["solutions"]
    assert [question for question in key["questions"] if question not in printed] == []
    assert [answer for answer in key["answers"] if answer in printed] == []
    assert [solution for solution in key["solutions"] if solution in printed] == []
    context.close()


def test_without_javascript_there_is_no_checkbox_and_answers_print(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/{PAGE}?answers=hidden", wait_until="load")
    assert page.locator(".loopdocs-answers-toggle").count() == 0
    page.emulate_media(media="print")
    assert visible(page, "div.cell details.hide .cell_input") > 0  # folded solutions print
    assert visible(page, ".loopdocs-answer") > 0
    context.close()


# -- The cheat sheet: one A4 page ---------------------------------------------------------------

SHEET = "cheat-sheet.html"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_cheat_sheet_prints_on_one_a4_page(
    browser: Browser, site_url: str, scheme: str
) -> None:
    """Printed at A4 (its stylesheet's @page, Chromium's default margins aside), the sheet is
    one page holding the five moves, the whole template loop, the symptom table and the key
    terms, and none of the site's navigation."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{site_url}/{SHEET}", wait_until="load")
    moves = page.eval_on_selector_all(
        "#sheet-moves li strong", "nodes => nodes.map(node => node.textContent)"
    )
    loop = page.eval_on_selector("#sheet-loop pre", "node => node.textContent")
    rows = page.eval_on_selector_all(
        "#sheet-symptoms tbody tr", "rows => rows.map(row => row.textContent)"
    )
    terms = page.eval_on_selector_all("#sheet-terms dt", "nodes => nodes.map(n => n.textContent)")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    context.close()
    assert len(pdf.pages) == 1
    text = squeeze(pdf.pages[0].extract_text())
    assert moves == ["Clear", "Predict", "Measure", "Back-propagate", "Step"]
    assert len(rows) == 4 and len(terms) >= 5
    for part in [*moves, *rows, *terms]:
        assert squeeze(part) in text, part
    # Every line of the loop is on the page, as examples/fit_line.py has it.
    example = Path(__file__).parents[1] / "examples"
    source = (example / "fit_line.py").read_text(encoding="utf-8")
    shown = source.split("# [start-fit]\n", 1)[1].split("# [end-fit]", 1)[0]
    assert squeeze(loop) == squeeze(shown)
    assert squeeze(shown) in text
    assert [chrome for chrome in CHROME if squeeze(chrome) in text] == []
    assert squeeze("The cheat sheet:") not in text  # the sheet does not link itself
