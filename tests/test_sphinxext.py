"""The Sphinx adapter on a tiny project: an animated figure is a <picture> in HTML (WebP first,
the GIF as fallback) and its GIF alone for any other builder, with no warning either way."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sitebuild import sphinx_build

from loopdocs import make_line_data, train_line
from loopdocs._mime import MIME_TYPE
from loopdocs.figures import run_figure

pytestmark = pytest.mark.site  # builds a tiny Sphinx project

CONF = """
project = "picture"
extensions = ["myst_nb", "loopdocs.sphinxext"]
exclude_patterns = ["_build"]
nb_execution_mode = "off"  # the notebook carries its outputs: no kernel needed
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-page project whose notebook holds an animated loopdocs figure as its output."""
    data = make_line_data()
    figure = run_figure(train_line(data, lr=0.03, epochs=30), data, animate=True, frames=4)
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3"},
            "language_info": {"name": "python"},
        },
        "cells": [
            {"cell_type": "markdown", "id": "title", "metadata": {}, "source": "# A run\n"},
            {
                "cell_type": "code",
                "id": "figure",
                "metadata": {},
                "execution_count": 1,
                "source": "run_figure(history, data, animate=True)",
                "outputs": [
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {
                            **figure._repr_mimebundle_(),
                            MIME_TYPE: figure.payload(),
                        },
                    }
                ],
            },
        ],
    }
    source = tmp_path_factory.mktemp("picture")
    (source / "conf.py").write_text(CONF)
    (source / "index.ipynb").write_text(json.dumps(notebook))
    return source


def test_html_offers_the_webp_first_and_the_gif_as_fallback(project: Path) -> None:
    out = project.parent / "html" / "site"  # doctrees go beside it: one environment per builder
    result = sphinx_build(project, out)
    assert result.returncode == 0, result.stderr[-4000:]
    html = (out / "index.html").read_text(encoding="utf-8")
    pictures = re.findall(r"<picture>(.*?)</picture>", html, re.DOTALL)
    assert len(pictures) == 2  # light and dark
    for picture in pictures:
        source = re.fullmatch(
            r'<source srcset="(_images/[^"]+\.webp)" type="image/webp" /><img [^>]*'
            r'src="(_images/[^"]+\.gif)"[^>]*/>\s*',
            picture,
        )
        assert source is not None, picture
        webp, gif = (out / source.group(1)), (out / source.group(2))
        assert webp.read_bytes()[8:12] == b"WEBP" and gif.read_bytes()[:6] == b"GIF89a"


def test_other_builders_get_the_gif_alone(project: Path) -> None:
    # pseudoxml writes the doctree as a non-HTML builder gets it, after the post-transforms.
    out = project.parent / "pseudoxml" / "site"
    result = sphinx_build(project, out, "-b", "pseudoxml")
    assert result.returncode == 0, result.stderr[-4000:]
    tree = (out / "index.pseudoxml").read_text(encoding="utf-8")
    assert "<picture" not in tree and "<webp_source" not in tree and ".webp" not in tree
    images = re.findall(r'<image alt="([^"]+)"[^>]*uri="([^"]+)"', tree)
    animations = [uri for alt, uri in images if alt.startswith("Animation over 30 epochs")]
    assert len(animations) == 2 and all(uri.endswith(".gif") for uri in animations)
