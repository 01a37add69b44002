"""Page figures in the built site: the myst-nb MIME renderer, ``<picture>`` nodes, a fallback.

The renderer :class:`LoopdocsMimeRenderer` is found through the ``myst_nb.mime_renderers`` entry
point and turns a :class:`loopdocs.figures.PageFigure` output into a docutils figure: one image
per theme (furo's ``only-light``/``only-dark``), and for an animation a still for readers who
prefer reduced motion. An animation with a WebP becomes a ``<picture>``: browsers that read
WebP load it, others the GIF. Every image is written by myst-nb and collected by Sphinx like
any other; builders other than HTML get the GIF alone (:class:`PictureFallback`).
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import urllib.parse
from typing import Any, ClassVar

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from loopdocs._mime import MIME_TYPE


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


def figure_node(payload: dict[str, Any], write: Any) -> nodes.Element:
    """Build the figure node for one PageFigure payload, writing images with ``write``.

    A figure with a player comes wrapped in a :class:`player_runs` node, which carries the
    player's data file; the figure inside is what a reader without JavaScript gets.
    """
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
    if payload.get("player"):
        if not payload.get("name"):
            raise ValueError("a figure with a player needs a name (its anchor and link key)")
        box = player_box(name=payload["name"])
        for part, script in payload["player"].items():
            box += player_part(uri=write(".js", base64.b64decode(script)), part=part)
        box += figure
        return box
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


def visit_picture(translator: Any, node: picture) -> None:
    translator.body.append("<picture>")


def depart_picture(translator: Any, node: picture) -> None:
    translator.body.append("</picture>\n")


def visit_webp_source(translator: Any, node: webp_source) -> None:
    uri = _output_uri(translator, node)
    translator.body.append(f'<source srcset="{translator.attval(uri)}" type="image/webp" />')
    raise nodes.SkipNode


def depart_nothing(translator: Any, node: nodes.Element) -> None:
    pass


class player_box(nodes.General, nodes.Element):
    """A player: its data parts (:class:`player_part`), then the figure it replaces."""


class player_part(nodes.image):
    """One data script of a player. An image node, so Sphinx collects and copies the file like
    any image's; in HTML an empty hidden ``<span>`` that tells the player where it is."""


def visit_player_box(translator: Any, node: player_box) -> None:
    name = translator.attval(node["name"])
    translator.body.append(f'<div class="loopdocs-player" data-name="{name}">\n')


def depart_player_box(translator: Any, node: player_box) -> None:
    translator.body.append("</div>\n")


def visit_player_part(translator: Any, node: player_part) -> None:
    src = translator.attval(_output_uri(translator, node))
    part = translator.attval(node["part"])
    translator.body.append(
        f'<span class="loopdocs-player-part" data-part="{part}" data-src="{src}" hidden></span>\n'
    )
    raise nodes.SkipNode


def _output_uri(translator: Any, node: nodes.image) -> str:
    uri: str = node["uri"]
    images = translator.builder.images
    if uri in images:  # the same rewrite Sphinx's HTML writer gives an <img>'s src
        uri = posixpath.join(translator.builder.imgpath, urllib.parse.quote(images[uri]))
    return uri


class PictureFallback(SphinxPostTransform):
    """For builders other than HTML, a :class:`picture` is its fallback image alone, and a
    :class:`player_box` its figure."""

    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        if self.app.builder.format == "html":
            return
        for node in list(self.document.findall(picture)):
            node.replace_self(
                [child for child in node.children if not isinstance(child, webp_source)]
            )
        for box in list(self.document.findall(player_box)):
            box.replace_self(
                [child for child in box.children if not isinstance(child, player_part)]
            )


def _pixel_size(raw: bytes) -> tuple[int, int]:
    if raw[:8] == b"\x89PNG\r\n\x1a\n":
        return int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")
    if raw[:6] in (b"GIF87a", b"GIF89a"):
        return int.from_bytes(raw[6:8], "little"), int.from_bytes(raw[8:10], "little")
    raise ValueError("a loopdocs figure image must be a PNG or a GIF")
