"""One message, read once: every step of the pipeline reads this, none reads the text again.

Like Rasa's ``Message``, a ``Turn`` is what the readers made of the text (its sentences and
clauses, its words analysed, the facts it tells, the spans triage reads) and what a reader step
wrote for the steps after it (a correction of the last answer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .long_text import MAX_MESSAGE_CHARS, bound_message
from .normalize import Analysis, Normalizer, plain_words
from .profile import ProfileReader
from .reading import Reader, Reading
from .triage_words import SpanReadings

if TYPE_CHECKING:
    from .judging import Outcome

__all__ = ["Turn", "TurnReader"]


@dataclass
class Turn:
    """A message as every step reads it."""

    text: str  # as read: the whole message, or a long one's opening and ending (bot.long_text)
    tail: str  # of a long message, the middle not read, bounded: screened for self-harm thoughts only
    reading: Reading  # sentences and clauses, and which of them ask
    analysis: Analysis  # the whole message's words: typed, corrected, canonical
    message_words: tuple[str, ...]  # the whole message as plain words
    told: frozenset[str]  # what the person tells about themselves: "men", "kidney", ...
    spans: SpanReadings  # each span's words as triage reads them, read once for this turn
    #: The last question again, for what a correction names ("no I meant glycinate"); written by
    #: the correction reader, read by the steps after it.
    corrected: Outcome | None = None
    cut: bool = False  # a long message was read by its opening and ending: the reply says so

    @property
    def phrase(self) -> str:
        """The message's corrected words, joined: what whole-message commands are compared with."""
        return " ".join(self.analysis.words)


class TurnReader:
    """Reads a message into a ``Turn`` with one pack's readers; immutable, shared by threads."""

    def __init__(self, reader: Reader, normalizer: Normalizer, profile: ProfileReader) -> None:
        self._reader, self._normalizer, self._profile = reader, normalizer, profile

    def read(self, text: object) -> Turn:
        """Any value, as text, read by the long-message rule (``bot.long_text``): a message over
        4,000 characters by its opening and its ending, so no input can make a turn slow."""
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        message = bound_message(text)
        text, tail = message.read, message.middle_to_screen()
        analysis = self._normalizer.analyse(text)
        # What they tell about themselves is kept whatever this turn turns out to be: "I'm
        # pregnant and my chest hurts" still makes the next dose question a careful one.
        told = frozenset(self._profile.read(text, analysis.raw_words))
        return Turn(text, tail, self._reader.read(text), analysis, tuple(plain_words(text, MAX_MESSAGE_CHARS)),
                    told, SpanReadings(self._normalizer), cut=message.cut)
