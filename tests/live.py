"""Real servers for tests that meet magbot as a person or a client does: ``magbot serve`` in its own
process, and a plain static site on another loopback origin to embed the widget in."""

from __future__ import annotations

import contextlib
import functools
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def magbot_serve(*args: str) -> Iterator[str]:
    """``magbot serve ARGS`` on a free loopback port; yields its base URL once it answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # The log goes to a file, not a pipe: a pipe nobody reads would stall a chatty server.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port), *args],
                                   stdout=subprocess.DEVNULL, stderr=log)
        try:
            deadline = time.monotonic() + 30
            while process.poll() is None and time.monotonic() < deadline:
                try:
                    if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            else:
                log.seek(0)
                raise RuntimeError(f"magbot serve did not start: {log.read().decode(errors='replace')[-2000:]}")
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


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
