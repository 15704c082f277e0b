"""Browser-test helpers: a loopback server for the built site under a sub-path, and Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.pdf import CHROMIUM_ARGS

SUB_PATH = "/guide/"


def chromium_or_fail() -> str:
    """The system Chromium; under CI its absence fails the run instead of skipping tests."""
    found = shutil.which("chromium")
    if found:
        return found
    message = "Chromium is not installed (Debian: apt-get install -y chromium)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{message}: CI must run the browser tests", pytrace=False)
    pytest.skip(f"{message}; the browser tests need it")


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` at SUB_PATH only, as a host serving the guide under a sub-path would."""

    headers_to_send: dict[str, str] = {}

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return str(Path(self.directory) / "__outside_the_sub_path__")
        return super().translate_path("/" + path[len(SUB_PATH) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Like GitHub Pages or Netlify: a missing page gets the site's own 404.html.
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self) -> None:
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # keep the test output quiet
        pass


@contextmanager
def serve(root: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve ``root`` on a free loopback port; yields the base URL (ending in SUB_PATH)."""
    handler = type("Handler", (_SubPathHandler,), {"headers_to_send": headers or {}})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):  # noqa: ANN001, ANN201 - Playwright's types are generated
    return playwright.chromium.launch(executable_path=chromium_or_fail(), args=CHROMIUM_ARGS)
