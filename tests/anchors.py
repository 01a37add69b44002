"""The anchors teachers link to from a syllabus: every page, and every section on it.

tests/anchors.txt lists them, one ``page.html`` or ``page.html#id`` a line, sorted. An anchor
may be added but never lost: tests/test_anchors.py fails when one no longer resolves, directly
or through a redirect (``redirects`` in docs/conf.py, written by sphinx-reredirects).

Only stable ids are listed: a section's own id (its explicit ``(label)=``, or else its title's
slug) and each permalink's target. Ids docutils numbers (``id3``) shift when the page changes,
so they are left out and reported instead.

Add the site's new anchors to the manifest (what ``nox -s anchors`` runs after a clean build):

    python tests/anchors.py --update path/to/built/html
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from readsite import is_external, page_paths, read_page, resolve

MANIFEST = Path(__file__).with_name("anchors.txt")
NUMBERED_ID = re.compile(r"id\d+")
MAX_REDIRECTS = 10


def published_anchors(site: Path) -> tuple[set[str], set[str]]:
    """(stable anchors, numbered ones) the site publishes, as ``page.html[#id]``."""
    stable: set[str] = set()
    numbered: set[str] = set()
    for path in page_paths(site):
        page = read_page(site, path)
        stable.add(path)
        permalink_ids = [href[1:] for href in page.permalinks if href.startswith("#")]
        for anchor_id in [*page.section_ids, *permalink_ids]:
            anchor = f"{path}#{anchor_id}"
            (numbered if NUMBERED_ID.fullmatch(anchor_id) else stable).add(anchor)
    return stable, numbered


def resolves(site: Path, anchor: str) -> bool:
    """Whether ``page.html#id`` leads somewhere: the page has the id, or redirects to one that
    does (the redirect keeps the #id unless its target names its own)."""
    path, _, anchor_id = anchor.partition("#")
    for _ in range(MAX_REDIRECTS):
        if not path or not (site / path).is_file():
            return False
        page = read_page(site, path)
        if page.redirect is None:
            return not anchor_id or anchor_id in page.ids
        if is_external(page.redirect):
            return True  # moved to another site: its anchors are that site's to keep
        path, target_id = resolve(path, page.redirect)
        anchor_id = target_id or anchor_id
    return False


def read_manifest(manifest: Path = MANIFEST) -> list[str]:
    lines = manifest.read_text(encoding="utf-8").splitlines() if manifest.exists() else []
    return [line.strip() for line in lines if line.strip()]


def compare(site: Path, listed: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(listed anchors that no longer resolve, published ones not yet listed, numbered ids)."""
    stable, numbered = published_anchors(site)
    lost = [anchor for anchor in listed if not resolves(site, anchor)]
    new = sorted(stable - set(listed))
    return lost, new, sorted(numbered)


def how_to_fix(lost: list[str]) -> str:
    return (
        "These anchors were published and are gone; syllabi link to them:\n"
        + "".join(f"  {anchor}\n" for anchor in lost)
        + "Keep each one: put a (label)= with the old id before the section that now holds it,"
        " or, for a moved page, add a redirect to `redirects` in docs/conf.py. Remove a line"
        " from tests/anchors.txt only if the content is gone on purpose."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a clean build of the site (its html folder)")
    parser.add_argument("--update", action="store_true", help="add new anchors to the manifest")
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help="default: %(default)s")
    args = parser.parse_args(argv)

    listed = read_manifest(args.manifest)
    lost, new, numbered = compare(args.site, listed)
    if numbered:
        print("Not listed, numbered ids shift (give these a (label)= or :name:):")
        print("".join(f"  {anchor}\n" for anchor in numbered), end="")
    if lost:
        print(how_to_fix(lost), file=sys.stderr)
        return 1
    print(f"{len(new)} new anchor(s)" + ("" if args.update else " (pass --update to add them)"))
    print("".join(f"  {anchor}\n" for anchor in new), end="")
    if args.update:
        lines = "".join(f"{anchor}\n" for anchor in sorted({*listed, *new}))
        args.manifest.write_text(lines, encoding="utf-8")
        print(f"wrote {args.manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
