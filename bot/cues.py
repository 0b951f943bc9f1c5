"""What the conversation reads from content, derived once per pack rather than per question."""

from __future__ import annotations

from dataclasses import dataclass, field

from .function_words import ENGLISH
from .model import Content
from .phrases import PhraseSet

__all__ = ["Cues"]


@dataclass(frozen=True)
class Cues:
    """Topic groups, follow-ups and the words that steer a conversation, ready to look up."""

    same_group: dict[str, frozenset[str]]  # intent -> the other intents of its group
    group_of: dict[str, str]  # intent -> its group
    follow_ups: dict[str, frozenset[str]]  # intent -> its answer's follow-ups
    more_requests: frozenset[str]  # whole messages that ask to go deeper ("tell me more")
    more_asks: frozenset[str]  # their one-word forms ("why", "how")
    more_companions: frozenset[str]  # every word of those phrases ("does", "that", "happen")
    reset_commands: frozenset[str]
    followup_markers: tuple[str, ...]
    correction_openers: tuple[tuple[str, ...], ...] = ()  # "no i meant", as words, longest first
    pointing_back: frozenset[str] = frozenset()  # "that", "then": a question leans on the last answer
    switch_markers: tuple[str, ...] = ()  # "and", "what about": a sibling of the last topic is wanted
    topic_switches: PhraseSet | None = None  # "unrelated but": the last topic is left behind
    closing_smalltalk: frozenset[str] = frozenset({"thanks", "goodbye"})  # may close a statement
    first_person: frozenset[str] = ENGLISH.first_person
    why_words: frozenset[str] = frozenset({"why"})  # canonical: "y", "how come" are rewritten to it
    subject_groups: frozenset[str] = frozenset()  # what is asked about: forms
    aspect_groups: frozenset[str] = frozenset()  # what is asked of it: amounts, safety
    subject_names: frozenset[str] = frozenset()  # words that name a subject: "glycinate"
    generic_words: frozenset[str] = frozenset()  # count towards a score, but carry no match alone
    choice_groups: dict[str, str] = field(default_factory=dict)  # "formchoice" -> the group chosen among
    group_overviews: dict[str, str] = field(default_factory=dict)  # group -> its overview intent
    choice_aspects: frozenset[str] = frozenset()  # intents a form is chosen by ("side-effects")
    no_amount_groups: frozenset[str] = frozenset()  # groups whose answers give no amounts
    amount_asks: PhraseSet = field(default_factory=lambda: PhraseSet(()))  # "what dose": an amount asked
    sexes: frozenset[str] = frozenset()  # the facts that are only a sex ("men", "women")
    pointing_words: frozenset[str] = frozenset()  # "he", "she": a question about someone else
    no_amounts_term: str = "those amounts"  # how a refusal names amounts the answer does not give

    @classmethod
    def from_content(cls, content: Content) -> Cues:
        groups: dict[str, set[str]] = {}
        for intent in content.intents:
            if intent.group:
                groups.setdefault(intent.group, set()).add(intent.id)
        vocabulary = content.vocabulary
        return cls(
            same_group={i.id: frozenset(groups.get(i.group or "", set()) - {i.id}) for i in content.intents},
            group_of={i.id: i.group for i in content.intents if i.group},
            follow_ups={a.intent: frozenset(a.follow_ups) - {a.intent} for a in content.answers.values()},
            more_requests=frozenset(vocabulary.more_requests),
            more_asks=frozenset(m for m in vocabulary.more_requests if " " not in m),
            more_companions=frozenset(w for m in vocabulary.more_requests for w in m.split()),
            reset_commands=frozenset(vocabulary.reset_commands),
            followup_markers=vocabulary.followup_markers,
            correction_openers=tuple(sorted((tuple(o.split()) for o in vocabulary.correction_openers),
                                            key=len, reverse=True)),
            pointing_back=frozenset(vocabulary.pointing_back),
            switch_markers=vocabulary.switch_markers,
            topic_switches=PhraseSet(vocabulary.topic_switches),
            subject_groups=frozenset(vocabulary.subject_groups),
            aspect_groups=frozenset(vocabulary.aspect_groups),
            subject_names=frozenset(vocabulary.subject_names),
            generic_words=vocabulary.generic_words,
            choice_groups=dict(vocabulary.choice_groups),
            group_overviews=dict(vocabulary.group_overviews),
            choice_aspects=frozenset(vocabulary.choice_aspects),
            no_amount_groups=frozenset(vocabulary.no_amount_groups),
            # "what dose did they give the mice" asks an amount; "high dose" only names one.
            amount_asks=PhraseSet(vocabulary.amount_words),
            sexes=frozenset(vocabulary.profile_sex_letters.values()),
            pointing_words=frozenset(vocabulary.pointing_words),
            no_amounts_term=str(content.replies.get("no_amounts_term") or "those amounts"))
