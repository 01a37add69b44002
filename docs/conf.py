"""Sphinx configuration for the loopdocs site."""

from importlib.metadata import version as _version

from loopdocs.describe.social_card import describe_social_card
from loopdocs.sphinxext import hosting

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
    "sphinxext.opengraph",
    "notfound.extension",
    "loopdocs.sphinxext",  # after myst_nb: it replaces myst-nb's parser to name failing cells
]
exclude_patterns = ["_build", "jupyter_execute", ".jupyter_cache", "**.ipynb_checkpoints"]
nitpicky = True

# -- MyST ----------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]  # no math: MathJax would load from a CDN
myst_heading_anchors = 0  # every linkable section gets an explicit (label)= instead

# -- Execution (myst-nb) -------------------------------------------------------------------
nb_execution_mode = "cache"  # pages are seeded and deterministic; the cache sits beside the output
# (<outdir>/../.jupyter_cache); loopdocs.sphinxext empties it when the library changes and
# runs a page again when a file it read (an example, a data file) changed.
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

# -- Source ------------------------------------------------------------------------------
# The project's repository, linked from the instructors page ("https://github.com/OWNER/REPO");
# a deployment sets LOOPDOCS_SOURCE_REPOSITORY instead. Empty, that page says how to get the
# code from the site itself (loopdocs/sphinxext/syllabus.py).
loopdocs_source_repository = ""

# -- Links to other projects' docs ---------------------------------------------------------
# Offline: each inventory is a file in the repo (written by docs/_inventories/build.py).
intersphinx_mapping = {
    "torch": ("https://docs.pytorch.org/docs/2.13/", "_inventories/torch.inv"),
    "python": ("https://docs.python.org/3.11/", "_inventories/python.inv"),
    "matplotlib": ("https://matplotlib.org/3.11.2/", "_inventories/matplotlib.inv"),
}

# -- Hosting -------------------------------------------------------------------------------
# The public URL, from LOOPDOCS_BASEURL or else Read the Docs' READTHEDOCS_CANONICAL_URL
# (checked: http(s), ending in "/"). Known, it gives each page a canonical link, og:url and
# og:image, and the site a sitemap.xml named in robots.txt. Unset (a local build), the site
# carries no absolute URL that could be wrong.
html_baseurl = hosting.base_url()
if html_baseurl:
    extensions.append("sphinx_sitemap")  # without a URL it warns, and -W fails the build
sitemap_url_scheme = "{link}"  # one version, one language: no en/0.1.0/ in the URLs
sitemap_excludes = ["404.html", "search.html", "genindex.html"]
# The 404 page is served at whatever address was missing, so its links are absolute, under
# the URL's path (/loopdocs/ on GitHub Pages, /en/latest/ on Read the Docs; / when unset).
notfound_urls_prefix = hosting.url_path(html_baseurl)
notfound_context = hosting.not_found_context(notfound_urls_prefix)
ogp_site_url = html_baseurl
ogp_image = hosting.SOCIAL_CARD  # one static social card, drawn from html_title by the build
ogp_image_alt = describe_social_card(html_title)
ogp_social_cards = {"enable": False}  # not a card per page (each a matplotlib render)
ogp_enable_meta_description = True  # for a page without its own (every page has one now)
