"""The Sphinx side of loopdocs: the only code that imports Sphinx or myst-nb.

Enable with ``extensions = [..., "loopdocs.sphinxext"]``, after ``myst_nb``. One module per
job: ``figure`` renders page figures (the MIME renderer, ``<picture>``), ``puzzle`` the
loop-order puzzle's table and data, ``refs`` the
``optional-ref`` role, ``assets`` the site's CSS and JS, ``cache`` keeps the execution cache
honest, ``errors`` names the page and cell that failed, ``reads`` re-runs a page when a file it
reads changes (``kernel_reads`` records them in its kernel), ``provenance`` says what a page ran
with, ``downloads`` offers each notebook page as a notebook to run (``notebook`` makes it),
``prerun`` runs notebooks in a pool before Sphinx reads them (``warm_kernels`` forks their
kernels from one process that has imported torch; ``kernel_stub`` stands in for each),
``hosting`` what a host needs (public URL, robots.txt, sitemap, social card), ``csp`` gives
every written page its Content-Security-Policy, ``sections`` the instructors' index of
sections, ``streams`` shows printed output as printed, ``pages`` holds what the pages' hidden
cells share, and ``internals`` lists the other packages' non-public parts these modules rely
on. Importing the package loads none of them (nor Sphinx, nor torch): ``setup`` imports what
it registers, so a page's kernel importing ``pages`` starts a second sooner.

The cheat sheet and the instructors page: ``sheet`` links the sheet from every page's end and
prints it on one A4 page; ``syllabus`` reads each page's objectives, prerequisites and reading
time, and the source repository's address.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["LoopdocsMimeRenderer", "NotebookCellError", "setup"]


def __getattr__(name: str) -> Any:
    """The two classes other packages look up here, imported when first asked for.

    Importing ``loopdocs.sphinxext`` (as a page's kernel does, for ``pages``) loads no Sphinx:
    measured, that was a second of every kernel's start.
    """
    if name == "LoopdocsMimeRenderer":
        from loopdocs.sphinxext.figure import LoopdocsMimeRenderer

        return LoopdocsMimeRenderer
    if name == "NotebookCellError":
        from loopdocs.sphinxext.errors import NotebookCellError

        return NotebookCellError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the parser, CSS and JS; the MIME renderer is found by myst-nb's entry point."""
    from loopdocs import __version__
    from loopdocs.sphinxext.assets import (
        add_player_script,
        add_static_path,
        defer_scripts,
        drop_mystnb_stylesheet,
        name_folded_cells_by_their_label,
    )
    from loopdocs.sphinxext.cache import (
        prepare_execution_cache,
        reread_pages_when_library_changed,
        stamp_fingerprint,
    )
    from loopdocs.sphinxext.cards import label_card_tables
    from loopdocs.sphinxext.csp import add_policies, check_config
    from loopdocs.sphinxext.downloads import setup_downloads
    from loopdocs.sphinxext.figure import (
        PictureFallback,
        depart_nothing,
        depart_picture,
        depart_player_box,
        picture,
        picture_source,
        player_box,
        player_part,
        visit_picture,
        visit_picture_source,
        visit_player_box,
        visit_player_part,
    )
    from loopdocs.sphinxext.hosting import (
        check_baseurl_setting,
        root_the_not_found_page,
        tidy_open_graph,
        write_hosting_files,
    )
    from loopdocs.sphinxext.prerun import execute_notebooks_ahead
    from loopdocs.sphinxext.provenance import add_ran_with
    from loopdocs.sphinxext.puzzle import puzzle_data, visit_puzzle_data
    from loopdocs.sphinxext.reads import RecordingParser, forget_stale_outputs, prepare_kernels
    from loopdocs.sphinxext.refs import optional_ref_role, resolve_missing_optional
    from loopdocs.sphinxext.sections import (
        SectionIndex,
        fill_section_index,
        forget_holder,
        merge_holders,
        rewrite_the_index,
        section_index,
    )
    from loopdocs.sphinxext.sheet import (
        add_templates,
        level_the_sidebar_captions,
        link_the_sheet,
    )
    from loopdocs.sphinxext.streams import join_streams_exactly
    from loopdocs.sphinxext.syllabus import SourceRepository, check_source_repository

    # Replaces myst-nb's own parser (same file type), so myst_nb must come first in extensions.
    app.add_source_parser(RecordingParser, override=True)
    join_streams_exactly()  # a print cut into chunks by ipykernel shows as one line
    app.connect("builder-inited", add_static_path)
    # After myst-nb's own builder-inited handler, which resolves the cache path.
    app.connect("builder-inited", prepare_execution_cache, priority=600)
    app.connect("env-get-outdated", reread_pages_when_library_changed)
    # Kernels record what each page reads; a page whose files changed runs again. After the
    # cache is prepared (it may be emptied), before the pages are run ahead or read.
    app.connect("builder-inited", prepare_kernels, priority=700)
    app.connect("env-get-outdated", forget_stale_outputs)
    app.connect("build-finished", stamp_fingerprint)
    app.connect("env-before-read-docs", execute_notebooks_ahead)
    app.add_css_file("loopdocs.css")
    app.add_js_file("loopdocs.js", loading_method="defer")  # focusable scrolling code blocks
    app.add_role("optional-ref", optional_ref_role)
    app.add_node(picture, html=(visit_picture, depart_picture))
    app.add_node(picture_source, html=(visit_picture_source, depart_nothing))
    app.add_node(player_box, html=(visit_player_box, depart_player_box))
    app.add_node(player_part, html=(visit_player_part, depart_nothing))
    app.add_node(puzzle_data, html=(visit_puzzle_data, depart_nothing))
    app.add_post_transform(PictureFallback)
    app.connect("missing-reference", resolve_missing_optional)
    app.connect("html-page-context", drop_mystnb_stylesheet)
    app.connect("html-page-context", name_folded_cells_by_their_label)
    app.connect("html-page-context", add_player_script)
    app.connect("html-page-context", defer_scripts, priority=900)  # after the others add theirs
    app.connect("doctree-read", add_ran_with)
    app.add_node(section_index)
    app.add_directive("section-index", SectionIndex)
    app.connect("doctree-resolved", fill_section_index)
    app.connect("env-purge-doc", forget_holder)
    app.connect("env-merge-info", merge_holders)
    app.connect("env-get-updated", rewrite_the_index)
    # Where the project's source lives (for the instructors page): conf.py, or the environment.
    app.add_config_value("loopdocs_source_repository", "", "env", types=frozenset({str}))
    app.connect("config-inited", check_source_repository)
    app.add_directive("source-repository", SourceRepository)
    app.connect("config-inited", add_templates)  # furo's page, ending with the sheet's link
    # Before drop_mystnb_stylesheet, which replaces the page's list of stylesheets.
    app.connect("html-page-context", link_the_sheet, priority=400)
    app.connect("html-page-context", level_the_sidebar_captions, priority=600)  # after furo
    app.connect("config-inited", check_baseurl_setting)
    app.connect("html-page-context", tidy_open_graph, priority=600)  # after sphinxext-opengraph
    app.connect("html-page-context", root_the_not_found_page)
    app.connect("build-finished", write_hosting_files, priority=600)  # after sphinx-sitemap
    # Last: after every page (redirects too) is written, give each its Content-Security-Policy.
    app.add_config_value("loopdocs_csp", True, "html", types=frozenset({bool}))
    # Kernels forked from one process that imported torch once (sphinxext/warm_kernels.py).
    app.add_config_value("loopdocs_warm_kernels", True, "", types=frozenset({bool}))
    app.connect("config-inited", check_config)
    app.connect("build-finished", label_card_tables, priority=800)  # before the policies
    app.connect("build-finished", add_policies, priority=900)
    setup_downloads(app)  # each notebook page as .ipynb, .md and its examples, and Colab
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
