"""Every argument check, used by every public function: one clear ValueError per bad argument.

Each check names the argument and what is allowed, so a caller never sees a traceback from
deep inside torch or matplotlib.
"""

from __future__ import annotations

import math
from typing import Any


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
    (a range of x, say), else raise ValueError."""
    if len(value) != 2:
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


def fraction(name: str, value: Any) -> float:
    """Return ``value`` if it lies strictly between 0 and 1, else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise ValueError(f"{name} must be a number strictly between 0 and 1, got {value!r}")
    return float(value)


def whole_number(name: str, value: Any) -> int:
    """Return ``value`` if it is an int (a seed, say; any sign), else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int, got {value!r}")
    return value


def non_negative_float(name: str, value: Any) -> float:
    """Return ``value`` as a float if it is finite and >= 0, else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)
