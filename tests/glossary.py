"""Terms before use: each page's first use of a glossary term links to the glossary or defines it.

``python tests/glossary.py SITE`` prints every first use in a built site that does neither,
with the page and the sentence around it, and exits 1 when there is one; tests/test_glossary.py
runs the same check on the tests' build. With ``--wrap`` it wraps each miss in ``{term}`` in
its page's source (docs/), in place, and lists what it could not wrap.

- **The terms** are the glossary's ``<dt id="term-...">``, read from the built glossary.html;
  the ``<dt>`` lines above one ``<dd>`` are one entry (another name for the same thing, like
  "backward pass" and "back-propagation"), and a link to any of them counts for all.
- **A use** is a term in prose, case-insensitive, as a whole word ("batch" is not found in
  "mini-batch" nor "batch-size"), a space or a hyphen between its words alike, and with a
  plural -s or -es on its last word. Terms are found longest first, so "gradient clipping" is
  a use of that term and not of "gradient".
- **Prose** is the article's text: paragraphs, lists, tables, admonitions, figure captions
  and the inside of dropdowns. Not prose: code (inline or in cells), cell outputs, headings,
  dropdowns' titles (a link there would take the tap that opens the dropdown), the provenance
  line at the end, scripts, and the text of a link other than a glossary link (usually a
  section's title: it cannot hold a second link). The first use after them is the one checked.
- **The first use** on a page must sit inside a glossary link to its entry (``{term}``) or in
  an ``<em class="dfn">`` (``{dfn}``, the term defined in place). A reader may never open a
  dropdown (an answer, the maths), so the first use *outside* every dropdown is checked too
  when the page's first use was inside one. Answers are prose like the rest: an answer that
  is the first to use a term links it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from readsite import page_paths

GLOSSARY_PAGE = "glossary.html"
#: Pages that are not articles: Sphinx's index and search pages, and the 404 page.
NOT_ARTICLES = {GLOSSARY_PAGE, "genindex.html", "search.html", "404.html"}
#: Pages not checked, with the reason.
NOT_CHECKED = {
    "for-instructors.html": "written for teachers, who know the terms; most of its text is "
    "other pages' headings and opening lines, quoted by the build",
}
#: Terms left out of the check, with the reason. Keep it short: a collision with everyday
#: English that first uses would hit before the technical sense.
EXEMPT: dict[str, str] = {}
#: Phrases in which a term's word has another meaning: found like terms (so the longer phrase
#: wins) and then skipped, with the reason.
NOT_TERMS = {
    "rounding step": "float32's spacing between neighbouring numbers, not an optimizer's step",
    "weight each": "the verb (weight each loss by its share), not a layer's weight",
}

#: Elements whose text is not prose.
NOT_PROSE_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "pre", "code", "kbd", "samp", "script"}
NOT_PROSE_TAGS |= {"style", "template", "noscript", "summary"}  # a dropdown's title: a heading
NOT_PROSE_CLASSES = {"cell_input", "cell_output", "headerlink", "loopdocs-ran-with"}
#: Elements that start a new run of text: a term is never found across two of them.
BLOCKS = {"p", "li", "td", "th", "dt", "dd", "figcaption", "caption", "summary", "div"}
BLOCKS |= {"blockquote", "section", "table", "ul", "ol", "dl", "details", "figure", "article"}


@dataclass(frozen=True)
class Entry:
    """One glossary entry: its terms as written and their ids (``term-...``)."""

    terms: tuple[str, ...]
    ids: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.terms[0]


NOT_A_TERM = Entry((), ())


@dataclass(frozen=True)
class Use:
    """A term's use in a page's prose."""

    entry: Entry
    text: str  # as written on the page
    context: str  # the sentence around it
    marked: bool  # inside a glossary link to its entry, or a {dfn}
    folded: bool  # inside a dropdown


def glossary_entries(html: str) -> list[Entry]:
    """The entries of the glossary page's ``<dl class="glossary">``, in page order."""
    soup = BeautifulSoup(html, "html.parser")
    entries: list[Entry] = []
    for glossary in soup.select("dl.glossary"):
        terms: list[tuple[str, str]] = []
        for child in glossary.find_all(["dt", "dd"], recursive=False):
            if child.name == "dt":
                for link in child.select("a.headerlink"):
                    link.decompose()
                terms.append((" ".join(child.get_text().split()), str(child.get("id", ""))))
            elif terms:
                entries.append(Entry(tuple(t for t, _ in terms), tuple(i for _, i in terms)))
                terms = []
    return entries


def _term_pattern(term: str) -> str:
    words = [re.escape(word) for word in re.split(r"[\s\-\u2011]+", term.strip())]
    return r"[\s\u00a0\-\u2011]*".join([*words[:-1], words[-1] + r"(?:s|es)?"])


