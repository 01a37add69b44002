"""Sphinx configuration for the loopdocs site."""

from importlib.metadata import version as _version

# -- Project -------------------------------------------------------------------------------
project = "loopdocs"
author = "The loopdocs team"
# Every page's footer: Sphinx replaces the year from SOURCE_DATE_EPOCH.
copyright = "2026, the loopdocs team. Text and figures CC BY 4.0, code MIT"
release = _version("loopdocs")
version = release

extensions = [
    "myst_nb",  # brings myst_parser with it: listing both clashes
    "sphinx_design",
    "sphinx_copybutton",
    "sphinx.ext.intersphinx",
    "sphinx_reredirects",
    "loopdocs.sphinxext",  # after myst_nb: it replaces myst-nb's parser to name failing cells
]
exclude_patterns = ["_build", "jupyter_execute", ".jupyter_cache", "**.ipynb_checkpoints"]
nitpicky = True

# -- MyST ----------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]  # no math: MathJax would load from a CDN
myst_heading_anchors = 0  # every linkable section gets an explicit (label)= instead

# -- Execution (myst-nb) -------------------------------------------------------------------
nb_execution_mode = "cache"  # pages are seeded and deterministic; the cache sits beside the output
# (<outdir>/../.jupyter_cache) and loopdocs.sphinxext empties it when the library changes.
nb_execution_raise_on_error = True  # a failing cell fails the build
nb_execution_show_tb = True  # ... and the log shows its traceback
nb_execution_timeout = 120  # per cell; the slowest page cell takes a few seconds on 2 cores
nb_merge_streams = True

# -- HTML output ---------------------------------------------------------------------------
html_theme = "furo"
html_title = "loopdocs: the PyTorch training loop"
html_static_path = ["_static"]
html_permalinks_icon = "#"  # furo's default rendered as a pilcrow here
html_last_updated_fmt = None
html_copy_source = False  # the MyST sources are on the repository; keep the site small
html_show_sourcelink = False
html_favicon = "_static/favicon.svg"  # without one, every browser logs a 404 for /favicon.ico

# -- Redirects (sphinx-reredirects) --------------------------------------------------------
# Teachers link sections from syllabi (tests/anchors.txt lists every one): a page that moves
# keeps a redirect here, "old/docname": "new-page.html", and the #section survives the move.
redirects: dict[str, str] = {}
redirect_html_template_file = "_templates/redirect.html"  # the stock one is not valid HTML

# -- Links to other projects' docs ---------------------------------------------------------
# Offline: each inventory is a file in the repo (written by docs/_inventories/build.py).
intersphinx_mapping = {
    "torch": ("https://docs.pytorch.org/docs/2.13/", "_inventories/torch.inv"),
    "python": ("https://docs.python.org/3.11/", "_inventories/python.inv"),
    "matplotlib": ("https://matplotlib.org/3.11.2/", "_inventories/matplotlib.inv"),
}
