"""Checks on the built site's files: valid HTML, no broken links or anchors, real alt text."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from readsite import is_external, looks_like_a_file_name, pages, read_page, resolve

pytestmark = pytest.mark.site  # the built site, and the Nu Html Checker from npm

NODE_MODULES = Path(__file__).parent / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Nu Html Checker messages we accept, each with its reason: (substring of the message, why).
VNU_ACCEPTED: list[tuple[str, str]] = []


def validate(files: list[Path]) -> list[str]:
    """Run the Nu Html Checker on ``files``; return its errors as "file:line: message"."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is not on PATH: the Nu Html Checker needs it (default-jre-headless)")
    if not VNU_JAR.is_file():
        pytest.fail(
            f"{VNU_JAR} is missing: run `npm ci --ignore-scripts` in tests/ (nox -s tests does)"
        )
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"vnu.jar failed to run:\n{result.stdout}\n{result.stderr}")
    errors = []
    for message in report["messages"]:
        if message.get("type") == "info":
            continue
        text = message.get("message", "")
        if any(accepted in text for accepted, _why in VNU_ACCEPTED):
            continue
        where = f"{Path(message.get('url', '?')).name}:{message.get('lastLine', '?')}"
        errors.append(f"{where}: {text} [{message.get('extract', '').strip()[:80]}]")
    return errors


def broken_links(site: Path) -> list[str]:
    """Every internal <a href>, and every file a page loads, that leads nowhere on the site."""
    broken = []
    for page in pages(site):
        for url in page.links + page.loads:
            if is_external(url):
                continue
            target, fragment = resolve(page.path, url)
            if not target or not (site / target).is_file():
                broken.append(f"{page.path}: {url} (no such file)")
            elif (
                fragment
                and target.endswith(".html")
                and fragment not in read_page(site, target).ids
            ):
                broken.append(f"{page.path}: {url} (no id {fragment!r} on {target})")
    return broken


def bad_alt_texts(site: Path) -> list[str]:
    """Every <img> whose alt text is missing, empty, or a file name or path."""
    bad = []
    for page in pages(site):
        for image in page.images:
            alt = (image.get("alt") or "").strip()
            if not alt or looks_like_a_file_name(alt):
                bad.append(f"{page.path}: <img src={image.get('src')!r}> has alt={alt!r}")
    return bad


# -- The checks on the real site -----------------------------------------------------------


def test_every_page_is_valid_html(built_site: Path) -> None:
    files = [built_site / page.path for page in pages(built_site)]
    assert built_site / "training-loop.html" in files and len(files) >= 10
    assert validate(files) == []


def test_no_internal_link_or_anchor_is_broken(built_site: Path) -> None:
    fragments = [url for page in pages(built_site) for url in page.links if "#" in url]
    assert len(fragments) >= 100  # links and anchors to check are found
    assert broken_links(built_site) == []


def test_every_image_has_real_alt_text(built_site: Path) -> None:
    assert sum(len(page.images) for page in pages(built_site)) >= 30  # images are found
    assert bad_alt_texts(built_site) == []


# -- Each check can fail: the same functions on small sites made to break them ----------------


def write(site: Path, relative: str, html: str) -> None:
    (site / relative).parent.mkdir(parents=True, exist_ok=True)
    (site / relative).write_text(html, encoding="utf-8")


def test_the_validator_finds_invalid_html(tmp_path: Path) -> None:
    write(tmp_path, "bad.html", "<!DOCTYPE html><html lang=en><title>t</title><p><div></span>")
    assert validate([tmp_path / "bad.html"])


def test_broken_links_and_anchors_are_found(tmp_path: Path) -> None:
    write(tmp_path, "a.html", '<section id="here"><a href="b.html#gone">x</a></section>')
    write(tmp_path, "b.html", '<a href="a.html#here">ok</a> <a href="missing.html">x</a>')
    write(tmp_path, "sub/c.html", '<a href="../a.html#here">ok</a> <img src="../nope.png" alt="A">')
    assert broken_links(tmp_path) == [
        "a.html: b.html#gone (no id 'gone' on b.html)",
        "b.html: missing.html (no such file)",
        "sub/c.html: ../nope.png (no such file)",
    ]


def test_alt_texts_that_are_empty_or_file_names_are_found(tmp_path: Path) -> None:
    write(
        tmp_path,
        "p.html",
        '<img src="a.png" alt="The loss falls from 2.3 to 0.07 over 200 epochs.">'
        '<img src="b.png"><img src="c.png" alt=" "><img src="d.png" alt="_images/d.png">'
        '<img src="e.png" alt="figure e.png">',
    )
    assert len(bad_alt_texts(tmp_path)) == 4
