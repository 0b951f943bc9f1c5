"""What a conversation keeps between turns, as plain data: RiveScript's session beside its brain.

The steps of the pipeline read it and change it; ``Session`` saves it with ``to_dict`` and
restores it, checked, from any frontend.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import RedFlag, Reply

__all__ = ["Conversation"]


@dataclass
class Conversation:
    """The last topic, the options offered, a crisis not yet resolved, and what the person told."""

    last_intent: str | None = None
    options: tuple[str, ...] = ()
    crisis: RedFlag | None = None  # a self-harm disclosure not yet followed by "I'm safe"
    facts: set[str] = field(default_factory=set)  # what the person told about themselves: "men", ...

    def keep(self, told: frozenset[str]) -> None:
        """Keep what this turn told about the person."""
        self.facts |= told

    def offer(self, reply: Reply) -> Reply:
        """A reply that offers options but leaves the topic where it was."""
        self.options = reply.options
        return reply

    def take(self, reply: Reply, intent: str | None) -> Reply:
        """An answer made the conversation's: its topic (when it has one) and its options."""
        if intent is not None:
            self.last_intent = intent
        self.options = reply.options
        return reply

    def drop_topic(self) -> None:
        self.last_intent, self.options = None, ()

    def reset(self) -> None:
        """Forget the topic, any offered options and what the person said about themselves."""
        self.drop_topic()
        self.facts = set()
