"""The Sphinx side of loopdocs: render loopdocs figures and add the site's small CSS.

Enable with ``extensions = [..., "loopdocs.sphinxext"]``. The myst-nb MIME renderer
:class:`LoopdocsMimeRenderer` is found through the ``myst_nb.mime_renderers`` entry point and
turns a :class:`loopdocs.figures.PageFigure` output into a docutils figure: one image per theme
(furo's ``only-light``/``only-dark``), and for an animation a still for readers who prefer
reduced motion. An animation with a WebP becomes a ``<picture>``: browsers that read WebP
load it, others the GIF. Every image is written by myst-nb and collected by Sphinx like
any other; builders other than HTML get the GIF alone.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import shutil
import time
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes, utils
from myst_nb.core.execute.base import ExecutionError
from myst_nb.core.read import read_myst_markdown_notebook
from myst_nb.sphinx_ import Parser as MystNbParser
from nbclient.exceptions import DeadKernelError
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.nodes import split_explicit_title

from loopdocs import __version__
from loopdocs._cellerror import CodeCell, describe_failure
from loopdocs._mime import MIME_TYPE
from loopdocs._prerun import execute_ahead

STATIC = Path(__file__).parent / "static"


class LoopdocsMimeRenderer:
    """myst-nb plugin: render ``application/vnd.loopdocs.figure+json`` outputs as figures."""

    mime_priority_overrides: ClassVar[list[tuple[str, str, int | None]]] = [
        ("*", MIME_TYPE, 1),
    ]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if data.mime_type != MIME_TYPE:
            return None
        payload = data.content
        try:
            return [figure_node(payload, lambda name, raw: _write(renderer, name, raw))]
        except (KeyError, TypeError, ValueError) as error:
            renderer.logger.warning(
                f"malformed loopdocs figure output: {error}", subtype="loopdocs", line=data.line
            )
            return []


def _write(renderer: Any, suffix: str, raw: bytes) -> str:
    # Named by content, so an unchanged image keeps its name (and its cache) across builds.
    name = f"loopdocs-{hashlib.sha256(raw).hexdigest()[:20]}{suffix}"
    uri: str = renderer.write_file([name], raw, overwrite=False, exists_ok=True)
    return uri


def figure_node(payload: dict[str, Any], write: Any) -> nodes.figure:
    """Build the figure node for one PageFigure payload, writing images with ``write``."""
    animated = bool(payload.get("animations"))
    figure = nodes.figure(classes=["loopdocs-figure"] + (["loopdocs-animated"] if animated else []))
    if payload.get("name"):
        # A stable anchor for syllabi, instead of the numbered id a captioned figure gets.
        figure["ids"].append(payload["name"])
    for theme in ("light", "dark"):
        still = base64.b64decode(payload["stills"][theme])
        figure += _image(write(".png", still), payload["alt"], theme, "loopdocs-still", still)
        if animated:
            gif = base64.b64decode(payload["animations"][theme])
            image = _image(
                write(".gif", gif), payload["animation_alt"], theme, "loopdocs-animation", gif
            )
            webps = payload.get("webps") or {}
            if theme in webps:
                # No link to the file around an image inside a <picture> (HTML allows none).
                image["classes"].append("no-scaled-link")
                webp = base64.b64decode(webps[theme])
                figure += picture("", webp_source(uri=write(".webp", webp)), image)
            else:
                figure += image
    if payload.get("caption"):
        figure += nodes.caption(text=payload["caption"])
    return figure


def _image(uri: str, alt: str, theme: str, kind: str, raw: bytes) -> nodes.image:
    width, height = _pixel_size(raw)
    return nodes.image(
        uri=uri,
        alt=alt,
        classes=[f"only-{theme}", kind],
        loading="lazy",
        width=str(width),
        height=str(height),
    )


class picture(nodes.General, nodes.Element):
    """``<picture>``: its :class:`webp_source` first, then the image browsers fall back to."""


class webp_source(nodes.image):
    """A ``<source type="image/webp">`` of a :class:`picture`.

    An image node, so Sphinx collects and copies the file like any image's.
    """


def _visit_picture(translator: Any, node: picture) -> None:
    translator.body.append("<picture>")


def _depart_picture(translator: Any, node: picture) -> None:
    translator.body.append("</picture>\n")


def _visit_webp_source(translator: Any, node: webp_source) -> None:
    uri = node["uri"]
    images = translator.builder.images
    if uri in images:  # the same rewrite Sphinx's HTML writer gives an <img>'s src
        uri = posixpath.join(translator.builder.imgpath, urllib.parse.quote(images[uri]))
    translator.body.append(f'<source srcset="{translator.attval(uri)}" type="image/webp" />')
    raise nodes.SkipNode


def _depart_nothing(translator: Any, node: nodes.Element) -> None:
    pass


class PictureFallback(SphinxPostTransform):
    """For builders other than HTML, a :class:`picture` is its fallback image alone."""

    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        if self.app.builder.format == "html":
            return
        for node in list(self.document.findall(picture)):
            node.replace_self(
                [child for child in node.children if not isinstance(child, webp_source)]
            )


def _pixel_size(raw: bytes) -> tuple[int, int]:
    if raw[:8] == b"\x89PNG\r\n\x1a\n":
        return int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")
    if raw[:6] in (b"GIF87a", b"GIF89a"):
        return int.from_bytes(raw[6:8], "little"), int.from_bytes(raw[8:10], "little")
    raise ValueError("a loopdocs figure image must be a PNG or a GIF")


def optional_ref_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: Sequence[str] = (),
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{optional-ref}`Title <label>``: a link to ``label`` that is plain text until it exists.

    For a link to a page that a later change adds (the troubleshooting table links to demos
    that are their own work): the build stays warning-free either way, and the link appears
    as soon as the label does.
    """
    has_title, title, target = split_explicit_title(utils.unescape(text))
    if not has_title:
        msg = inliner.reporter.error(
            f"optional-ref needs an explicit title, as in `Title <{target}>`", line=lineno
        )
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    node = addnodes.pending_xref(
        rawtext,
        refdomain="std",
        reftype="ref",
        reftarget=target.lower(),
        refexplicit=True,
        refwarn=True,
        loopdocs_optional=True,
    )
    node += nodes.inline(title, title, classes=["std", "std-ref"])
    return [node], []


