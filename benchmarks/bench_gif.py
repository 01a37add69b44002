"""The site's GIF engine against the stock matplotlib way, on the same runs and frames.

    python benchmarks/bench_gif.py [--repeats 5] [--frames 40] [--save]

``--save`` also writes the figures to ``benchmarks/results/gif.json``, which the page "How
this site is built" shows (wall-clock times cannot be measured during the build itself: two
builds would then differ).

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
import io
import json
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from PIL import Image

from loopdocs import make_line_data, train_line
from loopdocs.animate import (
    FRAMES,
    gif_frame_count,
    render_animation,
    render_gif,
    render_gif_stock,
)
from loopdocs.data import LineData
from loopdocs.train import History

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed repeats (best is kept)")
    parser.add_argument(
        "--frames", type=int, default=FRAMES, help=f"frames per GIF (default {FRAMES})"
    )
    parser.add_argument("--save", action="store_true", help=f"also write {RESULTS.name}")
    args = parser.parse_args()
    data = make_line_data()
    saved: dict[str, object] = {
        "measured": datetime.date.today().isoformat(),
        "machine": (
            f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
        ),
        "frames": args.frames,
        "repeats": args.repeats,
        "runs": {},
    }
    print(
        f"loopdocs' animations vs FuncAnimation + PillowWriter, {args.frames} frames, best of "
        f"{args.repeats}, light theme"
    )
    for name, lr in RUNS.items():
        history = train_line(data, lr=lr, epochs=200)
        best = best_of(args.repeats, history, data, args.frames)
        stock_s, stock = best["stock GIF"]
        size = pixel_size(stock)
        for way, (_, content) in best.items():
            if pixel_size(content) != size or gif_frame_count(content) != gif_frame_count(stock):
                raise SystemExit(f"{name}: {way} differs in size or frames; the comparison is void")
        print(f"\n{name}: {history.epochs_run} epochs run, {size[0]}x{size[1]} px")
        print(f"  {'':10} {'seconds':>8} {'bytes':>9} {'frames':>7} {'faster':>7} {'smaller':>8}")
        for way, (seconds, content) in best.items():
            print(
                f"  {way:10} {seconds:8.3f} {len(content):9,d} {gif_frame_count(content):7d} "
                f"{stock_s / seconds:6.1f}x {len(stock) / len(content):7.2f}x"
            )
        ours_s, ours = best["ours GIF"]
        webp_s, webp = best["ours WebP"]
        saved["runs"][name] = {  # type: ignore[index]
            "lr": lr,
            "ours_seconds": round(ours_s, 4),
            "stock_seconds": round(stock_s, 4),
            "ours_bytes": len(ours),
            "stock_bytes": len(stock),
            "webp_seconds": round(webp_s, 4),
            "webp_bytes": len(webp),
        }
    if args.save:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(saved, indent=2) + "\n")
        print(f"\nwrote {RESULTS}")


if __name__ == "__main__":
    main()
