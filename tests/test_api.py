"""The embedding API exactly as the README shows it, and its promises: immutable, thread-safe."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

import bot as package
from bot import BotError, ContentError, FAQBot, ImmutableError, StateError
from conftest import ROOT

QUESTIONS = ["how much magnesium for women?", "is glycinate good", "what is sciatica", "mag oxide",
             "I took a whole bottle of magnesium", "hello", "how do I book a flight", "magnesium pills",
             "does turmeric help", "does magnesium cause diarrhoea", "iv magnesium", "placebo trial"]


def test_the_readme_example_runs_as_written() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```python\n", 1)[1].split("```", 1)[0]
    run = subprocess.run([sys.executable, "-c", example], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "rda-men" in run.stdout
    assert run.stdout.rstrip().endswith("True")  # "and for men?" was read in the conversation's context


def test_the_documented_surface(bot: FAQBot) -> None:
    reply = bot.ask("how much magnesium for women?")
    session = bot.session()
    session.ask("how much magnesium for women?")
    follow = session.ask("and for men?")
    state = session.to_dict()
    assert json.loads(json.dumps(state)) == state
    resumed = bot.session(state)
    assert (reply.kind, reply.intent, follow.intent) == ("answer", "rda-women", "rda-men")
    assert isinstance(reply.confidence, float) and reply.caveat and reply.suggestions and reply.source
    assert reply.to_dict()["intent"] == "rda-women"
    assert resumed.ask("what about women").intent == "rda-women"
    assert set(package.__all__) >= {"FAQBot", "Reply", "Session", "BotError", "ContentError", "StateError"}


def test_every_error_shares_one_base(tmp_path) -> None:
    assert issubclass(ContentError, BotError) and issubclass(StateError, BotError)
    assert issubclass(ImmutableError, BotError)
    with pytest.raises(BotError):
        FAQBot.load(tmp_path)
    with pytest.raises(BotError):
        FAQBot.load().session({"version": 1, "intent": "no-such-intent"})


def test_a_loaded_bot_cannot_be_changed(bot: FAQBot) -> None:
    with pytest.raises(ImmutableError):
        bot.thresholds = None  # type: ignore[assignment]
    with pytest.raises(ImmutableError):
        bot.content = None  # type: ignore[assignment]


def test_many_threads_get_the_same_answers_as_one(bot: FAQBot) -> None:
    expected = {q: bot.ask(q).to_dict() for q in QUESTIONS}

    def conversation(round_: int) -> list[tuple[str, dict]]:
        session = bot.session()
        order = QUESTIONS[round_ % len(QUESTIONS):] + QUESTIONS[: round_ % len(QUESTIONS)]
        return [(q, bot.ask(q).to_dict()) for q in order] + [("follow", session.ask("is glycinate good").to_dict())]

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(conversation, range(200)))
    for result in results:
        for question, reply in result[:-1]:
            assert reply == expected[question]
        assert result[-1][1]["intent"] == "glycinate"


def test_sessions_in_threads_keep_their_own_context(bot: FAQBot) -> None:
    def talk(women_first: bool) -> tuple[str | None, str | None]:
        session = bot.session()
        session.ask("how much magnesium for women" if women_first else "how much magnesium for men")
        return session.last_intent, session.ask("what about the other one, men" if women_first else "and women?").intent

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(talk, [i % 2 == 0 for i in range(100)]))
    for i, (first, second) in enumerate(results):
        assert (first, second) == (("rda-women", "rda-men") if i % 2 == 0 else ("rda-men", "rda-women"))


def test_the_docstring_examples_hold() -> None:
    import doctest

    import bot.faqbot

    for module in (package, bot.faqbot):
        failures, tried = doctest.testmod(module)
        assert tried and not failures, module.__name__
