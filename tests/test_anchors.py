"""Stable anchors for syllabi: no page or section listed in tests/anchors.txt may disappear."""

from __future__ import annotations

from pathlib import Path

import pytest
from anchors import MANIFEST, compare, how_to_fix, main, read_manifest


def test_no_listed_anchor_is_lost(built_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lost, new, numbered = compare(built_site, read_manifest())
    with capsys.disabled():
        if new:
            print("\nNew anchors, not yet in tests/anchors.txt (`nox -s anchors` adds them):")
            print("".join(f"  {anchor}\n" for anchor in new), end="")
        if numbered:
            print("\nNumbered ids, not listed because they shift (give them a label or :name:):")
            print("".join(f"  {anchor}\n" for anchor in numbered), end="")
    assert not lost, how_to_fix(lost)


def test_the_manifest_lists_pages_sorted_once_each() -> None:
    listed = read_manifest()
    assert listed, f"{MANIFEST} is empty"
    assert listed == sorted(set(listed))
    assert "index.html" in listed


# -- The check can fail, and follows redirects: small sites made for it ----------------------

PAGE = '<section id="{section}"><h1>T<a class="headerlink" href="#{section}">#</a></h1></section>'
REDIRECT = '<noscript><meta http-equiv="refresh" content="0; url={target}"></noscript>'


def site(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "html"
    for name, html in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(html, encoding="utf-8")
    return root


def test_a_lost_section_or_page_is_found(tmp_path: Path) -> None:
    root = site(tmp_path, {"a.html": PAGE.format(section="kept"), "sub/b.html": ""})
    listed = ["a.html", "a.html#gone", "a.html#kept", "c.html", "sub/b.html"]
    lost, new, _ = compare(root, listed)
    assert lost == ["a.html#gone", "c.html"]
    assert new == []


def test_a_moved_page_keeps_its_anchors_through_a_redirect(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "old.html": REDIRECT.format(target="guide/new.html"),
            "guide/new.html": PAGE.format(section="step"),
            "split.html": REDIRECT.format(target="guide/new.html#step"),
        },
    )
    lost, _, _ = compare(root, ["old.html", "old.html#step", "split.html", "split.html#x"])
    assert lost == []
    lost, _, _ = compare(root, ["old.html#gone"])
    assert lost == ["old.html#gone"]


def test_new_anchors_are_reported_and_numbered_ids_left_out(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {"a.html": PAGE.format(section="intro") + '<a class="headerlink" href="#id3">#</a>'},
    )
    lost, new, numbered = compare(root, ["a.html"])
    assert (lost, new, numbered) == ([], ["a.html#intro"], ["a.html#id3"])


def test_update_adds_new_anchors_and_refuses_to_drop_lost_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "anchors.txt"
    root = site(tmp_path, {"a.html": PAGE.format(section="intro")})
    manifest.write_text("a.html\n")
    assert main([str(root), "--update", "--manifest", str(manifest)]) == 0
    assert manifest.read_text() == "a.html\na.html#intro\n"
    (root / "a.html").write_text(PAGE.format(section="renamed"))
    assert main([str(root), "--update", "--manifest", str(manifest)]) == 1
    assert "a.html#intro" in capsys.readouterr().err
    assert manifest.read_text() == "a.html\na.html#intro\n"
