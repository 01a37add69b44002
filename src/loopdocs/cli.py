"""``loopdocs``: make a figure or animation of the training loop from the command line.

Teachers can make their own figures with the settings their course uses. Every argument is
checked before any training (the output's folder by creating a file there), the output is
written atomically (a temporary file renamed into place, so a failure or Ctrl-C never leaves
half a file) with the mode the umask gives a new file, or the mode of the file it replaces
(a symlink is written through to its target), a long run shows a progress bar when stderr is
a terminal, and every failure is one line: status 2 for a bad argument, 1 for a file that cannot
be written, 130 for Ctrl-C.
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from tqdm import tqdm

from loopdocs._checks import writable_file
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
FPS = 12.5
#: Seconds a run takes before its progress bar appears (on a terminal only).
PROGRESS_DELAY = 2.0

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
    allowed = f"{word} {'' if above else 'from '}{_span(low, high, above=above)}"

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


def _span(low: float, high: float, *, above: bool = False) -> str:
    """The allowed range in a few words: "1 to 100,000", or "> 0 and <= 1e6" (``above``)."""
    if above:
        return f"> {_plain(low)} and <= {_plain(high)}"
    return f"{_plain(low)} to {_plain(high)}"


def _add_number(
    parser: argparse.ArgumentParser,
    flag: str,
    kind: Callable[[str], float],
    span: tuple[float, float],
    *,
    default: float | None,
    what: str,
    above: bool = False,
    shown_default: float | None = None,
) -> None:
    """Add a numeric option whose range is said once, for both its check and its help."""
    low, high = span
    shown = "%(default)s" if shown_default is None else f"{shown_default}"
    parser.add_argument(
        flag,
        type=_number(kind, low, high, above=above),
        default=default,
        help=f"{what}, {_span(low, high, above=above)} (default {shown})",
    )


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
    add("out", help="where to write it: a .png, .gif or .webp file in an existing folder")
    number = functools.partial(_add_number, parser)
    number("--lr", float, (0, MAX_LR), above=True, default=0.03, what="learning rate")
    number("--epochs", int, (1, MAX_EPOCHS), default=200, what="epochs to train")
    number("--points", int, (2, MAX_POINTS), default=40, what="number of data points")
    number("--noise", float, (0, MAX_NOISE), default=0.3, what="noise standard deviation")
    number("--seed", int, (0, MAX_SEED), default=0, what="data seed")
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
    number(
        "--fps",
        float,
        (0, 50),
        above=True,
        default=None,
        shown_default=FPS,
        what="animation frames per second, .gif and .webp only",
    )
    return parser


def write_atomically(out: Path, content: bytes) -> None:
    """Write ``content`` to a temporary file beside ``out`` and rename it into place.

    The file gets the mode a new file gets (``0o666`` less the umask), or keeps the mode of the
    file it replaces. ``out`` is where the bytes go: a symlink's target, resolved by
    :func:`~loopdocs._checks.writable_file` (the rename would replace the link itself).
    """
    mode = stat.S_IMODE(out.stat().st_mode) if out.exists() else 0o666 & ~_umask()
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            os.fchmod(file.fileno(), mode)
            file.write(content)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (read by setting it, and set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; see the module docstring for the exit statuses."""
    parser = build_parser()
    args = parser.parse_args(argv)
    out = Path(args.out)
    animated = out.suffix.lower() in (".gif", ".webp")
    try:
        target = writable_file("out", args.out, SUFFIXES)  # a symlink's target, written through
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
        # Shown only on a terminal, and only when the run takes more than PROGRESS_DELAY s.
        with tqdm(
            total=args.epochs,
            unit="epoch",
            delay=PROGRESS_DELAY,
            leave=False,
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
        ) as bar:
            history = train_line(
                data,
                lr=args.lr,
                epochs=args.epochs,
                zero_grad=not args.no_zero_grad,
                on_epoch=lambda _: bar.update(),
            )
        if out.suffix.lower() == ".gif":
            content = render_gif(history, data, theme=args.theme, frames=frames, fps=fps)
            description = describe_animation(history, frames)
        elif animated:
            animation = render_animation(history, data, theme=args.theme, frames=frames, fps=fps)
            content, description = animation.webp, describe_animation(history, frames)
        else:
            content = FitScene(history, data, args.theme).png()
            description = describe_still(history, data)
        write_atomically(target, content)
    except ValueError as error:
        parser.error(str(error))
    except OSError as error:
        print(f"loopdocs: cannot write {str(out)!r}: {error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("loopdocs: interrupted; nothing was written", file=sys.stderr)
        return 130
    through = f", through the symlink to {target}" if target != out else ""
    print(f"wrote {out} ({len(content):,} bytes{through})")
    print(f"alt text: {description}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
