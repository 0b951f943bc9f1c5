"""The commands a person types instead of a question, registered once for every text frontend.

litecli registers each special command once; so do we. One table feeds dispatch in the REPL and
in the plain loop (``TERM=dumb``, piped text), ``/help`` and the REPL's completion. Handlers
return data (styled lines, a reply to show, whether to leave) and each frontend prints it its own
way, so no command reaches into a frontend's insides and none needs prompt_toolkit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from .conversation import Session
from .faqbot import FAQBot
from .model import Reply
from .render import hanging, wrapped

__all__ = ["COMMANDS", "Command", "CommandResult", "CommandTable", "Console", "Lines", "unknown_command"]

#: (style class, text) fragments; the plain loop prints the text and drops the styles.
Lines = list[tuple[str, str]]


class Console(Protocol):
    """What a command may read of the frontend that runs it."""

    bot: FAQBot
    session: Session
    last_reply: Reply | None

    @property
    def width(self) -> int: ...


@dataclass(frozen=True)
class CommandResult:
    """What a command did: lines to print (``listing``: a pager may take them), a reply to show as
    replies are shown (with its caveat), and whether the person wants to leave."""

    lines: Lines = field(default_factory=list)
    reply: Reply | None = None
    leave: bool = False
    listing: bool = False


Handler = Callable[[Console], CommandResult]


@dataclass(frozen=True)
class Command:
    """One command: what is typed, what /help says of it, and what it does."""

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
        """The command a line names: the whole line ("quit", ":q"), or a slash command's first word."""
        text = line.strip().casefold()
        if text in self._by_word:
            return self._by_word[text]
        return self._by_word.get(text.split()[0]) if text.startswith("/") else None

    def names(self) -> list[str]:
        """The slash names and aliases: what completion offers (a bare "quit" is not offered)."""
        return [word for command in self._commands for word in (command.name, *command.aliases)
                if word.startswith("/")]


def unknown_command(line: str) -> CommandResult | None:
    """A line that looks like a command but is none ("/foo") is told so, never asked as a question.
    "/" alone, or a path such as "/usr/bin", is a slash command too: nobody asks the article that."""
    word = line.strip().split()[0] if line.strip() else ""
    if not word.startswith("/"):
        return None
    return CommandResult([("class:error", f"Unknown command {word.lower()[:40]!r}; /help lists the commands.\n")])


COMMANDS = CommandTable()


@COMMANDS.register("/help", "this list (also \\?)", aliases=("\\?",))
def show_help(console: Console) -> CommandResult:
    lines: Lines = [("class:heading", "Commands\n")]
    for command in COMMANDS:
        name = f"  {command.name:8s} "
        text = hanging(command.help, console.width, name, " " * len(name))[len(name):]
        lines += [("class:number", name), ("", text + "\n")]
    lines.append(("class:muted", wrapped("Ask in your own words; typos are fine. After a reply or /topics, type a "
                                         "number to ask one of its questions.", console.width) + "\n"))
    return CommandResult(lines)


@COMMANDS.register("/topics", "what I can answer, numbered: type a number to ask its example")
def show_topics(console: Console) -> CommandResult:
    """Each topic numbered with its example question under it; a number typed next asks that
    example, as after a reply's suggestions."""
    intents = console.bot.content.faq_intents
    lines: Lines = [("class:heading", "What I can answer\n")]
    for number, intent in enumerate(intents, 1):
        prefix = f"{number:3d}) "
        lines += [("class:number", prefix), ("", hanging(intent.topic, console.width, "", " " * len(prefix)) + "\n"),
                  ("class:muted", hanging(f"e.g. {intent.question}", console.width, " " * len(prefix),
                                          " " * len(prefix)) + "\n")]
    console.session.options = tuple(intent.id for intent in intents)
    return CommandResult(lines, listing=True)


