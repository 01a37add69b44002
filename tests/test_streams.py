"""A print that ipykernel sent in chunks is shown as printed (loopdocs.sphinxext.streams)."""

from __future__ import annotations

from myst_nb.core import render
from myst_nb.core.utils import coalesce_streams
from nbformat import from_dict

from loopdocs.sphinxext import streams


def chunks(*texts: str, name: str = "stdout") -> list:
    return [from_dict({"output_type": "stream", "name": name, "text": t}) for t in texts]


def test_myst_nb_alone_breaks_a_chunked_line() -> None:
    """The bug this module exists for: myst-nb's merge adds a newline between chunks."""
    merged = coalesce_streams(chunks("x as given:", " True\n", "x times 10: False\n"))
    assert merged[0]["text"] == "x as given:\n True\nx times 10: False\n"


def test_chunks_are_joined_exactly() -> None:
    outputs = [
        *chunks("x as given:"),
        *chunks("careful\n", name="stderr"),
        from_dict({"output_type": "display_data", "data": {"text/plain": "fig"}, "metadata": {}}),
        *chunks(" True\n", "x times 10: False\n"),
    ]
    merged = streams.exact_coalesce(coalesce_streams)(outputs)
    assert [o["output_type"] for o in merged] == ["stream", "stream", "display_data"]
    assert merged[0]["text"] == "x as given: True\nx times 10: False\n"
    assert merged[1]["text"] == "careful\n"


def test_a_list_of_lines_is_a_text_too() -> None:
    joined = streams.join_stream_chunks(
        [from_dict({"output_type": "stream", "name": "stdout", "text": ["a", " b\n"]})]
    )
    assert joined[0]["text"] == "a b\n"


def test_the_renderer_uses_the_exact_join_once() -> None:
    streams.join_streams_exactly()
    patched = render.coalesce_streams
    streams.join_streams_exactly()  # a second Sphinx app in the same process
    assert render.coalesce_streams is patched
    assert patched(chunks("a", " b\n"))[0]["text"] == "a b\n"
