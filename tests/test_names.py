"""One name per thing (issue #23): a helper's name means the same wherever a reader meets it.

The worked example's model is `line_model()` and its loop `fit(x, y, lr=0.03, epochs=200)`,
as examples/fit_line.py writes them; a page or example that defines either defines exactly
that. Any other function the shown code defines (on a page, in its download, in examples/)
takes the same parameters everywhere it is defined: a loop that differs gets a name of its
own (`fit_digits`, `fit_accumulating`, `fit_minibatches`, ...). Hidden cells are the build's
own code, not the reader's, and are not checked.
"""

from __future__ import annotations

import ast

import pytest
from shown_code import DOCS, ROOT, notebook_pages, shown_code

EXAMPLES = ROOT / "examples"
CANONICAL = EXAMPLES / "fit_line.py"
#: The worked example's helpers, which every definition must match.
SHARED = ("fit", "line_model")
#: A script's entry point: the conventional name, each script's own, never called by a page.
ENTRY_POINT = "main"


def reader_sources() -> dict[str, str]:
    """The code a reader meets, by where: each notebook page's shown code, each example."""
    sources = {str(page.relative_to(DOCS)): shown_code(page) for page in notebook_pages()}
    sources.update(
        {f"examples/{path.name}": path.read_text("utf-8") for path in EXAMPLES.glob("*.py")}
    )
    return sources


SOURCES = reader_sources()


def definitions(source: str) -> list[ast.FunctionDef]:
    """The top-level functions ``source`` defines, in order (a fix may redefine one)."""
    return [node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)]


def parameters(function: ast.FunctionDef) -> str:
    """The parameters of ``function``, with their defaults, as ``def`` writes them."""
    return ast.unparse(function.args)


def without_docstring(function: ast.FunctionDef) -> str:
    """What ``function`` does: its parameters and body, its docstring and comments left out."""
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return ast.dump(ast.Module(body=[*body], type_ignores=[])) + parameters(function)


CANONICAL_DEFS = {f.name: f for f in definitions(CANONICAL.read_text("utf-8"))}


def test_the_worked_example_defines_the_shared_helpers() -> None:
    assert set(SHARED) <= set(CANONICAL_DEFS)
    assert parameters(CANONICAL_DEFS["fit"]) == "x, y, lr=0.03, epochs=200"
    assert parameters(CANONICAL_DEFS["line_model"]) == ""


@pytest.mark.parametrize("where", sorted(SOURCES))
def test_fit_and_line_model_are_the_worked_example_s_wherever_defined(where: str) -> None:
    for function in definitions(SOURCES[where]):
        if function.name in SHARED:
            expected = without_docstring(CANONICAL_DEFS[function.name])
            assert without_docstring(function) == expected, (
                f"{where} defines {function.name}({parameters(function)}), which is not "
                f"examples/fit_line.py's: give a function that differs a name of its own"
            )


def test_a_name_takes_the_same_parameters_everywhere_it_is_defined() -> None:
    seen: dict[str, dict[str, set[str]]] = {}
    for where, source in SOURCES.items():
        for function in definitions(source):
            if function.name == ENTRY_POINT:
                continue
            seen.setdefault(function.name, {}).setdefault(parameters(function), set()).add(where)
    # The check means something only if some names are defined in more than one place.
    assert sum(len(set().union(*signatures.values())) > 1 for signatures in seen.values()) >= 2
    differing = {
        name: {f"{name}({signature})": sorted(places) for signature, places in signatures.items()}
        for name, signatures in seen.items()
        if len(signatures) > 1
    }
    assert not differing, f"one name, several meanings: {differing}"


def test_the_check_sees_a_fit_that_differs() -> None:
    own = definitions("def fit(model, x, y, lr, epochs):\n    return model\n")
    assert without_docstring(own[0]) != without_docstring(CANONICAL_DEFS["fit"])
    renamed = definitions(
        'def line_model():\n    """Another docstring."""\n'
        + "\n".join(ast.unparse(CANONICAL_DEFS["line_model"]).splitlines()[2:])
    )
    assert without_docstring(renamed[0]) == without_docstring(CANONICAL_DEFS["line_model"])
