"""A built site served on 127.0.0.1 as a static host serves it, and the Chromium that reads it.

Shared by the tests (the browser checks, the 404 page) and ``benchmarks/lighthouse.py`` (text
compressed with gzip, as GitHub Pages and Read the Docs send it).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import sys
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
#: Files a host sends compressed when the browser accepts gzip.
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml")


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files, quietly; a missing file gets ``not_found_page`` with status 404 when one is
    set, and text is gzip-compressed when ``compress`` is set and the browser accepts it."""

    not_found_page: bytes | None = None
    compress = False

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        exists = path.is_file() or (path / "index.html").is_file()
        if not exists and self.not_found_page is not None:
            return self._send(404, "text/html; charset=utf-8", self.not_found_page)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if self.compress and accepts and path.suffix in COMPRESSED and path.is_file():
            body = gzip.compress(path.read_bytes(), mtime=0)
            return self._send(200, self.guess_type(path), body, encoding="gzip")
        return super().send_head()

    def _send(
        self, status: int, content_type: str, body: bytes, encoding: str | None = None
    ) -> io.BytesIO:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class QuietServer(ThreadingHTTPServer):
    """A browser drops connections it no longer needs: not an error worth a traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(
    root: Path, *, not_found_page: Path | None = None, compress: bool = False
) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 from a background thread; yield its base URL (ending "/").

    With ``not_found_page``, a missing address gets that page's bytes with status 404; with
    ``compress``, text files are sent gzip-compressed to a browser that accepts it.
    """
    settings = {
        "not_found_page": not_found_page.read_bytes() if not_found_page else None,
        "compress": compress,
    }
    handler = functools.partial(type("Handler", (SiteHandler,), settings), directory=str(root))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
