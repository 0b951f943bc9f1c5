"""``magbot review`` end to end: a live server with --review-log, a scripted conversation, the
logs merged as JSON, a review in a real pty that accepts a pattern, and the YAML diff of the
pack copy (comments and layout kept)."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pexpect
import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from bot import FAQBot
from bot.authoring import OUT_OF_SCOPE_FILE, AuthoringError, add_out_of_scope, add_pattern, check_editable
from bot.evaluate import load_eval_set
from bot.review_groups import group_questions
from bot.review_reading import read_review_logs
from bot.review_session import ReviewSession
from bot.terminal.review import ReviewPrompt
from conftest import ROOT
from liveserver import free_port_between, live_server
from test_review_log import PLANTED, PLANTED_QUESTION, on_disk

MAGBOT = Path(sys.executable).parent / "magbot"
#: A question the bundled pack answers with little confidence, and wrongly (oral-trials), though one of
#: its intents covers it: the nearest, magnesium-sciatica-verdict.
UNANSWERED = "is magnesium worth a go for my sciatic flare"
EVAL_SET = f"""\
cases:
  - {{q: "{UNANSWERED}", expect: answer, all: ["not proven"]}}
  - {{q: "what is sciatica", expect: answer, all: ["sciatic nerve"]}}
  - {{q: "how do I bake bread", expect: fallback}}
"""


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A copy of the bundled pack, with a small labeled set of its own."""
    root = tmp_path / "pack"
    for folder in ("intents", "answers"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "eval").mkdir()
    (root / "eval" / "set.yaml").write_text(EVAL_SET, encoding="utf-8")
    return root


