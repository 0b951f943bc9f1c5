"""One family of errors, so that an embedding frontend can catch everything magbot raises at once."""

from __future__ import annotations

__all__ = ["BotError", "ContentError", "ImmutableError", "StateError"]


class BotError(Exception):
    """Base of every error the package raises on purpose."""


class ContentError(BotError):
    """The content pack is unusable; carries every problem found, not just the first.

    Each problem is one ``file:line: message`` string, so an author can fix them all in one pass.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems) or "invalid content")


class StateError(BotError):
    """A saved conversation state is malformed, tampered with, or from other content."""


class ImmutableError(BotError, AttributeError):
    """A loaded FAQBot is shared across threads, so nothing in it may be reassigned."""
