"""The site's GIF engine against the stock matplotlib way, on the same runs and frames.

    python benchmarks/bench_gif.py [--repeats 5] [--frames 40] [--save | --check]

``--save`` also writes the figures to ``benchmarks/results/gif.json``, which the page "How
this site is built" shows, labelled with the machine that measured them (wall-clock times
cannot be measured during the build itself: two builds would then differ). ``--check``
measures nothing: it only confirms that the saved figures were measured with the engine
(drawing and encoders) in this tree, and says what to run when they were not.

The runs themselves go through PyTorch's CPU kernels, whose float32 rounding differs between
processors (AVX-512, AVX2, scalar, NEON), and a diverging run amplifies that into different
bytes. So the engine is identified by a *fingerprint* instead: the sizes and digest of the
animation of a run computed in plain Python floats (IEEE double arithmetic, the same on every
CPU), drawn and encoded by the engine exactly as the site's animations are.

For the worked example (lr 0.03, 200 epochs: converges) and a run that diverges (lr 0.6),
every way draws the same :class:`loopdocs.plots.FitScene` at the same epochs, pixel size and
dpi: ``render_gif`` (blitting, one theme palette, changed boxes only), ``render_animation``
(the same pass, which also encodes the GIF's frames as the lossless WebP browsers are
offered first; its time covers both files) and ``render_gif_stock`` (``FuncAnimation`` +
``PillowWriter``). It prints the best time of a few repeats, the bytes, and how many times
faster and smaller ours is. It asserts nothing: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import io
import json
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import torch
from PIL import Image

from loopdocs import make_line_data, train_line
from loopdocs.draw.animate import FRAMES, render_animation, render_gif, render_gif_stock
from loopdocs.draw.gif import gif_frame_count
from loopdocs.loop.data import LineData
from loopdocs.loop.train import History, TrainSettings

RUNS = {"converging (lr 0.03)": 0.03, "diverging (lr 0.6)": 0.6}


def _webp(history: History, data: LineData, frames: int) -> bytes:
    return render_animation(history, data, frames=frames).webp


WAYS: dict[str, Callable[[History, LineData, int], bytes]] = {
    "ours GIF": lambda history, data, frames: render_gif(history, data, frames=frames),
    "ours WebP": _webp,
    "stock GIF": lambda history, data, frames: render_gif_stock(history, data, frames=frames),
}


def best_of(
    repeats: int, history: History, data: LineData, frames: int
) -> dict[str, tuple[float, bytes]]:
    """Best time and file of ``repeats`` renderings each way, taken in turns.

    Taking turns means a burst of load from elsewhere on the machine slows every way alike.
    """
    best: dict[str, tuple[float, bytes]] = {}
    for _ in range(repeats):
        for way, render in WAYS.items():
            start = time.perf_counter()
            content = render(history, data, frames)
            seconds = time.perf_counter() - start
            if way not in best or seconds < best[way][0]:
                best[way] = (seconds, content)
    return best


def pixel_size(gif: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(gif)) as image:
        width, height = image.size
    return int(width), int(height)


RESULTS = Path(__file__).parent / "results" / "gif.json"


def fingerprint_run(
    points: int = 40, lr: float = 0.3, epochs: int = 200
) -> tuple[History, LineData]:
    """A converging-then-ringing run of the worked example's loop, computed without PyTorch.

    The points come from an integer generator (a 32-bit LCG) and the gradient descent on the
    mean squared error runs in Python floats in a fixed order, so every CPU computes exactly
    the same history; only the conversion of the points to float32 (exact IEEE rounding) is
    left to torch.
    """
    state, xs, ys = 12345, [], []
    for i in range(points):
        state = (1103515245 * state + 12345) % 2**31
        xs.append(-1.0 + 4.0 * i / (points - 1))
        ys.append(0.8 * xs[-1] + 0.5 + 0.6 * (state / 2**31 - 0.5))
    x32 = torch.tensor(xs, dtype=torch.float32).reshape(-1, 1)
    y32 = torch.tensor(ys, dtype=torch.float32).reshape(-1, 1)
    xs, ys = [float(v) for v in x32.reshape(-1)], [float(v) for v in y32.reshape(-1)]
    w = b = 0.0
    record: dict[str, list[float]] = {"w": [], "b": [], "loss": [], "grad_w": [], "grad_b": []}
    for _ in range(epochs):
        errors = [w * x + b - y for x, y in zip(xs, ys, strict=True)]
        grad_w = sum(2 * e * x for e, x in zip(errors, xs, strict=True)) / points
        grad_b = sum(2 * e for e in errors) / points
        for key, value in zip(
            record, (w, b, sum(e * e for e in errors) / points, grad_w, grad_b), strict=True
        ):
            record[key].append(value)
        w, b = w - lr * grad_w, b - lr * grad_b
    history = History(
        settings=TrainSettings(lr=lr, epochs=epochs),
        **{key: tuple(values) for key, values in record.items()},  # type: ignore[arg-type]
        final_w=w,
        final_b=b,
    )
    data = LineData(x=x32, y=y32, true_w=0.8, true_b=0.5, noise=0.3, seed=12345)
    return history, data


def engine_fingerprint(frames: int) -> dict[str, object]:
    """The engine's output on :func:`fingerprint_run`: the same bytes on every CPU."""
    history, data = fingerprint_run()
    animation = render_animation(history, data, frames=frames)
    digest = hashlib.sha256(animation.gif + animation.webp).hexdigest()
    return {"gif_bytes": len(animation.gif), "webp_bytes": len(animation.webp), "sha256": digest}


