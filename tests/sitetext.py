"""What a reader of a built page reads: its visible text and its images' alt text.

Compare two builds with ``python tests/sitetext.py FIRST SECOND``: it prints every page whose
text differs, with the differing lines, and exits 1 when any does. The tests use it to check
that builds on different CPU kernel paths say the same thing (tests/test_kernel_paths.py).
"""

from __future__ import annotations

import difflib
import sys
from html.parser import HTMLParser
from pathlib import Path

from readsite import page_paths

# Elements whose content a reader never sees as text.
HIDDEN = {"script", "style", "template", "noscript"}
# Elements that end a line of text, so that differences are reported line by line.
BLOCKS = {"p", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "div", "dt", "dd"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in BLOCKS:
            self.lines.append("")
        elif tag == "img" and not self.hidden:
            self.lines.append(f"[image: {dict(attrs).get('alt') or ''}]")
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCKS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.lines[-1] += data


def page_text(html: str) -> list[str]:
    """The page's text as a reader meets it, one block per line, whitespace collapsed."""
    parser = _TextParser()
    parser.feed(html)
    lines = (" ".join(line.split()) for line in parser.lines)
    return [line for line in lines if line]


def text_differences(first: Path, second: Path) -> list[str]:
    """For each page whose text differs between two built sites, a short diff of it."""
    found = []
    names = set(page_paths(first)) | set(page_paths(second))
    for name in sorted(names):
        if not (first / name).exists() or not (second / name).exists():
            found.append(f"{name}: only in one build")
            continue
        a = page_text((first / name).read_text(encoding="utf-8"))
        b = page_text((second / name).read_text(encoding="utf-8"))
        if a != b:
            diff = list(difflib.unified_diff(a, b, lineterm="", n=0))[2:]
            found.append(f"{name}:\n  " + "\n  ".join(diff[:20]))
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python tests/sitetext.py FIRST_SITE SECOND_SITE", file=sys.stderr)
        return 2
    found = text_differences(Path(argv[0]), Path(argv[1]))
    print("\n".join(found) if found else "every page reads the same in both builds")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
