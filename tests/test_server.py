"""The HTTP service: contract, every error path, statelessness, and a burst against a live server."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
from starlette.testclient import TestClient

from bot import FAQBot
from bot.server import MAX_BODY_BYTES, create_app
from conftest import ROOT
from live import magbot_serve


@pytest.fixture(scope="module")
def client(bot: FAQBot) -> TestClient:
    return TestClient(create_app(bot), raise_server_exceptions=False)


def post(client: TestClient, body: object, raw: bytes | None = None) -> httpx.Response:
    content = raw if raw is not None else json.dumps(body).encode()
    return client.post("/v1/ask", content=content, headers={"content-type": "application/json"})


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_a_two_turn_conversation_carries_its_state(client: TestClient, bot: FAQBot) -> None:
    first = post(client, {"text": "how much magnesium for women?"}).json()
    assert first == {**bot.ask("how much magnesium for women?").to_dict(), "state": first["state"]}
    second = post(client, {"text": "and for men?", "state": first["state"]}).json()
    assert second["intent"] == "rda-men" and "provider" in second["caveat"]
    picked = post(client, {"text": "1", "state": second["state"]}).json()
    assert picked["intent"] == bot.content.answers["rda-men"].follow_ups[0]


def test_any_app_instance_continues_any_conversation(bot: FAQBot) -> None:
    one, two = (TestClient(create_app(bot)) for _ in range(2))
    state = post(one, {"text": "is glycinate a good form"}).json()["state"]
    assert post(two, {"text": "and citrate?", "state": state}).json()["intent"] == "citrate"


@pytest.mark.parametrize(("raw", "status", "code"), [
    (b"this is not json", 400, "invalid_json"),
    (b"[1, 2]", 400, "invalid_json"),
    (b"\xff\xfe", 400, "invalid_json"),
    (b"{}", 400, "invalid_text"),
    (b'{"text": 42}', 400, "invalid_text"),
    (b'{"text": null}', 400, "invalid_text"),
    (b'{"text": "hi", "colour": "blue"}', 400, "unknown_fields"),
    (b'{"text": "' + b"a" * MAX_BODY_BYTES + b'"}', 413, "body_too_large"),
    (b'{"text": "hi", "state": 12}', 400, "invalid_state"),
    (b'{"text": "hi", "state": "garbage"}', 400, "invalid_state"),
    (b'{"text": "hi", "state": "eyJ2ZXJzaW9uIjoxfQ.0000"}', 400, "invalid_state"),
])
def test_bad_requests_get_clean_json_errors(client: TestClient, raw: bytes, status: int, code: str) -> None:
    response = post(client, None, raw=raw)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert "Traceback" not in response.text


def test_a_tampered_state_is_refused(client: TestClient) -> None:
    state = post(client, {"text": "is glycinate a good form"}).json()["state"]
    payload, mac = state.split(".")
    forged = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1] + "." + mac
    response = post(client, {"text": "and citrate?", "state": forged})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_state"


def test_unknown_routes_and_methods(client: TestClient) -> None:
    assert client.get("/nope").status_code == 404 and client.get("/nope").json()["error"]["code"] == "not_found"
    assert client.get("/v1/ask").status_code == 405


def test_a_secret_from_the_environment_signs_states(bot: FAQBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAGBOT_STATE_SECRET", "replica-secret")
    shared = TestClient(create_app(bot))
    state = post(shared, {"text": "is glycinate a good form"}).json()["state"]
    monkeypatch.setenv("MAGBOT_STATE_SECRET", "another-secret")
    other = TestClient(create_app(bot))
    assert post(other, {"text": "and citrate?", "state": state}).status_code == 400


def test_the_mounting_example(bot: FAQBot) -> None:
    sys.path.insert(0, str(ROOT))
    from examples.mount_in_starlette import app

    client = TestClient(app)
    assert "FAQ" in client.get("/").text
    assert client.post("/faq/v1/ask", json={"text": "what is sciatica"}).json()["intent"] == "sciatica-what"


def test_the_chat_frontend_example() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "examples" / "chat_frontend.py")], cwd=ROOT, timeout=60,
                         input="is glycinate good\nand citrate?\n2\n", capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "glycine" in run.stdout and "osmotic laxative" in run.stdout and "Diarrhoea" in run.stdout


# -- a live server ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def live_server() -> Iterator[str]:
    with magbot_serve() as url:
        yield url


def test_a_burst_of_concurrent_clients_is_all_answered(live_server: str) -> None:
    async def one_client(client: httpx.AsyncClient, n: int) -> list[tuple[int, str | None]]:
        out, state = [], None
        for text in ("how much magnesium for women", "and for men?", "is glycinate good", "and citrate?") * 5:
            response = await client.post("/v1/ask", json={"text": text, "state": state})
            body = response.json()
            state = body.get("state")
            out.append((response.status_code, body.get("intent")))
        return out

    async def burst() -> list[list[tuple[int, str | None]]]:
        limits = httpx.Limits(max_connections=32)
        async with httpx.AsyncClient(base_url=live_server, timeout=30, limits=limits) as client:
            return await asyncio.gather(*(one_client(client, n) for n in range(32)))

    results = asyncio.run(burst())
    assert len(results) == 32
    for conversation in results:
        assert all(status == 200 for status, _ in conversation)
        assert [intent for _, intent in conversation[:4]] == ["rda-women", "rda-men", "glycinate", "citrate"]


def test_the_server_binds_to_loopback_by_default(live_server: str) -> None:
    assert live_server.startswith("http://127.0.0.1:")
    help_text = subprocess.run([sys.executable, "-m", "bot", "serve", "--help"], capture_output=True, text=True)
    assert "default 127.0.0.1" in help_text.stdout


def test_serve_usage_errors_are_one_line() -> None:
    run = subprocess.run([sys.executable, "-m", "bot", "serve", "--port", "0"], capture_output=True, text=True)
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1
