"""Debian's Chromium driven by Playwright, and a local server for a built site.

Shared by the browser checks (tests/test_site_browser.py, tests/test_motion.py); the
``browser`` fixture in conftest.py starts one Chromium for the whole session.
"""

from __future__ import annotations

import contextlib
import functools
import io
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright never downloads a browser here
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _NotFoundPageHandler(_QuietHandler):
    """For a missing file, status 404 with the site's own 404 page, as static hosts answer."""

    not_found_page = b""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_file() or (path / "index.html").is_file():
            return super().send_head()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.not_found_page)))
        self.end_headers()
        return io.BytesIO(self.not_found_page)


@contextlib.contextmanager
def serve(root: Path, not_found_page: Path | None = None) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 from a background thread; yield its base URL.

    With ``not_found_page``, a missing address gets that page's bytes with status 404.
    """
    if not_found_page is None:
        handler = functools.partial(_QuietHandler, directory=str(root))
    else:
        page = type(
            "Handler", (_NotFoundPageHandler,), {"not_found_page": not_found_page.read_bytes()}
        )
        handler = functools.partial(page, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
