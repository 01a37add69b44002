r"""Page figures in the built site: the myst-nb MIME renderer, ``<picture>`` nodes, a fallback.

The renderer :class:`LoopdocsMimeRenderer` is found through the ``myst_nb.mime_renderers`` entry
point and turns a :class:`loopdocs.figures.PageFigure` output into a docutils figure: one image
per theme (furo's ``only-light``/``only-dark``), and for an animation a still for readers who
prefer reduced motion. Each image is a ``<picture>`` whose ``<source>``\ s offer the figure's
narrow rendering to a phone's screen (:data:`NARROW_MEDIA`) and an animation's WebP to the
browsers that read it, so a reader downloads only the one file that suits their screen. Every
image is written by myst-nb and collected by Sphinx like any other; builders other than HTML
get the wide PNG or GIF alone (:class:`PictureFallback`).
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import urllib.parse
from typing import Any, ClassVar

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from loopdocs._mime import MIME_TYPE, PUZZLE_MIME_TYPE
from loopdocs.draw.headers import pixel_size

#: Where a figure's narrow rendering replaces its wide one: below 36em (576 CSS pixels).
#: furo's text column is the window less 2em there, so a wide figure (720 pixels) is never
#: drawn below 75 % of its size (545 of 720 at 577 pixels), and a narrow one (360) fills a
#: phone's column at full size (358 of 360 on a 390-pixel phone).
NARROW_MEDIA = "(max-width: 36em)"


class LoopdocsMimeRenderer:
    """myst-nb plugin: render ``application/vnd.loopdocs.figure+json`` outputs as figures."""

    mime_priority_overrides: ClassVar[list[tuple[str, str, int | None]]] = [
        ("*", MIME_TYPE, 1),
        ("*", PUZZLE_MIME_TYPE, 1),
    ]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if data.mime_type not in (MIME_TYPE, PUZZLE_MIME_TYPE):
            return None
        payload = data.content
        try:
            if data.mime_type == PUZZLE_MIME_TYPE:
                from loopdocs.sphinxext.puzzle import puzzle_node

                return [puzzle_node(payload)]
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
    narrow_stills = payload.get("narrow_stills") or {}
    for theme in ("light", "dark"):
        still = base64.b64decode(payload["stills"][theme])
        image = _image(write(".png", still), payload["alt"], theme, "loopdocs-still", still)
        sources = []
        if theme in narrow_stills:
            narrow = base64.b64decode(narrow_stills[theme])
            sources.append(_source(write(".png", narrow), narrow, media=NARROW_MEDIA))
        figure += _picture(sources, image)
        if animated:
            figure += _animation(payload, theme, write)
    if payload.get("caption"):
        figure += nodes.caption(text=payload["caption"])
    elif len(figure) > 1:
        # docutils closes a <figcaption> after any figure of more than one child, caption or
        # not: without a caption, the pictures go in one box (else a stray </figcaption>).
        body = nodes.container(classes=["loopdocs-figure-body"])
        body.extend(figure.children)
        figure.children = []
        figure += body
    if payload.get("player"):
        if not payload.get("name"):
            raise ValueError("a figure with a player needs a name (its anchor and link key)")
        box = player_box(name=payload["name"])
        for part, script in payload["player"].items():
            box += player_part(uri=write(".js", base64.b64decode(script)), part=part)
        box += figure
        return box
    return figure


def _animation(payload: dict[str, Any], theme: str, write: Any) -> nodes.Element:
    """An animation's ``<picture>``: narrow WebP and GIF for a phone, then WebP, then the GIF."""
    gif = base64.b64decode(payload["animations"][theme])
    image = _image(write(".gif", gif), payload["animation_alt"], theme, "loopdocs-animation", gif)
    sources = []
    narrow_gifs = payload.get("narrow_animations") or {}
    narrow_webps = payload.get("narrow_webps") or {}
    if theme in narrow_gifs:
        narrow_gif = base64.b64decode(narrow_gifs[theme])
        if theme in narrow_webps:
            narrow_webp = base64.b64decode(narrow_webps[theme])
            sources.append(
                _source(write(".webp", narrow_webp), narrow_gif, media=NARROW_MEDIA, webp=True)
            )
        sources.append(_source(write(".gif", narrow_gif), narrow_gif, media=NARROW_MEDIA))
    webps = payload.get("webps") or {}
    if theme in webps:
        sources.append(_source(write(".webp", base64.b64decode(webps[theme])), gif, webp=True))
    return _picture(sources, image)


def _picture(sources: list[picture_source], image: nodes.image) -> nodes.Element:
    if not sources:
        return image
    # No link to the file around an image inside a <picture> (HTML allows none).
    image["classes"].append("no-scaled-link")
    return picture("", *sources, image)


def _source(uri: str, sized_by: bytes, *, media: str = "", webp: bool = False) -> picture_source:
    """A ``<source>``; ``sized_by`` is the PNG or GIF whose pixel size it declares (a WebP
    animation has its GIF's)."""
    width, height = pixel_size(sized_by)
    return picture_source(
        uri=uri,
        classes=["no-scaled-link"],  # a sized image gets a link around it, which <picture> forbids
        media=media,
        type="image/webp" if webp else "",
        width=str(width),
        height=str(height),
    )


def _image(uri: str, alt: str, theme: str, kind: str, raw: bytes) -> nodes.image:
    width, height = pixel_size(raw)
    return nodes.image(
        uri=uri,
        alt=alt,
        classes=[f"only-{theme}", kind],
        loading="lazy",
        width=str(width),
        height=str(height),
    )


class picture(nodes.General, nodes.Element):
    """``<picture>``: its :class:`picture_source` s in order, then the image they replace."""


class picture_source(nodes.image):
    """A ``<source>`` of a :class:`picture`: a narrow rendering for a phone's screen (``media``),
    a WebP animation (``type``), or both, with the pixel size it shows at.

    An image node, so Sphinx collects and copies the file like any image's.
    """


def visit_picture(translator: Any, node: picture) -> None:
    translator.body.append("<picture>")


def depart_picture(translator: Any, node: picture) -> None:
    translator.body.append("</picture>\n")


def visit_picture_source(translator: Any, node: picture_source) -> None:
    attributes = {
        "media": node.get("media", ""),
        "srcset": _output_uri(translator, node),
        "type": node.get("type", ""),
        "width": node.get("width", ""),
        "height": node.get("height", ""),
    }
    shown = " ".join(
        f'{name}="{translator.attval(value)}"' for name, value in attributes.items() if value
    )
    translator.body.append(f"<source {shown} />")
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
    """For builders other than HTML, a :class:`picture` is its fallback image alone (the wide
    PNG or GIF), a :class:`player_box` its figure, and a puzzle its table."""

    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        if self.app.builder.format == "html":
            return
        for node in list(self.document.findall(picture)):
            node.replace_self(
                [child for child in node.children if not isinstance(child, picture_source)]
            )
        from loopdocs.sphinxext.puzzle import puzzle_data

        for data in list(self.document.findall(puzzle_data)):
            data.parent.remove(data)
        for box in list(self.document.findall(player_box)):
            box.replace_self(
                [child for child in box.children if not isinstance(child, player_part)]
            )
