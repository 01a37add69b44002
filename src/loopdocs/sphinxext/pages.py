"""What the pages' hidden cells share: glue a number into the prose, run an example script.

A page says ``say("fit_w", text)`` or ``say_number("fit_w", history.final_w, ".3f")`` and its
prose reads ``{glue:text}`fit_w```. ``say_number`` formats with
:func:`loopdocs.describe.shown`, so a number whose last digit could differ on another CPU
fails the build instead of reaching a reader.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from myst_nb import glue


def say(key: str, text: str) -> None:
    """Glue ``text`` under ``key`` for ``{glue:text}`key``` in the prose (nothing is shown here)."""
    if not isinstance(key, str) or not key:
        raise ValueError(f"key must be a non-empty string, got {key!r}")
    if not isinstance(text, str):
        raise ValueError(f"text must be a string (format numbers first), got {type(text).__name__}")
    glue(key, text, display=False)


def say_number(key: str, value: float, spec: str = ".3f") -> None:
    """Glue ``value`` formatted with ``spec`` (see :func:`loopdocs.describe.shown`)."""
    from loopdocs.describe import shown  # numpy: only when a page glues a number

    say(key, shown(value, spec))


def load_script(path: str | Path) -> ModuleType:
    """Import the .py file at ``path`` as a module named after it (``__main__`` code stays off).

    A page runs the very code it shows this way: the example file, not a copy.
    """
    file = Path(path)
    if file.suffix != ".py" or not file.is_file():
        raise ValueError(f"path must name an existing .py file, got {str(path)!r}")
    spec = importlib.util.spec_from_file_location(file.stem, file)
    if spec is None or spec.loader is None:
        raise ValueError(f"path could not be loaded as a module: {str(path)!r}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
