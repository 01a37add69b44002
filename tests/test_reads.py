"""A page runs again when a file it reads changes, by content (loopdocs.sphinxext.reads).

The kernel's recorder (kernel_reads) is checked in a plain Python process; the whole round
trip on a tiny project whose pages run an example script (load_script and literalinclude)
and read a data file: each edit re-executes exactly the pages that read the file, an edit
that changes no byte re-executes nothing, and the pages show the new output. Then on a copy
of the real site, started from the session's clean build's execution cache.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from loopdocs.sphinxext import kernel_reads
from loopdocs.sphinxext.reads import changed_reads, load_record, record_file
from tools.buildsite import DOCS, ROOT, SphinxBuild

# -- The recorder, in a plain Python process ------------------------------------------------

RECORDING = f"""
import importlib.util, sys
spec = importlib.util.spec_from_file_location("_reads", {kernel_reads.__file__!r})
module = importlib.util.module_from_spec(spec)
sys.modules["_reads"] = module
spec.loader.exec_module(module)
module.install_from_environment()
"""


def record_reads(root: Path, code: str, skip: Path | None = None) -> dict[str, str | None]:
    """Run ``code`` in a fresh Python in ``root`` with the recorder on; return its record."""
    record = root.parent / "records" / "page.json"
    env = {kernel_reads.RECORD: str(record), kernel_reads.ROOT: str(root)}
    if skip is not None:
        env[kernel_reads.SKIP] = str(skip)
    subprocess.run(
        [sys.executable, "-c", RECORDING + textwrap.dedent(code)],
        cwd=root,
        env={"PATH": "", **env},
        check=True,
    )
    return load_record(record)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "examples").mkdir(parents=True)
    (root / "examples" / "example.py").write_text("ANSWER = 42\n")
    (root / "data.json").write_text('{"machine": "one"}\n')
    (root / "build").mkdir()
    (root / "build" / "out.txt").write_text("built\n")
    (tmp_path / "outside.txt").write_text("not the project's\n")
    return root


def digest(path: Path) -> str:
    result = kernel_reads.file_digest(str(path))
    assert result is not None
    return result


def test_the_recorder_keeps_what_the_page_read_with_its_digest(project: Path) -> None:
    reads = record_reads(
        project,
        """
        import json, sys
        sys.path.insert(0, "examples")
        import example  # an import: io.open_code
        json.loads(open("data.json").read())
        open("build/out.txt").read()  # skipped: the build's output
        open("../outside.txt").read()  # outside the project
        try:
            open("absent.txt")
        except FileNotFoundError:
            pass
        """,
        skip=project / "build",
    )
    assert reads == {
        "data.json": digest(project / "data.json"),
        "examples/example.py": digest(project / "examples" / "example.py"),
        "absent.txt": None,  # if it appears, the page may read something else
    }


def test_a_compiled_module_counts_as_its_source(project: Path) -> None:
    imports = 'import sys; sys.path.insert(0, "examples"); import example'
    record_reads(project, imports)  # the first import writes __pycache__/example.*.pyc
    assert list((project / "examples" / "__pycache__").glob("example.*.pyc"))
    assert record_reads(project, imports) == {
        "examples/example.py": digest(project / "examples" / "example.py")
    }


def test_a_file_the_page_writes_is_not_a_read(project: Path) -> None:
    reads = record_reads(
        project,
        """
        open("data.json").read()
        with open("data.json", "a") as file:
            file.write("more")
        open("data.json").read()
        with open("fresh.txt", "w") as file:
            file.write("made here")
        open("fresh.txt").read()
        """,
    )
    assert reads == {}


def test_nothing_is_recorded_without_a_record_file(project: Path) -> None:
    code = RECORDING + "print(module.install_from_environment())"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "None"


def test_changed_reads_compares_content_not_time(project: Path) -> None:
    reads = {
        "data.json": digest(project / "data.json"),
        "examples/example.py": digest(project / "examples" / "example.py"),
        "absent.txt": None,
    }
    assert changed_reads(reads, project) == []
    (project / "data.json").write_text('{"machine": "one"}\n')  # the same bytes, a new time
    assert changed_reads(reads, project) == []
    (project / "data.json").write_text('{"machine": "two"}\n')
    (project / "absent.txt").write_text("here now\n")
    (project / "examples" / "example.py").unlink()
    assert sorted(changed_reads(reads, project)) == [
        "absent.txt",
        "data.json",
        "examples/example.py",
    ]


def test_a_missing_or_broken_record_reads_as_empty(tmp_path: Path) -> None:
    assert load_record(tmp_path / "none.json") == {}
    (tmp_path / "broken.json").write_text('{"reads": ')
    assert load_record(tmp_path / "broken.json") == {}
    assert record_file(tmp_path, "troubleshooting/nan-loss") == (
        tmp_path / "loopdocs-reads" / "troubleshooting" / "nan-loss.json"
    )


# -- A tiny project, built again after each edit --------------------------------------------

CONF = """
project = "reads"
extensions = ["myst_nb", "loopdocs.sphinxext"]
exclude_patterns = ["_build"]
nb_execution_mode = "cache"  # as docs/conf.py
nb_execution_raise_on_error = True
nb_execution_show_tb = True
"""

HEADER = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---
"""

