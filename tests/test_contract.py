"""The JSON contract of the CLI (what other tools and the public scorer rely on)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot import KINDS, FAQBot

FIELDS = {"kind", "intent", "confidence", "text", "caveat", "suggestions", "source"}


def magbot(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, timeout=60)


def test_ask_json_prints_one_contract_object(tmp_path: Path) -> None:
    run = magbot("--ask", "what is sciatica", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 1
    reply = json.loads(lines[0])
    assert set(reply) >= FIELDS
    assert reply["kind"] == "answer" and reply["intent"] == "sciatica-what"
    assert 0 <= reply["confidence"] <= 1
    assert "provider" in reply["caveat"]
    assert reply["source"] == "Does Magnesium Help With Sciatic Nerve Pain?"
    assert all(isinstance(s, str) for s in reply["suggestions"]) and 1 <= len(reply["suggestions"]) <= 3


def test_json_lines_on_stdin_are_one_conversation() -> None:
    run = magbot("--json", stdin="how much magnesium for women?\nwhat about men\n\nhey\n")
    replies = [json.loads(line) for line in run.stdout.splitlines()]
    assert run.returncode == 0
    assert len(replies) == 4  # every line, the blank one included, gets exactly one reply
    assert replies[0]["intent"] == "rda-women"
    assert replies[1]["intent"] == "rda-men"  # resolved against the previous topic
    assert replies[2]["kind"] == "fallback"
    assert replies[3]["kind"] == "smalltalk"
    assert all(r["kind"] in KINDS and "provider" in r["caveat"] for r in replies)


def test_every_kind_carries_the_caveat(bot: FAQBot) -> None:
    questions = {"answer": "is magnesium glycinate good", "fallback": "how do I book a flight to Rome",
                 "urgent": "I took a whole bottle of magnesium", "smalltalk": "hello",
                 "clarify": "magnesium pills"}
    for kind, question in questions.items():
        reply = bot.ask(question)
        assert reply.kind == kind, (question, reply.kind)
        # Urgent replies carry a caveat about getting care, not about starting magnesium.
        expected = bot.content.replies["urgent_caveat"] if kind == "urgent" else bot.content.caveat
        assert reply.caveat == expected and "healthcare provider" in reply.caveat
        assert reply.to_dict()["caveat"] == expected
        assert reply.to_dict()["triage"] == ("emergency" if kind == "urgent" else None)


def test_to_dict_is_plain_json(bot: FAQBot) -> None:
    reply = bot.ask("does magnesium cause diarrhoea")
    assert json.loads(json.dumps(reply.to_dict())) == reply.to_dict()
    assert reply.to_dict()["source"] == "Choosing the Right Magnesium Form and Dosage"


def test_usage_errors_are_one_line_and_exit_2() -> None:
    run = magbot("--bogus")
    assert run.returncode == 2
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


def test_bad_content_is_one_line_and_exit_2(tmp_path: Path) -> None:
    run = magbot("--ask", "hi", "--content", str(tmp_path))
    assert run.returncode == 2
    assert len(run.stderr.strip().splitlines()) == 1 and "invalid content" in run.stderr


def test_python_dash_m_and_version() -> None:
    run = magbot("--version")
    assert run.returncode == 0 and run.stdout.startswith("magbot ")


def test_eval_command_reports_and_gates(tmp_path: Path) -> None:
    labeled = tmp_path / "set.yaml"
    labeled.write_text('cases:\n  - {q: "what is sciatica", expect: answer, all: ["sciatic nerve"]}\n'
                       '  - {q: "how do I bake bread", expect: fallback}\n'
                       '  - {q: "i took a whole bottle of magnesium", expect: urgent}\n'
                       'dialogues:\n  - turns:\n      - {q: "is glycinate good", expect: answer, all: ["glycin"]}\n'
                       '      - {q: "and citrate?", expect: answer, all: ["citrate"]}\n')
    run = magbot("eval", str(labeled), "--min-correct", "0.95", "--max-wrong", "0.02")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "answer      correct=3" in run.stdout and "dialogues 1/1" in run.stdout
    assert magbot("eval", str(labeled), "--min-correct", "101").returncode == 2  # over 100%
    bad = magbot("eval", str(tmp_path / "missing.yaml"))
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