def term_regex(entries: list[Entry]) -> tuple[re.Pattern[str], dict[str, Entry]]:
    """One pattern for every term, longest first, and the entry of each lowercased term."""
    by_term = {term.lower(): entry for entry in entries for term in entry.terms}
    by_term |= {phrase: NOT_A_TERM for phrase in NOT_TERMS}
    ordered = sorted(by_term, key=len, reverse=True)
    alternatives = "|".join(f"(?P<t{i}>{_term_pattern(term)})" for i, term in enumerate(ordered))
    pattern = re.compile(rf"(?<![\w\-])(?:{alternatives})(?![\w]|-\w)", re.IGNORECASE)
    return pattern, {f"t{i}": by_term[term] for i, term in enumerate(ordered)}


def _is_prose(node: NavigableString) -> bool:
    for parent in node.parents:
        if parent.name in NOT_PROSE_TAGS:
            return False
        if parent.name == "a" and "#term-" not in str(parent.get("href") or ""):
            return False  # another link's text (often a section's title) cannot hold a term link
        if NOT_PROSE_CLASSES & set(parent.get("class") or ()):
            return False
    return True


def _block_of(node: NavigableString) -> Tag | None:
    return next((parent for parent in node.parents if parent.name in BLOCKS), None)


def _marks(node: NavigableString, glossary_ids: set[str]) -> tuple[set[str], bool, bool]:
    """The glossary ids a text node is linked to, whether it is in a {dfn}, in a dropdown."""
    linked: set[str] = set()
    dfn = folded = False
    for parent in node.parents:
        if parent.name == "a":
            parts = urlsplit(str(parent.get("href") or ""))
            if parts.path.endswith(GLOSSARY_PAGE) and parts.fragment in glossary_ids:
                linked.add(parts.fragment)
        elif parent.name == "em" and "dfn" in (parent.get("class") or ()):
            dfn = True
        elif parent.name == "details":
            folded = True
    return linked, dfn, folded


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start) + 2, start - 120, 0)
    right = text.find(". ", end)
    right = min(len(text) if right < 0 else right + 1, end + 120)
    return " ".join(text[left:right].split())