@COMMANDS.register("/why", "how the last reply was chosen: intent, score, matched pattern, runners-up")
def show_why(console: Console) -> CommandResult:
    reply = console.last_reply
    if reply is None:
        return CommandResult([("class:muted", "Nothing asked yet.\n")])
    lines: Lines = [("class:heading", f"Last reply: {_KIND_NAMES.get(reply.kind, reply.kind)}\n")]
    lines += [("", hanging(detail, console.width) + "\n") for detail in why_details(console.bot, reply)]
    lines += [("class:muted", hanging(f"runner-up: {_intent_name(console.bot, intent)} {score:.2f}",
                                      console.width) + "\n") for intent, score in reply.alternatives[:3]]
    return CommandResult(lines)


@COMMANDS.register("/reset", "forget the conversation so far (so does typing \"start over\")")
def reset(console: Console) -> CommandResult:
    console.session.reset()
    return CommandResult(reply=console.bot.replies.reset())


@COMMANDS.register("/quit", "leave (also /exit, quit, exit, q, :q, bye, \\q, or Ctrl-D on an empty line)",
                   aliases=("/exit", "quit", "exit", "q", ":q", ":q!", ":wq", "quit()", "exit()", "bye", "\\q"))
def leave(console: Console) -> CommandResult:
    return CommandResult(leave=True)


_KIND_NAMES = {"smalltalk": "small talk", "clarify": "a question back (did you mean)", "fallback": "no answer",
               "urgent": "urgent: get care", "answer": "an answer"}
#: Explanation entries shown by /why, with how they are named.
_WHY_ENTRIES = (("red_flag", "red flag"), ("careful", "careful situation"), ("out_of_scope", "not covered"),
                ("picked", "picked option"), ("more_about", "more about"), ("subject", "asked about"),
                ("context_sentence", "read with the sentence before"))


def why_details(bot: FAQBot, reply: Reply) -> list[str]:
    """What /why tells of a reply, in the person's words: no internal tokens, and no score for a
    reply that no question was matched for."""
    explanation = reply.explanation
    details = []
    if reply.intent and reply.kind in ("answer", "clarify"):
        details.append(f"intent {_intent_name(bot, reply.intent)}  score {reply.confidence:.2f}")
    elif reply.kind == "smalltalk":
        details.append("small talk: no question was matched, so there is no score")
    if explanation.get("pattern"):
        details.append(f"matched pattern: {explanation['pattern']}")
    typed = set(" ".join(explanation.get("asked") or []).casefold().split())
    pattern = set(str(explanation.get("pattern") or "").casefold().replace("?", " ").split())
    words = [w for w in explanation.get("words") or [] if w in typed or w in pattern]
    if words:
        details.append(f"words that counted: {', '.join(words)}")
    if explanation.get("corrections"):
        details.append("spelling read as: " + ", ".join(f"{a} -> {b}" for a, b in explanation["corrections"].items()))
    details += [f"{label}: {explanation[key]}" for key, label in _WHY_ENTRIES if explanation.get(key)]
    if explanation.get("asked"):
        details.append("scored: " + " | ".join(explanation["asked"]))
    if explanation.get("set_aside"):
        details.append("set aside as backstory: " + " | ".join(explanation["set_aside"]))
    if explanation.get("context"):
        details.append("read as a follow-up to the previous topic")
    state = explanation.get("conversation") or {}
    if state:
        told = ", ".join(state.get("facts") or []) or "nothing"
        topic = _intent_name(bot, state["topic"]) if state.get("topic") else "-"
        details.append(f"conversation: topic {topic}; you told me: {told}"
                       + ("; crisis support stays on" if state.get("crisis") else ""))
    return details


def _intent_name(bot: FAQBot, intent: str) -> str:
    """An intent as a content author knows it: its id, and its topic where it has one."""
    if not bot.content.has_intent(intent):
        return intent
    return f"{intent} ({bot.content.intent(intent).topic})"
