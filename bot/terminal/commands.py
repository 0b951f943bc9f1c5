"""The REPL's commands, each registered once, as litecli registers its special commands.

The one table feeds dispatch (``Repl.handle``), ``/help`` and completion, so a new command is one
decorated function here: its name, aliases, help line and handler, and nothing else to edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .render import Fragments, hanging, wrapped

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
        """The command a line names: the whole line ("quit", "\\q"), or a slash command's first word."""
        text = line.strip().casefold()
        if text in self._by_word:
            return self._by_word[text]
        return self._by_word.get(text.split()[0]) if text.startswith("/") else None

    def words_for(self, name: str) -> tuple[str, ...]:
        """A command's name and aliases: what a loop without the table still has to recognise."""
        command = self._by_word[name.casefold()]
        return (command.name, *command.aliases)

    def names(self) -> list[str]:
        """The slash names and aliases: what completion offers (a bare "quit" is not offered)."""
        return [word for command in self._commands for word in (command.name, *command.aliases)
                if word.startswith("/")]


COMMANDS = CommandTable()


@COMMANDS.register("/help", "this list (also \\?)", aliases=("\\?",))
def show_help(repl: Repl) -> None:
    lines: Fragments = [("class:heading", "Commands\n")]
    for command in COMMANDS:
        name = f"  {command.name:8s} "
        text = hanging(command.help, repl.width, name, " " * len(name))[len(name):]
        lines += [("class:number", name), ("", text + "\n")]
    lines.append(("class:muted", wrapped("Ask in your own words; typos are fine. After a reply, type a "
                                         "number to ask one of its suggestions.", repl.width) + "\n"))
    repl.show(lines)


@COMMANDS.register("/topics", "what I can answer, with an example question each")
def show_topics(repl: Repl) -> None:
    """Two columns when the window is wide enough, else each example under its topic."""
    lines: Fragments = [("class:heading", "What I can answer\n")]
    topics = repl.bot.topics()
    column = min(max((len(topic) for topic, _ in topics), default=0), repl.width * 2 // 5) + 4
    for topic, question in topics:
        if repl.width < 70:  # too narrow for two columns: each example under its topic
            lines += [("", hanging(topic, repl.width) + "\n"),
                      ("class:muted", hanging(f"e.g. {question}", repl.width, "      ", "      ") + "\n")]
            continue
        left = hanging(topic, column - 2, "  ", "  ").split("\n")
        right = hanging(f"e.g. {question}", repl.width - column, "", "").split("\n")
        for row in range(max(len(left), len(right))):
            cell = left[row] if row < len(left) else ""
            if row < len(right):
                lines += [("", f"{cell:{column}s}"), ("class:muted", right[row] + "\n")]
            else:
                lines.append(("", cell + "\n"))
    repl.page(lines)


@COMMANDS.register("/why", "how the last reply was chosen: intent, score, matched pattern, runners-up")
def show_why(repl: Repl) -> None:
    reply = repl.last_reply
    if reply is None:
        repl.say("Nothing asked yet.", "class:muted")
        return
    details = [f"intent {reply.intent or '-'}  score {reply.confidence:.2f}"]
    explanation = reply.explanation
    if explanation.get("pattern"):
        details.append(f"matched pattern: {explanation['pattern']}")
    if explanation.get("words"):
        details.append(f"words that counted: {', '.join(explanation['words'])}")
    if explanation.get("corrections"):
        details.append("spelling read as: " + ", ".join(f"{a} -> {b}" for a, b in explanation["corrections"].items()))
    for key, label in (("red_flag", "red flag"), ("careful", "careful situation"), ("out_of_scope", "not covered"),
                       ("picked", "picked option"), ("more_about", "more about"), ("subject", "asked about"),
                       ("context_sentence", "read with the sentence before")):
        if explanation.get(key):
            details.append(f"{label}: {explanation[key]}")
    if explanation.get("asked"):
        details.append("scored: " + " | ".join(explanation["asked"]))
    if explanation.get("set_aside"):
        details.append("set aside as backstory: " + " | ".join(explanation["set_aside"]))
    if explanation.get("context"):
        details.append("read as a follow-up to the previous topic")
    state = explanation.get("conversation") or {}
    if state:
        told = ", ".join(state.get("facts") or []) or "nothing"
        details.append(f"conversation: topic {state.get('topic') or '-'}; you told me: {told}"
                       + ("; crisis support stays on" if state.get("crisis") else ""))
    lines: Fragments = [("class:heading", f"Last reply: {reply.kind}\n")]
    lines += [("", hanging(detail, repl.width) + "\n") for detail in details]
    lines += [("class:muted", hanging(f"runner-up: {intent} {score:.2f}", repl.width) + "\n")
              for intent, score in reply.alternatives[:3]]
    repl.show(lines)


@COMMANDS.register("/reset", "forget the conversation so far")
def reset(repl: Repl) -> None:
    repl.session.reset()
    repl.say(repl.bot.content.replies["reset"], "class:muted")


@COMMANDS.register("/quit", "leave (also /exit, quit, exit, \\q, or Ctrl-D on an empty line)",
                   aliases=("/exit", "quit", "exit", "\\q"))
def leave(repl: Repl) -> bool:
    return False
