"""Every script in examples/ runs as a learner would run it, and agrees with the library."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from loopdocs import make_line_data, train_line
from loopdocs.sphinxext.pages import load_script

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.py"))
#: Started by torchrun, in several processes; it saves weights, not a figure. The loop-at-scale
#: page runs it under torchrun on every build and checks what it did.
DISTRIBUTED = {"ddp_line"}
FIGURES = [path for path in EXAMPLES if path.stem not in DISTRIBUTED]


@pytest.mark.site  # each example trains in full, as a learner runs it: most of a minute
@pytest.mark.parametrize("script", FIGURES, ids=[path.stem for path in FIGURES])
def test_example_runs_and_writes_its_figure(script: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{script.stem}.png"
    result = subprocess.run(
        [sys.executable, str(script), str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    assert f"wrote {out}" in result.stdout


def test_fit_line_example_is_the_library_run() -> None:
    example = load_script(EXAMPLES[0].parent / "fit_line.py")
    x, y = example.make_data()
    data = make_line_data()
    assert torch.equal(x, data.x) and torch.equal(y, data.y)
    model, losses = example.fit(x, y)
    history = train_line(data, lr=0.03, epochs=200)
    assert losses == list(history.loss)
    assert model.weight.item() == history.final_w and model.bias.item() == history.final_b


def test_load_script_refuses_what_is_not_a_python_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="path must name an existing .py file"):
        load_script(tmp_path / "missing.py")


def test_ddp_example_started_without_torchrun_says_how(tmp_path: Path) -> None:
    script = EXAMPLES[0].parent / "ddp_line.py"
    env = {key: value for key, value in os.environ.items() if key != "RANK"}
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "start it with torchrun: torchrun --standalone --nproc-per-node 2 ddp_line.py"
    )
