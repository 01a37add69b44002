"""Say on every notebook page what its code ran with: the PyTorch and Python of the build.

A reader comparing a page with their own run, or a teacher citing it, needs the versions the
numbers came from. They are read from the build's environment (package metadata, so torch is
not imported here) and added as the page's last paragraph.
"""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

from docutils import nodes
from sphinx.application import Sphinx

#: The class of a paragraph the build adds to a page (not the page's own prose): the
#: instructors' index neither quotes it nor counts it in a reading time.
SITE_NOTE = "loopdocs-site-note"


def ran_with() -> str:
    """ "PyTorch 2.13.0 and Python 3.11.7", as installed where the site is built."""
    try:
        torch = f"PyTorch {version('torch')}"
    except PackageNotFoundError:
        torch = "no PyTorch"
    return f"{torch} and Python {platform.python_version()}"


def add_ran_with(app: Sphinx, doctree: nodes.document) -> None:
    """On a page that is a notebook, a closing note of what its code ran with."""
    metadata = app.env.metadata.get(app.env.docname, {})
    if "kernelspec" not in metadata:
        return
    note = nodes.paragraph(classes=["loopdocs-ran-with", SITE_NOTE])
    note += nodes.Text(f"The code on this page ran with {ran_with()} when the site was built.")
    sections = list(doctree.findall(nodes.section))
    (sections[0] if sections else doctree).append(note)
