"""Running the HTTP service under uvicorn so that no client can stall it, starve it or flood its log.

uvicorn is kept (measured against the alternatives' needs: it does all of this once given a
protocol class and a log configuration), with these additions, each for a failure seen in testing:

- ``TCP_NODELAY`` on every connection. uvicorn's workers receive the listening socket from their
  parent, and asyncio then skips the option, so each keep-alive reply waited ~40 ms for Nagle's
  algorithm and a delayed ACK.
- A connection that sends nothing is closed after the keep-alive timeout, as an idle kept-alive
  one already is; a request must arrive and be answered within ``REQUEST_SECONDS`` (a client
  trickling its headers or body is cut off).
- At most ``max_connections()`` connections per process, well under the descriptor limit: a new
  one closes the oldest idle connection instead of the process running out of descriptors (then
  nobody, the health check included, can connect, and every failed accept is logged). uvicorn's
  own ``--limit-concurrency`` does not help here: it counts idle connections too and answers
  everyone, the health check included, with 503 while they last.
- A response goes out in one write: uvicorn writes the status line and headers, then the body,
  and with TCP_NODELAY each write was a system call and a packet of its own (see ``OneWrite``).
- HTTP that h11 cannot parse is answered in the service's JSON error shape, not plain text.
- Repeated log lines are rate-limited; SIGTERM waits at most ``SHUTDOWN_SECONDS`` for requests
  in flight.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import json
import logging
import os
import socket
import sys
import time
from copy import deepcopy
from typing import Any

import h11
from uvicorn.config import LOGGING_CONFIG
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["REQUEST_SECONDS", "SHUTDOWN_SECONDS", "GuardedH11Protocol", "OneWrite", "RateLimitFilter",
           "max_connections", "run"]

#: Seconds a request may take from its first byte to the end of its response.
REQUEST_SECONDS = 10.0
#: Seconds an idle connection (new, or between requests) is kept open.
IDLE_SECONDS = 5
#: Seconds SIGTERM waits for requests in flight before closing them.
SHUTDOWN_SECONDS = 3
#: Connections accepted in one go (and the listen queue). asyncio accepts up to this many per turn
#: of the event loop, and a new connection reaches ``_make_room`` (and an evicted one is really
#: closed) only a few turns later: four bursts' worth of descriptors are kept spare.
BACKLOG = 64
#: Descriptors kept free for everything that is not a client connection: accept bursts, logs, the pack.
_SPARE_DESCRIPTORS = 4 * BACKLOG + 64


@functools.cache
def max_connections() -> int:
    """Client connections one process keeps open: its descriptor limit less a reserve."""
    try:
        import resource
    except ImportError:  # Windows: no descriptor limit to read; select() handles 512 sockets
        return 500
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(8, min(soft, 100_000) - _SPARE_DESCRIPTORS)


def _json_error(status: int, reason: str, code: str, message: str) -> bytes:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    return (f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
            "connection: close\r\n\r\n").encode() + body


class OneWrite:
    """A transport that joins what is written in one turn of the event loop into one write.

    uvicorn's h11 protocol writes a response's head and its body separately; an endpoint sends
    both without yielding, so they now leave in one system call and one packet. A stream's chunks,
    sent across turns of the loop, still leave as they come (each at the end of its turn).
    Everything that ends the connection writes what is held first.
    """

    def __init__(self, transport: Any, loop: Any) -> None:
        self._transport, self._loop = transport, loop
        self._held: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not data:
            return
        if not self._held:
            self._loop.call_soon(self.flush)
        self._held.append(data)

    def flush(self) -> None:
        if self._held:
            data = b"".join(self._held)
            self._held.clear()
            self._transport.write(data)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def __getattr__(self, name: str) -> Any:  # is_closing, get_extra_info, abort, ...: the transport's own
        return getattr(self._transport, name)


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with TCP_NODELAY, a deadline per request and a cap on connections."""

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
        self.transport = OneWrite(transport, self.loop)  # type: ignore[assignment]
        self.opened = time.monotonic()
        self.deadline: Any = None
        self._make_room()
        # A new connection is held to the same idle timeout as one kept alive between requests.
        self.timeout_keep_alive_task = self.loop.call_later(self.timeout_keep_alive, self.timeout_keep_alive_handler)

    def data_received(self, data: bytes) -> None:
        if self.deadline is None:
            self.deadline = self.loop.call_later(REQUEST_SECONDS, self._too_slow)
        super().data_received(data)

    def on_response_complete(self) -> None:
        self._clear_deadline()
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._clear_deadline()
        super().connection_lost(exc)

    def shutdown(self) -> None:
        # A request whose body is still arriving cannot be answered before we stop: drop it now, so
        # that its endpoint sees the client leave instead of being cancelled (and logged) later.
        if self.cycle is not None and not self.cycle.response_started and self.conn.their_state is h11.SEND_BODY:
            self.transport.close()
            return
        super().shutdown()

    def send_400_response(self, msg: str) -> None:
        # h11 refused the bytes as HTTP: answer in the service's JSON shape, then close.
        self.transport.write(_json_error(400, "Bad Request", "bad_http", "the request is not valid HTTP/1.1"))
        self.transport.close()

    def is_idle(self) -> bool:
        """Waiting for a request: new, or kept alive after a response."""
        return self.deadline is None and not self.transport.is_closing()

    def _clear_deadline(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def _too_slow(self) -> None:
        self.deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is None or self.cycle.response_complete:  # still reading the request line or headers
            self.transport.write(_json_error(408, "Request Timeout", "request_timeout",
                                             f"a request must arrive within {REQUEST_SECONDS:g} seconds"))
        self.transport.close()  # a half-sent body: the endpoint sees the client leave

    def _make_room(self) -> None:
        """Past the cap, close the oldest idle connection; if none is idle, this new one."""
        if len(self.connections) <= max_connections():
            return
        idle = [p for p in self.connections if p is not self and isinstance(p, GuardedH11Protocol) and p.is_idle()]
        if idle:
            min(idle, key=lambda p: p.opened).timeout_keep_alive_handler()
        else:
            self.transport.write(_json_error(503, "Service Unavailable", "busy", "too many connections; retry"))
            self.transport.close()


class RateLimitFilter(logging.Filter):
    """Lets the same message through at most ``burst`` times a minute, then says how many it dropped.

    A flood of bad requests or of failed accepts must not fill the disk with one line repeated.
    """

    def __init__(self, burst: int = 10, window: float = 60.0) -> None:
        super().__init__()
        self.burst, self.window = burst, window
        self._seen: dict[str, tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        # The first words identify a message: asyncio puts ever-changing timer details after them.
        key = f"{record.name}:{str(record.msg)[:60]}"
        start, count = self._seen.get(key, (now, 0))
        if now - start > self.window:
            if count > self.burst:
                record.msg = f"{record.msg} (and {count - self.burst} more like it, not shown)"
            start, count = now, 0
        self._seen[key] = (start, count + 1)
        if len(self._seen) > 1000:  # many distinct messages: forget the oldest windows
            self._seen = dict(sorted(self._seen.items(), key=lambda item: item[1][0])[-500:])
        return count < self.burst


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with repeated lines rate-limited (the access log, when on, is not).

    uvicorn's own access line is never used: ``--access-log`` turns on bot.observe's JSON lines,
    printed bare on standard output, one per request.
    """
    config = deepcopy(LOGGING_CONFIG)
    config["filters"] = {"rate_limit": {"()": "bot.serving.RateLimitFilter"}}
    config["handlers"]["default"]["filters"] = ["rate_limit"]
    config["formatters"]["json_line"] = {"format": "%(message)s"}
    config["handlers"]["json_lines"] = {"formatter": "json_line", "class": "logging.StreamHandler",
                                        "stream": "ext://sys.stdout"}
    config["loggers"]["asyncio"] = {"handlers": ["default"], "level": "WARNING", "propagate": False}
    config["loggers"]["magbot"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    config["loggers"]["magbot.access"] = {"handlers": ["json_lines"], "level": "INFO", "propagate": False}
    return config


def forgeable_warning(host: str) -> str | None:
    """The start-up warning for a service others can reach whose states anyone can forge."""
    if os.environ.get("MAGBOT_STATE_SECRET"):
        return None
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if loopback:
        return None
    return (f"magbot: warning: serving on {host} without MAGBOT_STATE_SECRET: anyone who has the content "
            "can forge conversation states (harmless, but set a secret on every replica)")


def run(host: str, port: int, workers: int) -> int:
    """Serve ``bot.server:app_from_environment`` until SIGTERM or Ctrl-C."""
    import uvicorn

    warning = forgeable_warning(host)
    if warning:
        print(warning, file=sys.stderr)
    uvicorn.run("bot.server:app_from_environment", factory=True, host=host, port=port, workers=workers,
                http=GuardedH11Protocol, log_config=log_config(), log_level="info", access_log=False,
                server_header=False, timeout_keep_alive=IDLE_SECONDS, timeout_graceful_shutdown=SHUTDOWN_SECONDS,
                backlog=BACKLOG)
    return 0
