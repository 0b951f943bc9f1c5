"""The HTTP service: a Starlette app any frontend can call or mount, keeping no per-user memory.

POST /v1/ask {"text": "...", "state": "<token from the previous reply>"} returns the reply object
(exactly the CLI's --json object) plus "state", the token to send with the next question. Since
the conversation travels with the requests, any worker or replica can serve any turn.
"""

from __future__ import annotations

import json
import os
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .errors import BotError, StateError
from .faqbot import FAQBot
from .normalize import MAX_QUESTION_CHARS
from .tokens import StateSigner, default_secret

__all__ = ["MAX_BODY_BYTES", "MAX_TEXT_CHARS", "create_app", "serve"]

#: A request body larger than this is refused (413) before it is read further.
MAX_BODY_BYTES = 64 * 1024
#: A question longer than this is refused (413); the matcher reads only the first 500 characters.
MAX_TEXT_CHARS = max(MAX_QUESTION_CHARS, 2000)


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


async def _read_body(request: Request) -> bytes | JSONResponse:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
        return _error(413, "body_too_large", f"the body must be at most {MAX_BODY_BYTES} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            return _error(413, "body_too_large", f"the body must be at most {MAX_BODY_BYTES} bytes")
    return bytes(body)


def create_app(bot: FAQBot | None = None, secret: bytes | None = None) -> Starlette:
    """The ASGI app; mount it in your own Starlette/FastAPI app or run it with ``magbot serve``.

    ``secret`` signs conversation states; by default MAGBOT_STATE_SECRET, else one derived from
    the content (see ``bot.tokens.default_secret``).
    """
    bot = bot or FAQBot.load()
    env_secret = os.environ.get("MAGBOT_STATE_SECRET")
    signer = StateSigner(secret or (env_secret.encode() if env_secret else
                                    default_secret([i.id for i in bot.content.intents])))

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "intents": len(bot.topics())})

    async def ask(request: Request) -> JSONResponse:
        body = await _read_body(request)
        if isinstance(body, JSONResponse):
            return body
        try:
            payload: Any = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return _error(400, "invalid_json", "the body must be a JSON object")
        if not isinstance(payload, dict):
            return _error(400, "invalid_json", "the body must be a JSON object")
        text = payload.get("text")
        if not isinstance(text, str):
            return _error(400, "invalid_text", "'text' is required and must be a string")
        if len(text) > MAX_TEXT_CHARS:
            return _error(413, "text_too_long", f"'text' must be at most {MAX_TEXT_CHARS} characters")
        unknown = set(payload) - {"text", "state"}
        if unknown:
            return _error(400, "unknown_fields", f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
        try:
            state = signer.loads(payload["state"]) if payload.get("state") is not None else None
            session = bot.session(state)
        except StateError as exc:
            return _error(400, "invalid_state", str(exc))
        reply = session.ask(text)  # ~1 ms of CPU: cheaper inline than a hop to a thread
        return JSONResponse({**reply.to_dict(), "state": signer.dumps(session.to_dict())})

    async def not_found(request: Request, exc: Exception) -> JSONResponse:
        status = getattr(exc, "status_code", 404)
        if status == 405:
            return _error(405, "method_not_allowed", f"{request.method} is not allowed on {request.url.path}")
        return _error(status, "not_found" if status == 404 else "http_error",
                      f"no such route: {request.url.path}" if status == 404 else str(getattr(exc, "detail", "")))

    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        return _error(500, "internal_error", "the bot failed on this request; it has been logged")

    return Starlette(
        routes=[Route("/healthz", healthz, methods=["GET"]), Route("/v1/ask", ask, methods=["POST"])],
        exception_handlers={HTTPException: not_found, Exception: crashed, BotError: crashed},
    )


def app_from_environment() -> Starlette:
    """Factory for uvicorn workers: each process loads the pack named in MAGBOT_CONTENT."""
    return create_app(FAQBot.load(os.environ.get("MAGBOT_CONTENT") or None, use_cache=True))


def serve(host: str, port: int, workers: int, content: str | None) -> int:
    """Run under uvicorn; with several workers each process loads the pack itself."""
    import uvicorn

    if content:
        os.environ["MAGBOT_CONTENT"] = os.path.abspath(content)
    uvicorn.run("bot.server:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_level="info", access_log=False, server_header=False)
    return 0
