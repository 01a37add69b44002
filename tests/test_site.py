"""The built site, read as a reader's browser gets it."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from loopdocs import least_squares, make_line_data, train_line
from loopdocs.draw.gif import gif_frame_count, gif_seconds
from loopdocs.sphinxext.figure import NARROW_MEDIA

ROOT = Path(__file__).resolve().parents[1]


class Images(HTMLParser):
    """Collect every <img> tag's attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs))


def images_of(page: Path) -> list[dict[str, str | None]]:
    parser = Images()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.images


def looks_like_a_file_name(text: str) -> bool:
    return bool(re.search(r"\.(png|gif|jpe?g|svg)\b|/|\\", text))


def test_training_loop_page_has_the_figure_and_gif_with_real_alt_text(built_site: Path) -> None:
    page = built_site / "training-loop.html"
    images = images_of(page)
    gifs = [img for img in images if (img.get("src") or "").endswith(".gif")]
    pngs = [img for img in images if (img.get("src") or "").endswith(".png")]
    assert len(gifs) == 4  # the converging and the diverging animation, light and dark
    assert len(pngs) >= 8  # figures and the animations' stills, light and dark
    for img in images:
        alt = (img.get("alt") or "").strip()
        assert len(alt) > 40, img
        assert not looks_like_a_file_name(alt), alt
        assert (built_site / (img.get("src") or "")).is_file()
    alts = {gif.get("alt") or "" for gif in gifs}
    assert any(alt.startswith("Animation over 200 epochs") for alt in alts)
    assert any("stops being finite at epoch" in alt for alt in alts)