def term_uses(html: str, entries: list[Entry]) -> list[Use]:
    """Every use of a glossary term in the prose of one page's article, in page order."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article") or soup
    pattern, group_entry = term_regex(entries)
    glossary_ids = {i for entry in entries for i in entry.ids}
    runs: list[list[NavigableString]] = []
    block: Tag | None = None
    for node in article.find_all(string=True):
        if not _is_prose(node) or type(node) is not NavigableString:
            continue
        here = _block_of(node)
        if not runs or here is not block:
            runs.append([])
            block = here
        runs[-1].append(node)
    uses: list[Use] = []
    for run in runs:
        text = "".join(run)
        starts = []
        position = 0
        for node in run:
            starts.append(position)
            position += len(node)
        for match in pattern.finditer(text):
            entry = group_entry[match.lastgroup or ""]
            if entry is NOT_A_TERM:
                continue
            index = max(i for i, start in enumerate(starts) if start <= match.start())
            linked, dfn, folded = _marks(run[index], glossary_ids)
            marked = dfn or bool(linked & set(entry.ids))
            context = _sentence(text, match.start(), match.end())
            uses.append(Use(entry, match.group(), context, marked, folded))
    return uses


def first_uses(uses: list[Use]) -> list[tuple[Use, bool]]:
    """The uses a reader meets first: each entry's first on the page, and its first outside
    every dropdown when the first was inside one (True beside it)."""
    chosen: list[tuple[Use, bool]] = []
    first: dict[str, Use] = {}
    open_first: set[str] = set()
    for use in uses:
        name = use.entry.name
        if name not in first:
            first[name] = use
            chosen.append((use, False))
        if not use.folded and name not in open_first:
            open_first.add(name)
            if use is not first[name]:
                chosen.append((use, True))
    return chosen


@dataclass(frozen=True)
class Miss:
    """A first use neither linked nor defined, on a page of the built site."""

    page: str  # as "training-loop.html"
    use: Use
    reopened: bool  # the first use outside the dropdowns, after one inside

    def __str__(self) -> str:
        where = " (first outside the dropdowns)" if self.reopened else ""
        use = self.use
        return f'{self.page}: "{use.text}" ({use.entry.name}){where} in: {use.context}'


def unmarked_first_uses(site: Path) -> list[Miss]:
    """For every article page of a built site, each first use of a term neither linked nor
    defined."""
    entries = [
        entry
        for entry in glossary_entries((site / GLOSSARY_PAGE).read_text(encoding="utf-8"))
        if entry.name not in EXEMPT
    ]
    misses = []
    for page in page_paths(site):
        if page in NOT_ARTICLES or page in NOT_CHECKED:
            continue
        uses = term_uses((site / page).read_text(encoding="utf-8"), entries)
        misses += [Miss(page, use, again) for use, again in first_uses(uses) if not use.marked]
    return misses


# -- Wrapping a miss in its page's source ---------------------------------------------------

#: Fences whose lines are code, not prose.
CODE_FENCES = {"{code-cell}", "{literalinclude}", "{toctree}", "{glossary}", "{code-block}"}
#: Spans of a prose line that cannot take a role: roles, inline code, links, bold.
NO_ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`|`[^`]*`|\[[^\]]*\]\([^)]*\)|\*\*[^*]+\*\*")


def prose_mask(text: str) -> tuple[list[bool], list[bool]]:
    """For each character of a MyST page: could a word there take a role (prose, outside code,
    headings, directive lines, roles, links and bold), and is it inside a dropdown."""
    can, folded = [False] * len(text), [False] * len(text)
    fence: str | None = None
    colons: list[bool] = []  # the open colon fences: is each a dropdown
    prose_fences: list[str] = []  # the open backtick fences of directives that hold prose
    position = 0
    lines = text.split("\n")
    front_matter = bool(lines) and lines[0] == "---"
    for number, line in enumerate(lines):
        start, position = position, position + len(line) + 1
        stripped = line.strip()
        if front_matter:
            front_matter = not (number > 0 and stripped == "---")
            continue
        if fence is not None:
            fence = None if stripped.startswith(fence) and not stripped.strip("`") else fence
            continue
        if match := re.match(r"(`{3,})\s*(\S*)", stripped):
            kind = match.group(2).split("}")[0] + "}" if match.group(2) else ""
            if prose_fences and stripped == prose_fences[-1]:
                prose_fences.pop()  # the end of a directive whose body is prose
            elif kind in CODE_FENCES or not kind.startswith("{"):
                fence = match.group(1)
            else:
                prose_fences.append(match.group(1))
            continue
        if match := re.match(r":{3,}(.*)", stripped):
            if match.group(1).strip():
                colons.append(match.group(1).strip().startswith("{dropdown}"))
            elif colons:
                colons.pop()
            continue
        if stripped.startswith(("#", ":", "%", "<!--")) or re.fullmatch(r"\(.+\)=", stripped):
            continue
        blocked = {i for span in NO_ROLE.finditer(line) for i in range(*span.span())}
        for i in range(len(line)):
            can[start + i] = i not in blocked
            folded[start + i] = any(colons)
    return can, folded


def wrap_first_use(text: str, miss: Miss) -> str | None:
    """``text`` (a page's MyST source) with the first place the missed word could take a role
    wrapped in ``{term}``; None when there is no such place (then wrap it by hand)."""
    words = miss.use.text.split()
    pattern = re.compile(
        r"(?<![\w\-`<{])" + r"[ \t]+".join(map(re.escape, words)) + r"(?![\w`]|-\w)"
    )
    can, folded = prose_mask(text)
    for found in pattern.finditer(text):
        if not all(can[found.start() : found.end()]):
            continue
        if miss.reopened and folded[found.start()]:
            continue
        name = miss.use.entry.name
        shown = found.group()
        role = (
            f"{{term}}`{shown}`" if shown.lower() == name.lower() else f"{{term}}`{shown} <{name}>`"
        )
        return text[: found.start()] + role + text[found.end() :]
    return None


def wrap_misses(site: Path, docs: Path) -> list[str]:
    """Wrap each miss of ``site`` in its source under ``docs``; what was not wrapped."""
    left = []
    for miss in unmarked_first_uses(site):
        source = docs / Path(miss.page).with_suffix(".md")
        wrapped = (
            wrap_first_use(source.read_text(encoding="utf-8"), miss) if source.is_file() else None
        )
        if wrapped is None:
            left.append(str(miss))
        else:
            source.write_text(wrapped, encoding="utf-8")
    return left


def main() -> int:
    arguments = sys.argv[1:]
    wrap = "--wrap" in arguments
    if wrap:
        arguments.remove("--wrap")
    if len(arguments) != 1:
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        print("usage: python tests/glossary.py SITE [--wrap]", file=sys.stderr)
        return 2
    site = Path(arguments[0])
    if wrap:
        left = wrap_misses(site, Path(__file__).resolve().parents[1] / "docs")
        print("\n".join(f"wrap by hand: {miss}" for miss in left))
        print("wrapped the rest in docs/ (in place); build again and check", file=sys.stderr)
        return 1 if left else 0
    misses = unmarked_first_uses(site)
    print("\n".join(map(str, misses)))
    print(f"{len(misses)} first uses neither linked to the glossary nor defined", file=sys.stderr)
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
