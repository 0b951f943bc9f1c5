"""A real `magbot serve` in a subprocess on 127.0.0.1, for tests that need sockets, signals and limits."""

from __future__ import annotations

import contextlib
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_port_between(low: int, high: int) -> int:
    """A free port in [low, high]: for tests that must keep to a range agreed with other users of the machine."""
    for port in range(low, high + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port between {low} and {high}")


class LiveServer:
    """The process, its port and its log (stdout and stderr together)."""

    def __init__(self, process: subprocess.Popen, port: int, log: Path) -> None:
        self.process, self.port, self.log = process, port, log
        self.url = f"http://127.0.0.1:{port}"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def live_server(log: Path, *args: str, max_files: int | None = None, port: int | None = None,
                env: dict[str, str] | None = None) -> Iterator[LiveServer]:
    """Start the server, wait for /healthz, and always stop it (SIGTERM, then SIGKILL)."""
    port = port or free_port()

    def limit_files() -> None:
        if max_files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (max_files, max_files))

    with log.open("wb") as sink:
        process = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port), *args],
                                   stdout=sink, stderr=subprocess.STDOUT, preexec_fn=limit_files, env=env)
    server = LiveServer(process, port, log)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(server.url + "/healthz", timeout=1).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start:\n" + server.log_text())
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 10 seconds: a process a test started never outlives it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
