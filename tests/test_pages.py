"""Glue for the pages' hidden cells: it refuses digits that could differ between CPUs.

(``load_script`` is tested with the examples, in test_examples.py.)
"""

from __future__ import annotations

from unittest import mock

import pytest

from loopdocs.sphinxext import pages


def test_say_number_glues_the_shown_text() -> None:
    with mock.patch.object(pages, "glue") as glue:
        pages.say_number("fit_w", 0.8204270005, ".3f")
        pages.say("fit_line", "y = 0.820x + 0.490")
    assert glue.call_args_list == [
        mock.call("fit_w", "0.820", display=False),
        mock.call("fit_line", "y = 0.820x + 0.490", display=False),
    ]


def test_a_number_on_a_rounding_edge_never_reaches_the_prose() -> None:
    with mock.patch.object(pages, "glue") as glue, pytest.raises(ValueError, match="edge"):
        pages.say_number("loss", 0.12350001, ".3f")
    glue.assert_not_called()


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("", "x", "key must be a non-empty string"),
        (3, "x", "key must be a non-empty string"),
        ("k", 0.5, "text must be a string"),
    ],
)
def test_say_refuses_what_prose_cannot_show(key: object, text: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pages.say(key, text)  # type: ignore[arg-type]
