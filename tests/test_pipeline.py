"""The turn's pipeline: the steps in the safety order, every row switchable, and the ablation
command that measures what each is worth."""

from __future__ import annotations

import importlib.util

import pytest

from bot import FAQBot
from bot.pipeline import ROWS
from conftest import ROOT


def test_the_steps_run_in_the_safety_order(bot: FAQBot) -> None:
    names = bot.pipeline.names
    assert names[:2] == ("crisis_in_tail", "triage")
    assert names.index("careful") < names.index("asked") == len(names) - 1
    assert names.index("smalltalk") < names.index("statement")


def test_every_row_can_be_switched_off_and_the_bot_still_replies(bot: FAQBot) -> None:
    for row in ROWS:
        reply = bot.without(row).ask("I'm 70 with weak kidneys, how much magnesium a day?")
        assert reply.caveat and reply.text, row


def test_switching_triage_off_is_seen_and_leaves_the_original_alone(bot: FAQBot) -> None:
    question = "I can't feel my groin and I've lost control of my bladder"
    assert bot.without("triage").ask(question).kind != "urgent"
    assert bot.ask(question).kind == "urgent"


def test_an_unknown_row_is_refused(bot: FAQBot) -> None:
    with pytest.raises(ValueError, match="unknown pipeline rows"):
        bot.without("no-such-row")


def test_a_reranker_says_why_it_moved_the_candidates(bot: FAQBot) -> None:
    reply = bot.ask("which form is least likely to upset my stomach")
    assert reply.explanation["reranked"] == ["choice: chosen by an aspect"]
    assert "reranked" not in bot.without("choice").ask("which form is least likely to upset my stomach").explanation


def test_the_ablation_command_prints_a_row_per_row(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("ablate", ROOT / "benchmarks" / "ablate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(["--rows", "triage", "more", "--sets", str(ROOT / "tests" / "eval" / "red_flags.yaml")])
    out = capsys.readouterr().out
    assert "| `triage` | 0 | 0 | 0 | +" in out and "| `more` |" in out


def test_a_message_asking_two_covered_things_gets_both_answers(bot: FAQBot) -> None:
    question = "is glycinate gentle on the stomach, and what is the upper limit for supplements?"
    reply = bot.ask(question)
    assert reply.intent == "glycinate" and reply.explanation["also_answered"] == "upper-limit"
    assert bot.content.answers["upper-limit"].text.strip() in reply.text
    assert "upper-limit" not in reply.options
    one = bot.without("both_answers").ask(question)
    assert one.options[0] == "upper-limit"  # without the row, the second part is offered first


def test_and_before_any_question_word_starts_another_question_in_a_question(bot: FAQBot) -> None:
    asked = [c.text for c in bot.reader.read("is oxide any good, and which form absorbs best?").asked]
    assert asked == ["is oxide any good", "which form absorbs best"]
    # Without the question mark it stays one clause: "I take it at night, and do yoga".
    assert len(bot.reader.read("I take it at night, and do yoga").clauses) == 1


def test_a_health_situation_told_of_someone_else_shapes_the_question_about_them(bot: FAQBot) -> None:
    question = "my husband has bad kidneys. can he take magnesium?"
    assert bot.ask(question).intent == "kidneys"
    assert bot.without("someone_else").ask(question).intent == "rda-men"  # "he" alone: the men's amount
    assert bot.ask("my wife is 60, how much should she take?").intent == "rda-women"
