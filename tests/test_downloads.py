"""Every notebook page offers a notebook that runs, its MyST source and its examples.

On the built site: each notebook page with shown code or exercises' self-checks links
``downloads/PAGE.ipynb``, ``downloads/PAGE.md`` and the example files it shows, and the links
lead to those files. Each notebook is valid nbformat, holds the page's shown code (a folded
solution folded in Jupyter too) and its self-checks, and nothing else hidden (no ``loopdocs``,
no glue, no outputs), and runs top to bottom, self-checks included, in a fresh Jupyter
kernel: started in an empty folder outside the repository, with a fresh home, no
``PYTHONPATH`` and ``loopdocs`` made unimportable (the test environment has it installed).
Each notebook's run time is printed (``pytest -s``). Two builds giving the same bytes is
tests/test_reproducible.py's check, which covers ``downloads/``. The pieces (prose to
Markdown, the self-checks, the Colab settings) are tested alone.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from readsite import read_page, resolve
from sphinx.errors import ConfigError

from loopdocs.sphinxext.downloads import check_colab_settings, colab_url
from loopdocs.sphinxext.notebook import (
    SELF_CHECK,
    UnknownMarkup,
    download_notebook,
    imported_packages,
    offered,
    page_blocks,
    prose_markdown,
    shown_pieces,
)
from tools.buildsite import DOCS, ROOT, SphinxBuild

PAGES = sorted(
    page
    for page in DOCS.rglob("*.md")
    if "_build" not in page.parts and "file_format: mystnb" in page.read_text("utf-8")[:400]
)
#: Notebook pages with shown code or self-checks: the ones that offer downloads.
OFFERING = [page for page in PAGES if any(offered(block) for block in page_blocks(page))]
IDS = [page.relative_to(DOCS).with_suffix("").as_posix() for page in OFFERING]
#: What a downloaded notebook may import besides the standard library.
ALLOWED = {"torch", "numpy", "matplotlib", "sklearn"}
#: Run in the kernel before any cell: the site's own library is not what a learner has.
NO_LOOPDOCS = 'import sys\nsys.modules["loopdocs"] = None\n'


def notebook_code(page: Path) -> list[str]:
    """The code cells ``page``'s notebook should hold, in order: shown code and self-checks."""
    blocks = page_blocks(page)
    return [(b.shown.source if b.shown else b.text).strip("\n") for b in blocks if offered(b)]


def plain(name: str, content: str) -> str | None:
    """A role renderer for the unit tests: each role as its content in brackets."""
    return None if name == "unknown" else f"[{name}:{content}]"


# -- The pieces, alone -----------------------------------------------------------------------


def test_prose_loses_myst_markup_and_keeps_its_text() -> None:
    myst = (
        "---\nfile_format: mystnb\n---\n\n(a-label)=\n# Title\n% a comment\n\n"
        ":::{div} loopdocs-formula\ny = w·x + b\n:::\n\n"
        ":::{dropdown} 1. Why `zero_grad()`?\nBecause {ref}`why <why-zero-grad>`.\n:::\n"
        ":::{dropdown} Answer\n:class-container: loopdocs-answer\n\n:not-an-option: here\n:::\n"
    )
    assert prose_markdown(myst, plain).splitlines() == [
        "# Title",
        "",
        "y = w·x + b",
        "",
        "<details>",
        "<summary>1. Why <code>zero_grad()</code>?</summary>",
        "",
        "Because [ref:why <why-zero-grad>].",
        "",
        "</details>",
        "<details>",
        "<summary>Answer</summary>",
        "",
        ":not-an-option: here",
        "",
        "</details>",
    ]


def test_a_role_may_span_lines() -> None:
    assert (
        prose_markdown("see {ref}`the\ndemo <demo>` here", plain)
        == "see [ref:the\ndemo <demo>] here"
    )


def test_a_plain_code_block_in_the_prose_stays_as_written() -> None:
    myst = "Run:\n\n```python\n%timeit f()\n(x)=\nf({ref}`x`)\n```\n\nthen {ref}`y`."
    assert prose_markdown(myst, plain) == (
        "Run:\n\n```python\n%timeit f()\n(x)=\nf({ref}`x`)\n```\n\nthen [ref:y]."
    )


