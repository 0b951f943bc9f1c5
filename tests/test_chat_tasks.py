"""A chat UI's background tasks (title, tags, follow-ups) are told apart from questions, and a
browser page's preflight from the official client is allowed for an allowed origin."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from bot import FAQBot
from bot.chat_tasks import read_task
from bot.server import create_app

HISTORY = "<chat_history>\nUSER: how much magnesium should women take?\nASSISTANT: {answer}\n</chat_history>"
# Shaped like Open WebUI's default task prompts: a "### Task:" heading, guidelines, a JSON format line.
TITLE = ("### Task:\nGenerate a concise, 3-5 word title with an emoji summarizing the chat history.\n"
         "### Guidelines:\n- Keep it short.\n### Output:\nJSON format: { \"title\": \"your concise title here\" }\n"
         "### Chat History:\n" + HISTORY)
TAGS = ("### Task:\nGenerate 1-3 broad tags categorizing the main themes of the chat history.\n### Output:\n"
        "JSON format: { \"tags\": [\"tag1\", \"tag2\", \"tag3\"] }\n### Chat History:\n" + HISTORY)
FOLLOW_UPS = ("### Task:\nSuggest 3-5 relevant follow-up questions.\n### Output:\n"
              "JSON format: { \"follow_ups\": [\"Question 1?\", \"Question 2?\"] }\n### Chat History:\n" + HISTORY)


@pytest.fixture(scope="module")
def client(bot: FAQBot) -> TestClient:
    return TestClient(create_app(bot, cors_origins=["https://chat.example"]), raise_server_exceptions=False)


def complete(client: TestClient, *texts: str) -> str:
    messages = [{"role": "user", "content": t} for t in texts]
    response = client.post("/v1/chat/completions", json={"model": "magbot", "messages": messages})
    assert response.status_code == 200, response.text
    return str(response.json()["choices"][0]["message"]["content"])


def test_a_title_task_gets_the_topic_of_the_chat_as_json(client: TestClient, bot: FAQBot) -> None:
    title = json.loads(complete(client, TITLE.replace("{answer}", "Adult women need 310-320 mg a day.")))
    assert title == {"title": bot.content.intent("rda-women").topic}
    assert not any(ch.isdigit() for ch in title["title"])  # never an answer's figures


def test_tags_and_follow_ups_are_empty_lists(client: TestClient) -> None:
    assert json.loads(complete(client, TAGS.replace("{answer}", "..."))) == {"tags": []}
    assert json.loads(complete(client, FOLLOW_UPS.replace("{answer}", "..."))) == {"follow_ups": []}


def test_a_title_before_any_answered_topic_is_the_packs_neutral_title(client: TestClient, bot: FAQBot) -> None:
    prompt = TITLE.replace(HISTORY, "<chat_history>\nUSER: hello\n</chat_history>")
    assert json.loads(complete(client, prompt)) == {"title": bot.content.replies["chat_title"]}


def test_a_plain_title_request_gets_a_plain_title(client: TestClient, bot: FAQBot) -> None:
    text = complete(client, "which form of magnesium is best?",
                    "Please generate a concise, 5-word-or-less title for the conversation, with no punctuation.")
    assert text == bot.content.intent("forms-best").topic.rstrip("?")


@pytest.mark.parametrize("question", ["what is a title for a chat?", "my task: find out the dose for women",
                                      "Give my chat history a look: is glycinate good?"])
def test_a_person_asking_is_never_taken_for_a_task(question: str) -> None:
    assert read_task(question) is None


def test_the_preflight_of_the_official_javascript_client_is_allowed(client: TestClient) -> None:
    headers = {"origin": "https://chat.example", "access-control-request-method": "POST",
               "access-control-request-headers": "authorization,content-type,x-stainless-arch,x-stainless-lang,"
                                                 "x-stainless-os,x-stainless-package-version,x-stainless-retry-count,"
                                                 "x-stainless-runtime,x-stainless-runtime-version,x-stainless-timeout"}
    response = client.options("/v1/chat/completions", headers=headers)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://chat.example"
    allowed = {h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")}
    assert {"x-stainless-arch", "x-stainless-retry-count", "authorization"} <= allowed


def test_another_origins_preflight_is_still_refused(client: TestClient) -> None:
    response = client.options("/v1/chat/completions", headers={
        "origin": "https://evil.example", "access-control-request-method": "POST",
        "access-control-request-headers": "x-stainless-arch"})
    assert "access-control-allow-origin" not in response.headers
