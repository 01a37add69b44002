"""Image sizes and kinds read from their first bytes: the one reader of PNG, GIF and WebP
headers. It imports nothing, so the Sphinx side reads sizes without loading matplotlib."""

from __future__ import annotations

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GIF_SIGNATURES = (b"GIF87a", b"GIF89a")


def is_png(data: bytes) -> bool:
    """True for bytes that start as a PNG file does."""
    return data[:8] == PNG_SIGNATURE


def is_webp(data: bytes) -> bool:
    """True for bytes that start as a WebP file does (``RIFF....WEBP``)."""
    return data[:4] == b"RIFF" and data[8:12] == b"WEBP"


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels of PNG bytes ((0, 0) for anything that is not a PNG)."""
    if not is_png(png):
        return 0, 0
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def png_width(png: bytes) -> int:
    """The width in pixels of PNG bytes (0 for anything that is not a PNG)."""
    return png_size(png)[0]


def pixel_size(raw: bytes) -> tuple[int, int]:
    """(width, height) in pixels of a PNG or a GIF; ValueError for anything else."""
    if is_png(raw):
        return png_size(raw)
    if raw[:6] in GIF_SIGNATURES:
        return int.from_bytes(raw[6:8], "little"), int.from_bytes(raw[8:10], "little")
    raise ValueError("a loopdocs figure image must be a PNG or a GIF")
