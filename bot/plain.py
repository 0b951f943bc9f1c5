"""The plain-text frontend: one conversation over lines, for pipes, scripts, ``--ask`` and
terminals prompt_toolkit cannot drive (``TERM=dumb``). One loop serves them all, so a fix to how
plain replies are printed reaches every one of them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from .commands import COMMANDS, CommandResult, unknown_command
from .conversation import Session
from .faqbot import FAQBot
from .logged_turn import ask_logged
from .model import Reply
from .render import level_labels, render_plain
from .safe_text import printable, printable_data

if TYPE_CHECKING:
    from .review_log import ReviewLog

__all__ = ["PlainConsole", "emit", "goodbye", "greet", "is_goodbye", "plain_loop", "prompt_loop", "typed_lines"]


def emit(reply: Reply, *, as_json: bool, out: TextIO, bot: FAQBot, reply_id: str | None = None) -> None:
    """Write one reply: a JSON line (with its ``reply_id``, when it has one), or the plain text and a
    blank line.

    Content and echoed text may carry terminal escapes: they never reach the output.
    """
    if as_json:
        data = printable_data(reply.to_dict())
        if reply_id is not None:
            data["reply_id"] = reply_id
        out.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        replies = bot.content.replies
        out.write(printable(render_plain(reply, suggest_label=replies["suggest"], labels=level_labels(replies)))
                  + "\n\n")
    out.flush()


@dataclass
class PlainConsole:
    """The plain loop as the command table sees it: the conversation and what it last replied."""

    bot: FAQBot
    session: Session
    last_reply: Reply | None = None
    width: int = 80


def plain_loop(bot: FAQBot, lines: Iterable[str], out: TextIO, *, as_json: bool, session: Session | None = None,
               review_log: ReviewLog | None = None, interactive: bool = False) -> int:
    """One conversation over lines of input: scripts, pipes and terminals prompt_toolkit can't drive.

    With --json every line is a question and gets exactly one JSON line back, blank ones
    included, so a caller can pair questions with replies. Plain text skips blank lines and runs
    the commands the REPL has (/help, /why, /topics, /reset, quit), from the same table.
    ``interactive``: a person at a prompt, whose goodbye ("ok bye") also ends the loop; the loop
    always ends with a goodbye then. ``review_log``: see ``bot.review_log``.
    """
    console = PlainConsole(bot, session or bot.session())
    for line in lines:
        question = line.rstrip("\r\n")
        if as_json:
            reply, reply_id = ask_logged(console.session, question, review_log)
            emit(reply, as_json=True, out=out, bot=bot, reply_id=reply_id if review_log is not None else None)
            continue
        if not question.strip():
            continue
        command = COMMANDS.find(question)
        result = command.handler(console) if command is not None else unknown_command(question)
        if result is not None:
            _print_result(result, out, bot)
            if result.leave:
                break
            continue
        reply, reply_id = ask_logged(console.session, question, review_log)
        console.last_reply = reply
        emit(reply, as_json=False, out=out, bot=bot)
        if interactive and is_goodbye(reply):
            return 0
    else:
        if not interactive:
            return 0
    emit(goodbye(bot), as_json=False, out=out, bot=bot)
    return 0


def _print_result(result: CommandResult, out: TextIO, bot: FAQBot) -> None:
    if result.lines:
        out.write(printable("".join(text for _, text in result.lines)).rstrip("\n") + "\n\n")
        out.flush()
    if result.reply is not None:
        emit(result.reply, as_json=False, out=out, bot=bot)


def is_goodbye(reply: Reply) -> bool:
    """The pack's goodbye small talk ("ok bye", "thanks, that's all"): a person at a prompt leaves."""
    return reply.kind == "smalltalk" and reply.intent == "goodbye"


def typed_lines(prompt: str = "you> ") -> Iterator[str]:
    """Lines typed at a plain prompt, until end of input or Ctrl-C."""
    while True:
        try:
            line = input(prompt)
        except (EOFError, KeyboardInterrupt):
            print()
            return
        yield line


def prompt_loop(bot: FAQBot, review_log: ReviewLog | None = None) -> int:
    """The loop for a terminal prompt_toolkit cannot drive: greet, converse, say goodbye."""
    session = bot.session()
    emit(greet(bot, session), as_json=False, out=sys.stdout, bot=bot)
    return plain_loop(bot, typed_lines(), sys.stdout, as_json=False, session=session, review_log=review_log,
                      interactive=True)


def greet(bot: FAQBot, session: Session) -> Reply:
    """The welcome, with the pack's example questions as numbered options the session can pick."""
    options = bot.default_suggestions
    reply = Reply(kind="smalltalk", text=bot.content.replies["welcome"], caveat=bot.content.caveat,
                  suggestions=tuple(bot.content.intent(i).question for i in options), options=options)
    session.options = reply.options  # "1" now asks the first example, as after any reply
    return reply


def goodbye(bot: FAQBot) -> Reply:
    """The pack's own goodbye when it has one (a reply like any other, caveat included)."""
    if bot.content.has_intent("goodbye") and "goodbye" in bot.content.answers:
        return bot.replies.smalltalk("goodbye", 1.0)
    return Reply(kind="smalltalk", text="Goodbye.", caveat=bot.content.caveat)
