"""The site's GIF engine against the stock matplotlib way, on the same runs and frames.

    python benchmarks/bench_gif.py [--repeats 5] [--frames 40] [--save]

``--save`` also writes the figures to ``benchmarks/results/gif.json``, which the page "How
this site is built" shows (wall-clock times cannot be measured during the build itself: two
builds would then differ).

For the worked example (lr 0.03, 200 epochs: converges) and a run that diverges (lr 0.6),
both ways draw the same :class:`loopdocs.plots.FitScene` at the same epochs, pixel size and
dpi: ``render_gif`` (blitting, one theme palette, changed boxes only) and
``render_gif_stock`` (``FuncAnimation`` + ``PillowWriter``). It prints the best time of a
few repeats, the bytes, and how many times faster and smaller ours is. It asserts nothing:
the numbers depend on the machine.
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
from loopdocs.animate import FRAMES, gif_frame_count, render_gif, render_gif_stock
from loopdocs.data import LineData
from loopdocs.train import History

RUNS = {"converging (lr 0.03)": 0.03, "diverging (lr 0.6)": 0.6}


def best_of(
    repeats: int, history: History, data: LineData, frames: int
) -> tuple[float, bytes, float, bytes]:
    """Best time and GIF of ``repeats`` renderings each way, taken in turns.

    Taking turns means a burst of load from elsewhere on the machine slows both ways alike.
    """
    best: dict[Callable[..., bytes], tuple[float, bytes]] = {}
    for _ in range(repeats):
        for render in (render_gif, render_gif_stock):
            start = time.perf_counter()
            gif = render(history, data, frames=frames)
            seconds = time.perf_counter() - start
            if render not in best or seconds < best[render][0]:
                best[render] = (seconds, gif)
    return (*best[render_gif], *best[render_gif_stock])


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
        f"GIF engine vs FuncAnimation + PillowWriter, {args.frames} frames, best of "
        f"{args.repeats}, light theme"
    )
    for name, lr in RUNS.items():
        history = train_line(data, lr=lr, epochs=200)
        ours_s, ours, stock_s, stock = best_of(args.repeats, history, data, args.frames)
        width, height = pixel_size(ours)
        if pixel_size(stock) != (width, height):
            raise SystemExit(f"{name}: the two GIFs differ in size; the comparison is void")
        print(f"\n{name}: {history.epochs_run} epochs run, {width}x{height} px")
        print(f"  {'':6} {'seconds':>8} {'bytes':>9} {'frames':>7}")
        for label, seconds, gif in (("ours", ours_s, ours), ("stock", stock_s, stock)):
            print(f"  {label:6} {seconds:8.3f} {len(gif):9,d} {gif_frame_count(gif):7d}")
        print(f"  ours is {stock_s / ours_s:.1f}x faster and {len(stock) / len(ours):.2f}x smaller")
        saved["runs"][name] = {  # type: ignore[index]
            "lr": lr,
            "ours_seconds": round(ours_s, 4),
            "stock_seconds": round(stock_s, 4),
            "ours_bytes": len(ours),
            "stock_bytes": len(stock),
        }
    if args.save:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(saved, indent=2) + "\n")
        print(f"\nwrote {RESULTS}")


if __name__ == "__main__":
    main()