INDEX = """# Reads

```{toctree}
script
script-too
data
untouched
```
"""


INCLUDE = """```{literalinclude} ../examples/script.py
:start-after: [start]
:end-before: [end]
```
"""


def page(title: str, code: str, *, show_script: bool = False) -> str:
    """A notebook page that notes each run in ../runs.log, then runs ``code``."""
    shown = f"{INCLUDE}\n" if show_script else ""
    counter = f'with open("../runs.log", "a") as log:\n    log.write("{title}\\n")\n\n'
    return f"{HEADER}\n# {title}\n\n{shown}```{{code-cell}} ipython3\n{counter}{code}\n```\n"


SCRIPT = "# [start]\nRATE = {rate}\n# [end]\n"

SCRIPT_PAGE = """\
from loopdocs.sphinxext.pages import load_script

example = load_script("../examples/script.py")
print(f"rate = {example.RATE}")"""

DATA_PAGE = """\
import json
from pathlib import Path

print(f"machine = {json.loads(Path('../results/data.json').read_text())['machine']}")"""


def runs(root: Path) -> list[str]:
    """The pages executed since the last call, in no particular order."""
    log = root / "runs.log"
    executed = sorted(log.read_text().split()) if log.exists() else []
    log.unlink(missing_ok=True)
    return executed


def shown(html: Path, name: str) -> str:
    """The ``name = value`` line a page's output shows."""
    found = re.search(rf"{name} = ([\w.]+)", html.read_text(encoding="utf-8"))
    assert found is not None, f"{html.name} shows no {name}"
    return found.group(1)


def test_a_page_runs_again_when_a_file_it_reads_changes(
    tmp_path: Path, sphinx_build: SphinxBuild
) -> None:
    root = tmp_path / "project"
    source, html = root / "source", root / "build" / "html"
    (root / "examples").mkdir(parents=True)
    (root / "results").mkdir()
    source.mkdir()
    (root / "examples" / "script.py").write_text(SCRIPT.format(rate="0.03"))
    (root / "results" / "data.json").write_text('{"machine": "first"}\n')
    (source / "conf.py").write_text(CONF)
    (source / "index.md").write_text(INDEX)
    (source / "script.md").write_text(page("script", SCRIPT_PAGE, show_script=True))
    (source / "script-too.md").write_text(page("script-too", SCRIPT_PAGE))
    (source / "data.md").write_text(page("data", DATA_PAGE))
    (source / "untouched.md").write_text(page("untouched", 'print("kept = yes")'))

    def build() -> str:
        result = sphinx_build(source, html, "-j", "2")
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result.stdout

    build()
    assert runs(root) == ["data", "script", "script-too", "untouched"]
    assert shown(html / "script.html", "rate") == "0.03"
    # Each record sits in the execution cache (emptied, it takes them along), paths relative.
    record = record_file(root / "build" / ".jupyter_cache", "data")
    assert load_record(record) == {"results/data.json": digest(root / "results" / "data.json")}

    # Two pages run the script: both run again, ahead in the pool, and show the new rate.
    (root / "examples" / "script.py").write_text(SCRIPT.format(rate="0.031"))
    log = build()
    assert runs(root) == ["script", "script-too"]
    assert "loopdocs: script runs again: examples/script.py changed" in log
    assert "loopdocs: ran 2 notebooks ahead of reading" in log
    assert shown(html / "script.html", "rate") == "0.031"
    assert shown(html / "script-too.html", "rate") == "0.031"
    text = re.sub(r"<[^>]+>", "", (html / "script.html").read_text(encoding="utf-8"))
    assert "RATE = 0.031" in text  # the literalinclude too

    # One page reads the data: it alone runs again, in the reader (myst-nb's own run).
    (root / "results" / "data.json").write_text('{"machine": "second"}\n')
    build()
    assert runs(root) == ["data"]
    assert shown(html / "data.html", "machine") == "second"
    assert shown(html / "untouched.html", "kept") == "yes"

    # The same bytes written again: whether Sphinx re-reads the pages (it compares times, at
    # the file system's resolution) or not, the content is the same and nothing runs again.
    (root / "examples" / "script.py").write_text(SCRIPT.format(rate="0.031"))
    log = build()
    assert runs(root) == []
    assert "runs again" not in log
    assert shown(html / "script.html", "rate") == "0.031"

    # Nothing changed: nothing read, nothing run.
    build()
    assert runs(root) == []


