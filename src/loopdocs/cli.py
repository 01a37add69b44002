"""``loopdocs``: make a figure or animation of the training loop from the command line.

    loopdocs fit.png                      # the worked example's final figure
    loopdocs fit.gif --lr 0.6 --theme dark  # a diverging run, animated, for a dark slide
    loopdocs fit.webp                     # the same animation as a (smaller) lossless WebP

Teachers can make their own figures with the settings their course uses.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from loopdocs.describe import describe_animation, describe_still
from loopdocs.draw.animate import FRAMES, render_animation, render_gif
from loopdocs.draw.scene import FitScene
from loopdocs.loop.data import make_line_data
from loopdocs.loop.train import train_line


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="loopdocs",
        description="Fit y = w·x + b with the PyTorch training loop and save the figure "
        "(.png) or its animation (.gif, or .webp: the same frames in fewer bytes).",
    )
    parser.add_argument("out", type=Path, help="where to write it: a .png, .gif or .webp path")
    parser.add_argument("--lr", type=float, default=0.03, help="learning rate (default 0.03)")
    parser.add_argument("--epochs", type=int, default=200, help="epochs to train (default 200)")
    parser.add_argument("--points", type=int, default=40, help="number of data points (default 40)")
    parser.add_argument("--noise", type=float, default=0.3, help="noise std (default 0.3)")
    parser.add_argument("--seed", type=int, default=0, help="data seed (default 0)")
    parser.add_argument(
        "--no-zero-grad", action="store_true", help="leave out optimizer.zero_grad()"
    )
    parser.add_argument("--theme", choices=["light", "dark"], default="light")
    parser.add_argument(
        "--frames", type=int, default=FRAMES, help=f"animation frames (default {FRAMES})"
    )
    parser.add_argument("--fps", type=float, default=12.5, help="animation frames per second")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; bad arguments exit with status 2 and a one-line reason."""
    parser = build_parser()
    args = parser.parse_args(argv)
    suffix = args.out.suffix.lower()
    if suffix not in {".png", ".gif", ".webp"}:
        parser.error(f"out must end in .png, .gif or .webp, got {str(args.out)!r}")
    try:
        data = make_line_data(args.points, noise=args.noise, seed=args.seed)
        history = train_line(data, lr=args.lr, epochs=args.epochs, zero_grad=not args.no_zero_grad)
        if suffix == ".gif":
            content = render_gif(history, data, theme=args.theme, frames=args.frames, fps=args.fps)
            description = describe_animation(history)
        elif suffix == ".webp":
            animation = render_animation(
                history, data, theme=args.theme, frames=args.frames, fps=args.fps
            )
            content, description = animation.webp, describe_animation(history)
        else:
            content = FitScene(history, data, args.theme).png()
            description = describe_still(history, data)
    except ValueError as error:
        parser.error(str(error))
    if not args.out.parent.is_dir():
        parser.error(f"out's folder does not exist: {str(args.out.parent)!r}")
    args.out.write_bytes(content)
    print(f"wrote {args.out} ({len(content):,} bytes)")
    print(f"alt text: {description}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
