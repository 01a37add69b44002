"""What a teacher needs about each page: reading time, objectives, prerequisites, the source.

- **Reading time**, honest for a novice and computed, never guessed: the prose at
  :data:`PROSE_WORDS_PER_MINUTE`, code (shown code and its printed output) at
  :data:`CODE_LINES_PER_MINUTE` lines a minute, and :data:`SECONDS_PER_FIGURE` for each figure
  or animation. :data:`RULE` says so in words; the instructors page prints it, and every
  reading time the site shows comes from :func:`reading_minutes`.
- **Objectives and prerequisites** live in each page's front matter, next to the page::

      loopdocs:
        objectives:
          - explain what each of the five moves does
        prerequisites:
          - Python and a little NumPy

  :func:`page_plan` reads them back (myst-nb keeps a notebook's front matter as data,
  MyST a plain page's as a JSON string) and says what is missing or malformed.
- **The source repository**: ``loopdocs_source_repository`` in conf.py, overridden by the
  ``LOOPDOCS_SOURCE_REPOSITORY`` environment variable (a deployment sets it); empty when the
  build names none.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.docutils import SphinxDirective

from loopdocs.sphinxext.provenance import SITE_NOTE

PROSE_WORDS_PER_MINUTE = 130
CODE_LINES_PER_MINUTE = 15
SECONDS_PER_FIGURE = 30
RULE = (
    f"Reading times are for a newcomer: prose at {PROSE_WORDS_PER_MINUTE} words a minute, "
    f"code at {CODE_LINES_PER_MINUTE} lines a minute, and half a minute for each figure or "
    "animation; a section's time includes its subsections, rounded up to whole minutes."
)
ENVIRONMENT_VARIABLE = "LOOPDOCS_SOURCE_REPOSITORY"


def _site_note(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and SITE_NOTE in node.get("classes", [])


def reading_minutes(node: nodes.Node) -> int:
    """Minutes a newcomer needs for ``node`` (a section, or a whole page), at least one."""
    code_lines = 0
    figures = 0
    prose_words = 0
    for child in node.findall(include_self=True):
        if isinstance(child, nodes.literal_block):
            code_lines += len(child.astext().strip().splitlines())
        elif isinstance(child, nodes.figure):
            figures += 1
        elif isinstance(child, nodes.Text):
            inside = child.parent
            in_code = in_note = False
            while inside is not None and inside is not node.parent:
                in_code = in_code or isinstance(inside, nodes.literal_block)
                in_note = in_note or _site_note(inside)
                inside = inside.parent
            if not (in_code or in_note):
                prose_words += len(child.astext().split())
    minutes = (
        prose_words / PROSE_WORDS_PER_MINUTE
        + code_lines / CODE_LINES_PER_MINUTE
        + figures * SECONDS_PER_FIGURE / 60
    )
    return max(1, math.ceil(minutes))


@dataclass(frozen=True)
class PagePlan:
    """A page's learning objectives and prerequisites, from its front matter."""

    objectives: tuple[str, ...]
    prerequisites: tuple[str, ...]


def page_plan(docname: str, metadata: dict[str, object]) -> PagePlan:
    """The ``loopdocs:`` block of a page's front matter; ValueError naming the page and what
    is wrong when it is missing or malformed (2 to 4 objectives, at least one prerequisite)."""
    block = metadata.get("loopdocs")
    if isinstance(block, str):
        try:
            block = json.loads(block)
        except json.JSONDecodeError:
            block = None
    where = f"{docname}: the front matter's 'loopdocs' block"
    if not isinstance(block, dict):
        raise ValueError(
            f"{where} is missing: it needs 'objectives' (2 to 4 lines) and 'prerequisites' "
            "(one or more), each a list of strings"
        )
    found = {}
    for key, least, most in (("objectives", 2, 4), ("prerequisites", 1, 8)):
        value = block.get(key)
        if (
            not isinstance(value, list)
            or not all(isinstance(item, str) and item.strip() for item in value)
            or not least <= len(value) <= most
        ):
            raise ValueError(
                f"{where} needs {key!r}: a list of {least} to {most} non-empty strings, "
                f"got {value!r}"
            )
        found[key] = tuple(item.strip() for item in value)
    return PagePlan(found["objectives"], found["prerequisites"])


def source_repository(configured: str | None) -> str:
    """The source repository's URL: the environment variable, else conf.py's value, else ''.

    ValueError when the URL is not http(s).
    """
    url = os.environ.get(ENVIRONMENT_VARIABLE, "").strip() or (configured or "").strip()
    if url and not url.startswith(("https://", "http://")):
        raise ValueError(
            f"loopdocs_source_repository (or {ENVIRONMENT_VARIABLE}) must be an http(s) URL "
            f"such as https://github.com/OWNER/loopdocs, got {url!r}"
        )
    return url


def check_source_repository(app: Sphinx, config: Config) -> None:
    """Settle ``loopdocs_source_repository`` from the environment and check it (config-inited)."""
    try:
        config.loopdocs_source_repository = source_repository(config.loopdocs_source_repository)
    except ValueError as error:
        raise ConfigError(str(error)) from error


class SourceRepository(SphinxDirective):
    """``:::{source-repository}``: where to get the source. With a repository configured, a
    link to it; without one, how to get the code from the site itself (no dead reference)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        url = self.config.loopdocs_source_repository
        paragraph = nodes.paragraph(classes=["loopdocs-source-repository"])
        if url:
            paragraph += nodes.Text("The ")
            paragraph += nodes.literal(text="loopdocs")
            paragraph += nodes.Text(" package comes with the project's source, at ")
            paragraph += nodes.reference(url, url, refuri=url)
            paragraph += nodes.Text(": clone it and run ")
            paragraph += nodes.literal(text="pip install .")
            paragraph += nodes.Text(" in its folder.")
        else:  # no repository named: what a teacher can do with the site alone
            paragraph += nodes.Text(
                "Without the package, the downloads under each page's title redraw that page's "
                "figures: the page as a notebook and the example files it runs, which need only "
                "torch, numpy and matplotlib ("
            )
            paragraph += nodes.literal(text="fit_line.py")
            paragraph += nodes.Text(" draws the worked example's).")
        return [paragraph]
