"""Load a standalone example script as a module, so a page can run the very code it shows."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def load_script(path: str | Path) -> ModuleType:
    """Import the .py file at ``path`` as a module named after it (``__main__`` code stays off)."""
    file = Path(path)
    if file.suffix != ".py" or not file.is_file():
        raise ValueError(f"path must name an existing .py file, got {str(path)!r}")
    spec = importlib.util.spec_from_file_location(file.stem, file)
    if spec is None or spec.loader is None:
        raise ValueError(f"path could not be loaded as a module: {str(path)!r}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