def diff(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def magbot(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=120)


# -- authoring -------------------------------------------------------------------------------------
def test_a_pattern_is_one_new_line_and_every_comment_stays(pack: Path) -> None:
    topics = pack / "intents" / "topics.yaml"
    before = topics.read_text()
    edit = add_pattern(pack, "magnesium-sciatica-verdict", UNANSWERED)
    after = topics.read_text()
    assert diff(before, after) == [f"+      - {UNANSWERED}"]
    assert after.splitlines()[edit.line - 1] == f"      - {UNANSWERED}"
    assert FAQBot.load(pack).ask(UNANSWERED).intent == "magnesium-sciatica-verdict"
    quoted = add_pattern(pack, "magnesium-sciatica-verdict", "is it ok at ## mg: really? #yes")
    assert diff(after, topics.read_text()) == ['+      - "is it ok at ## mg: really? #yes"']
    assert quoted.pattern in FAQBot.load(pack).content.intent("magnesium-sciatica-verdict").patterns


def test_edits_that_cannot_be_made_are_refused_in_one_line(pack: Path, tmp_path: Path) -> None:
    with pytest.raises(AuthoringError, match="already a pattern"):
        add_pattern(pack, "magnesium-sciatica-verdict", "Magnesium for sciatica")
    with pytest.raises(AuthoringError, match="no FAQ intent"):
        add_pattern(pack, "no-such-intent", "whatever")
    installed = tmp_path / "lib" / "site-packages" / "bot" / "content"
    shutil.copytree(pack, installed)
    with pytest.raises(AuthoringError, match="never edited: copy it"):
        check_editable(installed)
    run = magbot("review", str(tmp_path), "--content", str(installed), "--json")  # reading is fine
    assert run.returncode == 0, run.stderr


def test_out_of_scope_questions_become_cases_to_refuse(pack: Path) -> None:
    path = add_out_of_scope(pack, "can I book a flight to Rome", [pack / "eval" / "set.yaml"])
    add_out_of_scope(pack, "can I book a flight to Rome", [pack / "eval" / "set.yaml"])
    assert path == pack / "eval" / OUT_OF_SCOPE_FILE
    cases = load_eval_set(path)["cases"]
    assert [(c["q"], c["expect"]) for c in cases] == [("can I book a flight to Rome", "fallback")]


# -- the review pass, in-process -------------------------------------------------------------------
def logged_turns(folder: Path, *questions: str) -> Path:
    from bot.review_log import ReviewedSession, ReviewLog

    with ReviewLog(folder) as log:
        session = ReviewedSession(FAQBot.load().session(), log)
        for question in questions:
            session.ask(question)
    return folder


def test_the_review_pass_accepts_marks_and_measures(pack: Path, tmp_path: Path) -> None:
    folder = logged_turns(tmp_path / "log", UNANSWERED, UNANSWERED + "?", "can I book a flight to Rome", "thanks")
    groups = group_questions(read_review_logs([folder]), FAQBot.load(pack))
    assert [g.count for g in groups] == [2, 1]
    session = ReviewSession(pack, [pack / "eval" / "set.yaml"])
    assert session.figures["correct"] == 0.5
    with create_pipe_input() as keys, create_app_session(input=keys, output=DummyOutput()):
        keys.send_text("a\r\r\ro\r")  # accept with the nearest intent and the wording as asked; refuse the next
        prompt = ReviewPrompt(session, groups, input=keys, output=DummyOutput())
        assert prompt.run() == 0
    assert (prompt.added, prompt.refused) == (1, 1)
    assert session.figures["correct"] == 1.0 and session.figures["wrong"] == 0  # the new pattern answers it right
    assert UNANSWERED in FAQBot.load(pack).content.intent("magnesium-sciatica-verdict").patterns
    assert "flight to Rome" in (pack / "eval" / OUT_OF_SCOPE_FILE).read_text()
    again = magbot("review", str(folder), "--content", str(pack), "--json")  # a second pass shows neither
    assert json.loads(again.stdout)["groups"] == [] and json.loads(again.stdout)["already_decided"] == 2


# -- end to end ------------------------------------------------------------------------------------
def converse(url: str) -> None:
    """A scripted visitor: a follow-up, planted personal data, an urgent turn, questions that fall
    through (one asked three ways), and a verdict."""
    state = None
    reply_ids = []
    for text in ("how much magnesium for women?", PLANTED_QUESTION, UNANSWERED, "I took a whole bottle of magnesium",
                 UNANSWERED + "?", "Is magnesium worth a go for my sciatic flare", "thanks"):
        body = httpx.post(url + "/v1/ask", json={"text": text, "state": state}, timeout=10).json()
        state, reply_ids = body["state"], [*reply_ids, body["reply_id"]]
    response = httpx.post(url + "/v1/feedback", json={"reply_id": reply_ids[2], "verdict": "no",
                                                      "comment": "not helpful, call me on 07700 900123"}, timeout=10)
    assert response.status_code == 204


@pytest.mark.skipif(not MAGBOT.exists(), reason="magbot is not installed beside this Python")
def test_live_server_log_then_json_then_a_review_in_a_pty(pack: Path, tmp_path: Path) -> None:
    folder = tmp_path / "review-log"
    with live_server(tmp_path / "server.log", "--review-log", str(folder), port=free_port_between(19100, 19149)) as srv:
        converse(srv.url)
    text = on_disk(folder)  # the server has stopped: everything queued is written
    for planted in (*PLANTED, "07700", "bottle"):
        assert planted not in text
    assert "reply_id" in text and not any(p in srv.log_text() for p in PLANTED)

    run = magbot("review", str(folder), "--json")
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    first = summary["groups"][0]
    assert first["count"] == 3 and first["nearest"][0]["intent"] == "magnesium-sciatica-verdict"
    assert first["replied"] == [{"kind": "answer", "intent": "oral-trials", "count": 3}]
    assert first["reasons"] == {"low_confidence": 3}
    assert first["feedback"] == {"no": 1} and first["comments"] == ["not helpful, call me on <phone>"]
    assert summary["urgent"] == {"overdose": 1}

    topics = pack / "intents" / "topics.yaml"
    before = topics.read_text()
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm"}
    child = pexpect.spawn(str(MAGBOT), ["review", str(folder), "--content", str(pack)], env=env, encoding="utf-8",
                          dimensions=(40, 120), timeout=60)
    child.expect("eval before: correct 50.0%")
    child.expect(r"\[1/2\] 3x")
    child.expect(r"\[q\]uit>")
    child.sendline("a")
    child.expect("intent>")
    child.sendline("")  # the nearest intent, offered as the default
    child.expect("pattern>")
    child.sendline("")  # the question as most people asked it
    child.expect("the pack validates")
    child.expect(r"correct 50.0% -> 100.0% \(\+50.0\), wrong 50.0% -> 0.0% \(-50.0\)")
    child.expect(r"\[q\]uit>")
    child.sendline("q")
    child.expect("1 pattern")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and "Traceback" not in (child.before or "")
    assert diff(before, topics.read_text()) == [f"+      - {UNANSWERED}"]
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == [
        line for line in topics.read_text().splitlines() if line.lstrip().startswith("#")]


def test_the_bundled_pack_inside_an_installed_package_is_refused(tmp_path: Path) -> None:
    logged_turns(tmp_path / "log", UNANSWERED)
    installed = tmp_path / "venv" / "lib" / "site-packages" / "bot" / "content"
    for folder in ("intents", "answers"):
        shutil.copytree(ROOT / folder, installed / folder)
    from bot.review_cli import review

    with pytest.raises(AuthoringError) as refused:
        review([str(tmp_path / "log")], bot=FAQBot.load(installed), pack=installed, eval_sets=[], as_json=False,
               interactive=True)
    assert "never edited" in str(refused.value) and "\n" not in str(refused.value)
