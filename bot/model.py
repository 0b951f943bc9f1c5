"""The values that flow through magbot: content as loaded, and the replies it gives.

All frozen: a loaded bot is shared across threads, so nothing in it may change after loading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["KINDS", "Answer", "Content", "Intent", "RedFlag", "Reply", "Vocabulary"]

#: Every reply is one of these; frontends switch on it.
KINDS = ("answer", "clarify", "fallback", "urgent", "smalltalk")


@dataclass(frozen=True)
class Intent:
    """Something a person may want to know, with the ways people ask for it."""

    id: str
    topic: str
    question: str
    patterns: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    group: str | None = None
    smalltalk: bool = False


@dataclass(frozen=True)
class Answer:
    """The curated reply to one intent; ``source`` names the article section it rests on."""

    intent: str
    text: str
    source: str | None
    follow_ups: tuple[str, ...] = ()


@dataclass(frozen=True)
class RedFlag:
    """A warning sign that must never be treated as an FAQ.

    It fires when, for every group in ``all_of``, one of the group's phrases occurs in the text.
    A phrase is a run of words; a word ending in ``*`` matches any word it begins.
    """

    id: str
    all_of: tuple[tuple[str, ...], ...]
    reply: str = "default"


@dataclass(frozen=True)
class Vocabulary:
    """Word-level knowledge that normalisation applies before any scoring."""

    synonyms: dict[str, str] = field(default_factory=dict)  # variant phrase -> canonical phrase
    stopwords: frozenset[str] = frozenset()
    out_of_scope: tuple[str, ...] = ()  # subjects the article does not cover
    out_of_scope_labels: dict[str, str] = field(default_factory=dict)  # phrase -> how replies name it
    followup_markers: tuple[str, ...] = ()  # openers that make a question lean on the last topic
    more_requests: tuple[str, ...] = ()  # "tell me more", "why?": go one step deeper
    reset_commands: tuple[str, ...] = ()
    generic_words: frozenset[str] = frozenset()  # count towards a score, but cannot carry a match alone


@dataclass(frozen=True)
class Content:
    """A whole validated content pack."""

    intents: tuple[Intent, ...]
    answers: dict[str, Answer]
    red_flags: tuple[RedFlag, ...]
    vocabulary: Vocabulary
    caveat: str
    replies: dict[str, Any]  # fallback, clarify, urgent, ... texts, all from content
    sections: tuple[str, ...]
    _intent_index: dict[str, Intent] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # An index built once at load time; the dataclass stays frozen for readers.
        object.__setattr__(self, "_intent_index", {intent.id: intent for intent in self.intents})

    def intent(self, intent_id: str) -> Intent:
        return self._intent_index[intent_id]

    def has_intent(self, intent_id: str) -> bool:
        return intent_id in self._intent_index


@dataclass(frozen=True)
class Reply:
    """One turn's reply; ``to_dict()`` is exactly the CLI's ``--json`` object."""

    kind: str
    text: str
    caveat: str
    intent: str | None = None
    confidence: float = 0.0
    suggestions: tuple[str, ...] = ()
    source: str | None = None
    alternatives: tuple[tuple[str, float], ...] = ()
    explanation: dict[str, Any] = field(default_factory=dict)
    #: The intent ids behind ``suggestions``, in order: what typing "2" would ask.
    options: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "intent": self.intent,
            "confidence": round(self.confidence, 3),
            "text": self.text,
            "caveat": self.caveat,
            "suggestions": list(self.suggestions),
            "options": [{"intent": i, "question": q} for i, q in zip(self.options, self.suggestions, strict=True)],
            "source": self.source,
            "alternatives": [{"intent": i, "score": round(s, 3)} for i, s in self.alternatives],
            "explanation": self.explanation,
        }
