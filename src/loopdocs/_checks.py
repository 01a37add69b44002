"""Every argument check, used by every public function: one clear ValueError per bad argument.

Each check names the argument and what is allowed, so a caller never sees a traceback from
deep inside torch or matplotlib.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from collections.abc import Collection, Mapping, Sequence, Sized
from pathlib import Path
from typing import Any

#: The most bytes in one file name, on every common file system.
NAME_MAX = 255

#: What a figure's anchor name may be: the same lowercase-hyphen form as section labels.
ANCHOR = re.compile(r"[a-z][a-z0-9-]*")


def positive_int(name: str, value: Any) -> int:
    """Return ``value`` if it is an int >= 1, else raise ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    return value


def positive_float(name: str, value: Any) -> float:
    """Return ``value`` as a float if it is finite and > 0, else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def finite_float(name: str, value: Any) -> float:
    """Return ``value`` as a float if it is a finite number, else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def finite_interval(name: str, value: Any) -> tuple[float, float]:
    """Return ``value`` as ``(low, high)`` if it is a pair of finite numbers with low < high
    (a range of x, say), else raise ValueError naming ``name``."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise ValueError(f"{name} must be a pair (low, high), got {value!r}")
    low, high = (finite_float(name, v) for v in value)
    if not low < high:
        raise ValueError(f"{name} must satisfy low < high, got {value!r}")
    return low, high


def true_or_false(name: str, value: Any) -> bool:
    """Return ``value`` if it is True or False (not 0 or 1), else raise ValueError."""
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return value


def one_of(name: str, value: Any, allowed: Collection[str]) -> str:
    """Return ``value`` if it is in ``allowed``, else raise ValueError listing the choices: both
    of two (``'sgd' or 'adam'``), or more in sorted order."""
    try:
        found = value in allowed
    except TypeError:  # an unhashable value, such as a list, is in no dict or set of choices
        found = False
    if not found:
        raise ValueError(f"{name} must be {_choices(allowed)}, got {value!r}")
    return str(value)


def writable_file(name: str, path: str | Path, suffixes: Sequence[str]) -> Path:
    """Return where a file of one of ``suffixes`` named ``path`` is written, else raise
    ValueError naming ``name``.

    ``path`` must name a file (not end in a separator, have a name before its suffix, not be a
    folder) in an existing folder where a file can really be created: a temporary file is made
    and removed there, so a read-only mount, or ``/proc`` when run as root, is refused before
    any work. A symlink is written through: the path returned is its target's, which must have
    the same suffix.
    """
    text = os.fspath(path)
    if text.endswith(tuple(filter(None, (os.sep, os.altsep)))):
        raise ValueError(f"{name} must name a file, not a folder: {text!r} ends in a separator")
    given = Path(text)
    if given.name.lower() in suffixes:
        raise ValueError(
            f"{name} must have a file name before its suffix, such as fit{given.name}, got {text!r}"
        )
    if given.suffix.lower() not in suffixes:
        *rest, last = suffixes
        raise ValueError(f"{name} must end in {', '.join(rest)} or {last}, got {text!r}")
    if len(given.name.encode()) > NAME_MAX:
        raise ValueError(f"{name}'s file name must be at most {NAME_MAX} bytes long")
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    if target.suffix.lower() != given.suffix.lower():
        raise ValueError(
            f"{name} is a symlink to {str(target)!r}, which must end in {given.suffix} too"
        )
    if target.is_dir():
        raise ValueError(f"{name} must be a file, and {str(target)!r} is a folder")
    folder = target.parent
    if not folder.is_dir():
        raise ValueError(f"{name}'s folder must exist, and {str(folder)!r} does not")
    try:  # by trying: os.access says yes to root everywhere, and knows no read-only mount
        handle, probe = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".probe")
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise ValueError(
            f"{name}'s folder must be writable, and {str(folder)!r} is not "
            f"({error.strerror or error})"
        ) from None
    return target


def fraction(name: str, value: Any) -> float:
    """Return ``value`` if it lies strictly between 0 and 1, else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise ValueError(f"{name} must be a number strictly between 0 and 1, got {value!r}")
    return float(value)


#: The seeds ``torch.manual_seed`` takes: a 64-bit integer, signed or not.
SEED_RANGE = (-(2**63), 2**64 - 1)


def whole_number(name: str, value: Any) -> int:
    """Return ``value`` if it is an int (any sign), else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int, got {value!r}")
    return value


def seed_number(name: str, value: Any) -> int:
    """Return ``value`` if it is an int that ``torch.manual_seed`` takes (:data:`SEED_RANGE`),
    else raise ValueError naming ``name`` and the range."""
    low, high = SEED_RANGE
    seed = whole_number(name, value)
    if not low <= seed <= high:
        raise ValueError(
            f"{name} must be an int from -2**63 to 2**64 - 1 (what torch.manual_seed takes), "
            f"got {seed!r}"
        )
    return seed


def non_negative_float(name: str, value: Any) -> float:
    """Return ``value`` as a float if it is finite and >= 0, else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def anchor_name(name: str, value: Any) -> str:
    """Return ``value`` if it is a link anchor (lowercase letters, digits and hyphens, starting
    with a letter), else raise ValueError naming ``name``."""
    if not isinstance(value, str) or not ANCHOR.fullmatch(value):
        raise ValueError(
            f"{name} must be lowercase letters, digits and hyphens, starting with a letter "
            f"(it becomes the figure's link anchor), got {value!r}"
        )
    return value


def count_between(name: str, value: Sized, low: int, high: int, what: str) -> int:
    """Return how many ``value`` holds if that is from ``low`` to ``high`` (``what`` names the
    items: "runs"), else raise ValueError naming ``name``."""
    if not low <= len(value) <= high:
        raise ValueError(f"{name} must hold between {low} and {high} {what}, got {len(value)}")
    return len(value)


def whole_number_between(name: str, value: Any, low: int, high: int) -> int:
    """Return ``value`` if it is an int from ``low`` to ``high`` (an epoch, say), else raise
    ValueError naming ``name`` and the range."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value!r}")
    return value


def keys_among(name: str, value: Mapping[str, Any], allowed: Collection[str]) -> None:
    """Raise ValueError unless every key of ``value`` is one of ``allowed``."""
    for key in value:
        if key not in allowed:
            raise ValueError(f"{name} must name only {_choices(allowed)}, got {key!r}")


def counts_by_key(name: str, value: Mapping[str, Any], allowed: Collection[str]) -> None:
    """Raise ValueError unless ``value`` maps keys among ``allowed`` each to a whole number >= 1
    (how many epochs each panel shows, say)."""
    for key, count in value.items():
        if key not in allowed or isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ValueError(
                f"{name} must map {_choices(allowed)} to a whole number >= 1, "
                f"got {key!r}: {count!r}"
            )


def _choices(allowed: Collection[str]) -> str:
    """Both of two choices (``'sgd' or 'adam'``), or more in sorted order."""
    if len(allowed) == 2:
        return " or ".join(repr(choice) for choice in allowed)
    return f"one of {sorted(allowed)}"
