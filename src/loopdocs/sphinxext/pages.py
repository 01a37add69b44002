"""What the pages' hidden cells share: glue a number into the prose, run an example script,
run a command that starts processes of its own (``torchrun``).

A page says ``say("fit_w", text)`` or ``say_number("fit_w", history.final_w, ".3f")`` and its
prose reads ``{glue:text}`fit_w```. ``say_number`` formats with
:func:`loopdocs.describe.shown`, so a number whose last digit could differ on another CPU
fails the build instead of reaching a reader.
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from myst_nb import glue

from loopdocs._checks import positive_float

#: Text that is a number and nothing else: digits (grouped by , or _), a point, an exponent.
BARE_NUMBER = re.compile(r"\s*[+-]?(\d[\d,_]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*")


def say(key: str, text: str) -> None:
    """Glue ``text`` under ``key`` for ``{glue:text}`key``` in the prose (nothing is shown here)."""
    if not isinstance(key, str) or not key:
        raise ValueError(f"key must be a non-empty string, got {key!r}")
    if not isinstance(text, str):
        raise ValueError(f"text must be a string (format numbers first), got {type(text).__name__}")
    if BARE_NUMBER.fullmatch(text):
        from loopdocs.describe.numbers import Shown  # loaded already when a page shows digits

        if not isinstance(text, Shown):
            raise ValueError(
                f"text for {key!r} is a bare number, {text!r}: glue it with "
                f"say_number({key!r}, value, spec) (or say({key!r}, shown(value, spec))), "
                "which refuses digits that could differ on another CPU"
            )
    glue(key, text, display=False)


def say_number(key: str, value: float, spec: str = ".3f") -> None:
    """Glue ``value`` formatted with ``spec`` (see :func:`loopdocs.describe.shown`)."""
    from loopdocs.describe import shown  # numpy: only when a page glues a number

    say(key, shown(value, spec))


def load_script(path: str | Path) -> ModuleType:
    """Import the .py file at ``path`` as a module named after it (``__main__`` code stays off).

    A page runs the very code it shows this way: the example file, not a copy.
    """
    file = Path(path)
    if file.suffix != ".py" or not file.is_file():
        raise ValueError(f"path must name an existing .py file, got {str(path)!r}")
    spec = importlib.util.spec_from_file_location(file.stem, file)
    if spec is None or spec.loader is None:
        raise ValueError(f"path could not be loaded as a module: {str(path)!r}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_command(
    command: Sequence[str], *, cwd: str | Path, timeout: float, what: str
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` (in its own process group, from ``cwd``) and return what it printed.

    For a page that starts other processes, such as ``torchrun`` and its workers: if the
    command has not finished after ``timeout`` seconds, the whole group is killed, so nothing
    is left running; a failure or a timeout raises RuntimeError naming ``what`` ran and ending
    with what it printed last, which the build reports with the page and cell.
    """
    positive_float("timeout", timeout)  # in seconds; inf would wait forever
    with subprocess.Popen(
        list(command),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own group: a timeout kills the workers too
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
            raise RuntimeError(
                f"{what} did not finish within {timeout:g} s and was stopped:\n"
                f"{_tail(stdout, stderr)}"
            ) from None
    if process.returncode != 0:
        raise RuntimeError(
            f"{what} failed with exit status {process.returncode}:\n{_tail(stdout, stderr)}"
        )
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _tail(stdout: str, stderr: str, lines: int = 25) -> str:
    printed = (stdout + "\n" + stderr).strip().splitlines()
    return "\n".join(printed[-lines:]) or "(it printed nothing)"
