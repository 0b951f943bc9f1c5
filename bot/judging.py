"""Judge one asked clause: answer it, ask which was meant, or refuse, by explicit thresholds.

The conversation hands each clause a person asked (see ``reading.py``) to ``Judge.judge`` and
keeps the best outcome; judging is pure, so nothing changes in a session until a reply is chosen.
A tie is never guessed: it becomes "did you mean". A subject the article does not cover is named
and refused, at most offering the nearest answer for the person to choose knowingly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .matcher import Candidate
from .model import Reply
from .normalize import Analysis
from .phrases import PhraseSet

if TYPE_CHECKING:
    from .faqbot import FAQBot

__all__ = ["Judge", "Outcome"]

#: How outcomes rank when a message asks several things: an answer beats a question back, which
#: beats naming an uncovered subject, which beats the plain fallback.
ANSWER, CLARIFY, UNCOVERED, FALLBACK = 3, 2, 1, 0


@dataclass(frozen=True)
class Outcome:
    """A reply to one clause, with what it is worth against the replies to the others."""

    reply: Reply
    rank: int
    score: float
    intent: str | None = None  # the intent answered, when the reply is an answer
    evidence: float = 0.0  # weight of the telling words the answer rests on (not generic ones)


class Judge:
    """Scores clauses for one bot; holds no conversation state (it is passed in)."""

    def __init__(self, bot: FAQBot) -> None:
        self._bot = bot
        # "what dose did they give the mice" asks an amount; "high dose" only names one.
        self._amount_asks = PhraseSet(bot.content.vocabulary.amount_words)
        self._sexes = frozenset(bot.content.vocabulary.profile_sex_letters.values())

    def judge(self, analysis: Analysis, last_intent: str | None, follow_up: bool,
              extra: dict[str, Any] | None = None, uncovered: bool = True, switch: bool = True,
              situation: bool = False) -> Outcome:
        """The outcome for one analysed clause; ``follow_up`` lets the last topic lend context.

        ``switch``: the follow-up moves to a sibling of the last topic ("and for men?"), so the last
        intent itself is held back; otherwise it goes deeper into it ("what did they find then?")
        and the last intent is lifted. ``uncovered=False`` skips the uncovered-subject check, for
        text that merely lends context. ``situation``: the person told facts about themselves
        earlier (a medicine, kidney disease), which a choice of form must not talk over.
        """
        subject = self._bot.uncovered.find(analysis) if uncovered else None
        if subject is not None:
            return self._uncovered(*subject, analysis)
        return self._match(analysis, last_intent, follow_up, extra or {}, switch, situation)

    def _uncovered(self, phrase: str, term: str, analysis: Analysis) -> Outcome:
        """Without the uncovered words the question may still plainly be one we know ("can I take
        magnesium with ibuprofen" -> interactions); then we say the subject is not covered and offer
        that answer as an option, so the person chooses it knowingly."""
        bot, limits = self._bot, self._bot.thresholds
        dropped = set(phrase.split())
        rest = replace(analysis, terms=tuple(w for w in analysis.terms if w not in dropped),
                       words=tuple(w for w in analysis.words if w not in dropped))
        ranked = bot.matcher.rank(rest)
        # Offer a nearest answer only when enough of the question is left to know what it is
        # ("where is the nearest hospital" leaves one word: no).
        strong = [c for c in ranked if c.score >= limits.answer and self.anchored(c, rest)
                  and len(rest.terms) >= 2]
        if strong:
            near = [c for c in strong if c.score >= strong[0].score - limits.options_within][:2]
            reply = bot.replies.clarify(near, strong[0].score, {"out_of_scope": term},
                                        header=("out_of_scope_clarify", term))
            return Outcome(reply, UNCOVERED, strong[0].score)
        options = [c.intent for c in ranked[:3] if c.score >= limits.clarify] or list(bot.default_suggestions)
        return Outcome(bot.replies.out_of_scope(term, options), UNCOVERED, 0.0)

    def _match(self, analysis: Analysis, last_intent: str | None, follow_up: bool,
               extra: dict[str, Any], switch: bool = True, situation: bool = False) -> Outcome:
        bot, limits = self._bot, self._bot.thresholds
        ranked = bot.matcher.rank(analysis, limit=8)
        nearby = self._nearby(last_intent) if follow_up else frozenset()
        if follow_up and not switch and last_intent:
            nearby |= {last_intent}  # going deeper: the last topic itself may carry a vague follow-up
        if follow_up:
            ranked = self._with_context(ranked, last_intent, switch)
        told = situation or self.is_situation(extra.get("facts", ()))
        ranked, chosen = self._with_choice(ranked, self._chosen_groups(analysis, told))
        # A candidate that rests only on generic or guessed words is no candidate at all, unless
        # the conversation supplies the topic ("which is better?" after two forms).
        ranked = [c for c in ranked if self.anchored(c, analysis, lenient=c.intent in nearby)]
        # A choice by an aspect ("which form won't give me the runs") is understood when the aspect
        # is: the choice word explains little of the question on its own.
        coverage = max((c.coverage for c in ranked[:3]), default=0.0) if chosen else (
            ranked[0].coverage if ranked else 0.0)
        if not ranked or ranked[0].score < limits.clarify or coverage < limits.coverage:
            near = [c.intent for c in ranked[:3] if c.score >= limits.clarify / 2]
            score = ranked[0].score if ranked else 0.0
            return Outcome(bot.replies.fallback(score, near or list(bot.default_suggestions)), FALLBACK, score)
        best = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        explanation = {"pattern": best.pattern, "words": list(best.words), "context": follow_up,
                       "corrections": dict(analysis.corrections), **extra}
        composite = self._composite(ranked)
        if composite is not None:
            aspect, subject = composite
            reply = bot.replies.aspect_of(aspect.intent, subject.intent, aspect.score,
                                          {**explanation, "pattern": aspect.pattern, "subject": subject.intent})
            return Outcome(reply, ANSWER, aspect.score, aspect.intent, self._evidence(aspect))
        if self._asks_missing_amount(best, analysis):
            term = str(bot.content.replies.get("no_amounts_term") or "those amounts")
            return Outcome(bot.replies.out_of_scope(term, [best.intent]), UNCOVERED, 0.0)
        if best.score >= limits.answer and best.score - runner_up >= limits.margin:
            reply = bot.replies.answer(best.intent, best.score, explanation, ranked[1:4])
            return Outcome(reply, ANSWER, best.score, best.intent, self._evidence(best))
        options = [c for c in ranked if c.score >= max(limits.clarify, best.score - limits.options_within)]
        if bot.cues.group_of.get(best.intent) in chosen:
            # "which form is least likely to upset my stomach": the choices are the options.
            options = [c for c in options if bot.cues.group_of.get(c.intent) in chosen]
        overview = self._overview_of(options[:3])
        if overview is None and chosen and best.intent in bot.content.vocabulary.group_overviews.values():
            overview = best  # "which form doesn't give you the runs": the guide to choosing answers
        if overview is not None and (best.score >= limits.answer or chosen):
            # A broad question inside one topic ("is the evidence from animals or humans?") gets
            # that topic's overview rather than "did you mean" between its parts.
            reply = bot.replies.answer(overview.intent, overview.score, explanation,
                                       [c for c in options if c is not overview])
            return Outcome(reply, ANSWER, overview.score, overview.intent, 0.0)  # broad, so not "sure"
        return Outcome(bot.replies.clarify(options[:3], best.score, explanation), CLARIFY, best.score)

    def _overview_of(self, options: list[Candidate]) -> Candidate | None:
        """The group overview among options that all belong to that one group, if any."""
        groups = {self._bot.cues.group_of.get(c.intent) for c in options}
        if len(options) < 2 or len(groups) != 1:
            return None
        overview = self._bot.content.vocabulary.group_overviews.get(next(iter(groups)) or "")
        return next((c for c in options if c.intent == overview), None)

    def _with_choice(self, ranked: list[Candidate], groups: set[str]) -> tuple[list[Candidate], set[str]]:
        """ "which form ...": the intents of the group being chosen among are lifted; and the groups
        the answer must come from (none when the question is not a choice made by an aspect the
        forms differ on, such as interactions or an overdose)."""
        cues = self._bot.cues
        if not groups or not ranked or cues.group_of.get(ranked[0].intent) in groups:
            return ranked, set()  # nothing to choose among, or the group already leads
        lift = self._bot.thresholds.context_boost
        lifted = [replace(c, score=min(1.0, c.score + lift)) if cues.group_of.get(c.intent) in groups else c
                  for c in ranked]
        if ranked[0].intent not in self._bot.content.vocabulary.choice_aspects:
            return sorted(lifted, key=lambda c: (-c.score, c.intent)), set()
        # A choice by an aspect the forms differ on ("least likely to upset my stomach") is
        # answered with one of the choices: the aspect is set back as much, and the choices come
        # first, to be answered or asked back among.
        lifted = [c if cues.group_of.get(c.intent) in groups else replace(c, score=max(0.0, c.score - lift))
                  for c in lifted]
        return sorted(lifted, key=lambda c: (cues.group_of.get(c.intent) not in groups, -c.score, c.intent)), groups

    def is_situation(self, facts: Iterable[str]) -> bool:
        """Do these told facts describe the person's health (a medicine, kidney disease,
        pregnancy) rather than only their sex?"""
        return any(fact not in self._sexes for fact in facts)

    def _chosen_groups(self, analysis: Analysis, told: bool) -> set[str]:
        """The groups a "which form ..." question chooses among; none when the person's situation
        is in play, told now or before ("which form is safest with kidney disease", "I'm on
        warfarin, which form should I take"): that is answered first."""
        choice_groups = self._bot.content.vocabulary.choice_groups
        groups = {choice_groups[t] for t in analysis.tokens if t in choice_groups}
        if groups and (told or self.is_situation(self._bot.profile.read(analysis.original, analysis.raw_words))):
            return set()
        return groups

    def _asks_missing_amount(self, best: Candidate, analysis: Analysis) -> bool:
        """An amount asked of a topic whose answer gives none: "what dose did they give the mice"."""
        vocabulary = self._bot.content.vocabulary
        return (self._bot.cues.group_of.get(best.intent) in vocabulary.no_amount_groups
                and self._amount_asks.find(analysis.words) is not None)

    def _composite(self, ranked: list[Candidate]) -> tuple[Candidate, Candidate] | None:
        """(aspect, subject) when the question asks an aspect of a subject: "how much glycinate
        should I take", "citrate side effects". The two lead the ranking close together (or the
        subject leads a little), and the aspect rests on words of its own, not only the subject's."""
        cues, limits = self._bot.cues, self._bot.thresholds
        top = ranked[:3]
        subjects = [c for c in top if cues.group_of.get(c.intent) in cues.subject_groups]
        aspects = [c for c in top if cues.group_of.get(c.intent) in cues.aspect_groups]
        if not subjects or not aspects or ranked[0] not in (subjects[0], aspects[0]):
            return None
        subject, aspect = subjects[0], aspects[0]
        generic = self._bot.content.vocabulary.generic_words
        own = set(aspect.words) - set(subject.words) - generic
        # The subject must be named ("glycinate"), not only a kind of thing ("which type has the
        # fewest side effects" compares the forms).
        named = bool(self._bot.cues.subject_names.intersection(set(subject.words) - set(aspect.words)))
        if (aspect.score >= max(limits.clarify, subject.score - limits.options_within) and own and named
                and subject.score >= limits.clarify):
            return aspect, subject
        return None

    def _evidence(self, candidate: Candidate) -> float:
        generic = self._bot.content.vocabulary.generic_words
        return sum(self._bot.matcher.weight(w) for w in candidate.words if w not in generic)

    def anchored(self, best: Candidate, analysis: Analysis, lenient: bool = False) -> bool:
        """Does the match rest on words the person really typed, that say what it is about?

        A short word reached only by typo correction ("flight" -> "fight") is too weak to hang an
        answer or even a "did you mean" on; so are generic words ("how", "help", "recommend": see
        ``generic_words`` in the vocabulary) and a lone common word ("magnesium") next to words the
        content does not know. A question made only of known words is always anchored.
        """
        guessed = analysis.guessed
        generic = frozenset() if lenient else self._bot.content.vocabulary.generic_words
        typed = [w for w in best.words if w not in guessed and w not in generic]
        if typed and best.coverage >= 0.99:
            return True
        return sum(self._bot.matcher.weight(w) for w in typed) >= self._bot.thresholds.anchor

    def _nearby(self, last_intent: str | None) -> frozenset[str]:
        """Intents a follow-up may move to: the last topic's group and its answer's follow-ups."""
        if last_intent is None:
            return frozenset()
        cues = self._bot.cues
        return cues.same_group[last_intent] | cues.follow_ups.get(last_intent, frozenset())

    def _with_context(self, ranked: list[Candidate], last_intent: str | None, switch: bool) -> list[Candidate]:
        cues, limits = self._bot.cues, self._bot.thresholds
        same_group = cues.same_group.get(last_intent or "", frozenset())
        follow_ups = cues.follow_ups.get(last_intent or "", frozenset())
        lifted = []
        for c in ranked:
            boost = 0.0
            if c.intent == last_intent:
                # "and ...?" wants something else; "what did they find then?" more of the same.
                boost = -limits.context_boost if switch else limits.context_boost
            elif c.intent in same_group:
                boost = limits.context_boost
            if c.intent in follow_ups:
                boost += limits.follow_up_boost
            lifted.append(replace(c, score=max(0.0, min(1.0, c.score + boost))))
        lifted.sort(key=lambda c: (-c.score, c.intent))
        return lifted
