"""The OpenAI-compatible chat-completions protocol, so a chat UI or client that speaks it can use magbot
as a "model" with no code.

Plain data in, plain data out: ``bot.server`` does the HTTP. The service stays stateless: every request
carries the whole chat, and the conversation is rebuilt by replaying its last ``MAX_TURNS`` user turns
through a fresh session (about a millisecond each), so "and for men?" resolves as it would have in one
session. Assistant and system messages are ignored: magbot answers only from its content.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .chat_tasks import DEFAULT_TITLE, BackgroundTask, read_task, task_reply_text
from .errors import BotError
from .faqbot import FAQBot
from .model import Reply

__all__ = ["MAX_TURNS", "MODEL_ID", "ChatRequest", "ChatRequestError", "completion", "error_body", "models",
           "parse_request", "reply_to", "sse_chunks", "to_markdown"]

#: The name clients pass as ``model``; the only one listed by ``GET /v1/models``.
MODEL_ID = "magbot"
#: How many of the latest user turns rebuild the conversation. Context reaches back one topic and one
#: set of options, so a few turns are plenty; older ones cannot change the reply but would cost time.
MAX_TURNS = 8
_ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})
_CREATED = 1_700_000_000  # a fixed "created" for the model listing: the model is the content pack


class ChatRequestError(BotError):
    """A request this protocol refuses; becomes a 4xx in the protocol's error shape."""

    def __init__(self, message: str, param: str | None = None, code: str = "invalid_request",
                 status: int = 400) -> None:
        super().__init__(message)
        self.param, self.code, self.status = param, code, status


@dataclass(frozen=True)
class ChatRequest:
    """What magbot needs from a request: the user turns to replay, and how to answer."""

    turns: tuple[str, ...]
    stream: bool = False
    include_usage: bool = False


def error_body(message: str, code: str, param: str | None = None, kind: str = "invalid_request_error") -> dict:
    """The protocol's error object: ``{"error": {"message", "type", "param", "code"}}``."""
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def models() -> dict[str, Any]:
    return {"object": "list", "data": [model_card()]}


def model_card() -> dict[str, Any]:
    return {"id": MODEL_ID, "object": "model", "created": _CREATED, "owned_by": "magbot"}


def parse_request(payload: Any) -> ChatRequest:
    """Check a decoded request body; raises ChatRequestError naming the parameter at fault.

    Only the last ``MAX_TURNS`` user turns are read, and each is read as ``Session.ask`` reads any
    message (a long one by its opening and its ending), so a chat UI that resends a history with
    an old long paste, or an old image, keeps working. The body's own bound caps the rest.
    Sampling parameters (temperature, max_tokens, ...) are accepted and ignored: replies are curated.
    """
    if not isinstance(payload, dict):
        raise ChatRequestError("the body must be a JSON object")
    model = payload.get("model")
    if not isinstance(model, str):
        raise ChatRequestError(f"'model' is required: use {MODEL_ID!r}", "model")
    if model != MODEL_ID:
        raise ChatRequestError(f"the model {model!r} does not exist; use {MODEL_ID!r}", "model",
                               "model_not_found", 404)
    messages = payload.get("messages")
    if not isinstance(messages, list) or not messages:
        raise ChatRequestError("'messages' must be a non-empty list of messages", "messages")
    users = [n for n, message in enumerate(messages) if _role(message, n) == "user"]
    if not users:
        raise ChatRequestError("'messages' holds no user message to answer", "messages")
    read = users[-MAX_TURNS:]
    texts = [_user_text(messages[n], n, last=n == read[-1]) for n in read]
    stream = False if payload.get("stream") is None else payload["stream"]
    options = payload.get("stream_options") or {}
    if not isinstance(stream, bool) or not isinstance(options, dict):
        raise ChatRequestError("'stream' must be true or false and 'stream_options' an object", "stream")
    return ChatRequest(tuple(t for t in texts if t is not None), stream, bool(options.get("include_usage")))


def _role(message: Any, n: int) -> str:
    # A role that is not text (an object, a list) cannot even be looked up in _ROLES: refused alike.
    if not isinstance(message, dict) or not isinstance(message.get("role"), str) or message["role"] not in _ROLES:
        raise ChatRequestError(f"messages[{n}] must be an object with a 'role' among {', '.join(sorted(_ROLES))}",
                               f"messages[{n}]")
    return str(message["role"])


