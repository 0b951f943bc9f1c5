"""A conversation: the pipeline of steps every message goes through (``pipeline.py``), and what
is kept between turns (``conversation_state.py``).

``Session`` reads each message once into a ``Turn`` and runs the pack's pipeline over it; it
holds the conversation's state and saves and restores it, checked, for any frontend.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .conversation_state import Conversation
from .errors import StateError
from .long_text import notice_text
from .model import RedFlag, Reply

if TYPE_CHECKING:
    from .faqbot import FAQBot

__all__ = ["STATE_VERSION", "Session"]

STATE_VERSION = 2


class Session:
    """One conversation: the only mutable state in magbot. Not shared between threads."""

    def __init__(self, bot: FAQBot, state: dict[str, Any] | None = None) -> None:
        self._bot = bot
        self.conversation = Conversation()
        if state is not None:
            self._restore(state)

    # The conversation's state, as frontends and tests read it.
    @property
    def last_intent(self) -> str | None:
        return self.conversation.last_intent

    @property
    def options(self) -> tuple[str, ...]:
        return self.conversation.options

    @options.setter
    def options(self, options: tuple[str, ...]) -> None:
        self.conversation.options = tuple(options)

    @property
    def crisis(self) -> RedFlag | None:
        return self.conversation.crisis

    @property
    def facts(self) -> set[str]:
        return self.conversation.facts

    # -- state -----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data; ``bot.session(state)`` resumes the conversation anywhere."""
        held = self.conversation
        state: dict[str, Any] = {"version": STATE_VERSION, "intent": held.last_intent, "options": list(held.options)}
        if held.crisis is not None:
            state["crisis"] = held.crisis.id
        if held.facts:
            state["facts"] = sorted(held.facts)
        return state

    def _restore(self, state: Any) -> None:
        version = state.get("version") if isinstance(state, dict) else None
        if type(version) is not int or version not in (1, STATE_VERSION):
            raise StateError("conversation state is not a version-1 or version-2 state object")
        if set(state) - {"version", "intent", "options", "crisis", "facts"}:
            raise StateError("conversation state has unknown fields")
        facts = state.get("facts", [])
        if not isinstance(facts, list) or not all(isinstance(f, str) for f in facts) or not set(
                facts) <= self._bot.profile.known:
            raise StateError("conversation state has unknown facts")
        held = self.conversation
        held.facts = set(facts)
        crisis = state.get("crisis")
        if crisis is not None:
            flags = {f.id: f for f in self._bot.content.red_flags if f.nature == "thought"}
            if not isinstance(crisis, str) or crisis not in flags:
                raise StateError("conversation state names an unknown crisis rule")
            held.crisis = flags[crisis]
        intent, options = state.get("intent"), state.get("options", [])
        content = self._bot.content
        if intent is not None and not (isinstance(intent, str) and content.has_intent(intent)):
            raise StateError("conversation state names an unknown intent")
        if not isinstance(options, list) or len(options) > 5 or not all(
                isinstance(o, str) and content.has_intent(o) for o in options):
            raise StateError("conversation state has invalid options")
        held.last_intent, held.options = intent, tuple(options)

    def reset(self) -> None:
        """Forget the topic, any offered options and what the person said about themselves."""
        self.conversation.reset()

    # -- one turn --------------------------------------------------------------------------------
    def ask(self, text: str) -> Reply:
        """Reply to one message; never raises on any text. The message is read once
        (``TurnReader.read``, by the long-message rule of ``bot.long_text``) and the pipeline's
        steps decide in the safety order."""
        turn = self._bot.turns.read(text)
        reply = self._bot.pipeline.run(turn, self.conversation)
        held = self.conversation
        # What the conversation held when it chose this reply: /why shows it.
        state = {"topic": held.last_intent, "facts": sorted(held.facts), "crisis": held.crisis is not None}
        # A long message is read by its opening and its ending (bot.long_text): the reply says so.
        notice = notice_text(self._bot.content.replies.get("long_message")) if turn.cut else None
        return replace(reply, explanation={**reply.explanation, "conversation": state}, notice=notice)
