"""The plain-text frontend: one conversation over lines, for pipes, scripts, ``--ask`` and
terminals prompt_toolkit cannot drive (``TERM=dumb``). One loop serves them all, so a fix to how
plain replies are printed reaches every one of them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Collection, Iterable, Iterator
from typing import TextIO

from .conversation import Session
from .faqbot import FAQBot
from .model import Reply
from .render import level_labels, render_plain
from .safe_text import printable, printable_data

__all__ = ["emit", "goodbye", "greet", "plain_loop", "prompt_loop", "typed_lines"]


def emit(reply: Reply, *, as_json: bool, out: TextIO, bot: FAQBot) -> None:
    """Write one reply: a JSON line, or the plain text and a blank line.

    Content and echoed text may carry terminal escapes: they never reach the output.
    """
    if as_json:
        out.write(json.dumps(printable_data(reply.to_dict()), ensure_ascii=False) + "\n")
    else:
        replies = bot.content.replies
        out.write(printable(render_plain(reply, suggest_label=replies["suggest"], labels=level_labels(replies)))
                  + "\n\n")
    out.flush()


def plain_loop(bot: FAQBot, lines: Iterable[str], out: TextIO, *, as_json: bool, session: Session | None = None) -> int:
    """One conversation over lines of input: scripts, pipes and terminals prompt_toolkit can't drive.

    With --json every line gets exactly one JSON line back, blank ones included, so a caller can
    pair questions with replies; plain text skips blank lines.
    """
    session = session or bot.session()
    for line in lines:
        question = line.rstrip("\r\n")
        if not as_json and not question.strip():
            continue
        emit(session.ask(question), as_json=as_json, out=out, bot=bot)
    return 0


def typed_lines(leave: Collection[str], prompt: str = "you> ") -> Iterator[str]:
    """Lines typed at a plain prompt, until end of input, Ctrl-C or one of the ``leave`` words."""
    while True:
        try:
            line = input(prompt)
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if line.strip().casefold() in leave:
            return
        yield line


def prompt_loop(bot: FAQBot, leave: Collection[str]) -> int:
    """The loop for a terminal prompt_toolkit cannot drive: greet, converse, say goodbye."""
    session = bot.session()
    emit(greet(bot, session), as_json=False, out=sys.stdout, bot=bot)
    plain_loop(bot, typed_lines(leave), sys.stdout, as_json=False, session=session)
    emit(goodbye(bot), as_json=False, out=sys.stdout, bot=bot)
    return 0


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
