"""Any text at all gets a reply of a known kind with the caveat, never an exception."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import KINDS, FAQBot

NASTY = ["", "   ", "\t\n", "a" * 100_000, "magnesium " * 20_000, "\x1b[31mwhat is sciatica\x1b[0m", "\x00\x01\x02",
         "🙂" * 50, "магний помогает при ишиасе?", "マグネシウムは坐骨神経痛に効きますか", "\ud800 lone surrogate",
         "<b>bold</b> & {braces} {term}", "' OR 1=1 --", "\x1b]0;title\x07 hi", os.urandom(300).decode("latin-1")]


def test_nasty_inputs_get_sensible_replies(bot: FAQBot) -> None:
    for text in NASTY:
        reply = bot.ask(text)
        assert reply.kind in KINDS and reply.caveat == bot.content.caveat, repr(text[:40])
    assert bot.ask("").kind == "fallback"
    assert bot.ask("🙂🙂🙂").kind == "fallback"
    assert bot.ask("\x1b[31mwhat is sciatica\x1b[0m").intent == "sciatica-what"
    other = bot.ask("マグネシウムは坐骨神経痛に効きますか")
    assert other.kind == "fallback" and other.text == bot.content.replies["other_language"]


def test_non_text_is_read_as_text(bot: FAQBot) -> None:
    assert bot.ask(None).kind == "fallback"  # type: ignore[arg-type]
    assert bot.ask(42).kind == "fallback"  # type: ignore[arg-type]


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=2000))
def test_any_text_never_raises_and_carries_the_caveat(bot: FAQBot, text: str) -> None:
    reply = bot.ask(text)
    assert reply.kind in KINDS
    assert reply.caveat == bot.content.caveat
    assert 0.0 <= reply.confidence <= 1.0


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=200), max_size=8))
def test_any_conversation_never_raises(bot: FAQBot, turns: list[str]) -> None:
    session = bot.session()
    for text in turns:
        assert session.ask(text).kind in KINDS
    bot.session(session.to_dict())  # whatever happened, the state is valid


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["what is sciatica", "magnesium glycinate", "how much magnesium for women"]),
       st.text(alphabet=" .,!?\t", max_size=5))
def test_punctuation_and_spacing_do_not_change_the_answer(bot: FAQBot, question: str, noise: str) -> None:
    assert bot.ask(noise + question.upper() + noise).intent == bot.ask(question).intent
