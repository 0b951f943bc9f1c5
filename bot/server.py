"""The HTTP service: a Starlette app any frontend can call or mount, keeping no per-user memory.

POST /v1/ask {"text": "...", "state": "<token from the previous reply>"} returns the reply object
(exactly the CLI's --json object) plus "state", the token to send with the next question. Since
the conversation travels with the requests, any worker or replica can serve any turn.
"""

from __future__ import annotations

import os

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .errors import StateError
from .faqbot import FAQBot
from .normalize import MAX_QUESTION_CHARS
from .safe_text import printable_data
from .server_errors import MAX_BODY_BYTES, error_response, guarded, http_error, read_json_object, unexpected_error
from .state_tokens import StateSigner, default_secret

__all__ = ["MAX_BODY_BYTES", "MAX_TEXT_CHARS", "create_app", "serve"]

#: A question longer than this is refused (413); the matcher reads only the first 500 characters.
MAX_TEXT_CHARS = max(MAX_QUESTION_CHARS, 2000)


def create_app(bot: FAQBot | None = None, secret: bytes | None = None) -> Starlette:
    """The ASGI app; mount it in your own Starlette/FastAPI app or run it with ``magbot serve``.

    ``secret`` signs conversation states; by default MAGBOT_STATE_SECRET, else one derived from
    the content (see ``bot.state_tokens.default_secret``: anyone with the content can forge it).
    """
    bot = bot or FAQBot.load()
    env_secret = os.environ.get("MAGBOT_STATE_SECRET")
    signer = StateSigner(secret or (env_secret.encode() if env_secret else
                                    default_secret([i.id for i in bot.content.intents])))

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "intents": len(bot.topics())})

    @guarded
    async def ask(request: Request) -> JSONResponse:
        payload = await read_json_object(request)
        if isinstance(payload, JSONResponse):
            return payload
        text = payload.get("text")
        if not isinstance(text, str):
            return error_response(400, "invalid_text", "'text' is required and must be a string")
        if len(text) > MAX_TEXT_CHARS:
            return error_response(413, "text_too_long", f"'text' must be at most {MAX_TEXT_CHARS} characters")
        if set(payload) - {"text", "state"}:
            return error_response(400, "unknown_fields", "unknown field(s): only 'text' and 'state' are read")
        try:
            # "" is what a client sends before it has a state, like null or no field at all.
            state = signer.loads(payload["state"]) if payload.get("state") not in (None, "") else None
            session = bot.session(state)
        except StateError as exc:
            return error_response(400, "invalid_state", str(exc))
        # A lone surrogate (JSON allows "\ud800") has no UTF-8 form: read it as a replacement character.
        text = text.encode("utf-8", "replace").decode("utf-8")
        reply = session.ask(text)  # well under 5 ms of CPU for any text: cheaper inline than a hop to a thread
        return JSONResponse({**printable_data(reply.to_dict()), "state": signer.dumps(session.to_dict())})

    app = Starlette(
        routes=[Route("/healthz", healthz, methods=["GET"]), Route("/v1/ask", ask, methods=["POST"])],
        exception_handlers={HTTPException: http_error, Exception: unexpected_error},
    )
    # "/v1/ask/" gets the same JSON 404 as any unknown path, not an empty 307 redirect.
    app.router.redirect_slashes = False
    return app


def app_from_environment() -> Starlette:
    """Factory for uvicorn workers: each process loads the pack named in MAGBOT_CONTENT."""
    return create_app(FAQBot.load(os.environ.get("MAGBOT_CONTENT") or None, use_cache=True))


def serve(host: str, port: int, workers: int, content: str | None, access_log: bool = False) -> int:
    """Run under uvicorn (see ``bot.serving``); with several workers each process loads the pack itself."""
    from .serving import run

    if content:
        os.environ["MAGBOT_CONTENT"] = os.path.abspath(content)
    return run(host, port, workers, access_log)
