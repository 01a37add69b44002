"""Say which notebook cell failed, where it is, and why, in one message.

myst-nb reports a failed execution as the page's path alone (under ``sphinx-build -j`` the
traceback it logs is lost with the worker). nbclient's error quotes the failing cell's code;
this module finds that cell in the page, so the message can name its number and line.
:class:`NotebookParser` (myst-nb's parser) reads the page and raises :class:`NotebookCellError`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from myst_nb.core.execute.base import ExecutionError
from myst_nb.core.read import read_myst_markdown_notebook
from myst_nb.sphinx_ import Parser as MystNbParser
from nbclient.exceptions import DeadKernelError
from sphinx.errors import SphinxError

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass(frozen=True)
class CodeCell:
    """A code cell of a page: its number among the page's code cells, and where it starts."""

    number: int  # 1-based, counting code cells only
    line: int | None  # 1-based line of the cell's opening fence; None for an .ipynb page
    source: str


def strip_ansi(text: str) -> str:
    """Drop the terminal colour codes IPython puts in tracebacks."""
    return _ANSI.sub("", text)


def _quoted_forms(source: str) -> list[str]:
    # nbclient quotes a failing cell whole; a timed-out cell of 11 lines or more it quotes as
    # its first and last five lines (nbclient.exceptions.CellTimeoutError).
    lines = source.strip().split("\n")
    forms = [source]
    if len(lines) >= 11:
        forms.append(f"{lines[:5]}\n...\n{lines[-5:]}")
    return forms


def find_failing_cell(cells: Sequence[CodeCell], message: str) -> CodeCell | None:
    """The first cell whose code ``message`` quotes between nbclient's dashed rules."""
    for cell in cells:
        if cell.source.strip() and any(
            f"-\n{form}\n-" in message for form in _quoted_forms(cell.source)
        ):
            return cell
    return None


def describe_failure(page: str, cells: Sequence[CodeCell], error: BaseException | None) -> str:
    """A message naming the page, the failing cell (number and line) and the error.

    ``error`` is what nbclient raised: a ``CellExecutionError`` (it carries ``ename``,
    ``evalue`` and the IPython traceback), a ``CellTimeoutError`` (a ``TimeoutError``), or
    anything else (a dead kernel, say).
    """
    message = strip_ansi(str(error)) if error is not None else ""
    cell = find_failing_cell(cells, message)
    if cell is None:
        where = f"{page}: a code cell (not identified among its {len(cells)})"
    else:
        line = f":{cell.line}" if cell.line is not None else ""
        where = f"{page}{line}: code cell {cell.number} of {len(cells)}"

    if isinstance(error, TimeoutError):
        seconds = re.search(r"after (\S+) seconds", message)
        limit = f"the {seconds.group(1)}-second" if seconds else "its"
        headline = (
            f"{where} ran past {limit} timeout. If it needs longer, raise "
            "nb_execution_timeout in conf.py or set execution: timeout: in the page's metadata."
        )
        details = []
    elif hasattr(error, "ename"):
        name, value = getattr(error, "ename", ""), strip_ansi(str(getattr(error, "evalue", "")))
        headline = f"{where} raised {name}: {value}"
        traceback = strip_ansi(str(getattr(error, "traceback", "")))
        # nbclient quotes the cell between dashed rules, then any printed output, then the
        # IPython traceback: keep what follows the quote.
        if cell is not None and f"-\n{cell.source}\n-" in traceback:
            after = traceback.split(f"-\n{cell.source}\n", 1)[1]
            traceback = after.split("\n", 1)[1] if "\n" in after else ""
        details = ["----- output and traceback -----", traceback.strip("\n")]
    else:
        kind = type(error).__name__ if error is not None else "an unknown error"
        headline = f"{where} failed: {kind}: {message.strip()}"
        details = []

    code = ["----- cell -----", cell.source.rstrip()] if cell is not None else []
    return "\n".join([headline, *code, *details])


class NotebookCellError(SphinxError):
    """A page's code cell raised, timed out or killed its kernel while the site was built."""

    category = "Notebook cell failed"


class NotebookParser(MystNbParser):  # type: ignore[misc]  # myst-nb ships no type information
    """myst-nb's parser, whose execution errors name the page, the cell, its line and the error.

    myst-nb raises the page's path alone, and under ``-j`` the traceback it logged is lost
    with the worker process; this message travels with the exception.
    """

    def parse(self, inputstring: str, document: nodes.document) -> None:
        try:
            super().parse(inputstring, document)
        except (ExecutionError, DeadKernelError) as error:
            env = document.settings.env
            path = Path(env.doc2path(env.docname))
            cause = error.__cause__ if isinstance(error, ExecutionError) else error
            cells = _code_cells(path, inputstring, env.myst_config)
            raise NotebookCellError(describe_failure(str(path), cells, cause)) from error


def _code_cells(path: Path, text: str, md_config: Any) -> list[CodeCell]:
    """A MyST text notebook's code cells, each with the line its fence opens on.

    Any other page (an ``.ipynb``) gives none: the message then shows nbclient's quote alone.
    """
    if path.suffix != ".md":
        return []
    notebook = read_myst_markdown_notebook(text, md_config, add_source_map=True, path=path)
    cells, starts = notebook.cells, notebook.metadata["source_map"]
    code = [
        (cell, start) for cell, start in zip(cells, starts, strict=True) if cell.cell_type == "code"
    ]
    return [
        CodeCell(number=number, line=start, source=cell.source)
        for number, (cell, start) in enumerate(code, start=1)
    ]
