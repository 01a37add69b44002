"""``loopdocs``: make a figure or animation of the training loop from the command line.

Teachers can make their own figures with the settings their course uses. Every argument is
checked before any training, the output is written atomically (a temporary file renamed into
place, so a failure or Ctrl-C never leaves half a file), a long run shows a progress bar on a
terminal, and every failure is one line: status 2 for a bad argument, 1 for a file that cannot
be written, 130 for Ctrl-C.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from tqdm import tqdm

from loopdocs.describe import describe_animation, describe_still
from loopdocs.draw.animate import FRAMES, check_animation, render_animation, render_gif
from loopdocs.draw.scene import FitScene
from loopdocs.loop.checks import MAX_EPOCHS, MAX_LR
from loopdocs.loop.data import make_line_data
from loopdocs.loop.train import train_line

SUFFIXES = (".png", ".gif", ".webp")
MAX_POINTS = 10_000
MAX_NOISE = 1_000.0
MAX_SEED = 2**32 - 1
NAME_MAX = 255  # bytes in one file name, on every common file system
FPS = 12.5

EXAMPLES = """examples:
  loopdocs fit.png                          the worked example's final figure
  loopdocs fit.gif --lr 0.6 --theme dark    a diverging run, animated, for a dark slide
  loopdocs fit.webp --no-zero-grad --lr 0.01
                                            without zero_grad(), as a (smaller) WebP

Each command prints the alt text to use with the image."""


def _number(
    kind: Callable[[str], float], low: float, high: float, *, above: bool = False
) -> Callable[[str], float]:
    """An argparse type: a ``kind`` (int or float) from ``low`` to ``high`` (``low`` excluded
    when ``above``), refused with a message that says what is allowed."""
    word = "a whole number" if kind is int else "a number"
    bound = f"> {_plain(low)}" if above else f"from {_plain(low)}"
    allowed = f"{word} {bound} {'and <=' if above else 'to'} {_plain(high)}"

    def parse(text: str) -> float:
        try:
            value = float(kind(text))
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {allowed}, got {text!r}") from None
        if not math.isfinite(value) or value > high or value < low or (above and value == low):
            raise argparse.ArgumentTypeError(f"must be {allowed}, got {text!r}")
        return int(value) if kind is int else value

    parse.__name__ = getattr(kind, "__name__", "number")  # argparse names the type in messages
    return parse


def _plain(value: float) -> str:
    """A bound as a reader writes it: 100,000 and 4,294,967,295, but 1e6 and 0.5."""
    if value == int(value) and abs(value) < 1e10 and not (value >= 1e6 and value % 10**6 == 0):
        return f"{int(value):,}"
    return f"{value:g}".replace("e+0", "e").replace("e+", "e")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="loopdocs",
        description="Fit y = w·x + b with the PyTorch training loop and save the figure "
        "(.png) or its animation (.gif, or .webp: the same frames in fewer bytes).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add(
        "out", type=Path, help="where to write it: a .png, .gif or .webp file in an existing folder"
    )
    add(
        "--lr",
        type=_number(float, 0, MAX_LR, above=True),
        default=0.03,
        help=f"learning rate, > 0 and <= {_plain(MAX_LR)} (default %(default)s)",
    )
    add(
        "--epochs",
        type=_number(int, 1, MAX_EPOCHS),
        default=200,
        help=f"epochs to train, 1 to {MAX_EPOCHS:,} (default %(default)s)",
    )
    add(
        "--points",
        type=_number(int, 2, MAX_POINTS),
        default=40,
        help=f"number of data points, 2 to {MAX_POINTS:,} (default %(default)s)",
    )
    add(
        "--noise",
        type=_number(float, 0, MAX_NOISE),
        default=0.3,
        help=f"noise standard deviation, 0 to {_plain(MAX_NOISE)} (default %(default)s)",
    )
    add(
        "--seed",
        type=_number(int, 0, MAX_SEED),
        default=0,
        help=f"data seed, 0 to {MAX_SEED:,} (default %(default)s)",
    )
    add("--no-zero-grad", action="store_true", help="leave out optimizer.zero_grad()")
    add(
        "--theme",
        choices=["light", "dark"],
        default="light",
        help="colours for a light or a dark page or slide (default %(default)s)",
    )
    add(
        "--frames",
        type=_number(int, 1, 1000),
        default=None,
        help=f"animation frames, .gif and .webp only (default {FRAMES}; it plays for 5 s at most)",
    )
    add(
        "--fps",
        type=_number(float, 0, 50, above=True),
        default=None,
        help=f"animation frames per second, .gif and .webp only, > 0 and <= 50 (default {FPS})",
    )
    return parser


def check_output(out: Path) -> None:
    """Refuse an output path that cannot be written, before any training (ValueError)."""
    if out.suffix.lower() not in SUFFIXES:
        raise ValueError(f"out must end in .png, .gif or .webp, got {str(out)!r}")
    if len(out.name.encode()) > NAME_MAX:
        raise ValueError(f"out's file name must be at most {NAME_MAX} bytes long")
    if out.is_dir():
        raise ValueError(f"out must be a file, and {str(out)!r} is a folder")
    folder = out.parent
    if not folder.is_dir():
        raise ValueError(f"out's folder must exist, and {str(folder)!r} does not")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError(f"out's folder must be writable, and {str(folder)!r} is not")


def write_atomically(out: Path, content: bytes) -> None:
    """Write ``content`` to a temporary file beside ``out`` and rename it into place."""
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; see the module docstring for the exit statuses."""
    parser = build_parser()
    args = parser.parse_args(argv)
    out: Path = args.out
    animated = out.suffix.lower() in (".gif", ".webp")
    try:
        check_output(out)
        if not animated and (args.frames is not None or args.fps is not None):
            raise ValueError("--frames and --fps are for animations: use a .gif or .webp out")
        frames = FRAMES if args.frames is None else args.frames
        fps = FPS if args.fps is None else args.fps
        if animated:
            check_animation(frames, fps, epochs=args.epochs)
    except ValueError as error:
        parser.error(str(error))
    try:
        data = make_line_data(args.points, noise=args.noise, seed=args.seed)
        # Shown only on a terminal, and only when the run takes more than 2 s.
        with tqdm(total=args.epochs, unit="epoch", delay=2, leave=False) as bar:
            history = train_line(
                data,
                lr=args.lr,
                epochs=args.epochs,
                zero_grad=not args.no_zero_grad,
                on_epoch=lambda _: bar.update(),
            )
        if out.suffix.lower() == ".gif":
            content = render_gif(history, data, theme=args.theme, frames=frames, fps=fps)
            description = describe_animation(history)
        elif animated:
            animation = render_animation(history, data, theme=args.theme, frames=frames, fps=fps)
            content, description = animation.webp, describe_animation(history)
        else:
            content = FitScene(history, data, args.theme).png()
            description = describe_still(history, data)
        write_atomically(out, content)
    except ValueError as error:
        parser.error(str(error))
    except OSError as error:
        print(f"loopdocs: cannot write {str(out)!r}: {error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("loopdocs: interrupted; nothing was written", file=sys.stderr)
        return 130
    print(f"wrote {out} ({len(content):,} bytes)")
    print(f"alt text: {description}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
