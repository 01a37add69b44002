"""The ``loopdocs`` command: figures for teachers, and one-line errors for bad arguments."""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
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


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process's umask for one test, and put the old one back after."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda mask: os.umask(mask) and None
    os.umask(old)


@pytest.mark.parametrize(
    ("mask", "mode"),
    [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)],
    ids=["umask-022", "umask-002", "umask-077"],
)
def test_a_new_file_gets_the_mode_the_umask_gives(
    tmp_path: Path, umask: Callable[[int], None], mask: int, mode: int
) -> None:
    umask(mask)
    out = tmp_path / "fit.png"
    assert main([str(out), "--epochs", "2"]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_an_overwritten_file_keeps_its_mode(tmp_path: Path, umask: Callable[[int], None]) -> None:
    umask(0o077)  # a new file would get 0600: the old file's 0644 must win
    out = tmp_path / "fit.gif"
    out.write_bytes(b"old")
    out.chmod(0o644)
    assert main([str(out), "--epochs", "2"]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644 and gif_frame_count(out.read_bytes()) == 2


def test_a_symlink_is_written_through_to_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "site").mkdir()
    target, link = tmp_path / "site" / "fit.png", tmp_path / "fit.png"
    target.write_bytes(b"old")
    link.symlink_to(target)
    assert main([str(link), "--epochs", "2"]) == 0
    assert link.is_symlink() and link.resolve() == target
    assert target.read_bytes().startswith(b"\x89PNG")
    assert f"through the symlink to {target}" in capsys.readouterr().out
    # A dangling link is written through too: its target is created.
    dangling = tmp_path / "new.png"
    dangling.symlink_to(tmp_path / "site" / "new.png")
    assert main([str(dangling), "--epochs", "2"]) == 0
    assert dangling.is_symlink() and (tmp_path / "site" / "new.png").read_bytes()[:4] == b"\x89PNG"
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["fit.png", "new.png"]


def test_a_symlink_to_another_kind_of_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    (tmp_path / "fit.png").symlink_to(tmp_path / "notes.txt")
    with pytest.raises(ValueError, match=r"out is a symlink to '.*notes\.txt', which must end in"):
        writable_file("out", tmp_path / "fit.png", (".png",))
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_writability_is_checked_by_creating_a_file_before_any_training(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """os.access says yes to root everywhere and knows nothing of read-only mounts: the check
    creates (and removes) a file in the folder, as the write will."""
    real = tempfile.mkstemp

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        if kwargs.get("dir") == tmp_path:
            raise OSError(errno.EROFS, "Read-only file system")
        return real(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr("loopdocs._checks.tempfile.mkstemp", read_only)
    trained: list[object] = []
    monkeypatch.setattr("loopdocs.cli.train_line", lambda *a, **k: trained.append(a))
    with pytest.raises(SystemExit) as caught:
        main([str(tmp_path / "fit.png")])
    assert caught.value.code == 2 and not trained
    assert "out's folder must be writable" in capsys.readouterr().err
    with pytest.raises(ValueError, match=r"\(Read-only file system\)"):
        writable_file("out", tmp_path / "fit.png", (".png",))
    monkeypatch.undo()
    assert writable_file("out", tmp_path / "fit.png", (".png",)) == tmp_path / "fit.png"
    assert list(tmp_path.iterdir()) == []  # the probe is removed


class Terminal(io.StringIO):
    """A stderr that says it is a terminal (or not)."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty", [True, False])
def test_the_progress_bar_is_drawn_only_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tty: bool
) -> None:
    stderr = Terminal(tty)
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setattr("loopdocs.cli.PROGRESS_DELAY", 0)  # at once, not after 2 s
    assert main([str(tmp_path / "fit.png"), "--epochs", "30"]) == 0
    drawn = stderr.getvalue()
    assert ("/30 [" in drawn and "epoch/s" in drawn) if tty else drawn == "", repr(drawn)


def test_one_frame_is_described_as_a_still_image(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gif = tmp_path / "fit.gif"
    assert main([str(gif), "--frames", "1", "--epochs", "20"]) == 0
    assert gif_frame_count(gif.read_bytes()) == 1
    alt = capsys.readouterr().out.split("alt text: ", 1)[1]
    assert alt.startswith("A still image, a single frame of epoch 20: the fitted line at y = ")
    assert "nimation" not in alt