# -- The real site, copied ------------------------------------------------------------------


def test_the_site_runs_again_what_reads_an_edited_file(
    built_site: Path, tmp_path: Path, sphinx_build: SphinxBuild
) -> None:
    """A copy of docs/ and what its pages read, built incrementally after each edit.

    It starts from the clean build's execution cache (copied: a build of its own would cost
    minutes), whose records name files relative to the project, so they hold in the copy.
    """
    skip = shutil.ignore_patterns("_build", "jupyter_execute", ".jupyter_cache", "__pycache__")
    shutil.copytree(DOCS, tmp_path / "docs", ignore=skip)
    shutil.copytree(ROOT / "examples", tmp_path / "examples", ignore=skip)
    shutil.copytree(ROOT / "benchmarks" / "results", tmp_path / "benchmarks" / "results")
    html = tmp_path / "build" / "html"
    shutil.copytree(built_site.parent / ".jupyter_cache", html.parent / ".jupyter_cache")

    def build() -> subprocess.CompletedProcess[str]:
        return sphinx_build(tmp_path / "docs", html)

    first = build()
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    # Every page from the cache: none ran, here or ahead in the pool.
    assert "runs again" not in first.stdout and "Executing notebook" not in first.stdout
    assert "ahead of reading" not in first.stdout

    # The saved benchmark's machine: only the page that reads the file runs again.
    results = tmp_path / "benchmarks" / "results" / "gif.json"
    saved = json.loads(results.read_text())
    assert "a test machine" not in (html / "how-this-site-is-built.html").read_text()
    results.write_text(json.dumps({**saved, "machine": "a test machine, 3 cores"}, indent=2))
    second = build()
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    again = re.findall(r"loopdocs: (\S+) runs again: (.*) changed", second.stdout)
    record = record_file(html.parent / ".jupyter_cache", "how-this-site-is-built")
    assert again == [("how-this-site-is-built", "benchmarks/results/gif.json")], (
        f"{record}: {load_record(record)}\n{second.stdout[-3000:]}"
    )
    assert second.stdout.count("Executing notebook using") == 1  # that page, and no other
    assert "a test machine, 3 cores" in (html / "how-this-site-is-built.html").read_text()

    # The loop's learning rate: the pages that run the example run it, and their hidden
    # checks (the shown code lands where the library's run at 0.03 does) now fail, naming one.
    example = tmp_path / "examples" / "fit_line.py"
    example.write_text(example.read_text().replace("lr=0.03,", "lr=0.031,", 1))
    third = build()
    log = third.stdout + third.stderr
    assert third.returncode != 0
    again = re.findall(r"loopdocs: (\S+) runs again: (.*) changed", third.stdout)
    assert sorted(again) == [
        ("loop-at-scale", "examples/fit_line.py"),
        ("loop-in-depth", "examples/fit_line.py"),
        ("training-loop", "examples/fit_line.py"),
    ]
    page = rf"{tmp_path / 'docs'}/(training-loop|loop-in-depth|loop-at-scale)\.md"
    assert re.search(rf"{page}:\d+: code cell \d+ of \d+ raised", log), log[-3000:]