def test_glued_numbers_are_the_run_s_numbers(built_site: Path) -> None:
    html = (built_site / "training-loop.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    data = make_line_data()
    history = train_line(data, lr=0.03, epochs=200)
    w_star, b_star = least_squares(data.x, data.y)
    assert history.final_w is not None and history.final_b is not None
    assert f"w {history.final_w:.3f} {w_star:.3f} b {history.final_b:.3f} {b_star:.3f}" in text


def test_no_execution_report_or_source_notebook_is_published(built_site: Path) -> None:
    """Only the downloads (shown code, no outputs: tests/test_downloads.py) are notebooks."""
    assert not (built_site / "reports").exists()
    notebooks = list(built_site.rglob("*.ipynb"))
    assert notebooks and all(n.relative_to(built_site).parts[0] == "downloads" for n in notebooks)


@pytest.mark.parametrize("page", ["index.html", "training-loop.html"])
def test_pages_exist_with_a_description(built_site: Path, page: str) -> None:
    html = (built_site / page).read_text(encoding="utf-8")
    assert re.search(r'<meta content="[^"]{40,}" name="description"', html) or re.search(
        r'<meta name="description" content="[^"]{40,}"', html
    )


def page_text(site: Path, page: str) -> str:
    html = (site / page).read_text(encoding="utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


EXPLAINER_LABELS = [
    "the-idea",
    "epochs-and-steps",
    "canonical-loop",
    "train-and-eval-modes",
    "validation-loop",
    "mini-batch-loop",
    "why-zero-grad",
    "grads-accumulate",
    "accumulation-on-purpose",
    "zero-grad-sets-none",
    "training-without-zero-grad",
    "worked-example",
    "first-step",
    "converging-run",
    "diverging-run",
    "loss-surface",
    "troubleshooting",
    "watch-out-for",
    "pitfall-zero-grad",
    "pitfall-train-eval",
    "pitfall-loss-list",
    "pitfall-no-grad",
    "pitfall-shape-broadcast",
    "pitfall-optimizer-params",
    "pitfall-input-scale",
    "check-yourself",
]


def test_every_explainer_section_has_its_label(built_site: Path) -> None:
    html = (built_site / "training-loop.html").read_text(encoding="utf-8")
    for label in [*EXPLAINER_LABELS, "training-and-evaluating", "adam-optimizer"]:
        assert f'<section id="{label}">' in html, label


def test_worked_example_first_step_matches_an_independent_computation(built_site: Path) -> None:
    data = make_line_data()
    x = data.x.numpy().astype("float64").ravel()
    y = data.y.numpy().astype("float64").ravel()
    loss = float((y**2).mean())
    grad_w = float(-2 * (x * y).mean())
    grad_b = float(-2 * y.mean())
    text = page_text(built_site, "training-loop.html")
    # Three decimals: the page shows no digit that could round the other way on another CPU.
    assert f"the mean of y², {loss:.3f}" in text
    # The table: by hand, autograd, after the step.
    grad_w_shown, grad_b_shown = f"{grad_w:+.3f}", f"{grad_b:+.3f}"
    assert f"w {grad_w_shown} {grad_w_shown} {-0.03 * grad_w:+.3f}" in text
    assert f"b {grad_b_shown} {grad_b_shown} {-0.03 * grad_b:+.3f}" in text
    assert grad_w < 0 and grad_b < 0


#: The folded "The maths, for those who want it" parts (issue #23): off the beginner's path.
MATHS = ".loopdocs-maths"


def article_words(
    site: Path,
    page: str,
    until_id: str | None = None,
    without_ids: tuple[str, ...] = (),
    without: str = "",
) -> int:
    """Words a reader meets in a page's article (code included), up to an element if given,
    and leaving out the elements ``without_ids`` and those the CSS selector ``without``
    matches."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None
    for tag in article.select("script, style, .headerlink"):
        tag.decompose()
    # A glossary link adds no word: its text joins the text around it ("gradients.").
    for tag in article.select('a[href*="glossary.html#term-"], a[href*="glossary.html#term-"] *'):
        tag.unwrap()
    article.smooth()
    for without_id in without_ids:
        left_out = article.find(id=without_id)
        assert left_out is not None, without_id
        left_out.decompose()
    if without:
        left_out_parts = article.select(without)
        assert left_out_parts, without
        for tag in left_out_parts:
            tag.decompose()
    html = str(article)
    if until_id is not None:
        html = html[: html.index(f'id="{until_id}"')]
    return len(BeautifulSoup(html, "html.parser").get_text(" ").split())


def test_the_main_page_is_short_and_runs_the_loop_early(built_site: Path) -> None:
    """At most 3,500 words besides the practice (the exercises, their answers folded, and
    the loop-order puzzle, a widget over a table of runs) and the folded optional maths (off
    the beginner's path: the page reads complete without them), and the first run in their
    first 30 %. The first run is the loop by hand: it trains the line for 200 epochs and
    prints where it ends, so the reader has seen the loop work by the end of its section."""
    practice = ("tl-exercises", "loop-order-puzzle")
    words = article_words(built_site, "training-loop.html", without_ids=practice, without=MATHS)
    from bs4 import BeautifulSoup

    html = (built_site / "training-loop.html").read_text(encoding="utf-8")
    by_hand = html[html.index('id="loop-by-hand"') : html.index('id="canonical-loop"')]
    text = BeautifulSoup(by_hand, "html.parser").get_text("")
    assert "loss.backward()" in text and "at epoch 200" in text  # it runs, and shows it
    before_first_run = article_words(built_site, "training-loop.html", "canonical-loop")
    print(f"training-loop: {words} words, first run done after {before_first_run}")
    assert words <= 3500
    assert before_first_run <= 0.3 * words


def test_quiz_has_at_least_five_hidden_answers(built_site: Path) -> None:
    html = (built_site / "training-loop.html").read_text(encoding="utf-8")
    quiz = html.split('id="check-yourself"', 1)[1]
    answers = re.findall(r"<details[^>]*>", quiz)
    assert len(answers) >= 5
    assert all("open" not in tag for tag in answers)
    assert "What happens?" in quiz and "zero_grad()" in quiz


SITE_GIF_BUDGET = 150 * 1024  # bytes; every animation on the site must stay under it


def test_every_animation_on_the_site_fits_the_budget(built_site: Path) -> None:
    animations = sorted(
        path for path in (built_site / "_images").iterdir() if path.suffix in {".gif", ".webp"}
    )
    assert {path.suffix for path in animations} == {".gif", ".webp"}
    too_big = {
        path.name: path.stat().st_size
        for path in animations
        if path.stat().st_size > SITE_GIF_BUDGET
    }
    assert not too_big


class Pictures(HTMLParser):
    """Each <picture>: its <source> tags and its <img>."""

    def __init__(self) -> None:
        super().__init__()
        self.pictures: list[dict[str, list[dict[str, str | None]]]] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "picture":
            self._open = True
            self.pictures.append({"source": [], "img": [], "other": []})
        elif self._open:
            self.pictures[-1].get(tag, self.pictures[-1]["other"]).append(dict(attrs))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "picture":
            self._open = False


def test_every_animation_offers_its_webp_first_and_its_gif_as_fallback(built_site: Path) -> None:
    """And every image of a figure its narrow rendering to a phone's screen, first."""
    animations = stills = 0
    for page in built_site.rglob("*.html"):
        parser = Pictures()
        parser.feed(page.read_text(encoding="utf-8"))
        for picture in parser.pictures:
            assert not picture["other"], picture  # nothing but sources and the image
            (img,) = picture["img"]
            files = [page.parent / (source.get("srcset") or "") for source in picture["source"]]
            offered = [
                (source.get("media"), source.get("type"), file.suffix)
                for source, file in zip(picture["source"], files, strict=True)
            ]
            fallback = page.parent / (img.get("src") or "")
            if "loopdocs-still" in (img.get("class") or "").split():
                stills += 1
                assert offered == [(NARROW_MEDIA, None, ".png")] and fallback.suffix == ".png"
                continue
            animations += 1
            assert "loopdocs-animation" in (img.get("class") or "").split()
            assert offered == [
                (NARROW_MEDIA, "image/webp", ".webp"),
                (NARROW_MEDIA, None, ".gif"),
                (None, "image/webp", ".webp"),
            ]
            assert fallback.suffix == ".gif"
            # The same animation: as many frames, the same length; the WebP the smaller.
            for webp, gif in ((files[2], fallback), (files[0], files[1])):
                assert gif_frame_count(webp.read_bytes()) == gif_frame_count(gif.read_bytes())
                assert gif_seconds(webp.read_bytes()) == gif_seconds(gif.read_bytes())
                assert webp.stat().st_size < gif.stat().st_size
    assert animations == 6  # training-loop: converging and diverging; nan-loss: one; both themes
    assert stills >= 30


def test_how_this_site_is_built_shows_the_measured_comparison(built_site: Path) -> None:
    html = (built_site / "how-this-site-is-built.html").read_text(encoding="utf-8")
    assert re.search(r'<meta content="[^"]{40,}" name="description"', html)
    for label in ("how-built-pages", "how-built-figures", "how-built-gifs", "how-built-measured"):
        assert f'id="{label}"' in html
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    # The table shows the saved benchmark (times cannot be measured reproducibly in a build).
    saved = json.loads((ROOT / "benchmarks" / "results" / "gif.json").read_text())
    for run in saved["runs"].values():
        stock_s, stock_bytes = run["stock_seconds"], run["stock_bytes"]
        assert f"{stock_s:.2f} s, {stock_bytes / 1024:.0f} KiB" in text
        gif_s, gif_bytes = run["ours_seconds"], run["ours_bytes"]
        assert (
            f"{gif_s:.2f} s, {gif_bytes / 1024:.0f} KiB: {stock_s / gif_s:.0f}× faster, "
            f"{stock_bytes / gif_bytes:.1f}× smaller"
        ) in text
        webp_s, webp_bytes = run["webp_seconds"], run["webp_bytes"]
        assert (
            f"{webp_s:.2f} s for both; WebP {webp_bytes / 1024:.0f} KiB: "
            f"{stock_s / webp_s:.0f}× faster, {stock_bytes / webp_bytes:.1f}× smaller"
        ) in text
    assert f"on {saved['measured']}" in text


def test_the_worked_example_s_animation_is_the_benchmarked_one(built_site: Path) -> None:
    """How-this-site-is-built says the training-loop page serves the benchmarked files."""
    html = (built_site / "training-loop.html").read_text(encoding="utf-8")
    figure = html[html.index('id="fig-converging-animation"') :]
    figure = figure[: figure.index("</figure>")]
    light = re.search(
        r'<source srcset="([^"]+\.webp)" type="image/webp"[^>]*/><img [^>]*class="only-light '
        r'loopdocs-animation[^"]*"[^>]*src="([^"]+\.gif)"',
        figure,
    )
    assert light is not None, figure
    saved = json.loads((ROOT / "benchmarks" / "results" / "gif.json").read_text())
    run = saved["runs"]["converging (lr 0.03)"]
    assert (built_site / light.group(1)).stat().st_size == run["webp_bytes"]
    assert (built_site / light.group(2)).stat().st_size == run["ours_bytes"]


def test_every_loopdocs_figure_has_a_stable_named_anchor(built_site: Path) -> None:
    figures = [
        (page.relative_to(built_site).as_posix(), tag)
        for page in sorted(built_site.rglob("*.html"))
        for tag in re.findall(
            r'<figure class="loopdocs-figure[^"]*"[^>]*>', page.read_text(encoding="utf-8")
        )
    ]
    # Not an empty pass: the pattern still finds the worked example's figures.
    assert sum(page == "training-loop.html" for page, _ in figures) >= 4, figures
    for page, tag in figures:
        anchor = re.search(r'id="([^"]+)"', tag)
        assert anchor is not None, (page, tag)
        assert anchor.group(1).startswith("fig-"), (page, tag)


def test_every_notebook_page_says_what_its_code_ran_with(built_site: Path) -> None:
    from importlib.metadata import version

    expected = f"The code on this page ran with PyTorch {version('torch')} and Python"
    for page in ("training-loop.html", "real-network.html", "troubleshooting/nan-loss.html"):
        assert expected in page_text(built_site, page), page
    assert "ran with PyTorch" not in page_text(built_site, "index.html")  # not a notebook
    assert "Text and figures CC BY 4.0, code MIT" in page_text(built_site, "index.html")