@pytest.mark.parametrize(
    ("myst", "named"),
    [
        ("A {unknown}`thing` here.", "the role {unknown}"),
        (":::{note}\nText.\n:::", "the directive {note}"),
        ("```{math}\nx\n```", "the directive {math}"),
    ],
)
def test_markup_the_download_cannot_render_is_refused_by_name(myst: str, named: str) -> None:
    with pytest.raises(UnknownMarkup, match=named.replace("{", r"\{").replace("}", r"\}")):
        prose_markdown(myst, plain)


EXERCISE_PAGE = """---
file_format: mystnb
---

# Page

```{code-cell} ipython3
:tags: [remove-cell]

import loopdocs
```

```{code-cell} ipython3
:tags: [remove-cell, self-check]

my_answer = ...
print(check_answer(my_answer))
```

```{code-cell} ipython3
:tags: [hide-input]
:mystnb: {code_prompt_show: "Show a solution"}

print(2)
```

```{code-cell} ipython3
:tags: [raises-exception]

1 / 0
```

```{code-cell} ipython3
:tags: [hide-cell]

print(3)
```
"""


def test_self_checks_and_folded_solutions_are_kept_in_the_notebook(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(EXERCISE_PAGE, encoding="utf-8")
    blocks = page_blocks(page)
    assert [block.kind for block in blocks if block.kind != "prose"] == [
        "hidden",
        SELF_CHECK,
        "code",
        "code",
        "code",
    ]
    assert [piece.folded for piece in shown_pieces(page)] == ["hide-input", "", "hide-cell"]
    notebook = nbformat.reads(download_notebook(blocks, plain, str).decode(), as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.source for cell in code] == [
        "my_answer = ...\nprint(check_answer(my_answer))",
        "print(2)",
        "1 / 0",
        "print(3)",
    ]
    assert [cell.metadata for cell in code] == [
        {"tags": [SELF_CHECK]},
        {"jupyter": {"source_hidden": True}, "tags": ["hide-input"]},
        {"tags": ["raises-exception"]},
        {"jupyter": {"outputs_hidden": True, "source_hidden": True}, "tags": ["hide-cell"]},
    ]
    assert "loopdocs" not in json.dumps(notebook)


def test_a_self_check_shown_on_the_page_is_refused_naming_the_page(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(EXERCISE_PAGE.replace("[remove-cell, self-check]", "[self-check]"), "utf-8")
    with pytest.raises(ValueError, match=r"page\.md: a cell tagged self-check must also be"):
        page_blocks(page)


@pytest.mark.parametrize("page", OFFERING, ids=IDS)
def test_a_self_check_is_plain_python_with_its_own_check(page: Path) -> None:
    """A self-check imports only what a learner has (no loopdocs), and each defines its own
    ``check_...`` function, so that running the notebook's cells in order never mixes two."""
    checks = [block.text for block in page_blocks(page) if block.kind == SELF_CHECK]
    names: list[str] = []
    for check in checks:
        assert imported_packages(check) <= ALLOWED | set(sys.stdlib_module_names), check
        assert "loopdocs" not in check and "glue" not in check
        defined = re.findall(r"^def (check_\w+)\(", check, re.M)
        assert len(defined) == 1, check
        names += defined
    assert len(names) == len(set(names)), names


@pytest.mark.parametrize("page", OFFERING, ids=IDS)
def test_a_pages_notebook_holds_its_shown_code_and_nothing_hidden(page: Path) -> None:
    blocks = page_blocks(page)
    raw = download_notebook(blocks, plain, lambda packages: f"needs {packages}")
    assert raw == download_notebook(blocks, plain, lambda packages: f"needs {packages}")
    notebook = nbformat.reads(raw.decode(), as_version=4)
    nbformat.validate(notebook)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert code == notebook_code(page)
    sources = "\n".join(cell.source for cell in notebook.cells)
    hidden = [block.text.strip() for block in blocks if block.kind == "hidden"]
    assert hidden and not any(text in sources for text in hidden)
    assert "needs" in notebook.cells[0].source


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("loopdocs_colab_repository", "https://github.com/owner/repo"),
        ("loopdocs_colab_repository", "owner"),
        ("loopdocs_colab_repository", "owner/repo/extra"),
        ("loopdocs_colab_branch", ""),
        ("loopdocs_colab_branch", "has space"),
        ("loopdocs_colab_path", "../up"),
        ("loopdocs_colab_path", "/absolute"),
        ("loopdocs_colab_repository", 42),
    ],
)
def test_a_bad_colab_setting_is_refused_naming_it(setting: str, value: object) -> None:
    config = {
        "loopdocs_colab_repository": "owner/repo",
        "loopdocs_colab_branch": "gh-pages",
        "loopdocs_colab_path": "",
        setting: value,
    }
    with pytest.raises(ConfigError, match=f"^{setting} must be .*got {value!r}"):
        check_colab_settings(None, config)  # type: ignore[arg-type]


