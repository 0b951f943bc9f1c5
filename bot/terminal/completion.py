"""Completion as you type: fuzzy over the questions the bot knows and the REPL's commands."""

from __future__ import annotations

from collections.abc import Iterable

from prompt_toolkit.completion import Completer, FuzzyCompleter, WordCompleter

from ..faqbot import FAQBot

__all__ = ["question_completer"]


def question_completer(bot: FAQBot, commands: Iterable[str] = ()) -> Completer:
    """Commands (given by the REPL's command table) first, then questions and topics."""
    words = [*commands, *bot.known_questions(), *(topic for topic, _ in bot.topics())]
    return FuzzyCompleter(WordCompleter(list(dict.fromkeys(words)), sentence=True, ignore_case=True))
