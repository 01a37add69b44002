"""The ``optional-ref`` role: a link to a label that a later change adds, plain text until then."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docutils import nodes, utils
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.nodes import split_explicit_title

#: What the site's labels look like: ``(why-zero-grad)=``.
LABEL = re.compile(r"[a-z0-9][a-z0-9_-]*")


def optional_ref_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: Sequence[str] = (),
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{optional-ref}`Title <label>``: a link to ``label`` that is plain text until it exists.

    For a link to a page that a later change adds (the troubleshooting table links to demos
    that are their own work): the build stays warning-free either way, and the link appears
    as soon as the label does.
    """
    has_title, title, target = split_explicit_title(utils.unescape(text))
    problem = None
    if not has_title:
        problem = f"optional-ref needs an explicit title, as in `Title <{target}>`"
    elif not LABEL.fullmatch(target):
        problem = (
            f"optional-ref's label must be lowercase letters, digits, hyphens and underscores, "
            f"as in `Title <my-section>`, got {target!r}"
        )
    if problem is not None:
        msg = inliner.reporter.error(problem, line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    node = addnodes.pending_xref(
        rawtext,
        refdomain="std",
        reftype="ref",
        reftarget=target.lower(),
        refexplicit=True,
        refwarn=True,
        loopdocs_optional=True,
    )
    node += nodes.inline(title, title, classes=["std", "std-ref"])
    return [node], []


def resolve_missing_optional(
    app: Sphinx, env: Any, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    return contnode if node.get("loopdocs_optional") else None
