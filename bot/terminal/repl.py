"""The interactive loop: a prompt_toolkit session over one conversation with the core."""

from __future__ import annotations

import os
import pydoc
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.data_structures import Size
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

from ..commands import COMMANDS, CommandResult, unknown_command
from ..faqbot import FAQBot
from ..logged_turn import ask_logged
from ..model import Reply
from ..plain import goodbye, greet, is_goodbye, prompt_loop
from ..render import compact_caveats, level_labels
from .completion import question_completer
from .history import open_history
from .render import Fragments, reply_fragments, wrapped
from .style import color_depth, repl_style

if TYPE_CHECKING:
    from ..review_log import ReviewLog

__all__ = ["Repl", "run_repl"]

# "3", "#3", "3)", "option 3": a pick among the last reply's suggestions. The session answers a
# pick in range; the REPL catches one out of range, which would otherwise get the fallback.
_PICK = re.compile(r"(?:#|number|option)?\s*(\d+)\s*[.)]?")

# The bottom bar, longest first: the first that fits the window is shown, never a broken one.
_TOOLBARS = (" /help commands · a number picks a suggestion · Ctrl-D quits ",
             " /help · a number picks · Ctrl-D quits ", " /help · Ctrl-D quits ")


class Repl:
    """One terminal conversation. ``input``/``output`` are for tests (pipe input, captured output)."""

    def __init__(self, bot: FAQBot, *, color: bool = True, history: bool = True,
                 input: Input | None = None, output: Output | None = None, review_log: ReviewLog | None = None) -> None:
        self.bot = bot
        self.session = bot.session()
        self.review_log = review_log
        self.last_reply: Reply | None = None  # what /why explains
        self._caveat_shown = False  # the full caveat once, then the compact line
        self._output = output
        # Listings taller than the window go through a pager, but only on the real terminal.
        self.pager: Callable[[str], None] | None = pydoc.pager if output is None and sys.stdout.isatty() else None
        self._style = repl_style(color)
        self._depth = color_depth(color)
        store, self._history_note = open_history(history)
        self._prompt: PromptSession[str] = PromptSession(
            history=store, auto_suggest=AutoSuggestFromHistory(), completer=question_completer(bot, COMMANDS.names()),
            complete_while_typing=True, style=self._style, color_depth=self._depth, input=input, output=output,
            bottom_toolbar=self._toolbar)

    # -- output ----------------------------------------------------------------------------------
    def _size(self) -> Size:
        try:
            return self._prompt.output.get_size()
        except Exception:  # a pipe or a dummy output has no size worth trusting
            return Size(rows=24, columns=80)

    @property
    def columns(self) -> int:
        return self._size().columns

    @property
    def width(self) -> int:
        return min(max(self.columns - 2, 30), 100)

    def _toolbar(self) -> FormattedText:
        text = next((t for t in _TOOLBARS if len(t) <= self.columns), "")
        return FormattedText([("class:bottom-toolbar", text)])

    def show(self, fragments: Fragments | FormattedText) -> None:
        print_formatted_text(FormattedText(list(fragments)), style=self._style, color_depth=self._depth,
                             output=self._output or self._prompt.output)

    def page(self, fragments: Fragments) -> None:
        """Show a listing; on a real terminal one taller than the window goes through a pager."""
        text = "".join(part for _, part in fragments)
        if self.pager is not None and text.count("\n") > self._size().rows - 2:
            self.pager(text)
        else:
            self.show(fragments)

    def say(self, text: str, style: str = "") -> None:
        self.show([(style, wrapped(text, self.width) + "\n")])

    def show_reply(self, reply: Reply, suggest_label: str | None = None, before: Fragments | None = None) -> None:
        """A reply, with the full caveat the first time and the compact line after."""
        label = suggest_label or self.bot.content.replies["suggest"]
        replies = self.bot.content.replies
        body = reply_fragments(reply, self.width, label, full_caveat=not self._caveat_shown,
                               labels=level_labels(replies), compact=compact_caveats(replies))
        self.show([*(before or []), *body])  # print's own newline leaves one blank line after
        self._caveat_shown = True

    def welcome(self) -> None:
        reply = greet(self.bot, self.session)
        self.show_reply(reply, "For example (type a number to ask):", before=[("class:heading", "magbot\n")])
        self.say("Type /help for commands; /quit, quit or Ctrl-D to leave.", "class:muted")
        if self._history_note:
            self.say(f"Note: {self._history_note}", "class:error")

    # -- the loop --------------------------------------------------------------------------------
    def run(self) -> int:
        self.welcome()
        while True:
            try:
                line = self._prompt.prompt([("class:prompt", "you> ")])
            except KeyboardInterrupt:  # Ctrl-C: the line is cleared, the conversation goes on
                continue
            except EOFError:  # Ctrl-D on an empty line
                line = "/quit"
            try:
                if not self.handle(line):
                    if not (self.last_reply is not None and is_goodbye(self.last_reply)):
                        self.show_reply(goodbye(self.bot))
                    return 0
            except Exception as exc:  # one line, and the REPL goes on
                self.say(f"Something went wrong ({type(exc).__name__}: {exc}). Please try again.", "class:error")

    def handle(self, line: str) -> bool:
        """Act on one line; False means the person wants to leave."""
        text = line.strip()
        if not text:
            return True
        command = COMMANDS.find(text)
        result = command.handler(self) if command is not None else unknown_command(text)
        if result is not None:
            return self._show_result(result)
        if self._out_of_range(text):
            return True
        reply, _ = ask_logged(self.session, text, self.review_log)
        self.last_reply = reply
        self.show_reply(reply)
        return not is_goodbye(reply)  # "ok bye": the goodbye is said, and the REPL leaves

    def _show_result(self, result: CommandResult) -> bool:
        """Print what a command returned; False when it asks to leave."""
        if result.lines:
            (self.page if result.listing else self.show)(result.lines)
        if result.reply is not None:
            self.show_reply(result.reply)
        return not result.leave

    def _out_of_range(self, text: str) -> bool:
        """A number that picks nothing gets told the range, not the "can't answer" fallback."""
        pick = _PICK.fullmatch(text.casefold())
        count = len(self.session.options)
        if pick is None or 1 <= int(pick.group(1)) <= count:
            return False
        if count:
            choices = "1" if count == 1 else f"1-{count}"
            self.say(f"There is no suggestion {pick.group(1)}: pick {choices}, or ask in your own words.",
                     "class:error")
        else:
            self.say("There are no suggestions to pick from just now; ask in your own words.", "class:error")
        return True


def run_repl(bot: FAQBot, *, color: bool = True, history: bool = True, review_log: ReviewLog | None = None) -> int:
    """Run the REPL on the real terminal; a terminal prompt_toolkit cannot drive gets plain lines."""
    if os.environ.get("TERM") == "dumb":
        return _plain(bot, review_log)
    try:
        repl = Repl(bot, color=color, history=history, review_log=review_log)
    except Exception:  # no console (Windows), an unusable terminal: fall back, never a traceback
        return _plain(bot, review_log)
    return repl.run()


def _plain(bot: FAQBot, review_log: ReviewLog | None) -> int:
    return prompt_loop(bot, review_log)
