"""Printed output shown as printed: a cell's stream chunks joined exactly, not line by line.

ipykernel sends what a cell prints in chunks, cut wherever its flush timer fires, so one
``print("a", b)`` can arrive as ``"a"`` and ``" b\\n"``. myst-nb's ``coalesce_streams`` (run for
``nb_merge_streams = True``) strips each later chunk and appends a newline, which turns that
into two lines, ``"a\\n b"``, on some builds and not others: the page then shows something the
code did not print, and two builds of one commit differ. :func:`join_stream_chunks` joins the
chunks of each stream exactly first; myst-nb's own merge then sees one chunk per stream.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Outputs = list[Any]


def join_stream_chunks(outputs: Outputs) -> Outputs:
    """``outputs`` with every stream's chunks (stdout, stderr) joined, in order, into its first.

    The other outputs keep their places; a stream's text lands where its first chunk was.
    """
    joined: Outputs = []
    first: dict[str, Any] = {}
    for output in outputs:
        if output.get("output_type") != "stream":
            joined.append(output)
            continue
        text = output["text"] if isinstance(output["text"], str) else "".join(output["text"])
        name = output["name"]
        if name in first:
            first[name]["text"] += text
        else:
            output["text"] = text
            first[name] = output
            joined.append(output)
    return joined


def exact_coalesce(original: Callable[[Outputs], Outputs]) -> Callable[[Outputs], Outputs]:
    """myst-nb's ``coalesce_streams``, given chunks already joined exactly."""

    def coalesce_streams(outputs: Outputs) -> Outputs:
        return original(join_stream_chunks(outputs))

    coalesce_streams.__wrapped__ = original  # type: ignore[attr-defined]
    return coalesce_streams


def join_streams_exactly() -> None:
    """Make myst-nb's renderer join stream chunks exactly (once per process)."""
    from myst_nb.core import render

    if not hasattr(render.coalesce_streams, "__wrapped__"):
        render.coalesce_streams = exact_coalesce(render.coalesce_streams)
