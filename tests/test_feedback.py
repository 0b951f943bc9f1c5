"""POST /v1/feedback and the reply ids it names, through the ASGI app (the live servers are in
tests/test_review.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot import FAQBot
from bot.review_log import ReviewLog
from bot.server import create_app


@pytest.fixture
def logged(tmp_path: Path, bot: FAQBot) -> tuple[TestClient, ReviewLog]:
    log = ReviewLog(tmp_path / "review", background=False)
    return TestClient(create_app(bot, review_log=log), raise_server_exceptions=False), log


def lines(log: ReviewLog) -> list[dict]:
    log.drain()
    files = sorted(log.directory.glob("review-*.jsonl"))
    return [json.loads(line) for path in files for line in path.read_text().splitlines()]


def test_a_verdict_on_a_reply_is_kept_with_its_turn(logged: tuple[TestClient, ReviewLog]) -> None:
    client, log = logged
    first = client.post("/v1/ask", json={"text": "how much magnesium for women?"}).json()
    second = client.post("/v1/ask", json={"text": "can I book a flight to Rome", "state": first["state"]}).json()
    assert first["reply_id"] != second["reply_id"] and len(second["reply_id"]) == 22
    assert client.app.state.review_log is log and log.dropped() == 0  # where /metrics finds the drop count
    response = client.post("/v1/feedback", json={"reply_id": second["reply_id"], "verdict": "no",
                                                 "comment": "useless, I'm Jane, jane@example.com"})
    assert response.status_code == 204 and response.content == b""
    kept = lines(log)
    turn = next(r for r in kept if r["type"] == "turn")
    feedback = next(r for r in kept if r["type"] == "feedback")
    assert turn["reply_id"] == feedback["reply_id"] == second["reply_id"]
    assert turn["last_intent"] == "rda-women"
    assert feedback["comment"] == "useless, I'm Jane, <email>"
    assert first["state"] not in json.dumps(kept)


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"verdict": "yes"}, 400, "invalid_reply_id"),
    ({"reply_id": "short", "verdict": "yes"}, 400, "invalid_reply_id"),
    ({"reply_id": 12345678901234567890, "verdict": "yes"}, 400, "invalid_reply_id"),
    ({"reply_id": "A" * 22, "verdict": "maybe"}, 400, "invalid_verdict"),
    ({"reply_id": "A" * 22, "verdict": True}, 400, "invalid_verdict"),
    ({"reply_id": "A" * 22, "verdict": "no", "comment": 5}, 400, "invalid_comment"),
    ({"reply_id": "A" * 22, "verdict": "no", "comment": "x" * 501}, 413, "comment_too_long"),
    ({"reply_id": "A" * 22, "verdict": "no", "text": "hi"}, 400, "unknown_fields"),
    ([1, 2], 400, "invalid_json"),
])
def test_bad_feedback_gets_an_error_object(logged: tuple[TestClient, ReviewLog], body: object, status: int,
                                           code: str) -> None:
    client, log = logged
    response = client.post("/v1/feedback", json=body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code and response.json()["error"]["message"]
    assert not any(r["type"] == "feedback" for r in lines(log))


def test_without_a_review_log_there_is_no_feedback_and_no_reply_id(bot: FAQBot) -> None:
    client = TestClient(create_app(bot), raise_server_exceptions=False)
    reply = client.post("/v1/ask", json={"text": "can I book a flight to Rome"}).json()
    assert "reply_id" not in reply
    response = client.post("/v1/feedback", json={"reply_id": "A" * 22, "verdict": "yes"})
    assert response.status_code == 404 and response.json()["error"]["code"] == "feedback_off"
    assert client.get("/v1/feedback").status_code == 405


def test_the_chat_completions_endpoint_is_unchanged(logged: tuple[TestClient, ReviewLog]) -> None:
    client, log = logged
    body = {"model": "magbot", "messages": [{"role": "user", "content": "can I book a flight to Rome"}]}
    reply = client.post("/v1/chat/completions", json=body).json()
    assert "reply_id" not in json.dumps(reply)
    assert lines(log) == []  # not a conversation the log sees: the OpenAI endpoint stays as it was