def _user_text(message: dict, n: int, *, last: bool) -> str | None:
    """The text of a user message. One with no text (an image, a file) is passed over, unless it is
    the one to answer: magbot reads text only."""
    content = message.get("content")
    if isinstance(content, list):  # content parts: only text is read
        texts = [p.get("text") for p in content if isinstance(p, dict) and p.get("type") == "text"]
        # Parts are pieces of one text (clients split it anywhere), not lines: a line break
        # would end a sentence.
        content = " ".join(t for t in texts if isinstance(t, str)) or None
    if isinstance(content, str):
        return content
    if last:
        raise ChatRequestError(f"messages[{n}].content must be a string or a list holding a text part; "
                               "magbot reads text only", f"messages[{n}].content")
    return None


def reply_to(bot: FAQBot, turns: tuple[str, ...]) -> Reply:
    """Replay the user turns in one fresh session; the last turn's reply is the answer.

    A chat UI's background task (a title, tags, follow-ups) gets the text it asks for instead
    (``bot.chat_tasks``): a small-talk reply whose explanation names the task.
    """
    task = read_task(turns[-1], turns[:-1])
    if task is not None:
        return _task_reply(bot, task)
    session = bot.session()
    reply = session.ask(turns[0])
    for text in turns[1:]:
        reply = session.ask(text)
    return reply


def _task_reply(bot: FAQBot, task: BackgroundTask) -> Reply:
    """The title is the topic of the last question the chat got an answer to; no topic, no
    guess: the pack's neutral ``chat_title``."""
    title = bot.content.replies.get("chat_title") or DEFAULT_TITLE
    if task.wants_title and task.history:
        session = bot.session()
        for text in task.history[-MAX_TURNS:]:
            reply = session.ask(text)
            if reply.kind == "answer" and reply.intent:
                title = bot.content.intent(reply.intent).topic
    return Reply(kind="smalltalk", text=task_reply_text(task, title), caveat=bot.content.caveat,
                 explanation={"background_task": [key for key, _ in task.keys] or ["title"]})


def to_markdown(reply: Reply, labels: dict[str, Any]) -> str:
    """Readable Markdown: the answer (bold when urgent), its source, numbered suggestions, the caveat.

    A chat UI has no buttons, so a clarification ends with the pack's ``clarify_pick`` line: typing a
    number works here too, since the replayed conversation offers the same options again.
    """
    text = reply.text.strip()
    if reply.explanation.get("background_task"):
        return text  # the UI parses it: nothing else may stand around it
    blocks = [f"**{text}**" if reply.kind == "urgent" else text]
    if reply.notice:
        blocks.insert(0, f"*{reply.notice}*")
    if reply.source:
        blocks.append(f"*From: {reply.source}*")
    if reply.suggestions:
        numbered = "\n".join(f"{n}. {q}" for n, q in enumerate(reply.suggestions, 1))
        if reply.kind == "clarify":
            blocks.append(f"{numbered}\n\n{labels['clarify_pick']}")
        else:
            blocks.append(f"{labels['suggest']}\n\n{numbered}")
    blocks.append(f"> {reply.caveat}")
    return "\n\n".join(blocks)


def _usage(request: ChatRequest, markdown: str) -> dict[str, int]:
    # Words, not tokens: magbot has no tokenizer, and clients only show these figures.
    prompt, answer = sum(len(t.split()) for t in request.turns), len(markdown.split())
    return {"prompt_tokens": prompt, "completion_tokens": answer, "total_tokens": prompt + answer}


def _envelope(kind: str) -> dict[str, Any]:
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": kind, "created": int(time.time()), "model": MODEL_ID}


def completion(request: ChatRequest, reply: Reply, markdown: str) -> dict[str, Any]:
    """The non-streamed answer; the whole reply object rides along in the extra field ``magbot``."""
    choice = {"index": 0, "message": {"role": "assistant", "content": markdown}, "finish_reason": "stop",
              "logprobs": None}
    return {**_envelope("chat.completion"), "choices": [choice], "usage": _usage(request, markdown),
            "magbot": reply.to_dict()}


def sse_chunks(request: ChatRequest, reply: Reply, markdown: str) -> Iterator[str]:
    """Server-sent events: the role, the Markdown a line at a time, a final chunk, then ``[DONE]``.

    The reply is ready at once, so streaming only serves clients that ask for it; the final chunk
    carries ``finish_reason`` and the reply object, as the non-streamed answer does.
    """
    head = _envelope("chat.completion.chunk")

    def event(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        chunk = {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
                 **extra}
        return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    for line in markdown.splitlines(keepends=True):
        yield event({"content": line})
    yield event({}, "stop", magbot=reply.to_dict())
    if request.include_usage:
        yield f"data: {json.dumps({**head, 'choices': [], 'usage': _usage(request, markdown)})}\n\n"
    yield "data: [DONE]\n\n"
