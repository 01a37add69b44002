"""The message for a failed notebook cell: page, cell number, line, code and error."""

from __future__ import annotations

import nbformat
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from loopdocs.sphinxext.errors import CodeCell, describe_failure, find_failing_cell, strip_ansi

CELLS = [
    CodeCell(1, 10, "x = 1"),
    CodeCell(2, 14, "print('hello')\n1 / 0"),
    CodeCell(3, 19, "\n".join(f"line_{i} = {i}" for i in range(12))),
]


def execution_error(source: str) -> CellExecutionError:
    cell = nbformat.v4.new_code_cell(source)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hello\n")]
    message = {
        "ename": "ZeroDivisionError",
        "evalue": "division by zero",
        "traceback": ["\x1b[31mZeroDivisionError\x1b[39m Traceback", "----> 2 1 / 0"],
    }
    return CellExecutionError.from_cell_and_msg(cell, message)


def test_a_raising_cell_is_named_with_its_line_code_output_and_traceback() -> None:
    message = describe_failure("docs/page.md", CELLS, execution_error(CELLS[1].source))
    lines = message.splitlines()
    assert (
        lines[0] == "docs/page.md:14: code cell 2 of 3 raised ZeroDivisionError: division by zero"
    )
    assert "----- cell -----\nprint('hello')\n1 / 0\n----- output and traceback -----" in message
    assert "hello" in message.split("output and traceback")[1]
    assert "ZeroDivisionError Traceback\n----> 2 1 / 0" in message
    assert "\x1b" not in message


def test_a_timed_out_cell_is_found_even_when_nbclient_quotes_only_its_ends() -> None:
    long_cell = nbformat.v4.new_code_cell(CELLS[2].source)
    error = CellTimeoutError.error_from_timeout_and_cell("Cell execution timed out", 30, long_cell)
    message = describe_failure("page.md", CELLS, error)
    assert message.startswith("page.md:19: code cell 3 of 3 ran past the 30-second timeout.")
    assert message.endswith(CELLS[2].source)


def test_an_unidentified_cell_or_a_dead_kernel_still_names_the_page() -> None:
    message = describe_failure("page.md", CELLS, execution_error("not on the page"))
    assert message.startswith("page.md: a code cell (not identified among its 3) raised")
    message = describe_failure("page.md", [], DeadKernelError("Kernel died"))
    assert message.startswith("page.md: a code cell (not identified among its 0) failed:")
    assert "DeadKernelError: Kernel died" in message


def test_the_first_of_two_identical_cells_is_named_and_colour_codes_go() -> None:
    cells = [CodeCell(1, None, "run()"), CodeCell(2, None, "run()")]
    assert find_failing_cell(cells, "---\nrun()\n---") == cells[0]
    assert find_failing_cell(cells, "---\nrun(x)\n---") is None
    assert strip_ansi("\x1b[38;5;28;01mdef\x1b[39;00m f") == "def f"
