"""Real servers for tests that meet magbot as a person or a client does: ``magbot serve`` in its own
process, and a plain static site on another loopback origin to embed the widget in."""

from __future__ import annotations

import contextlib
import functools
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from liveserver import free_port, live_server


@contextlib.contextmanager
def magbot_serve(*args: str) -> Iterator[str]:
    """``magbot serve ARGS`` on a free loopback port; yields its base URL once it answers."""
    with tempfile.TemporaryDirectory() as folder, live_server(Path(folder) / "serve.log", *args) as server:
        yield server.url


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def static_site(folder: Path) -> Iterator[str]:
    """A folder served over HTTP on its own loopback port (its own origin); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
