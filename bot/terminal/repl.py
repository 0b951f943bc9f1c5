"""The interactive loop: a prompt_toolkit session over one conversation with the core."""

from __future__ import annotations

import os
import sys

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

from ..faqbot import FAQBot
from ..model import Reply
from ..plain import plain_loop, typed_lines
from .commands import COMMANDS
from .completion import question_completer
from .history import open_history
from .render import Fragments, reply_fragments, safe, wrapped
from .style import color_depth, repl_style

__all__ = ["Repl", "run_repl"]


class Repl:
    """One terminal conversation. ``input``/``output`` are for tests (pipe input, captured output)."""

    def __init__(self, bot: FAQBot, *, color: bool = True, history: bool = True,
                 input: Input | None = None, output: Output | None = None) -> None:
        self.bot = bot
        self.session = bot.session()
        self.last_reply: Reply | None = None  # what /why explains
        self._output = output
        self._style = repl_style(color)
        self._depth = color_depth(color)
        store, self._history_note = open_history(history)
        self._prompt: PromptSession[str] = PromptSession(
            history=store, auto_suggest=AutoSuggestFromHistory(), completer=question_completer(bot, COMMANDS.names()),
            complete_while_typing=True, style=self._style, color_depth=self._depth, input=input, output=output,
            bottom_toolbar=[("class:bottom-toolbar", " /help commands · a number picks a suggestion · Ctrl-D quits ")])

    # -- output ----------------------------------------------------------------------------------
    @property
    def width(self) -> int:
        try:
            return min(max(self._prompt.output.get_size().columns - 2, 30), 100)
        except Exception:  # a pipe or a dummy output has no size worth trusting
            return 78

    def show(self, fragments: Fragments | FormattedText) -> None:
        print_formatted_text(FormattedText(list(fragments)), style=self._style, color_depth=self._depth,
                             output=self._output or self._prompt.output)

    def say(self, text: str, style: str = "") -> None:
        self.show([(style, wrapped(text, self.width) + "\n")])

    def welcome(self) -> None:
        replies = self.bot.content.replies
        lines: Fragments = [("class:heading", "magbot\n"), ("", wrapped(replies["welcome"], self.width) + "\n"),
                            ("class:muted", "For example:\n")]
        for question in (self.bot.content.intent(i).question for i in self.bot.default_suggestions):
            lines.append(("", f"  · {safe(question)}\n"))
        lines += [("class:muted", "Type /help for commands; Ctrl-D or /quit to leave.\n"),
                  ("class:caveat", wrapped(self.bot.content.caveat, self.width) + "\n")]
        if self._history_note:
            lines.append(("class:error", f"Note: {self._history_note}\n"))
        self.show(lines)

    # -- the loop --------------------------------------------------------------------------------
    def run(self) -> int:
        self.welcome()
        while True:
            try:
                line = self._prompt.prompt([("class:prompt", "you> ")])
            except KeyboardInterrupt:  # Ctrl-C: the line is cleared, the conversation goes on
                continue
            except EOFError:  # Ctrl-D on an empty line
                return 0
            try:
                if not self.handle(line):
                    return 0
            except Exception as exc:  # one line, and the REPL goes on
                self.say(f"Something went wrong ({type(exc).__name__}: {exc}). Please try again.", "class:error")

    def handle(self, line: str) -> bool:
        """Act on one line; False means the person wants to leave."""
        text = line.strip()
        if not text:
            return True
        command = COMMANDS.find(text) if text.startswith("/") else None
        if command is not None:
            return command.handler(self) is not False
        if text.startswith("/"):
            self.say(f"Unknown command {safe(text.split()[0].lower())!r}; /help lists the commands.", "class:error")
            return True
        reply = self.session.ask(text)
        self.last_reply = reply
        self.show([*reply_fragments(reply, self.width, self.bot.content.replies["suggest"]), ("", "\n")])
        return True


def run_repl(bot: FAQBot, color: bool = True, history: bool = True) -> int:
    """Run the REPL on the real terminal; a terminal prompt_toolkit cannot drive gets plain lines."""
    if os.environ.get("TERM") == "dumb":
        return _plain(bot)
    try:
        repl = Repl(bot, color=color, history=history)
    except Exception:  # no console (Windows), an unusable terminal: fall back, never a traceback
        return _plain(bot)
    return repl.run()


def _plain(bot: FAQBot) -> int:
    return plain_loop(bot, typed_lines(COMMANDS.words_for("/quit")), sys.stdout, as_json=False)
