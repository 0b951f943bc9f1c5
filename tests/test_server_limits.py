"""The service under abuse: idle and slow connections, a descriptor limit, SIGTERM mid-request, logs."""

from __future__ import annotations

import contextlib
import json
import logging
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot import serving
from bot.serving import IDLE_SECONDS, REQUEST_SECONDS, SHUTDOWN_SECONDS, RateLimitFilter, forgeable_warning
from liveserver import live_server


def test_idle_connections_cannot_lock_out_the_health_check(tmp_path: Path) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < 2500:
        pytest.skip("this test needs 2,500 descriptors for its own client side")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 2500), hard))
    idle: list[socket.socket] = []
    try:
        with live_server(tmp_path / "server.log", max_files=1024) as server:
            for _ in range(1100):
                idle.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
            response = httpx.get(server.url + "/healthz", timeout=10)
            assert response.status_code == 200 and response.json()["status"] == "ok"
            asked = httpx.post(server.url + "/v1/ask", json={"text": "what is sciatica"}, timeout=10)
            assert asked.json()["intent"] == "sciatica-what"
        log = server.log_text()  # after shutdown too: no line per failed accept or closed connection
        assert len(log) < 20_000 and "Too many open files" not in log, log[-3000:]
    finally:
        for sock in idle:
            sock.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_a_connection_that_sends_nothing_is_closed(tmp_path: Path) -> None:
    with live_server(tmp_path / "server.log") as server, \
            socket.create_connection(("127.0.0.1", server.port), timeout=IDLE_SECONDS + 5) as sock:
        start = time.monotonic()
        assert sock.recv(100) == b""
        assert time.monotonic() - start < IDLE_SECONDS + 3


def test_a_trickled_request_gets_a_json_timeout(tmp_path: Path) -> None:
    with live_server(tmp_path / "server.log") as server, \
            socket.create_connection(("127.0.0.1", server.port), timeout=REQUEST_SECONDS + 5) as sock:
        sock.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\n")  # and never the rest of the headers
        reply = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(4096):
                reply += chunk
        head, _, body = reply.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 408") and json.loads(body)["error"]["code"] == "request_timeout"


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_ends_the_server_while_a_body_is_half_sent(tmp_path: Path, workers: str) -> None:
    with live_server(tmp_path / "server.log", "--workers", workers) as server, \
            socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000\r\n\r\n{\"text\": \"wh")
        time.sleep(0.5)
        server.process.send_signal(signal.SIGTERM)
        start = time.monotonic()
        server.process.wait(timeout=SHUTDOWN_SECONDS + 4)  # well before the request's own deadline
        assert time.monotonic() - start < REQUEST_SECONDS
        assert "Traceback" not in server.log_text()


def test_repeated_log_lines_are_rate_limited() -> None:
    limiter = RateLimitFilter(burst=3, window=60)
    same = [logging.LogRecord("uvicorn.error", 30, "", 0, "Invalid HTTP request received.", (), None)
            for _ in range(1000)]
    assert sum(limiter.filter(r) for r in same) == 3
    # asyncio writes a new timer time into each line: the start of the message still tells them apart
    varying = [logging.LogRecord("asyncio", 40, "", 0, "Exception in callback BaseSelectorEventLoop._start_serving("
                                 f"<TimerHandle when={n}>)", (), None) for n in range(1000)]
    assert sum(limiter.filter(r) for r in varying) == 3
    assert limiter.filter(logging.LogRecord("uvicorn.error", 20, "", 0, "Shutting down", (), None))


def test_the_state_warning_is_given_for_other_hosts_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAGBOT_STATE_SECRET", raising=False)
    for host in ("127.0.0.1", "::1", "localhost", "127.0.0.2"):
        assert forgeable_warning(host) is None
    for host in ("0.0.0.0", "::", "192.168.1.5", "example.org"):
        assert "MAGBOT_STATE_SECRET" in (forgeable_warning(host) or "")
    monkeypatch.setenv("MAGBOT_STATE_SECRET", "s3cret")
    assert forgeable_warning("0.0.0.0") is None


def test_serve_warns_once_at_start_up(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("MAGBOT_STATE_SECRET", raising=False)
    started: list[dict] = []
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: started.append(kwargs))
    assert serving.run("0.0.0.0", 8000, 2) == 0  # uvicorn.run is replaced: nothing binds
    assert capsys.readouterr().err.count("can forge") == 1
    assert started[0]["http"] is serving.GuardedH11Protocol and started[0]["timeout_graceful_shutdown"]


def test_serve_help_tells_about_the_secret_and_the_options() -> None:
    run = subprocess.run([sys.executable, "-m", "bot", "serve", "--help"], capture_output=True, text=True)
    text = " ".join(run.stdout.split())
    assert "MAGBOT_STATE_SECRET" in text and "forge" in text
    assert "--access-log" in text and "port to listen on" in text
