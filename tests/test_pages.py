"""Glue for the pages' hidden cells: it refuses digits that could differ between CPUs.

(``load_script`` is tested with the examples, in test_examples.py.) ``run_command`` runs a
command that starts processes of its own, and leaves none behind.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from unittest import mock

import pytest

from loopdocs.describe import shown
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


@pytest.mark.parametrize(
    "text", ["0.820", "12", "-3", "+1.5", "1,797", "2.5e-07", ".5", "1_000", " 0.82 "]
)
def test_say_refuses_a_number_formatted_by_hand(text: str) -> None:
    with mock.patch.object(pages, "glue") as glue:
        with pytest.raises(ValueError, match=r"bare number.*say_number\('fit_w', value, spec\)"):
            pages.say("fit_w", text)
        # The same digits through the CPU-safe formatting pass.
        pages.say("fit_w", shown(0.8204270005, ".3f"))
        pages.say_number("n_images", 1797, ",d")
    assert glue.call_args_list == [
        mock.call("fit_w", "0.820", display=False),
        mock.call("n_images", "1,797", display=False),
    ]


@pytest.mark.parametrize(
    "text", ["nan", "inf", "−0.57", "0.82x + 0.49", "10⁻⁴", "1.2×10⁻⁴", "12 %", "epoch 3", "v2"]
)
def test_say_glues_words_and_numbers_in_words(text: str) -> None:
    with mock.patch.object(pages, "glue") as glue:
        pages.say("k", text)
    glue.assert_called_once_with("k", text, display=False)


def test_a_shown_number_made_into_a_new_string_is_a_bare_number_again() -> None:
    with pytest.raises(ValueError, match="bare number"):
        pages.say("k", f"{shown(0.8204270005, '.3f')}")


def test_run_command_returns_what_the_command_printed(tmp_path: Path) -> None:
    code = "import os; print(os.getcwd())"
    result = pages.run_command([sys.executable, "-c", code], cwd=tmp_path, timeout=30, what="pwd")
    assert result.returncode == 0 and Path(result.stdout.strip()) == tmp_path.resolve()


def test_run_command_names_what_failed_and_shows_its_last_words(tmp_path: Path) -> None:
    code = "import sys; print('started'); sys.exit('no peer on 127.0.0.1')"
    with pytest.raises(RuntimeError, match="the DDP script failed with exit status 1") as error:
        pages.run_command(
            [sys.executable, "-c", code], cwd=tmp_path, timeout=30, what="the DDP script"
        )
    assert "started" in str(error.value) and "no peer on 127.0.0.1" in str(error.value)


def test_run_command_stops_the_whole_group_on_a_timeout(tmp_path: Path) -> None:
    """A command whose child hangs (as a torchrun worker waiting for a peer) leaves nothing."""
    marker = tmp_path / "child.pid"
    code = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(marker)!r}, 'w').write(str(child.pid))\n"
        "print('waiting', flush=True)\n"
        "time.sleep(60)\n"
    )
    with pytest.raises(RuntimeError, match="hung did not finish within 3 s") as error:
        pages.run_command([sys.executable, "-c", code], cwd=tmp_path, timeout=3, what="hung")
    assert "waiting" in str(error.value)
    child = int(marker.read_text())
    for _ in range(50):  # the kill is sent; give the kernel a moment to deliver it
        if _gone(child):
            break
        time.sleep(0.1)
    assert _gone(child)


def _gone(pid: int) -> bool:
    """True once ``pid`` has exited (a zombie, waiting for init to reap it, has exited)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except FileNotFoundError:
        return True


@pytest.mark.parametrize("timeout", [0, -1, True, "5", float("inf"), float("nan")])
def test_run_command_refuses_a_timeout_that_is_not_seconds(timeout: object) -> None:
    with pytest.raises(ValueError, match="timeout must be a finite number > 0"):
        pages.run_command(["true"], cwd=".", timeout=timeout, what="x")  # type: ignore[arg-type]
