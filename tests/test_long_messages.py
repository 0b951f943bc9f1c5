"""One rule for long messages at every entry point: read the opening and the ending, say so, never
refuse; and chat UIs that resend a history with old long pastes keep working."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import openai
import pytest
from starlette.testclient import TestClient

from bot import FAQBot
from bot.long_text import HEAD_CHARS, MAX_MESSAGE_CHARS, TAIL_CHARS, bound_message
from bot.server import create_app
from live import magbot_serve

#: Backstory with no question in it, to bury a question under.
RAMBLE = "My back has been bad since the summer and I have tried lots of things at home. "


def long_message(question: str, chars: int = 9000) -> str:
    return RAMBLE * (chars // len(RAMBLE)) + question


@pytest.fixture(scope="module")
def client(bot: FAQBot) -> TestClient:
    return TestClient(create_app(bot), raise_server_exceptions=False)


def test_a_message_that_fits_is_read_whole() -> None:
    text = long_message("how much magnesium should women take?", 3500)
    assert len(text) <= HEAD_CHARS + TAIL_CHARS and bound_message(text).read == text


def test_a_long_message_is_read_by_its_opening_and_its_ending() -> None:
    text = "first words " + RAMBLE * 200 + " the last question?"
    read = bound_message(text)
    assert read.cut and len(read.read) <= MAX_MESSAGE_CHARS
    assert read.read.startswith("first words") and read.read.endswith("the last question?")
    assert "\n\n" in read.read  # two paragraphs: no sentence is made of the two halves
    head, tail = read.read.split("\n\n")
    assert text.startswith(head) and text.endswith(tail)  # whole words only: nothing cut in two


def test_the_question_at_the_end_of_a_long_paste_is_answered_and_the_cut_is_said(bot: FAQBot) -> None:
    reply = bot.ask(long_message("How much magnesium should a woman take a day?"))
    assert reply.kind == "answer" and reply.intent == "rda-women"
    assert reply.notice and f"{HEAD_CHARS:,}" in reply.notice and f"{TAIL_CHARS:,}" in reply.notice
    assert bot.ask("How much magnesium should a woman take a day?").notice is None


def test_thoughts_of_self_harm_in_the_unread_middle_still_get_the_crisis_reply(bot: FAQBot) -> None:
    middle = RAMBLE * 40 + "Honestly I want to kill myself. " + RAMBLE * 40
    reply = bot.ask(RAMBLE * 40 + middle + "which form is best?")
    assert reply.kind == "urgent" and reply.triage == "emergency" and reply.notice


def test_the_cli_reads_and_says_the_same(tmp_path: object) -> None:
    text = long_message("How much magnesium should a woman take a day?")
    run = subprocess.run([sys.executable, "-m", "bot", "--ask", text, "--json"], capture_output=True, text=True,
                         timeout=60)
    reply = json.loads(run.stdout)
    assert run.returncode == 0 and reply["intent"] == "rda-women" and reply["notice"]
    plain = subprocess.run([sys.executable, "-m", "bot"], input=text + "\n", capture_output=True, text=True,
                           timeout=60)
    assert plain.stdout.startswith("(Your message was long") and "310" in plain.stdout


def test_http_ask_reads_a_long_text_instead_of_refusing_it(client: TestClient) -> None:
    response = client.post("/v1/ask", json={"text": long_message("How much magnesium should a woman take a day?")})
    assert response.status_code == 200
    assert response.json()["intent"] == "rda-women" and response.json()["notice"]


def test_chat_completions_read_only_the_latest_turns_so_old_pastes_never_break_a_chat(client: TestClient) -> None:
    paste = long_message("", 5000)
    chat: list[dict] = []
    for turn in range(60):
        text = paste if turn in (3, 20, 41) else ("and for men?" if turn % 2 else "how much magnesium for women?")
        chat.append({"role": "user", "content": text})
        response = client.post("/v1/chat/completions", json={"model": "magbot", "messages": chat})
        assert response.status_code == 200, (turn, response.text)
        chat.append(response.json()["choices"][0]["message"])
    assert response.json()["magbot"]["intent"] == "rda-men"


def test_an_old_image_only_turn_is_passed_over(client: TestClient) -> None:
    image = {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:,"}}]}
    response = client.post("/v1/chat/completions", json={"model": "magbot", "messages": [
        image, {"role": "user", "content": "what is sciatica?"}]})
    assert response.status_code == 200 and response.json()["magbot"]["intent"] == "sciatica-what"


@pytest.fixture(scope="module")
def live() -> Iterator[openai.OpenAI]:
    with magbot_serve() as url:
        yield openai.OpenAI(base_url=url + "/v1", api_key="not-needed", max_retries=0, timeout=30)


def test_a_60_turn_chat_with_three_long_pastes_through_the_official_client(live: openai.OpenAI) -> None:
    paste = long_message("", 5000)
    chat: list = []
    for turn in range(60):
        text = paste if turn in (5, 30, 55) else ("which form is best?" if turn % 2 else "what about citrate")
        chat.append({"role": "user", "content": text})
        stream = turn % 7 == 0
        if stream:
            content = "".join(chunk.choices[0].delta.content or "" for chunk in live.chat.completions.create(
                model="magbot", messages=chat, stream=True) if chunk.choices)
        else:
            content = live.chat.completions.create(model="magbot", messages=chat).choices[0].message.content or ""
        assert "healthcare provider" in content, (turn, content)
        chat.append({"role": "assistant", "content": content})
