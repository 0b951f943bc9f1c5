"""The REPL's commands, each registered once, as litecli registers its special commands.

The one table feeds dispatch (``Repl.handle``), ``/help`` and completion, so a new command is one
decorated function here: its name, aliases, help line and handler, and nothing else to edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .render import Fragments, safe, wrapped

if TYPE_CHECKING:
    from .repl import Repl

__all__ = ["COMMANDS", "Command", "CommandTable"]

#: A handler acts on the REPL; returning False means the person wants to leave.
Handler = Callable[["Repl"], "bool | None"]


@dataclass(frozen=True)
class Command:
    """One REPL command: what is typed, what /help says of it, and what it does."""

    name: str
    help: str
    handler: Handler
    aliases: tuple[str, ...] = ()


class CommandTable:
    """Commands in the order /help lists them, found by name or alias."""

    def __init__(self) -> None:
        self._commands: list[Command] = []
        self._by_word: dict[str, Command] = {}

    def register(self, name: str, help: str, aliases: tuple[str, ...] = ()) -> Callable[[Handler], Handler]:
        def add(handler: Handler) -> Handler:
            command = Command(name, help, handler, aliases)
            self._commands.append(command)
            for word in (name, *aliases):
                self._by_word[word.casefold()] = command
            return handler
        return add

    def __iter__(self) -> Iterator[Command]:
        return iter(self._commands)

    def find(self, line: str) -> Command | None:
        """The command a line names: a slash command by its first word."""
        words = line.split()
        return self._by_word.get(words[0].casefold()) if words else None

    def words_for(self, name: str) -> tuple[str, ...]:
        """A command's name and aliases: what a loop without the table still has to recognise."""
        command = self._by_word[name.casefold()]
        return (command.name, *command.aliases)

    def names(self) -> list[str]:
        """Everything that can be typed to run a command: what completion offers."""
        return [word for command in self._commands for word in (command.name, *command.aliases)]


COMMANDS = CommandTable()


@COMMANDS.register("/help", "this list")
def show_help(repl: Repl) -> None:
    lines: Fragments = [("class:heading", "Commands\n")]
    for command in COMMANDS:
        lines += [("class:number", f"  {command.name:8s}"), ("", f" {command.help}\n")]
    lines.append(("class:muted", wrapped("Ask in your own words; typos are fine. After a reply, type a "
                                         "number to ask one of its suggestions.", repl.width) + "\n"))
    repl.show(lines)


@COMMANDS.register("/topics", "what I can answer, with an example question each")
def show_topics(repl: Repl) -> None:
    lines: Fragments = [("class:heading", "What I can answer\n")]
    for topic, question in repl.bot.topics():
        lines += [("", f"  {safe(topic)}"), ("class:muted", f" — e.g. {safe(question)}\n")]
    repl.show(lines)


@COMMANDS.register("/why", "how the last reply was chosen: intent, score, matched pattern, runners-up")
def show_why(repl: Repl) -> None:
    reply = repl.last_reply
    if reply is None:
        repl.say("Nothing asked yet.", "class:muted")
        return
    lines: Fragments = [("class:heading", f"Last reply: {reply.kind}"),
                        ("", f"  intent {reply.intent or '-'}  score {reply.confidence:.2f}\n")]
    explanation = reply.explanation
    if explanation.get("pattern"):
        lines.append(("", f"  matched pattern: {safe(explanation['pattern'])}\n"))
    if explanation.get("words"):
        lines.append(("", f"  words that counted: {', '.join(explanation['words'])}\n"))
    if explanation.get("corrections"):
        fixed = ", ".join(f"{a} -> {b}" for a, b in explanation["corrections"].items())
        lines.append(("", f"  spelling read as: {safe(fixed)}\n"))
    for key, label in (("red_flag", "red flag"), ("out_of_scope", "not covered"), ("picked", "picked option"),
                       ("more_about", "more about")):
        if explanation.get(key):
            lines.append(("", f"  {label}: {safe(str(explanation[key]))}\n"))
    if explanation.get("context"):
        lines.append(("", "  read as a follow-up to the previous topic\n"))
    for intent, score in reply.alternatives[:3]:
        lines.append(("class:muted", f"  runner-up: {intent} {score:.2f}\n"))
    repl.show(lines)


@COMMANDS.register("/reset", "forget the conversation so far")
def reset(repl: Repl) -> None:
    repl.session.reset()
    repl.say(repl.bot.content.replies["reset"], "class:muted")


@COMMANDS.register("/quit", "leave (also /exit, or Ctrl-D on an empty line)", aliases=("/exit",))
def leave(repl: Repl) -> bool:
    return False