def test_colab_links_only_when_a_repository_is_set() -> None:
    settings = {"loopdocs_colab_branch": "gh-pages", "loopdocs_colab_path": ""}
    off = SimpleNamespace(loopdocs_colab_repository="", **settings)
    assert colab_url(off, "troubleshooting/nan-loss") is None  # type: ignore[arg-type]
    on = SimpleNamespace(loopdocs_colab_repository="owner/repo", **settings)
    assert colab_url(on, "troubleshooting/nan-loss") == (  # type: ignore[arg-type]
        "https://colab.research.google.com/github/owner/repo/blob/gh-pages/"
        "downloads/troubleshooting/nan-loss.ipynb"
    )


# -- The built site --------------------------------------------------------------------------


def download_links(site: Path, docname: str) -> dict[str, str]:
    """The downloads a built page links, by file name: target path relative to the site."""
    page = f"{docname}.html"
    html = (site / page).read_text(encoding="utf-8")
    line = html.split('<p class="loopdocs-downloads">', 1)[1].split("</p>", 1)[0]
    links = [part.split('"', 1)[0] for part in line.split('href="')[1:]]
    return {Path(link).name: resolve(page, link)[0] for link in links}


def test_only_pages_with_shown_code_offer_downloads(built_site: Path) -> None:
    offering = {
        page.relative_to(DOCS).with_suffix("").as_posix()
        for page in PAGES
        if 'class="loopdocs-downloads"'
        in (built_site / page.relative_to(DOCS).with_suffix(".html")).read_text("utf-8")
    }
    assert offering == set(IDS)
    assert "how-this-site-is-built" in offering  # its exercises are shown code
    for page in ("index", "for-instructors", "troubleshooting/index"):  # not notebooks
        assert 'class="loopdocs-downloads"' not in (built_site / f"{page}.html").read_text("utf-8")


@pytest.mark.parametrize("docname", IDS)
def test_a_notebook_page_links_its_downloads(built_site: Path, docname: str) -> None:
    links = download_links(built_site, docname)
    name = Path(docname).name
    assert {f"{name}.ipynb", f"{name}.md"} <= set(links)
    for target in links.values():
        assert (built_site / target).is_file(), target
    assert links[f"{name}.md"] == f"downloads/{docname}.md"
    source = DOCS / f"{docname}.md"
    assert (built_site / links[f"{name}.md"]).read_bytes() == source.read_bytes()
    examples = {(ROOT / "examples" / n) for n in links if n.endswith(".py")}
    shown = {(source.parent / b.include).resolve() for b in page_blocks(source) if b.include}
    assert examples == shown
    for example in examples:
        assert (built_site / links[example.name]).read_bytes() == example.read_bytes()
    assert "colab.research.google.com" not in (built_site / f"{docname}.html").read_text("utf-8")
    assert not read_page(built_site, f"{docname}.html").redirect


