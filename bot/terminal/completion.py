"""Completion as you type: fuzzy over the questions the bot knows and the REPL's commands."""

from __future__ import annotations

from prompt_toolkit.completion import Completer, FuzzyCompleter, WordCompleter

from ..faqbot import FAQBot

__all__ = ["COMMANDS", "question_completer"]

#: The REPL's commands and what each does, as /help shows them.
COMMANDS = {
    "/help": "this list",
    "/topics": "what I can answer, with an example question each",
    "/why": "how the last reply was chosen: intent, score, matched pattern, runners-up",
    "/reset": "forget the conversation so far",
    "/quit": "leave (also /exit, or Ctrl-D on an empty line)",
    "/exit": "leave",
}


def question_completer(bot: FAQBot) -> Completer:
    words = [*COMMANDS, *bot.known_questions(), *(topic for topic, _ in bot.topics())]
    return FuzzyCompleter(WordCompleter(list(dict.fromkeys(words)), sentence=True, ignore_case=True))
