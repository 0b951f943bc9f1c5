"""The plain-text frontend: one conversation over lines, for pipes, scripts, ``--ask`` and
terminals prompt_toolkit cannot drive (``TERM=dumb``). One loop serves them all, so a fix to how
plain replies are printed reaches every one of them.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from typing import TextIO

from .faqbot import FAQBot
from .model import Reply
from .render import render_plain

__all__ = ["emit", "plain_loop", "typed_lines"]


def emit(reply: Reply, as_json: bool, out: TextIO, bot: FAQBot) -> None:
    """Write one reply: a JSON line, or the plain text and a blank line."""
    if as_json:
        out.write(json.dumps(reply.to_dict(), ensure_ascii=False) + "\n")
    else:
        out.write(render_plain(reply, suggest_label=bot.content.replies["suggest"]) + "\n\n")
    out.flush()


def plain_loop(bot: FAQBot, lines: Iterable[str], out: TextIO, as_json: bool) -> int:
    """One conversation over lines of input: scripts, pipes and terminals prompt_toolkit can't drive.

    With --json every line gets exactly one JSON line back, blank ones included, so a caller can
    pair questions with replies; plain text skips blank lines.
    """
    session = bot.session()
    for line in lines:
        question = line.rstrip("\r\n")
        if not as_json and not question.strip():
            continue
        emit(session.ask(question), as_json, out, bot)
    return 0


def typed_lines(leave: Collection[str], prompt: str = "you> ") -> Iterator[str]:
    """Lines typed at a plain prompt, until end of input, Ctrl-C or one of the ``leave`` words."""
    while True:
        try:
            line = input(prompt)
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if line.strip() in leave:
            return
        yield line