def _resolve_missing_optional(
    app: Sphinx, env: Any, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    return contnode if node.get("loopdocs_optional") else None


def drop_mystnb_stylesheet(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Leave myst-nb's 43 KB stylesheet off the pages: it styles widgets and notebook chrome
    this site does not use (its ``nb_append_css`` switch is ignored under Sphinx), and the few
    rules the site needs are in loopdocs.css. It keeps every page inside its weight budget.
    """
    context["css_files"] = [
        css
        for css in context.get("css_files", [])
        if not str(getattr(css, "filename", css)).startswith("_static/mystnb.")
    ]


def _add_static_path(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC))


def library_fingerprint() -> str:
    """A hash of loopdocs' own source and the versions of what it draws and trains with.

    jupyter-cache keys a notebook on its code cells only, so a page whose helper changed would
    otherwise be served from the cache with stale outputs.
    """
    from importlib.metadata import version

    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".css"}:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    for name in ("torch", "matplotlib", "numpy", "pillow", "myst-nb"):
        digest.update(f"{name}=={version(name)}".encode())
    return digest.hexdigest()


def prepare_execution_cache(app: Sphinx) -> None:
    """Create myst-nb's jupyter-cache before any parallel reader can race to create it.

    A cache made with another version of the library (or of torch) is emptied first.
    """
    nb_config = getattr(app.env, "mystnb_config", None)
    if nb_config is None or nb_config.execution_mode != "cache":
        return
    from jupyter_cache import get_cache

    path = Path(nb_config.execution_cache_path)
    stamp = path / "loopdocs-fingerprint.txt"
    fingerprint = library_fingerprint()
    if path.exists() and (not stamp.is_file() or stamp.read_text() != fingerprint):
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    get_cache(str(path)).list_cache_records()  # creates the database and its tables
    stamp.write_text(fingerprint)


class NotebookCellError(SphinxError):
    """A page's code cell raised, timed out or killed its kernel while the site was built."""

    category = "Notebook cell failed"


class NotebookParser(MystNbParser):  # type: ignore[misc]  # myst-nb ships no type information
    """myst-nb's parser, whose execution errors name the page, the cell, its line and the error.

    myst-nb raises the page's path alone, and under ``-j`` the traceback it logged is lost
    with the worker process; this message travels with the exception.
    """

    def parse(self, inputstring: str, document: nodes.document) -> None:
        try:
            super().parse(inputstring, document)
        except (ExecutionError, DeadKernelError) as error:
            env = document.settings.env
            path = Path(env.doc2path(env.docname))
            cause = error.__cause__ if isinstance(error, ExecutionError) else error
            cells = _code_cells(path, inputstring, env.myst_config)
            raise NotebookCellError(describe_failure(str(path), cells, cause)) from error


def _code_cells(path: Path, text: str, md_config: Any) -> list[CodeCell]:
    """A MyST text notebook's code cells, each with the line its fence opens on.

    Any other page (an ``.ipynb``) gives none: the message then shows nbclient's quote alone.
    """
    if path.suffix != ".md":
        return []
    notebook = read_myst_markdown_notebook(text, md_config, add_source_map=True, path=path)
    cells, starts = notebook.cells, notebook.metadata["source_map"]
    code = [
        (cell, start) for cell, start in zip(cells, starts, strict=True) if cell.cell_type == "code"
    ]
    return [
        CodeCell(number=number, line=start, source=cell.source)
        for number, (cell, start) in enumerate(code, start=1)
    ]


def _fingerprint_stamp(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "loopdocs-fingerprint.txt"


def reread_pages_when_library_changed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read every notebook page when loopdocs (or torch, matplotlib ...) changed.

    Sphinx re-reads only pages whose source changed, and an emptied execution cache alone does
    not make it re-read the others: their stale outputs would stay in the built site. The
    fingerprint of the last successful build is kept beside the doctrees.
    """
    stamp = _fingerprint_stamp(app)
    if not stamp.is_file() or stamp.read_text() == library_fingerprint():
        return []
    notebooks = [
        docname
        for docname in env.found_docs
        if Path(env.doc2path(docname)).suffix in {".md", ".ipynb"}
    ]
    return sorted(set(notebooks) - added - changed - removed)


def _stamp_fingerprint(app: Sphinx, exception: Exception | None) -> None:
    if exception is None:
        _fingerprint_stamp(app).parent.mkdir(parents=True, exist_ok=True)
        _fingerprint_stamp(app).write_text(library_fingerprint())


def execute_notebooks_ahead(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Before a parallel read, run the notebooks to be read in a pool (see loopdocs._prerun)."""
    nb_config = getattr(env, "mystnb_config", None)
    if (
        app.parallel < 2
        or nb_config is None
        or nb_config.execution_mode != "cache"
        or nb_config.execution_in_temp
        or nb_config.kernel_rgx_aliases
    ):
        return
    start = time.perf_counter()
    paths = [Path(env.doc2path(docname)) for docname in docnames]
    md_config = getattr(env, "myst_config", None)  # set by myst-nb, as mystnb_config
    count = execute_ahead(paths, md_config, nb_config, workers=app.parallel)
    if count:
        logging.getLogger(__name__).info(
            f"loopdocs: ran {count} notebook{'s' * (count > 1)} ahead of reading, "
            f"{app.parallel} at a time, in {time.perf_counter() - start:.1f} s"
        )


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the parser, CSS and JS; the MIME renderer is found by myst-nb's entry point."""
    # Replaces myst-nb's own parser (same file type), so myst_nb must come first in extensions.
    app.add_source_parser(NotebookParser, override=True)
    app.connect("builder-inited", _add_static_path)
    # After myst-nb's own builder-inited handler, which resolves the cache path.
    app.connect("builder-inited", prepare_execution_cache, priority=600)
    app.connect("env-get-outdated", reread_pages_when_library_changed)
    app.connect("build-finished", _stamp_fingerprint)
    app.connect("env-before-read-docs", execute_notebooks_ahead)
    app.add_css_file("loopdocs.css")
    app.add_js_file("loopdocs.js", loading_method="defer")  # focusable scrolling code blocks
    app.add_role("optional-ref", optional_ref_role)
    app.add_node(picture, html=(_visit_picture, _depart_picture))
    app.add_node(webp_source, html=(_visit_webp_source, _depart_nothing))
    app.add_post_transform(PictureFallback)
    app.connect("missing-reference", _resolve_missing_optional)
    app.connect("html-page-context", drop_mystnb_stylesheet)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
