"""Every loopdocs workflow: the same commands locally, in CI and on the docs host."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nox

# The one sphinx-build command line, shared with the tests and benchmarks/bench_build.py: in
# tools/, standard library only, since this Python has no loopdocs (and nox adds no path).
sys.path.insert(0, str(Path(__file__).parent))
from tools.buildsite import sphinx_args

nox.options.default_venv_backend = "virtualenv"  # pip, not uv: uv ignores the local CPU wheel
nox.options.sessions = ["lint", "tests", "docs"]
nox.needs_version = ">=2025.2.9"

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"


def install(session: nox.Session, group: str, *, project: bool = True) -> None:
    """Install a dependency group from pyproject.toml, and the project itself."""
    # torch first and alone, so pip takes the pinned CPU wheel before anything asks for torch.
    session.install(*nox.project.dependency_groups(PYPROJECT, "torch"))
    session.install(*nox.project.dependency_groups(PYPROJECT, group))
    if project:
        session.install("-e", ".")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site into docs/_build/html (pass --clean to start from nothing)."""
    install(session, "docs")
    args = list(session.posargs)
    if "--clean" in args:
        args.remove("--clean")
        shutil.rmtree(BUILD, ignore_errors=True)
    session.run("sphinx-build", *sphinx_args(BUILD / "html"), *args)
    session.log(
        f"Open {BUILD / 'html' / 'index.html'} (or: python -m http.server -d docs/_build/html)"
    )


@nox.session(name="docs-live", default=False)
def docs_live(session: nox.Session) -> None:
    """Serve the site on http://127.0.0.1:8000 and rebuild it on every change."""
    install(session, "docs-live")
    session.run(
        "sphinx-autobuild",
        *sphinx_args(BUILD / "html"),
        # sphinx-autobuild injects an inline reload script, which the pages' policy would refuse.
        "-D",
        "loopdocs_csp=0",
        "--host",
        "127.0.0.1",
        "--port",
        "8000",
        # Execution outputs and the cache are written during the build: watching them loops.
        "--ignore",
        str(BUILD),
        "--ignore",
        "*/jupyter_execute/*",
        "--ignore",
        "*/.jupyter_cache/*",
        "--watch",
        str(ROOT / "src" / "loopdocs"),
        "--watch",
        str(ROOT / "examples"),
        # What pages read outside docs/ (each page's reads are also Sphinx dependencies).
        "--watch",
        str(ROOT / "benchmarks" / "results"),
        *session.posargs,
    )


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite, which includes clean builds of the site and checks of them."""
    install(session, "test")
    # axe-core and the Nu Html Checker, pinned in tests/package-lock.json. vnu-jar's install
    # script would download a Java runtime: skipped, the machine's java runs vnu.jar.
    session.run(
        "npm",
        "ci",
        "--prefix",
        "tests",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",  # offline once npm's cache holds them, like pip's
        external=True,
    )
    session.run("pytest", *session.posargs, env={"PYTHONHASHSEED": "0"})


@nox.session(default=False)
def lighthouse(session: nox.Session) -> None:
    """Build the site, then print Lighthouse's mobile scores for every page (pass --runs N)."""
    install(session, "docs")
    session.run("sphinx-build", *sphinx_args(BUILD / "html"))
    session.run(
        "npm",
        "ci",
        "--prefix",
        "benchmarks/lighthouse",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        external=True,
    )
    session.run("python", "benchmarks/lighthouse.py", str(BUILD / "html"), *session.posargs)


@nox.session(default=False)
def anchors(session: nox.Session) -> None:
    """Build the site cleanly and add its new page and section anchors to tests/anchors.txt."""
    install(session, "docs")
    tmp = Path(session.create_tmp())
    shutil.rmtree(tmp / "html", ignore_errors=True)  # no page left over from a removed source
    session.run("sphinx-build", *sphinx_args(tmp / "html", "-E", doctrees=tmp / "doctrees"))
    session.run("python", "tests/anchors.py", str(tmp / "html"), "--update", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (check and format) and mypy."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy", *session.posargs)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Print side-by-side measurements (animations, build times) against the stock way.

    ``nox -s bench -- --check`` measures nothing: it confirms that the saved animation
    benchmark (benchmarks/results/gif.json, shown on the site) is for this tree's engine.
    """
    install(session, "docs")
    if "--check" in session.posargs:
        session.run("python", "benchmarks/bench_gif.py", "--check", env={"MPLBACKEND": "Agg"})
        return
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        session.run("python", str(script), *session.posargs, env={"MPLBACKEND": "Agg"})
