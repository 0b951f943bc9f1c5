"""The OpenAI-compatible endpoint: the protocol's shapes in-process, then the official ``openai`` client
against a live ``magbot serve``, streamed and not, with context carried across turns."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import httpx
import openai
import pytest
from starlette.testclient import TestClient

from bot import FAQBot
from bot.chat_completions import MAX_TURNS, parse_request, to_markdown
from bot.server import MAX_CHAT_BODY_BYTES, create_app
from conftest import ROOT
from live import magbot_serve


@pytest.fixture(scope="module")
def client(bot: FAQBot) -> TestClient:
    return TestClient(create_app(bot), raise_server_exceptions=False)


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


@pytest.mark.parametrize(("body", "status", "code", "param"), [
    (b"not json", 400, "invalid_request", None),
    (b"[" * 100_000, 400, "invalid_request", None),
    (b'["model", "magbot"]', 400, "invalid_request", None),
    (b'{"messages": [{"role": "user", "content": "hi"}]}', 400, "invalid_request", "model"),
    (b'{"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}', 404, "model_not_found", "model"),
    (b'{"model": "magbot"}', 400, "invalid_request", "messages"),
    (b'{"model": "magbot", "messages": []}', 400, "invalid_request", "messages"),
    (b'{"model": "magbot", "messages": "hi"}', 400, "invalid_request", "messages"),
    (b'{"model": "magbot", "messages": [{"role": "system", "content": "be nice"}]}', 400, "invalid_request",
     "messages"),
    (b'{"model": "magbot", "messages": [{"role": "wizard", "content": "hi"}]}', 400, "invalid_request",
     "messages[0]"),
    (b'{"model": "magbot", "messages": ["hi"]}', 400, "invalid_request", "messages[0]"),
    (b'{"model": "magbot", "messages": [{"role": "user", "content": 7}]}', 400, "invalid_request",
     "messages[0].content"),
    (b'{"model": "magbot", "messages": [{"role": "user", "content": [{"type": "image_url"}]}]}', 400,
     "invalid_request", "messages[0].content"),
    (b'{"model": "magbot", "messages": [{"role": "user", "content": "hi"}], "stream": "yes"}', 400,
     "invalid_request", "stream"),
    (b'{"model": "magbot", "messages": ["' + b"a" * MAX_CHAT_BODY_BYTES + b'"]}', 413, "body_too_large", None),
])
def test_bad_requests_get_the_protocols_error_shape(client: TestClient, body: bytes, status: int, code: str,
                                                      param: str | None) -> None:
    response = client.post("/v1/chat/completions", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert (error["code"], error["param"], error["type"]) == (code, param, "invalid_request_error")
    assert error["message"] and "Traceback" not in response.text


def test_the_answer_is_markdown_with_source_suggestions_and_caveat(client: TestClient, bot: FAQBot) -> None:
    body = client.post("/v1/chat/completions", json={"model": "magbot", "messages": [
        {"role": "system", "content": "You are helpful."}, user("is magnesium glycinate good?")]}).json()
    content = body["choices"][0]["message"]["content"]
    reply = bot.ask("is magnesium glycinate good?")
    assert body["object"] == "chat.completion" and body["choices"][0]["finish_reason"] == "stop"
    assert content.startswith(reply.text) and f"*From: {reply.source}*" in content
    assert f"1. {reply.suggestions[0]}" in content and content.endswith(f"> {reply.caveat}")
    assert body["magbot"] == reply.to_dict()
    assert body["usage"]["total_tokens"] == body["usage"]["prompt_tokens"] + body["usage"]["completion_tokens"]


def test_a_clarification_numbers_its_options_and_a_number_picks_one(client: TestClient, bot: FAQBot) -> None:
    reply = bot.ask("magnesium pills")
    markdown = to_markdown(reply, bot.content.replies)
    assert reply.kind == "clarify" and "\n2. " + reply.suggestions[1] in markdown
    assert bot.content.replies["clarify_pick"] in markdown
    turns = [user("magnesium pills"), {"role": "assistant", "content": markdown}, user("2")]
    body = client.post("/v1/chat/completions", json={"model": "magbot", "messages": turns}).json()
    assert body["magbot"]["intent"] == reply.options[1]


def test_an_urgent_reply_is_bold_and_keeps_the_caveat(bot: FAQBot) -> None:
    reply = bot.ask("i cant feel my legs and wet myself")
    markdown = to_markdown(reply, bot.content.replies)
    assert reply.kind == "urgent" and markdown.startswith(f"**{reply.text}**") and reply.caveat in markdown


def test_only_the_latest_user_turns_are_replayed() -> None:
    messages = [user(f"question {n}") if n % 2 else {"role": "assistant", "content": "..."} for n in range(40)]
    turns = parse_request({"model": "magbot", "messages": messages}).turns
    assert turns == tuple(f"question {n}" for n in range(1, 40, 2))[-MAX_TURNS:]


def test_the_readme_states_the_turn_cap() -> None:
    assert f"the last\n{MAX_TURNS} user messages" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_stream_null_means_not_streamed(client: TestClient) -> None:
    body = client.post("/v1/chat/completions", json={"model": "magbot", "stream": None, "messages": [user("hi")]})
    assert body.json()["object"] == "chat.completion"


def test_text_parts_are_read_like_a_string(client: TestClient) -> None:
    parts = [{"type": "text", "text": "how much magnesium"}, {"type": "text", "text": "for women?"}]
    body = client.post("/v1/chat/completions", json={"model": "magbot", "messages": [
        {"role": "user", "content": parts}]}).json()
    assert body["magbot"]["intent"] == "rda-women"


# -- the official client against a live server ---------------------------------------------------
@pytest.fixture(scope="module")
def live() -> Iterator[openai.OpenAI]:
    with magbot_serve() as url:
        yield openai.OpenAI(base_url=url + "/v1", api_key="not-needed", max_retries=0, timeout=30)


def test_the_client_lists_magbot_as_a_model(live: openai.OpenAI) -> None:
    assert [model.id for model in live.models.list()] == ["magbot"]
    assert live.models.retrieve("magbot").id == "magbot"


def test_the_client_gets_an_answer_and_the_reply_object(live: openai.OpenAI, bot: FAQBot) -> None:
    answer = live.chat.completions.create(model="magbot", messages=[user("what is sciatica?")])
    assert answer.choices[0].message.role == "assistant"
    assert answer.choices[0].message.content.startswith(bot.ask("what is sciatica?").text)
    assert (answer.model_extra or {})["magbot"]["intent"] == "sciatica-what"


def test_two_turns_carry_context(live: openai.OpenAI) -> None:
    first = live.chat.completions.create(model="magbot", messages=[user("how much magnesium for women?")])
    history = [user("how much magnesium for women?"),
               {"role": "assistant", "content": first.choices[0].message.content or ""}, user("and for men?")]
    second = live.chat.completions.create(model="magbot", messages=history)
    assert (first.model_extra or {})["magbot"]["intent"] == "rda-women"
    assert (second.model_extra or {})["magbot"]["intent"] == "rda-men"
    assert "400 to 420 mg" in (second.choices[0].message.content or "")


def test_streaming_sends_chunks_then_done(live: openai.OpenAI, bot: FAQBot) -> None:
    stream = live.chat.completions.create(model="magbot", messages=[user("does magnesium cause diarrhoea?")],
                                          stream=True, stream_options={"include_usage": True})
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    reply = bot.ask("does magnesium cause diarrhoea?")
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) >= 3
    assert text.startswith(reply.text) and reply.caveat in text
    finals = [c for c in chunks if c.choices and c.choices[0].finish_reason == "stop"]
    assert len(finals) == 1 and (finals[0].model_extra or {})["magbot"]["intent"] == reply.intent
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0


def test_the_stream_ends_with_done_on_the_wire(live: openai.OpenAI) -> None:
    url = str(live.base_url).rstrip("/") + "/chat/completions"
    with httpx.stream("POST", url, json={"model": "magbot", "stream": True, "messages": [user("hi")]}) as response:
        events = [line for line in response.iter_lines() if line]
    assert response.headers["content-type"].startswith("text/event-stream")
    assert all(e.startswith("data: ") for e in events) and events[-1] == "data: [DONE]"
    assert json.loads(events[0][6:])["choices"][0]["delta"]["role"] == "assistant"


@pytest.mark.parametrize("mode", [[], ["--no-stream"]])
def test_the_client_example_holds_a_conversation(live: openai.OpenAI, mode: list[str]) -> None:
    run = subprocess.run([sys.executable, str(ROOT / "examples" / "chat_completions_client.py"), "--base-url",
                          str(live.base_url), *mode], input="how much magnesium for women?\nand for men?\n",
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "310 to 320 mg" in run.stdout and "400 to 420 mg" in run.stdout and run.stdout.count("provider") == 2


def test_a_bad_request_raises_the_clients_own_errors(live: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as bad:
        live.chat.completions.create(model="magbot", messages=[{"role": "assistant", "content": "only me"}])
    assert bad.value.status_code == 400 and bad.value.code == "invalid_request" and bad.value.param == "messages"
    with pytest.raises(openai.NotFoundError) as missing:
        live.chat.completions.create(model="gpt-4o", messages=[user("hi")])
    assert missing.value.code == "model_not_found"
