"""The plain-text frontend: pipes, scripts, --ask and dumb terminals."""

from __future__ import annotations

import io

from bot import FAQBot
from bot.plain import goodbye, greet, plain_loop
from test_contract import magbot


def test_ask_names_the_section_the_answer_comes_from() -> None:
    run = magbot("--ask", "does magnesium cause diarrhoea")
    assert run.returncode == 0
    assert "From: Choosing the Right Magnesium Form and Dosage" in run.stdout
    assert "healthcare provider" in run.stdout


def test_piped_answers_name_their_section_and_other_replies_do_not(bot: FAQBot) -> None:
    out = io.StringIO()
    plain_loop(bot, ["is glycinate a good form\n", "hello\n"], out, as_json=False)
    answer, hello = out.getvalue().split("\n\n")[:2]
    assert "From: Choosing the Right Magnesium Form and Dosage" in answer
    assert "From:" not in hello and "healthcare provider" in hello


def test_the_greeting_offers_numbered_examples_that_the_session_can_pick(bot: FAQBot) -> None:
    session = bot.session()
    welcome = greet(bot, session)
    assert welcome.text == bot.content.replies["welcome"] and welcome.caveat == bot.content.caveat
    assert session.options == bot.default_suggestions == welcome.options
    assert session.ask("2").intent == bot.default_suggestions[1]


def test_goodbye_is_the_packs_own_with_the_caveat(bot: FAQBot) -> None:
    reply = goodbye(bot)
    assert reply.text == bot.content.answers["goodbye"].text and reply.caveat == bot.content.caveat
