"""Every notebook page offers itself as a notebook to run, its MyST source and its examples.

The files go into the build's ``downloads/`` folder at the end of each build: ``PAGE.ipynb``
(the page's text, shown code and exercises' self-checks, see
:func:`loopdocs.sphinxext.notebook.download_notebook`), ``PAGE.md`` (the page's source as it
is) and ``examples/NAME.py`` for each example file the page shows. A line under the page's
title links them. When ``loopdocs_colab_repository`` is set (``OWNER/REPO``), the line also
opens the notebook in Colab, which reads it from that GitHub repository's
``loopdocs_colab_branch`` at ``loopdocs_colab_path``/downloads/...: the published site must be
pushed there (a ``gh-pages`` branch does it). Unset, there is no Colab link and nothing refers
to the network.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from myst_nb.core.variables import format_plain_text
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.nodes import split_explicit_title
from sphinx.util.osutil import relative_uri

from loopdocs.sphinxext.notebook import (
    Block,
    RoleRenderer,
    UnknownMarkup,
    download_notebook,
    offered,
    page_blocks,
)

logger = logging.getLogger(__name__)

#: The folder of the build that holds the downloads.
FOLDER = "downloads"
#: intersphinx's object types for the Python roles the pages use.
PY_TYPES = {"class": "py:class", "func": "py:function", "meth": "py:method", "mod": "py:module"}
#: What each Colab setting accepts: (pattern, what to say when a value does not match).
COLAB_SETTINGS = {
    "loopdocs_colab_repository": (
        r"|[A-Za-z0-9](?:[A-Za-z0-9-]*)/[A-Za-z0-9._-]+",
        'a GitHub repository as "OWNER/REPO", or "" to leave Colab links off',
    ),
    "loopdocs_colab_branch": (
        r"[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*",
        'a branch name such as "gh-pages" (letters, digits, ".", "_", "-" and "/")',
    ),
    "loopdocs_colab_path": (
        r"|[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*",
        'the folder of that branch the site is published in, as "docs" or "" for its root',
    ),
}


def check_colab_settings(app: Sphinx, config: Config) -> None:
    """Refuse a Colab setting that would make a broken link, naming it and what it takes."""
    for name, (pattern, allowed) in COLAB_SETTINGS.items():
        value = config[name]
        if not isinstance(value, str) or not re.fullmatch(pattern, value) or ".." in value:
            raise ConfigError(f"{name} must be {allowed}; got {value!r}")


def colab_url(config: Config, docname: str) -> str | None:
    """Where Colab opens ``docname``'s notebook from GitHub, or None when Colab is off."""
    repository = config.loopdocs_colab_repository
    if not repository:
        return None
    folder = f"{config.loopdocs_colab_path}/" if config.loopdocs_colab_path else ""
    return (
        f"https://colab.research.google.com/github/{repository}/blob/"
        f"{config.loopdocs_colab_branch}/{folder}{FOLDER}/{docname}.ipynb"
    )


def download_page(app: Sphinx, docname: str) -> list[Block] | None:
    """The blocks of ``docname`` when it offers downloads: a MyST notebook with shown code or
    an exercise's self-check."""
    env = app.env
    if "kernelspec" not in env.metadata.get(docname, {}):
        return None
    source = Path(env.doc2path(docname))
    if source.suffix != ".md":
        return None
    blocks = page_blocks(source)
    return blocks if any(offered(block) for block in blocks) else None


def example_files(page: Path, blocks: list[Block]) -> list[Path]:
    """The example files ``page`` shows pieces of, each once, in page order."""
    files = [(page.parent / block.include).resolve() for block in blocks if block.include]
    return list(dict.fromkeys(files))


def add_download_links(app: Sphinx, doctree: nodes.document) -> None:
    """Under a notebook page's title, a line linking its downloads (and Colab, when set)."""
    docname = app.env.docname
    blocks = download_page(app, docname)
    if blocks is None:
        return
    here = app.builder.get_target_uri(docname)

    def link(target: str, text: str, *, download: bool = True) -> str:
        attribute = f' download="{escape(Path(target).name)}"' if download else ""
        href = escape(target if "://" in target else relative_uri(here, target))
        return f'<a class="reference" href="{href}"{attribute}>{text}</a>'

    links = [
        link(f"{FOLDER}/{docname}.ipynb", "notebook (.ipynb)"),
        link(f"{FOLDER}/{docname}.md", "MyST source (.md)"),
    ]
    for example in example_files(Path(app.env.doc2path(docname)), blocks):
        links.append(
            link(f"{FOLDER}/examples/{example.name}", f"example <code>{example.name}</code>")
        )
    colab = colab_url(app.config, docname)
    also = f" Or {link(colab, 'open it in Colab', download=False)}." if colab else ""
    html = f'<p class="loopdocs-downloads">Download this page: {" · ".join(links)}.{also}</p>'
    sections = list(doctree.findall(nodes.section))
    if sections and isinstance(sections[0][0], nodes.title):
        sections[0].insert(1, nodes.raw("", html, format="html"))


