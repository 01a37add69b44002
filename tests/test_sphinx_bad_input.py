"""Bad input on the Sphinx side fails a strict build, naming the page and what is wrong.

A tiny project holds the mistakes a page author can make with the site's own markup and
outputs: an ``optional-ref`` without a title, with an empty label, with a label that is not
one (spaces, capitals), and figure outputs that are malformed (no stills, a player without a
name, an image that is neither PNG nor GIF). Under ``-W`` each must fail the build with a
message naming the page and the problem, never render quietly as plain text or crash.
"""

from __future__ import annotations

import base64
import json

import pytest

from loopdocs import make_line_data, train_line
from loopdocs._mime import MIME_TYPE
from loopdocs.figures import run_figure
from tools.buildsite import SphinxBuild

CONF = """
project = "bad input"
extensions = ["myst_nb", "loopdocs.sphinxext"]
exclude_patterns = ["_build"]
nb_execution_mode = "off"
"""

ROLES = {
    "no title": "{optional-ref}`demo-nan-loss`",
    "empty label": "{optional-ref}`The demo <>`",
    "label with spaces": "{optional-ref}`The demo <demo nan loss>`",
    "label with capitals": "{optional-ref}`The demo <Demo-NaN>`",
}
ROLE_MESSAGES = {
    "no title": "optional-ref needs an explicit title",
    "empty label": "optional-ref's label must be lowercase letters",
    "label with spaces": "got 'demo nan loss'",
    "label with capitals": "got 'Demo-NaN'",
}


def output(payload: dict[str, object]) -> dict[str, object]:
    return {"output_type": "display_data", "metadata": {}, "data": {MIME_TYPE: payload}}


@pytest.fixture(scope="module")
def build_log(tmp_path_factory: pytest.TempPathFactory, sphinx_build: SphinxBuild) -> str:
    data = make_line_data()
    good = run_figure(train_line(data, epochs=3), data).payload()
    no_stills = {**good, "stills": {}}
    nameless_player = {**good, "name": "", "player": {"zero_grad": base64.b64encode(b"x").decode()}}
    not_an_image = {**good, "stills": {"light": base64.b64encode(b"BM not a png").decode()}}
    cells = [
        {
            "cell_type": "code",
            "id": f"bad{index}",
            "metadata": {},
            "execution_count": index,
            "source": "figure",
            "outputs": [output(payload)],
        }
        for index, payload in enumerate((no_stills, nameless_player, not_an_image), start=1)
    ]
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "cells": [
            {"cell_type": "markdown", "id": "t", "metadata": {}, "source": "# Outputs"},
            *cells,
        ],
    }
    source = tmp_path_factory.mktemp("bad")
    (source / "conf.py").write_text(CONF)
    lines = ["# Roles", "", "```{toctree}", "outputs", "```", ""]
    lines += [f"{name}: {role}" + "\n" for name, role in ROLES.items()]
    (source / "index.md").write_text("\n".join(lines))
    (source / "outputs.ipynb").write_text(json.dumps(notebook))
    result = sphinx_build(source, source / "_build" / "html")
    assert result.returncode != 0, "a build with bad input must fail under -W"
    return result.stderr


@pytest.mark.parametrize("case", list(ROLES))
def test_a_bad_optional_ref_fails_the_build_naming_the_problem(build_log: str, case: str) -> None:
    lines = [line for line in build_log.splitlines() if ROLE_MESSAGES[case] in line]
    assert lines, f"{case}: no error in\n{build_log}"
    assert all("index.md:" in line for line in lines), lines


@pytest.mark.parametrize(
    "message",
    [
        "malformed loopdocs figure output: 'light'",  # no stills
        "a figure with a player needs a name",
        "a loopdocs figure image must be a PNG or a GIF",
    ],
)
def test_a_malformed_figure_output_fails_the_build_naming_the_page(
    build_log: str, message: str
) -> None:
    lines = [line for line in build_log.splitlines() if message in line]
    assert lines and all("outputs.ipynb" in line for line in lines), build_log
