"""What the person told earlier shapes the reply to a question about them.

After "I'm pregnant", "how much for sciatica?" gets the careful reply, not an adult figure; after
"I'm a man in my sixties", "how much is right for me?" gets the men's amount with a note for each
told fact that matters ("You mentioned kidney disease: ..."). A question in general ("the normal
amount for women") or for themselves after speaking of a child ("should *I* take it") is not
about the one the fact concerns.
"""

from __future__ import annotations

from dataclasses import replace

from .cues import Cues
from .function_words import ENGLISH
from .judging import ANSWER, FALLBACK, Outcome
from .model import RedFlag
from .replies import ReplyBuilder

__all__ = ["ToldFacts", "careful_for_fact"]


def careful_for_fact(vocabulary_careful: dict[str, str], careful: tuple[RedFlag, ...]) -> dict[str, RedFlag]:
    """A fact told earlier that calls for a careful reply to questions about amounts or safety
    (``profile_careful``: pregnancy -> the pregnancy situation)."""
    by_id = {c.id: c for c in careful}
    return {fact: by_id[sid] for fact, sid in vocabulary_careful.items() if sid in by_id}


class ToldFacts:
    """The careful situations the told facts call for, and the words that say who is asked about."""

    def __init__(self, cues: Cues, replies: ReplyBuilder, careful_for_fact: dict[str, RedFlag], *,
                 off: frozenset[str] = frozenset()) -> None:
        self._cues, self._replies, self._careful_for_fact = cues, replies, careful_for_fact
        self._off = off

    def shape(self, outcome: Outcome, asked_words: set[str], facts: set[str]) -> Outcome:
        """The outcome as the told ``facts`` make it, for a message of ``asked_words``."""
        cues = self._cues
        if outcome.rank != ANSWER or outcome.intent is None or not facts:
            return outcome
        about_them = bool((cues.first_person | cues.pointing_words) & asked_words)
        in_general = bool(ENGLISH.in_general & asked_words) and "in_general" not in self._off
        group = cues.group_of.get(outcome.intent)
        for fact in sorted(facts):
            situation = self._careful_for_fact.get(fact)
            # "how much for sciatica?" after "I'm pregnant" is about them, unless in general ("the normal
            # amount for women"); a child's situation is not when they ask for themselves ("should *I*").
            # "what about *me*, I'm his dad" asks for themselves, though "his" points at the child.
            for_self = situation is not None and situation.scope == "asked" and bool(
                cues.first_person & asked_words) and (not cues.pointing_words & asked_words or "me" in asked_words)
            for_self = for_self and "for_self" not in self._off
            if situation is not None and group in cues.aspect_groups | cues.subject_groups and (
                    about_them or not in_general) and not for_self:
                return Outcome(self._replies.careful(situation), FALLBACK, 1.0)
        # "I'm on sertraline, can I take citrate?": a form asked about by someone who told a medicine
        # gets the interactions note, as an amount or a safety question does.
        if group in cues.aspect_groups | cues.subject_groups and about_them:
            return replace(outcome, reply=self._replies.with_fact_notes(outcome.reply, sorted(facts)))
        return outcome
