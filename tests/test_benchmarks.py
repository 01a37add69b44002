"""The saved animation benchmark is for this tree's engine, whatever the CPU."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH_GIF = ROOT / "benchmarks" / "bench_gif.py"


def load_bench_gif() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_gif", BENCH_GIF)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_saved_results_match_this_engine() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH_GIF), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "matches this engine" in result.stdout


def test_the_fingerprint_run_does_not_touch_torch_kernels() -> None:
    bench = load_bench_gif()
    history, data = bench.fingerprint_run()
    again, _ = bench.fingerprint_run()
    assert history == again and history.epochs_run == 200 and not history.diverged
    # Plain float64 gradient descent on the float32 points lands on their least squares line.
    from loopdocs import least_squares

    w_star, b_star = least_squares(data.x, data.y)
    assert abs(history.final_w - w_star) < 1e-9 and abs(history.final_b - b_star) < 1e-9


def test_a_stale_result_says_what_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = load_bench_gif()
    saved = json.loads((ROOT / "benchmarks" / "results" / "gif.json").read_text())
    saved["engine"]["gif_bytes"] += 1
    stale = tmp_path / "gif.json"
    stale.write_text(json.dumps(saved))
    monkeypatch.setattr(bench, "RESULTS", stale)
    assert bench.check(saved["frames"]) == 1
    assert "nox -s bench -- --save" in capsys.readouterr().out
    monkeypatch.setattr(bench, "RESULTS", tmp_path / "missing.json")
    assert bench.check(saved["frames"]) == 1
    assert "missing" in capsys.readouterr().out
