"""The HTTP service: a Starlette app any frontend can call or mount, keeping no per-user memory.

POST /v1/ask {"text": "...", "state": "<token from the previous reply>"} returns the reply object
(exactly the CLI's --json object; with a review log, "reply_id" too) plus "state", the token to
send with the next question. Since the conversation travels with the requests, any worker or
replica can serve any turn.

Beside it: the web chat widget (GET / and /widget.js, from bot/web/), the OpenAI-compatible
/v1/models and /v1/chat/completions (bot.chat_completions), CORS for the origins it is given, and
for operators /metrics (bot.metrics, counted by bot.observe), /openapi.json (bot/openapi.json, a
hand-kept description that tests hold to these routes) and the JSON access log (bot.observe).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from importlib import resources

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from . import chat_completions as chat
from . import metrics
from .errors import StateError
from .faqbot import FAQBot
from .feedback import feedback_route
from .observe import RequestObserver, note_reply
from .review_log import ReviewLog, ask_logged
from .safe_text import printable_json
from .server_errors import MAX_BODY_BYTES, error_response, guarded, http_error, read_json_object, unexpected_error
from .state_tokens import StateSigner, default_secret

__all__ = ["MAX_BODY_BYTES", "MAX_CHAT_BODY_BYTES", "create_app", "serve"]

#: A chat-completions body carries the whole chat, assistant replies included, so it may be larger.
MAX_CHAT_BODY_BYTES = 1024 * 1024
#: The widget's files (bot/web/), with the types and headers they are served with. The page's policy
#: lets it load and call only its own origin: bot text can never bring in a script.
_WEB_FILES = {"/": ("index.html", "text/html; charset=utf-8"),
              "/widget.js": ("widget.js", "text/javascript; charset=utf-8"),
              "/widget.css": ("widget.css", "text/css; charset=utf-8")}
_PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:"


def create_app(bot: FAQBot | None = None, secret: bytes | None = None, cors_origins: Sequence[str] = (),
               review_log: ReviewLog | None = None, *, access_log: bool = False) -> Starlette:
    """The ASGI app; mount it in your own Starlette/FastAPI app or run it with ``magbot serve``.

    ``secret`` signs conversation states; by default MAGBOT_STATE_SECRET, else one derived from
    the content (see ``bot.state_tokens.default_secret``: anyone with the content can forge it).
    ``cors_origins`` may call it from a browser
    page on another site (``"*"``: any); no other origin gets CORS headers. ``review_log`` keeps
    the turns an author should see and takes ``POST /v1/feedback`` (see ``bot.review_log``).
    ``access_log`` logs one JSON line per request to the ``magbot.access`` logger (see ``bot.observe``).
    """
    bot = bot or FAQBot.load()
    env_secret = os.environ.get("MAGBOT_STATE_SECRET")
    signer = StateSigner(secret or (env_secret.encode() if env_secret else
                                    default_secret([i.id for i in bot.content.intents])))

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "intents": len(bot.topics())})

    @guarded
    async def ask(request: Request) -> Response:
        payload = await read_json_object(request)
        if isinstance(payload, JSONResponse):
            return payload
        text = payload.get("text")
        if not isinstance(text, str):
            return error_response(400, "invalid_text", "'text' is required and must be a string")
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
        # A few ms of CPU at most: cheaper inline than a hop to a thread; the review log only queues.
        reply, reply_id = ask_logged(session, text, review_log)
        note_reply(request.scope, reply)
        body = reply.to_dict()
        if review_log is not None:  # the id a verdict names; without the log there is nothing to name
            body["reply_id"] = reply_id
        return _json({**body, "state": signer.dumps(session.to_dict())})

    routes = [Route("/healthz", healthz, methods=["GET"]), Route("/v1/ask", ask, methods=["POST"]),
              feedback_route(review_log)]
    # An allowed origin may send any header: the official OpenAI clients add x-stainless-* headers,
    # whose list changes from release to release, and a refused preflight kills every call.
    cors = [Middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                       allow_headers=["*"])] if cors_origins else []
    app = Starlette(
        routes=routes + _web_routes(bot) + _chat_routes(bot) + _operator_routes(),
        middleware=[Middleware(RequestObserver, access_log=access_log), *cors],
        exception_handlers={HTTPException: http_error, Exception: unexpected_error},
    )
    # "/v1/ask/" gets the same JSON 404 as any unknown path, not an empty 307 redirect.
    app.router.redirect_slashes = False
    app.state.review_log = review_log  # None when off; /metrics reads review_log.dropped() here
    return app


def _web_routes(bot: FAQBot) -> list[Route]:
    """The chat page, the embeddable widget and its stylesheet, and the greeting the widget opens with."""
    folder = resources.files("bot") / "web"

    def web_file(path: str, name: str, kind: str) -> Route:
        # Read once; routed by file, not by request path, so the app also works mounted under a prefix.
        body = (folder / name).read_bytes()
        headers = {"cache-control": "no-cache", "x-content-type-options": "nosniff"}
        if name.endswith(".html"):
            headers["content-security-policy"] = _PAGE_POLICY

        async def send(request: Request) -> Response:
            return Response(body, media_type=kind, headers=headers)

        return Route(path, send, methods=["GET"])

    questions = [{"intent": i, "question": bot.content.intent(i).question} for i in bot.default_suggestions]
    welcome = {"kind": "smalltalk", "text": bot.content.replies["welcome"], "caveat": bot.content.caveat,
               "suggestions": [q["question"] for q in questions], "options": questions}

    async def greeting(request: Request) -> JSONResponse:
        return JSONResponse(welcome)

    return [web_file(path, name, kind) for path, (name, kind) in _WEB_FILES.items()] + [
        Route("/v1/welcome", greeting, methods=["GET"])]


def _chat_routes(bot: FAQBot) -> list[Route]:
    """The OpenAI-compatible endpoints; errors come in that protocol's shape."""

    def refuse(exc: chat.ChatRequestError) -> JSONResponse:
        return JSONResponse(chat.error_body(str(exc), exc.code, exc.param), status_code=exc.status)

    async def list_models(request: Request) -> JSONResponse:
        return JSONResponse(chat.models())

    async def one_model(request: Request) -> JSONResponse:
        if request.path_params["model"] != chat.MODEL_ID:
            return refuse(chat.ChatRequestError("no such model", "model", "model_not_found", 404))
        return JSONResponse(chat.model_card())

    @guarded
    async def completions(request: Request) -> Response:
        try:
            body = await _read_limited(request, MAX_CHAT_BODY_BYTES)
            try:
                payload = json.loads(body)
            except (ValueError, UnicodeDecodeError, RecursionError):
                raise chat.ChatRequestError("the body must be a JSON object") from None
            parsed = chat.parse_request(payload)
        except chat.ChatRequestError as exc:
            return refuse(exc)
        reply = chat.reply_to(bot, parsed.turns)
        note_reply(request.scope, reply)
        markdown = chat.to_markdown(reply, bot.content.replies)
        if parsed.stream:
            return StreamingResponse(chat.sse_chunks(parsed, reply, markdown), media_type="text/event-stream",
                                     headers={"cache-control": "no-cache"})
        return _json(chat.completion(parsed, reply, markdown))

    return [Route("/v1/models", list_models, methods=["GET"]), Route("/v1/models/{model}", one_model, methods=["GET"]),
            Route("/v1/chat/completions", completions, methods=["POST"])]


