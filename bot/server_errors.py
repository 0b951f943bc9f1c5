"""How the HTTP service reads a request body and answers every failure, always in one JSON shape.

A client must never be able to cause a 500: each thing a request can get wrong (its size, its
encoding, its nesting, its fields) is answered here with ``{"error": {"code", "message"}}`` and a
4xx status, and no message ever repeats what the client sent (it could be anything, including a
lone surrogate that no encoder accepts).
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

__all__ = ["MAX_BODY_BYTES", "error_response", "guarded", "http_error", "read_json_object", "unexpected_error"]

#: A request body larger than this is refused (413) before it is read further.
MAX_BODY_BYTES = 64 * 1024


def error_response(status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The one error shape of the service."""
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


async def read_json_object(request: Request) -> dict[str, Any] | JSONResponse:
    """The body as a JSON object, or the error response that says why it is not one."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
        return error_response(413, "body_too_large", f"the body must be at most {MAX_BODY_BYTES} bytes")
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                return error_response(413, "body_too_large", f"the body must be at most {MAX_BODY_BYTES} bytes")
    except ClientDisconnect:
        return error_response(400, "incomplete_body", "the client went away before the body was complete")
    try:
        payload = json.loads(bytes(body))
    except RecursionError:  # a body of nested brackets: never a valid request, refused as such
        return error_response(400, "invalid_json", "the body must be a JSON object (this one is nested too deeply)")
    except ValueError:  # includes UnicodeDecodeError and numbers too long to read
        return error_response(400, "invalid_json", "the body must be a JSON object")
    if not isinstance(payload, dict):
        return error_response(400, "invalid_json", "the body must be a JSON object")
    return payload


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's own refusals (no such route, wrong method) in the service's JSON shape.

    A 405 keeps the ``Allow`` header Starlette computed, as HTTP requires.
    """
    status = getattr(exc, "status_code", 404)
    headers = getattr(exc, "headers", None)
    if status == 404:
        return error_response(404, "not_found", "no such route")
    if status == 405:
        return error_response(405, "method_not_allowed", "this method is not allowed here (see Allow)", headers)
    return error_response(status, "http_error", str(getattr(exc, "detail", "") or "request refused"), headers)


_log = logging.getLogger("magbot.server")
Endpoint = Callable[[Request], Awaitable[Response]]


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """A bug of ours that escaped an endpoint: a JSON 500 (Starlette then lets uvicorn log it)."""
    return error_response(500, "internal_error", "the bot failed on this request; it has been logged")


def guarded(endpoint: Endpoint) -> Endpoint:
    """An endpoint whose bugs are logged once and answered with a JSON 500 on a connection that stays open.

    An exception that reaches uvicorn makes it close the connection, and the client's next
    request on it fails: a bug must not cost the connection too.
    """
    @functools.wraps(endpoint)
    async def wrapper(request: Request) -> Response:
        try:
            return await endpoint(request)
        except Exception:
            _log.exception("%s %s failed", request.method, request.url.path)
            return error_response(500, "internal_error", "the bot failed on this request; it has been logged")
    return wrapper
