"""The network page's shown code runs as copied: in order, in a fresh Python, no loopdocs.

What a reader sees is the page's ``literalinclude`` blocks (pieces of examples/train_digits.py)
and its code cells that are not hidden. Put together in page order they must run in a clean
interpreter with only torch and scikit-learn (and the standard library), and name nothing of
the site's own library.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "real-network.md"

BLOCK = re.compile(r"^```\{(code-cell|literalinclude)\}(.*?)\n(.*?)^```$", re.M | re.S)


def shown_code(page: Path) -> str:
    """The code a reader of ``page`` sees, in page order, as one script."""
    pieces = []
    for kind, argument, body in BLOCK.findall(page.read_text(encoding="utf-8")):
        options = dict(re.findall(r"^:([\w-]+):\s*(.*)$", body, re.M))
        if kind == "literalinclude":
            source = (page.parent / argument.strip()).read_text(encoding="utf-8")
            start, end = (options[key].strip('"') for key in ("start-after", "end-before"))
            pieces.append(source.split(start, 1)[1].split(end, 1)[0])
        elif not re.search(r"remove-(cell|input)", options.get("tags", "")):
            pieces.append(re.sub(r"^:[\w-]+:.*\n", "", body, flags=re.M))
    return "\n".join(pieces)


def test_the_network_page_shows_code_that_runs_as_copied(tmp_path: Path) -> None:
    code = shown_code(PAGE)
    assert "loopdocs" not in code
    assert "def fit(" in code and "fit(model, train_loader" in code  # both pieces are there
    script = tmp_path / "copied.py"
    script.write_text(code, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-I", str(script)], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "epoch 30: train loss" in result.stdout
    assert re.search(r"epoch \d+: test loss [\d.]+, accuracy 9\d\.\d%", result.stdout)
