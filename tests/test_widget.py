"""The widget's files as the service serves them, and CORS; the browser tests drive them for real."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from starlette.testclient import TestClient

from bot import FAQBot
from bot.server import create_app
from conftest import ROOT

WEB = ROOT / "bot" / "web"
SITE = "https://clinic.example"


@pytest.fixture(scope="module")
def client(bot: FAQBot) -> TestClient:
    return TestClient(create_app(bot, cors_origins=[SITE]))


def test_the_page_and_the_widget_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script src="widget.js"' in page.text and "script-src 'self'" in page.headers["content-security-policy"]
    script = client.get("/widget.js")
    assert script.headers["content-type"].startswith("text/javascript") and script.content == (
        WEB / "widget.js").read_bytes()
    assert client.get("/widget.css").headers["content-type"].startswith("text/css")


def test_the_widget_works_mounted_under_a_prefix() -> None:
    sys.path.insert(0, str(ROOT))
    from examples.mount_in_starlette import app

    client = TestClient(app)
    assert '<script src="widget.js"' in client.get("/faq/").text  # relative: it finds /faq/widget.js
    assert client.get("/faq/widget.js").content == (WEB / "widget.js").read_bytes()
    assert client.get("/faq/v1/welcome").json()["kind"] == "smalltalk"


def test_the_widget_is_small_and_never_parses_bot_text_as_html() -> None:
    source = (WEB / "widget.js").read_text(encoding="utf-8")
    assert len(source.encode()) < 15 * 1024
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", source)


def test_the_welcome_is_a_reply_with_the_caveat(client: TestClient, bot: FAQBot) -> None:
    welcome = client.get("/v1/welcome").json()
    assert welcome["text"] == bot.content.replies["welcome"] and welcome["caveat"] == bot.content.caveat
    assert welcome["suggestions"] == [o["question"] for o in welcome["options"]] and welcome["suggestions"]


def test_an_allowed_origin_gets_cors_headers_and_its_preflight_answered(client: TestClient) -> None:
    preflight = client.options("/v1/ask", headers={"origin": SITE, "access-control-request-method": "POST",
                                                   "access-control-request-headers": "content-type"})
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == SITE
    assert "POST" in preflight.headers["access-control-allow-methods"]
    answer = client.post("/v1/ask", json={"text": "what is sciatica"}, headers={"origin": SITE})
    assert answer.headers["access-control-allow-origin"] == SITE and answer.json()["intent"] == "sciatica-what"


@pytest.mark.parametrize("origins", [[SITE], []])
def test_other_origins_get_no_cors_headers(bot: FAQBot, origins: list[str]) -> None:
    client = TestClient(create_app(bot, cors_origins=origins))
    evil = {"origin": "https://evil.example"}
    preflight = client.options("/v1/ask", headers={**evil, "access-control-request-method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    answer = client.post("/v1/ask", json={"text": "what is sciatica"}, headers=evil)
    assert answer.status_code == 200 and "access-control-allow-origin" not in answer.headers


@pytest.mark.parametrize("origin", ["https://clinic.example/", "clinic.example", "https://x.example/chat"])
def test_a_cors_origin_with_a_path_is_a_one_line_usage_error(origin: str) -> None:
    run = subprocess.run([sys.executable, "-m", "bot", "serve", "--cors-origin", origin], capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 2 and "--cors-origin" in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_the_embed_example_is_one_script_tag() -> None:
    page = (ROOT / "examples" / "embed.html").read_text(encoding="utf-8")
    assert re.findall(r"<script[^>]*>", page) == ['<script src="http://127.0.0.1:8000/widget.js" defer>']


def test_asking_from_the_command_line_loads_none_of_the_web_side() -> None:
    heavy = ("starlette", "uvicorn", "openai", "playwright", "bot.server", "bot.chat_completions")
    code = (f"import sys, bot.cli; bot.cli.main(['--ask', 'hi']); "
            f"sys.exit(3 if any(m in sys.modules for m in {heavy!r}) else 0)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
