"""Kernels forked from a warm process run a page exactly as an ordinary kernel does."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest

from loopdocs.sphinxext.warm_kernels import (
    PER_KERNEL,
    kernel_manager,
    refusal,
    refusals,
    warm_process,
)

#: What a page could see of its kernel: folder, environment, command line, import path,
#: a torch computation and whether the kernel's parent is the stub that the manager started.
PROBE = """\
import json, os, sys
import torch
torch.manual_seed(0)
seen = {
    "cwd": os.getcwd(),
    "record": os.environ.get("LOOPDOCS_READS"),
    "parent_pid_set": bool(os.environ.get("JPY_PARENT_PID")),
    "argv0": os.path.basename(sys.argv[0]),
    "path": [entry for entry in sys.path if entry],
    "sum": torch.randn(1000).sum().item(),
    "threads": torch.get_num_threads(),
}
print(json.dumps(seen))
print(os.getppid())
"""


def run_probe(folder: Path, **options: object) -> tuple[dict, int]:
    """Run PROBE in a kernel in ``folder``: what it saw, and its parent's pid."""
    import json

    from jupyter_cache.executors.utils import single_nb_execution

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    result = single_nb_execution(
        notebook, cwd=str(folder), timeout=120, allow_errors=False, **options
    )
    assert result.err is None, result.exc_string
    seen, parent = result.nb.cells[0].outputs[0]["text"].splitlines()
    return json.loads(seen), int(parent)


# The warm process is started inside each test: pytest changes PYTEST_CURRENT_TEST between a
# fixture's setup and the test, and a kernel whose environment differs is (rightly) refused.


def test_a_forked_kernel_sees_what_an_ordinary_one_sees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with warm_process() as warm:
        monkeypatch.setenv("LOOPDOCS_READS", str(tmp_path / "record.json"))  # set per page
        forked, forked_parent = run_probe(tmp_path, kernel_manager_class=kernel_manager(warm))
        why_refused = refusals(warm)
        monkeypatch.delenv("LOOPDOCS_READS")
    ordinary, ordinary_parent = run_probe(tmp_path)
    assert forked["record"] == str(tmp_path / "record.json") and ordinary["record"] is None
    assert {**forked, "record": None} == ordinary
    assert forked["cwd"] == str(tmp_path)
    # The ordinary kernel is the manager's child; the forked one is the warm process's, not
    # the stub's: it really was forked (a refused request would be the stub itself, exec'd).
    assert ordinary_parent == os.getpid()
    assert forked_parent not in (os.getpid(), 1), why_refused


def test_without_the_warm_process_the_kernel_starts_the_ordinary_way(tmp_path: Path) -> None:
    gone = str(tmp_path / "no-such.sock")
    seen, parent = run_probe(tmp_path, kernel_manager_class=kernel_manager(gone))
    assert seen["cwd"] == str(tmp_path)
    assert parent == os.getpid()  # the stub became the kernel


def test_a_kernel_with_other_settings_is_refused_and_starts_the_ordinary_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with warm_process() as warm:
        monkeypatch.setenv("OMP_NUM_THREADS", "1")  # read by torch as it loads: not forkable
        seen, parent = run_probe(tmp_path, kernel_manager_class=kernel_manager(warm))
        assert any("OMP_NUM_THREADS" in why for why in refusals(warm)), refusals(warm)  # said why
    assert parent == os.getpid() and seen["threads"] == 1


KERNEL = [sys.executable, "-m", "ipykernel_launcher", "-f", "kernel.json"]


@pytest.mark.parametrize(
    ("argv", "env_change", "named"),
    [
        (KERNEL, {}, None),
        (KERNEL, {"JPY_PARENT_PID": "12", "LOOPDOCS_READS": "/tmp/r.json"}, None),
        (KERNEL, {"OMP_NUM_THREADS": "1"}, "OMP_NUM_THREADS"),
        (KERNEL, {"PATH": None}, "PATH"),
        (["/usr/bin/python3", *KERNEL[1:]], {}, "another interpreter"),
        ([sys.executable, "-m", "other_kernel", "-f", "k.json"], {}, "not an ipykernel"),
        ([sys.executable], {}, "not an ipykernel"),
    ],
)
def test_the_warm_process_stands_in_only_for_a_kernel_it_could_have_been(
    argv: list[str], env_change: dict[str, str | None], named: str | None
) -> None:
    environ = {"PATH": "/usr/bin", "HOME": "/home/x"}
    env = {**environ, **env_change}
    env = {name: value for name, value in env.items() if value is not None}
    why = refusal({"argv": argv, "env": env}, environ)
    if named is None:
        assert why is None
    else:
        assert why is not None and named in why


def test_only_the_per_kernel_variables_may_differ() -> None:
    assert PER_KERNEL.fullmatch("JPY_SESSION_NAME") and PER_KERNEL.fullmatch("LOOPDOCS_READS")
    assert not PER_KERNEL.fullmatch("LOOPDOCS_READS_ROOT")
    assert not PER_KERNEL.fullmatch("PYTHONPATH")
