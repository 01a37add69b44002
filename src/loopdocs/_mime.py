"""The MIME type of a loopdocs figure, shared by the core and the Sphinx adapter (no imports)."""

MIME_TYPE = "application/vnd.loopdocs.figure+json"
#: The MIME type of the loop-order puzzle (its runs, verdicts and no-JavaScript table).
PUZZLE_MIME_TYPE = "application/vnd.loopdocs.puzzle+json"
