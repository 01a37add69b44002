"""The MIME type of a loopdocs figure, shared by the core and the Sphinx adapter (no imports)."""

MIME_TYPE = "application/vnd.loopdocs.figure+json"