def _json(data: dict) -> Response:
    """A reply as JSON with every string printable (bot.safe_text), as JSONResponse would write it."""
    return Response(printable_json(data), media_type="application/json")


def _operator_routes() -> list[Route]:
    """/metrics (Prometheus text) and /openapi.json (this service described, read once)."""
    spec = (resources.files("bot") / "openapi.json").read_bytes()

    async def scrape(request: Request) -> Response:
        return Response(metrics.render(), media_type=metrics.CONTENT_TYPE)

    async def describe(request: Request) -> Response:
        return Response(spec, media_type="application/json")

    return [Route("/metrics", scrape, methods=["GET"]), Route("/openapi.json", describe, methods=["GET"])]


async def _read_limited(request: Request, limit: int) -> bytes:
    """The body, refused (413) as soon as it grows past ``limit`` bytes."""
    too_large = chat.ChatRequestError(f"the body must be at most {limit} bytes", code="body_too_large", status=413)
    declared = request.headers.get("content-length", "0")
    if not declared.isdigit() or int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large
    return bytes(body)


def app_from_environment() -> Starlette:
    """Factory for uvicorn workers: each process loads the pack named in MAGBOT_CONTENT, allows
    the CORS origins listed, space-separated, in MAGBOT_CORS_ORIGINS, logs requests when
    MAGBOT_ACCESS_LOG is set, adds its figures to the other workers' in MAGBOT_METRICS_DIR, and
    writes its own review files into MAGBOT_REVIEW_LOG (kept MAGBOT_REVIEW_DAYS days) when that is set."""
    if os.environ.get("MAGBOT_METRICS_DIR"):
        metrics.share(os.environ["MAGBOT_METRICS_DIR"])
    folder = os.environ.get("MAGBOT_REVIEW_LOG")
    review_log = ReviewLog(folder, days=int(os.environ.get("MAGBOT_REVIEW_DAYS") or 30)) if folder else None
    app = create_app(FAQBot.load(os.environ.get("MAGBOT_CONTENT") or None, use_cache=True),
                     cors_origins=os.environ.get("MAGBOT_CORS_ORIGINS", "").split(), review_log=review_log,
                     access_log=bool(os.environ.get("MAGBOT_ACCESS_LOG")))
    if review_log is not None:
        app.router.lifespan_context = _closing(review_log)
    return app


def _closing(review_log: ReviewLog) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """A lifespan that writes what is queued when the server stops: uvicorn ends on the SIGTERM it
    caught, so no exit handler of ours would run."""
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        review_log.close()

    return lifespan


def serve(host: str, port: int, workers: int, content: str | None, cors_origins: Sequence[str] = (),
          access_log: bool = False, review_log: str | None = None, review_days: int = 30) -> int:
    """Run under uvicorn (see ``bot.serving``); with several workers each process loads the pack itself,
    and their /metrics figures meet in a private folder that lives as long as the service."""
    import tempfile

    from .serving import run

    if review_log:
        os.environ["MAGBOT_REVIEW_LOG"] = os.path.abspath(review_log)
        os.environ["MAGBOT_REVIEW_DAYS"] = str(review_days)
    if content:
        os.environ["MAGBOT_CONTENT"] = os.path.abspath(content)
    if cors_origins:
        os.environ["MAGBOT_CORS_ORIGINS"] = " ".join(cors_origins)
    if access_log:
        os.environ["MAGBOT_ACCESS_LOG"] = "1"
    if workers == 1 or os.environ.get("MAGBOT_METRICS_DIR"):
        return run(host, port, workers)
    with tempfile.TemporaryDirectory(prefix="magbot-metrics-") as folder:  # mode 0700
        os.environ["MAGBOT_METRICS_DIR"] = folder
        return run(host, port, workers)