def role_renderer(app: Sphinx, docname: str, glue: dict[str, Any]) -> RoleRenderer:
    """How the roles of ``docname``'s prose read in its notebook."""
    env, config = app.env, app.config
    baseurl = (config.html_baseurl or "").rstrip("/")
    labels = env.get_domain("std").labels  # type: ignore[attr-defined]
    objects = env.get_domain("std").objects  # type: ignore[attr-defined]
    terms = {name.lower(): place for (kind, name), place in objects.items() if kind == "term"}
    inventory = getattr(env, "intersphinx_inventory", {})

    def site_link(text: str, target_doc: str, anchor: str = "") -> str:
        if not baseurl or target_doc not in env.all_docs:
            return text
        fragment = f"#{anchor}" if anchor else ""
        return f"[{text}]({baseurl}/{app.builder.get_target_uri(target_doc)}{fragment})"

    def render(name: str, content: str) -> str | None:
        if name in ("glue:text", "glue"):
            key, _, spec = content.rpartition(":") if ":" in content else (content, "", "")
            if key not in glue or "text/plain" not in glue[key].get("data", {}):
                raise UnknownMarkup(f"the glued value {key!r} (no such key was glued)")
            return str(format_plain_text(glue[key]["data"]["text/plain"], spec))
        if name in ("ref", "optional-ref"):
            has_title, title, label = split_explicit_title(content)
            if label in labels:
                target_doc, anchor, section = labels[label]
                return site_link(title if has_title else section, target_doc, anchor)
            if has_title:
                return str(title)
            raise UnknownMarkup(f"the label {label!r}")
        if name == "dfn":  # a term defined in place: bold, as the page shows it
            return f"**{content}**"
        if name == "term":  # a glossary term: its words, linked to its entry on the site
            has_title, title, term = split_explicit_title(content)
            found = terms.get(str(term).lower())
            if found is None:
                raise UnknownMarkup(f"the glossary term {term!r}")
            return site_link(str(title if has_title else term), found[0], found[1])
        if name == "doc":
            has_title, title, target = split_explicit_title(content)
            target_doc = str(Path(docname).parent / target).removeprefix("./")
            text = title if has_title else env.titles[target_doc].astext()
            return site_link(text, target_doc)
        if name.startswith("py:") and name[3:] in PY_TYPES:
            has_title, title, target = split_explicit_title(content)
            target = target.lstrip("~.")
            if has_title:
                shown = str(title)
            else:
                shown = target.rsplit(".", 1)[-1] if content.startswith("~") else target
                if name[3:] in ("func", "meth") and config.add_function_parentheses:
                    shown += "()"
            item = inventory.get(PY_TYPES[name[3:]], {}).get(target)
            uri = getattr(item, "uri", None) if item is not None else None
            return f"[`{shown}`]({uri})" if uri else f"`{shown}`"
        return None

    return render


def page_note(app: Sphinx, docname: str) -> Callable[[list[str]], str]:
    """The paragraph under a notebook's title: which page it is and what to install."""
    title = app.env.titles[docname].astext()
    baseurl = (app.config.html_baseurl or "").rstrip("/")
    page = f"[{title}]({baseurl}/{app.builder.get_target_uri(docname)})" if baseurl else title

    def note(packages: list[str]) -> str:
        names = ", ".join(packages[:-1]) + " and " * (len(packages) > 1) + "".join(packages[-1:])
        needs = f" that has {names} (`pip install {' '.join(packages)}`)" if packages else ""
        return (
            f"*This notebook is the code of the {app.config.project} page “{page}”, with its "
            "text; the page also shows the figures, and its numbers are those of the site's "
            f"build. Run the cells in order, in a fresh Python{needs}.*"
        )

    return note


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Write every notebook page's downloads into the build's ``downloads/`` folder."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir) / FOLDER
    nb_config = app.env.mystnb_config  # type: ignore[attr-defined]  # set by myst-nb
    glue_folder = Path(nb_config.output_folder)
    for docname in sorted(app.env.found_docs):
        blocks = download_page(app, docname)
        if blocks is None:
            continue
        source = Path(app.env.doc2path(docname))
        glue_file = glue_folder / f"{docname}.glue.json"
        glue = json.loads(glue_file.read_text("utf-8")) if glue_file.is_file() else {}
        try:
            notebook = download_notebook(
                blocks, role_renderer(app, docname, glue), page_note(app, docname)
            )
        except UnknownMarkup as problem:
            logger.warning(
                "the notebook download cannot render %s: teach it to "
                "loopdocs.sphinxext.downloads (roles) or .notebook (directives), or write the "
                "prose without it",
                problem,
                location=docname,
            )
            continue
        _write(outdir / f"{docname}.ipynb", notebook)
        _write(outdir / f"{docname}.md", source.read_bytes())
        for example in example_files(source, blocks):
            _write(outdir / "examples" / example.name, example.read_bytes())


def _write(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` unless it already holds it (the file's date stays)."""
    if path.is_file() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def setup_downloads(app: Sphinx) -> None:
    """Register the Colab settings and the two steps (called from the extension's setup)."""
    app.add_config_value("loopdocs_colab_repository", "", "env", str)
    app.add_config_value("loopdocs_colab_branch", "gh-pages", "env", str)
    app.add_config_value("loopdocs_colab_path", "", "env", str)
    app.connect("config-inited", check_colab_settings)
    app.connect("doctree-read", add_download_links)
    app.connect("build-finished", write_downloads)