@pytest.mark.parametrize("docname", IDS)
def test_a_downloaded_notebook_is_valid_and_holds_only_shown_code(
    built_site: Path, docname: str
) -> None:
    raw = (built_site / "downloads" / f"{docname}.ipynb").read_text("utf-8")
    notebook = nbformat.reads(raw, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    assert raw == json.dumps(json.loads(raw), sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.source for cell in code] == notebook_code(DOCS / f"{docname}.md")
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    imported = imported_packages("\n".join(cell.source for cell in code))
    assert imported <= ALLOWED | set(sys.stdlib_module_names)
    for cell in notebook.cells:
        assert "loopdocs.sphinxext" not in cell.source and "glue" not in cell.source
        if cell.cell_type == "markdown":  # every MyST role and target became Markdown
            assert "{glue" not in cell.source and "{ref}" not in cell.source
            assert ")=\n" not in cell.source and ":::" not in cell.source


# -- Running the downloads in a fresh kernel -------------------------------------------------


@pytest.fixture(scope="module")
def fresh_kernel(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a fresh kernel: an empty home, no PYTHONPATH, no loopdocs."""
    home = tmp_path_factory.mktemp("home")
    startup = home / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-no-loopdocs.py").write_text(NO_LOOPDOCS, encoding="utf-8")
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "IPYTHONDIR": str(home / "ipython"),
        "MPLBACKEND": "Agg",
        "JUPYTER_PLATFORM_DIRS": "1",
    }


def run_notebook(notebook: nbformat.NotebookNode, workdir: Path, env: dict[str, str]) -> None:
    """Execute ``notebook`` top to bottom in a new python3 kernel started in ``workdir``."""
    from nbclient import NotebookClient

    workdir.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute(env=env)


def test_the_kernel_cannot_import_loopdocs(
    fresh_kernel: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nbclient.exceptions import CellExecutionError

    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    cell = nbformat.v4.new_code_cell("import loopdocs")
    with pytest.raises(CellExecutionError, match="ModuleNotFoundError"):
        run_notebook(nbformat.v4.new_notebook(cells=[cell]), tmp_path / "run", fresh_kernel)


@pytest.mark.parametrize("docname", IDS)
def test_a_downloaded_notebook_runs_in_a_fresh_kernel(
    built_site: Path,
    docname: str,
    fresh_kernel: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    notebook = nbformat.read(built_site / "downloads" / f"{docname}.ipynb", as_version=4)
    start = time.perf_counter()
    run_notebook(notebook, tmp_path / "run", fresh_kernel)  # raises on any cell's error
    print(f"\n{docname}.ipynb ran in a fresh kernel in {time.perf_counter() - start:.1f} s")
    assert all(cell.execution_count for cell in notebook.cells if cell.cell_type == "code")


# -- A tiny project: the Colab link, and markup the download cannot render ------------------

TINY_CONF = """
project = "tiny"
extensions = ["myst_nb", "loopdocs.sphinxext"]
exclude_patterns = ["_build"]
nb_execution_mode = "off"
"""
TINY_PAGE = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
  language: python
---

(tiny)=
# Tiny

Some text, and {ref}`a link <tiny>`.

```{code-cell} ipython3
:tags: [remove-cell]

import loopdocs
```

```{code-cell} ipython3
print(1 + 1)
```

"""


@pytest.fixture(scope="module")
def tiny_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("tiny")
    (source / "conf.py").write_text(TINY_CONF)
    (source / "index.md").write_text(TINY_PAGE)
    return source


def test_a_set_repository_adds_the_colab_link(
    tiny_project: Path, sphinx_build: SphinxBuild
) -> None:
    out = tiny_project.parent / "colab" / "html"
    result = sphinx_build(tiny_project, out, "-D", "loopdocs_colab_repository=owner/repo")
    assert result.returncode == 0, result.stderr[-4000:]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert (
        'href="https://colab.research.google.com/github/owner/repo/blob/gh-pages/'
        'downloads/index.ipynb">open it in Colab</a>'
    ) in html
    notebook = nbformat.read(out / "downloads" / "index.ipynb", as_version=4)
    assert [cell.source for cell in notebook.cells if cell.cell_type == "code"] == ["print(1 + 1)"]
    assert "Some text, and a link." in notebook.cells[0].source


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ("-D", "loopdocs_colab_repository=github.com/owner/repo"),
            "loopdocs_colab_repository must be",
        ),
        (("-D", "loopdocs_colab_branch=a b"), "loopdocs_colab_branch must be"),
    ],
)
def test_a_bad_colab_setting_stops_the_build_naming_it(
    tiny_project: Path,
    tmp_path: Path,
    extra: tuple[str, str],
    message: str,
    sphinx_build: SphinxBuild,
) -> None:
    result = sphinx_build(tiny_project, tmp_path / "html", *extra)
    assert result.returncode != 0 and message in result.stderr, result.stderr[-4000:]


def test_prose_the_download_cannot_render_fails_the_build_naming_the_page(
    tmp_path: Path, sphinx_build: SphinxBuild
) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "conf.py").write_text(TINY_CONF)
    (tmp_path / "src" / "index.md").write_text(TINY_PAGE.replace("Some text", "{kbd}`Ctrl`"))
    result = sphinx_build(tmp_path / "src", tmp_path / "html")
    assert result.returncode != 0
    assert "index" in result.stderr and "cannot render the role {kbd}" in result.stderr
