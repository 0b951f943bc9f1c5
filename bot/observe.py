"""What each HTTP request did: counted for /metrics and, with ``--access-log``, one JSON line.

A plain ASGI middleware (Starlette's ``BaseHTTPMiddleware`` costs a task and a queue per request),
outermost, so it also sees CORS preflights and the 500s of bugs. An endpoint that gives a reply
says so with ``note_reply``; the line then names the reply's kind, intent and triage level.

The line holds nothing a person wrote: the route is the matched template (``/v1/models/{model}``,
never the path, which a client chooses), with no query string, no body, no client address and
no state token. Intent ids and levels come from the content pack. Example::

    {"time": "2026-12-03T13:40:00.123Z", "method": "POST", "route": "/v1/ask", "status": 200,
     "ms": 1.42, "kind": "answer", "intent": "rda-women", "level": null, "pid": 4711}
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from . import metrics
from .model import Reply

__all__ = ["ACCESS_LOGGER", "RequestObserver", "note_reply"]

#: The logger the JSON lines go to (``magbot serve`` prints it on standard output).
ACCESS_LOGGER = logging.getLogger("magbot.access")
#: Where an endpoint leaves its reply in the ASGI scope for the observer to read.
_REPLY_KEY = "magbot.reply"
#: Route label of a request no route matched (a 404, or a CORS preflight the middleware answered).
UNMATCHED = "unmatched"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def note_reply(scope: Scope, reply: Reply) -> None:
    """Tell the observer which reply this request gave (counted once the response is sent)."""
    scope[_REPLY_KEY] = reply


class RequestObserver:
    """Counts every HTTP request by route and status, times it, and logs it when asked to."""

    def __init__(self, app: ASGIApp, *, access_log: bool = False) -> None:
        self.app, self.access_log = app, access_log
        self._pid = os.getpid()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500  # what the client gets if an exception escapes before a response starts

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            self._record(scope, status, time.perf_counter() - start)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = getattr(scope.get("route"), "path", None) or UNMATCHED
        reply: Reply | None = scope.get(_REPLY_KEY)
        metrics.HTTP_REQUESTS.inc(route, str(status))
        metrics.REQUEST_SECONDS.observe(seconds, route)
        if reply is not None:
            metrics.REPLIES.inc(reply.kind, reply.triage or "none")
        if self.access_log:
            ACCESS_LOGGER.info(json.dumps({
                "time": _utc_now(), "method": scope.get("method"), "route": route, "status": status,
                "ms": round(seconds * 1000, 2), "kind": reply and reply.kind, "intent": reply and reply.intent,
                "level": reply and reply.triage, "pid": self._pid}))


def _utc_now() -> str:
    now = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1000):03d}Z"
