"""The values that flow through magbot: content as loaded, and the replies it gives.

All frozen: a loaded bot is shared across threads, so nothing in it may change after loading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .concepts import NumberSlot

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
    why: str | None = None  # the intent that explains this answer's claim; None: the answer holds its reason
    # (aspect intent, what the article says of this subject on it): "does glycinate cause diarrhoea"
    aspects: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RedFlag:
    """A warning sign that must never be treated as an FAQ, or (in ``Content.careful``) a situation
    that needs a fixed, careful reply: stopping a prescribed medicine, pregnancy, a child, a pet.

    It fires when, for every group in ``all_of`` (or in any one combination of ``either``), one of
    the group's phrases occurs in the text, and no combination of ``unless`` does. A phrase is a run
    of words; a word ending in ``*`` matches any word it begins; ``#NAME>=10`` is a number slot
    compared (``bot/concepts.py``). Content writes rules over concepts (``when``), compiled to these
    groups at load.
    """

    id: str
    all_of: tuple[tuple[str, ...], ...]
    reply: str = "default"
    level: str = "emergency"  # the level of care: "emergency" (now) or "prompt" (today)
    # "symptom" or "event" (something taken): may be denied, settled or hypothetical; "history" (a
    # past cancer): may be denied or hypothetical; "thought" (self-harm): counts however it is told.
    nature: str = "symptom"
    # "message": anywhere in the message; "asked": in a clause the person asks ("how much can my
    # son take"), or anywhere when that clause points at someone else ("how much can he have").
    scope: str = "message"
    either: tuple[tuple[tuple[str, ...], ...], ...] = ()  # further combinations, any of which fires it
    unless: tuple[tuple[tuple[str, ...], ...], ...] = ()  # combinations that, met, keep it from firing
    when: tuple[str, ...] = ()  # the rules as written ("SELF + (ENDING | NOT-GO-ON)"), for /why and docs

    @property
    def combinations(self) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """Every combination of groups that fires the rule: ``all_of`` first, then ``either``."""
        return ((self.all_of,) if self.all_of else ()) + self.either


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
    question_openers: tuple[str, ...] = ()  # words that open a question: "is", "how", "should"
    question_words: tuple[str, ...] = ()  # the openers that ask on their own: "how", "why", "what"
    embedding_words: tuple[str, ...] = ()  # after these a question word is embedded: "that's *why* he"
    relative_words: tuple[str, ...] = ()  # openers that inside a sentence join rather than ask: "which"
    question_subjects: tuple[str, ...] = ()  # what follows an auxiliary that asks: "is *it*", "can *she*"
    subject_groups: tuple[str, ...] = ()  # groups of things asked about: forms ("glycinate")
    subject_names: tuple[str, ...] = ()  # words that name a subject: "glycinate"
    aspect_groups: tuple[str, ...] = ()  # groups of what is asked of them: amounts, safety ("how much")
    profile: dict[str, tuple[str, ...]] = field(default_factory=dict)  # fact -> phrases that tell it
    profile_sex_letters: dict[str, str] = field(default_factory=dict)  # "m" -> "men" ("58M")
    profile_careful: dict[str, str] = field(default_factory=dict)  # fact -> careful situation id
    group_overviews: dict[str, str] = field(default_factory=dict)  # group -> its overview intent
    choice_groups: dict[str, str] = field(default_factory=dict)  # "formchoice" -> "forms": asks to choose among a group
    amount_words: tuple[str, ...] = ()  # canonical words that ask for an amount: "dose", "milligram"
    no_amount_groups: tuple[str, ...] = ()  # groups whose answers give no amounts (studies, mechanisms)
    choice_aspects: tuple[str, ...] = ()  # intents a form is chosen by ("side-effects"): "which form won't ..."
    correction_openers: tuple[str, ...] = ()  # "no I meant", "sorry, for my wife"
    pointing_back: tuple[str, ...] = ()  # "that", "it", "then": a short question leans on the last answer
    switch_markers: tuple[str, ...] = ()  # "and", "what about": a sibling of the last topic is wanted
    incidental_mentions: tuple[str, ...] = ()  # "my physio": who said it, never the subject asked about
    topic_switches: tuple[str, ...] = ()  # "unrelated but", "totally different question": a fresh start
    not_questions: tuple[str, ...] = ()  # an opener that wishes rather than asks: "would love to"
    clause_fillers: tuple[str, ...] = ()  # words a question may hide behind: "ok so is it safe"
    ask_phrases: tuple[str, ...] = ()  # phrases that make a clause an ask: "i was wondering"
    statement_openers: tuple[str, ...] = ()  # how first-person backstory opens: "i", "my", "some background"
    triage_negators: tuple[str, ...] = ()  # "no", "never", "don't have": the next words are denied
    triage_settled: tuple[str, ...] = ()  # "years ago", "my GP knows": a symptom told as settled
    triage_worsening: tuple[str, ...] = ()  # "getting worse", "since this morning": ... unless this
    triage_hypothetical: tuple[str, ...] = ()  # "what happens if": asked about, not happening
    triage_hyperbole: tuple[str, ...] = ()  # "this pain is killing me": masked before rules are read
    pointing_words: tuple[str, ...] = ()  # "he", "she", "him": a question about someone else
    triage_safe: tuple[str, ...] = ()  # "I'm safe", "I called 988": the crisis signposting may end
    triage_denials: tuple[str, ...] = ()  # "... are fine", "... normal": what comes after denies a phrase


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
    careful: tuple[RedFlag, ...] = ()  # situations that get a fixed reply (replies.careful)
    facts: tuple[RedFlag, ...] = ()  # what a person tells of themselves, as rules: "I take naproxen daily"
    number_slots: tuple[NumberSlot, ...] = ()  # the rules' number slots ("8 pills", "I'm 15")
    lexicon_words: frozenset[str] = frozenset()  # every concept word as written: typos are corrected to them
    _intent_index: dict[str, Intent] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # An index built once at load time; the dataclass stays frozen for readers.
        object.__setattr__(self, "_intent_index", {intent.id: intent for intent in self.intents})

    @property
    def faq_intents(self) -> tuple[Intent, ...]:
        """The intents that carry an answer from the article (small talk left out)."""
        return tuple(i for i in self.intents if not i.smalltalk)

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
    #: For urgent replies, the level of care: "emergency" (now) or "prompt" (today); else None.
    triage: str | None = None
    #: Something the person should know about how their message was read (a long one was cut); else None.
    notice: str | None = None

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
            "triage": self.triage,
            "notice": self.notice,
        }