def check(frames: int) -> int:
    """0 when the saved results were measured with this engine; else say what to run."""
    if not RESULTS.exists():
        print(f"{RESULTS} is missing: run `nox -s bench -- --save` and commit it")
        return 1
    saved = json.loads(RESULTS.read_text())
    made = engine_fingerprint(saved.get("frames", frames))
    if saved.get("engine") != made:
        print(
            f"{RESULTS.name} was measured with another animation engine (saved fingerprint "
            f"{saved.get('engine')}, this tree makes {made}).\n"
            "The GIF or WebP output changed: run `nox -s bench -- --save` and commit "
            f"{RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}"
        )
        return 1
    print(f"{RESULTS.name} matches this engine ({made['gif_bytes']:,} B GIF fingerprint)")
    return 0


def parse_args() -> argparse.Namespace:
    """The command line, refused with a clear message when a count is out of range."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed repeats (best is kept)")
    parser.add_argument(
        "--frames", type=int, default=FRAMES, help=f"frames per GIF (default {FRAMES})"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--save", action="store_true", help=f"also write {RESULTS.name}")
    mode.add_argument(
        "--check",
        action="store_true",
        help=f"measure nothing; confirm {RESULTS.name} was measured with this engine",
    )
    args = parser.parse_args()
    if args.repeats < 1 or args.frames < 2:
        parser.error("--repeats must be at least 1 and --frames at least 2")
    return args


def machine() -> str:
    """What the figures were measured on, for the label beside them."""
    return (
        f"{os.cpu_count()} cores, {platform.machine()}, "
        f"PyTorch CPU kernels {torch.backends.cpu.get_cpu_capability()}, "
        f"Python {platform.python_version()}"
    )


def measure_run(
    name: str, lr: float, data: LineData, repeats: int, frames: int
) -> dict[str, float | int]:
    """Train the run at ``lr``, time every way on it, print its table and return its figures."""
    history = train_line(data, lr=lr, epochs=200)
    best = best_of(repeats, history, data, frames)
    stock_s, stock = best["stock GIF"]
    size = pixel_size(stock)
    for way, (_, content) in best.items():
        if pixel_size(content) != size or gif_frame_count(content) != gif_frame_count(stock):
            raise SystemExit(f"{name}: {way} differs in size or frames; the comparison is void")
    print(f"\n{name}: {history.epochs_run} epochs run, {size[0]}x{size[1]} px")
    print_table(best)
    ours_s, ours = best["ours GIF"]
    webp_s, webp = best["ours WebP"]
    return {
        "lr": lr,
        "ours_seconds": round(ours_s, 4),
        "stock_seconds": round(stock_s, 4),
        "ours_bytes": len(ours),
        "stock_bytes": len(stock),
        "webp_seconds": round(webp_s, 4),
        "webp_bytes": len(webp),
    }


def print_table(best: dict[str, tuple[float, bytes]]) -> None:
    """One row per way: its best time, bytes and frames, and how it compares with the stock way."""
    stock_s, stock = best["stock GIF"]
    print(f"  {'':10} {'seconds':>8} {'bytes':>9} {'frames':>7} {'faster':>7} {'smaller':>8}")
    for way, (seconds, content) in best.items():
        print(
            f"  {way:10} {seconds:8.3f} {len(content):9,d} {gif_frame_count(content):7d} "
            f"{stock_s / seconds:6.1f}x {len(stock) / len(content):7.2f}x"
        )


def main() -> None:
    """Measure both runs and print their tables (``--save``: also write them; ``--check``: only
    confirm the saved ones)."""
    args = parse_args()
    if args.check:
        raise SystemExit(check(args.frames))
    data = make_line_data()
    runs: dict[str, dict[str, float | int]] = {}
    saved: dict[str, object] = {
        "measured": datetime.date.today().isoformat(),
        "machine": machine(),
        "frames": args.frames,
        "repeats": args.repeats,
        "engine": engine_fingerprint(args.frames),
        "runs": runs,
    }
    print(
        f"loopdocs' animations vs FuncAnimation + PillowWriter, {args.frames} frames, best of "
        f"{args.repeats}, light theme"
    )
    for name, lr in RUNS.items():
        runs[name] = measure_run(name, lr, data, args.repeats, args.frames)
    if args.save:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(saved, indent=2) + "\n")
        print(f"\nwrote {RESULTS}")


if __name__ == "__main__":
    main()
