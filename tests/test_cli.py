"""The ``loopdocs`` command: figures for teachers, and one-line errors for bad arguments."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from loopdocs._checks import writable_file
from loopdocs.cli import main
from loopdocs.draw.gif import gif_frame_count, gif_loops
from loopdocs.draw.webp import webp_plays


def test_png_and_gif_are_written_with_their_alt_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png, gif = tmp_path / "fit.png", tmp_path / "fit.gif"
    assert main([str(png)]) == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    assert "alt text: Data panel: 40 data points" in capsys.readouterr().out
    assert main([str(gif), "--lr", "0.6", "--theme", "dark", "--frames", "20"]) == 0
    assert gif_frame_count(gif.read_bytes()) == 20 and not gif_loops(gif.read_bytes())
    assert "stops being finite at epoch" in capsys.readouterr().out


def test_webp_is_written_with_the_gif_s_frames(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gif, webp = tmp_path / "fit.gif", tmp_path / "fit.webp"
    assert main([str(gif), "--frames", "12"]) == 0
    assert main([str(webp), "--frames", "12"]) == 0
    content = webp.read_bytes()
    assert content[8:12] == b"WEBP" and webp_plays(content) == 1
    assert gif_frame_count(content) == gif_frame_count(gif.read_bytes()) == 12
    assert len(content) < len(gif.read_bytes())
    assert capsys.readouterr().out.count("alt text: Animation over 200 epochs") == 2


def test_writable_file_names_the_suffixes_and_refuses_what_cannot_be_written(
    tmp_path: Path,
) -> None:
    target = tmp_path / "fit.svg"
    assert writable_file("figure", target, (".png", ".svg")) == target
    assert writable_file("figure", tmp_path / "FIT.PNG", (".png", ".svg")).name == "FIT.PNG"
    for path, suffixes, message in (
        (tmp_path / "fit.gif", (".png", ".svg"), "figure must end in .png or .svg, got "),
        (tmp_path / "fit", (".png", ".gif", ".webp"), "figure must end in .png, .gif or .webp"),
        (tmp_path / "missing" / "fit.png", (".png",), "figure's folder must exist, and "),
    ):
        with pytest.raises(ValueError, match=re.escape(message)):
            writable_file("figure", path, suffixes)
    (tmp_path / "taken.png").mkdir()
    with pytest.raises(ValueError, match="figure must be a file, and .* is a folder"):
        writable_file("figure", tmp_path / "taken.png", (".png",))
