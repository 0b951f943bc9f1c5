"""Each request that once gave a 500 or an odd answer, in-process: now a JSON 4xx (or a reply)."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from bot import FAQBot
from bot.errors import StateError
from bot.server import create_app
from bot.state_tokens import StateSigner, default_secret


@pytest.fixture(scope="module")
def client(bot: FAQBot) -> TestClient:
    return TestClient(create_app(bot), raise_server_exceptions=False)


def post(client: TestClient, raw: bytes) -> tuple[int, dict]:
    response = client.post("/v1/ask", content=raw, headers={"content-type": "application/json"})
    return response.status_code, response.json()


@pytest.mark.parametrize(("raw", "code"), [
    (b'{"text": ' + b"[" * 1000 + b"]" * 1000 + b"}", "invalid_json"),  # RecursionError before
    (b"[" * 30_000, "invalid_json"),
    (b'{"text": "hi", "state": "eyJ2ZXJzaW9uIjoxfQ.\xc3\xa9\xc3\xa9"}', "invalid_state"),  # TypeError before
    (b'{"text": "hi", "state": "\\ud800.abc"}', "invalid_state"),  # UnicodeEncodeError before
    (b'{"text": "hi", "\\ud800": 1}', "unknown_fields"),  # echoed the field name: UnicodeEncodeError
    (b'{"text": ' + b"9" * 5000 + b"}", "invalid_json"),
])
def test_requests_that_crashed_get_a_json_400(client: TestClient, raw: bytes, code: str) -> None:
    status, body = post(client, raw)
    assert status == 400 and body["error"]["code"] == code


def test_errors_never_echo_what_the_client_sent(client: TestClient) -> None:
    status, body = post(client, b'{"text": "hi", "<script>x</script>": 1}')
    assert status == 400 and "script" not in json.dumps(body)


def test_a_lone_surrogate_in_the_text_is_answered(client: TestClient) -> None:
    status, body = post(client, b'{"text": "what is sciatica \\ud800"}')
    assert status == 200 and body["intent"] == "sciatica-what"


def test_an_empty_state_is_no_state(client: TestClient) -> None:
    status, body = post(client, b'{"text": "what is sciatica", "state": ""}')
    assert status == 200 and body["intent"] == "sciatica-what"


def test_a_405_says_which_methods_are_allowed(client: TestClient) -> None:
    response = client.get("/v1/ask")
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert set(client.put("/healthz").headers["allow"].split(", ")) == {"GET", "HEAD"}


def test_a_trailing_slash_is_a_json_404_not_an_empty_redirect(client: TestClient) -> None:
    response = client.post("/v1/ask/", json={"text": "hi"}, follow_redirects=False)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_escapes_in_replies_do_not_reach_json(client: TestClient) -> None:
    status, body = post(client, b'{"text": "\\u0085what is \\u001b[31msciatica"}')
    assert status == 200
    assert not any(ch in json.dumps(body, ensure_ascii=False) for ch in "\x1b\x85")


def test_tokens_are_checked_as_ascii_before_comparing() -> None:
    signer = StateSigner(b"k")
    good = signer.dumps({"version": 1})
    assert signer.loads(good) == {"version": 1}
    for bad in (good[:-1] + "é", "\ud800" + good, good.replace(".", "\u2024"), good + "\x00"):
        with pytest.raises(StateError):
            signer.loads(bad)


def test_a_forged_state_is_harmless(bot: FAQBot, client: TestClient) -> None:
    """Without MAGBOT_STATE_SECRET anyone with the content can sign a state; it still names only real intents."""
    forger = StateSigner(default_secret([i.id for i in bot.content.intents]))
    status, body = post(client, json.dumps({"text": "and citrate?", "state": forger.dumps(
        {"version": 1, "intent": "glycinate", "options": []})}).encode())
    assert status == 200 and body["intent"] == "citrate"  # exactly what a real conversation would get
    for state in ({"version": 1, "intent": "rm -rf", "options": []}, {"version": 1, "admin": True},
                  {"version": 1, "intent": None, "options": ["glycinate"] * 6}):
        status, body = post(client, json.dumps({"text": "hi", "state": forger.dumps(state)}).encode())
        assert status == 400 and body["error"]["code"] == "invalid_state"


def test_a_bug_of_ours_is_a_json_500_logged_once(bot: FAQBot, monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    """Answered by the endpoint itself, not by uvicorn, which would also close the connection."""
    def broken(self: object, text: str) -> None:
        raise RuntimeError("a bug")

    client = TestClient(create_app(bot), raise_server_exceptions=True)  # nothing may escape the endpoint
    monkeypatch.setattr("bot.conversation.Session.ask", broken)
    response = client.post("/v1/ask", json={"text": "hi"})
    assert response.status_code == 500 and response.json()["error"]["code"] == "internal_error"
    assert [r.exc_info[0] for r in caplog.records if r.exc_info] == [RuntimeError]
