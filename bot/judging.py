"""Judge one asked clause: answer it, ask which was meant, or refuse, by explicit thresholds.

The conversation hands each clause a person asked (see ``reading.py``) to ``Judge.judge``, which
scores it (the matcher's candidates), lets the re-rankers move them (``rerankers.py``: context,
choice, anchor) and makes the call in one place, ``decide``. Judging is pure, so nothing changes in
a session until a reply is chosen. A tie is never guessed: it becomes "did you mean". A subject the
article does not cover is named and refused, at most offering the nearest answer for the person to
choose knowingly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from .engine import Engine
from .matcher import Candidate
from .model import Reply
from .normalize import Analysis
from .rerankers import RERANKERS, Query, Ranking, anchored

__all__ = ["ANSWER", "CLARIFY", "DECISION_ROWS", "FALLBACK", "UNCOVERED", "Judge", "Outcome"]

#: How outcomes rank when a message asks several things: an answer beats a question back, which
#: beats naming an uncovered subject, which beats the plain fallback.
ANSWER, CLARIFY, UNCOVERED, FALLBACK = 3, 2, 1, 0

#: The rows of ``decide`` that can be switched off, each a special case of the call.
DECISION_ROWS = ("uncovered", "composite", "missing_amount", "overview")


@dataclass(frozen=True)
class Outcome:
    """A reply to one clause, with what it is worth against the replies to the others."""

    reply: Reply
    rank: int
    score: float
    intent: str | None = None  # the intent answered, when the reply is an answer
    evidence: float = 0.0  # weight of the telling words the answer rests on (not generic ones)


class Judge:
    """Scores clauses with one engine; holds no conversation state (it is passed in)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._rerankers = tuple(r(engine) for r in RERANKERS if engine.on(r.name))

    def judge(self, analysis: Analysis, last_intent: str | None, *, follow_up: bool = False,
              extra: dict[str, Any] | None = None, uncovered: bool = True, switch: bool = True,
              situation: bool = False) -> Outcome:
        """The outcome for one analysed clause; ``follow_up`` lets the last topic lend context.

        ``switch``: the follow-up moves to a sibling of the last topic ("and for men?"), so the last
        intent itself is held back; otherwise it goes deeper into it ("what did they find then?")
        and the last intent is lifted. ``uncovered=False`` skips the uncovered-subject check, for
        text that merely lends context. ``situation``: the person told facts about themselves
        earlier (a medicine, kidney disease), which a choice of form must not talk over.
        """
        engine = self.engine
        subject = engine.uncovered.find(analysis) if uncovered and engine.on("uncovered") else None
        if subject is not None:
            return self._uncovered(*subject, analysis)
        extra = extra or {}
        nearby = self._nearby(last_intent) if follow_up else frozenset()
        if follow_up and not switch and last_intent:
            nearby |= {last_intent}  # going deeper: the last topic itself may carry a vague follow-up
        query = Query(analysis, last_intent, follow_up, switch,
                      situation or self.is_situation(extra.get("facts", ())), nearby)
        ranking = Ranking(tuple(engine.matcher.rank(analysis, limit=engine.thresholds.ranked)))
        for rerank in self._rerankers:
            ranking = rerank(ranking, query)
        return self.decide(ranking, query, extra)

    def decide(self, ranking: Ranking, query: Query, extra: dict[str, Any]) -> Outcome:
        """The one call: fall back, answer, answer an aspect of a subject, refuse an amount the
        answer does not give, give a group's overview, or ask which was meant."""
        engine, limits, cues = self.engine, self.engine.thresholds, self.engine.cues
        analysis, ranked, chosen = query.analysis, list(ranking.candidates), ranking.chosen
        # A choice by an aspect ("which form won't give me the runs") is understood when the aspect
        # is: the choice word explains little of the question on its own.
        coverage = max((c.coverage for c in ranked[:limits.leaders]), default=0.0) if chosen else (
            ranked[0].coverage if ranked else 0.0)
        if not ranked or ranked[0].score < limits.clarify or coverage < limits.coverage:
            shown = ranked[:limits.options_shown]
            near = [c.intent for c in shown if c.score >= limits.clarify * limits.near_share]
            score = ranked[0].score if ranked else 0.0
            return Outcome(engine.replies.fallback(score, near or list(engine.defaults)), FALLBACK, score)
        best = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        explanation = {"pattern": best.pattern, "words": list(best.words), "context": query.follow_up,
                       "corrections": dict(analysis.corrections), **extra}
        if ranking.moves:
            explanation["reranked"] = list(ranking.moves)
        composite = self._composite(ranked) if engine.on("composite") else None
        if composite is not None:
            aspect, subject = composite
            reply = engine.replies.aspect_of(aspect.intent, subject.intent, aspect.score,
                                             {**explanation, "pattern": aspect.pattern, "subject": subject.intent})
            return Outcome(reply, ANSWER, aspect.score, aspect.intent, self._evidence(aspect))
        if engine.on("missing_amount") and self._asks_missing_amount(best, analysis):
            return Outcome(engine.replies.out_of_scope(cues.no_amounts_term, [best.intent]), UNCOVERED, 0.0)
        if best.score >= limits.answer and best.score - runner_up >= limits.margin:
            reply = engine.replies.answer(best.intent, best.score, explanation, ranked[1:1 + limits.runners_up])
            return Outcome(reply, ANSWER, best.score, best.intent, self._evidence(best))
        options = [c for c in ranked if c.score >= max(limits.clarify, best.score - limits.options_within)]
        if cues.group_of.get(best.intent) in chosen:
            # "which form is least likely to upset my stomach": the choices are the options.
            options = [c for c in options if cues.group_of.get(c.intent) in chosen]
        overview = self._overview_of(options[:limits.options_shown]) if engine.on("overview") else None
        if overview is not None and (best.score >= limits.answer or chosen):
            # A broad question inside one topic ("is the evidence from animals or humans?") gets
            # that topic's overview rather than "did you mean" between its parts.
            reply = engine.replies.answer(overview.intent, overview.score, explanation,
                                          [c for c in options if c is not overview])
            return Outcome(reply, ANSWER, overview.score, overview.intent, 0.0)  # broad, so not "sure"
        return Outcome(engine.replies.clarify(options[:limits.options_shown], best.score, explanation), CLARIFY,
                       best.score)

    def _uncovered(self, phrase: str, term: str, analysis: Analysis) -> Outcome:
        """Without the uncovered words the question may still plainly be one we know ("can I take
        magnesium with ibuprofen" -> interactions); then we say the subject is not covered and offer
        that answer as an option, so the person chooses it knowingly."""
        engine, limits = self.engine, self.engine.thresholds
        dropped = set(phrase.split())
        rest = replace(analysis, terms=tuple(w for w in analysis.terms if w not in dropped),
                       words=tuple(w for w in analysis.words if w not in dropped))
        ranked = engine.matcher.rank(rest, limit=limits.ranked_uncovered)
        # Offer a nearest answer only when enough of the question is left to know what it is
        # ("where is the nearest hospital" leaves one word: no).
        strong = [c for c in ranked if c.score >= limits.answer and anchored(engine, c, rest)
                  and len(rest.terms) >= limits.uncovered_rest]
        if strong and engine.on("uncovered_nearest"):
            near = [c for c in strong if c.score >= strong[0].score - limits.options_within][:limits.uncovered_offered]
            reply = engine.replies.clarify(near, strong[0].score, {"out_of_scope": term},
                                           header=("out_of_scope_clarify", term))
            return Outcome(reply, UNCOVERED, strong[0].score)
        options = [c.intent for c in ranked[:limits.options_shown] if c.score >= limits.clarify] or list(
            engine.defaults)
        return Outcome(engine.replies.out_of_scope(term, options), UNCOVERED, 0.0)

    def _overview_of(self, options: list[Candidate]) -> Candidate | None:
        """The group overview among options that all belong to that one group, if any."""
        cues = self.engine.cues
        groups = {cues.group_of.get(c.intent) for c in options}
        if len(options) < 2 or len(groups) != 1:
            return None
        overview = cues.group_overviews.get(next(iter(groups)) or "")
        return next((c for c in options if c.intent == overview), None)

    def is_situation(self, facts: Iterable[str]) -> bool:
        """Do these told facts describe the person's health (a medicine, kidney disease,
        pregnancy) rather than only their sex?"""
        return any(fact not in self.engine.cues.sexes for fact in facts)

    def _asks_missing_amount(self, best: Candidate, analysis: Analysis) -> bool:
        """An amount asked of a topic whose answer gives none: "what dose did they give the mice"."""
        cues = self.engine.cues
        return cues.group_of.get(best.intent) in cues.no_amount_groups and cues.amount_asks.find(
            analysis.words) is not None

    def _composite(self, ranked: list[Candidate]) -> tuple[Candidate, Candidate] | None:
        """(aspect, subject) when the question asks an aspect of a subject: "how much glycinate
        should I take", "citrate side effects". The two lead the ranking close together (or the
        subject leads a little), and the aspect rests on words of its own, not only the subject's."""
        cues, limits = self.engine.cues, self.engine.thresholds
        top = ranked[:limits.leaders]
        subjects = [c for c in top if cues.group_of.get(c.intent) in cues.subject_groups]
        aspects = [c for c in top if cues.group_of.get(c.intent) in cues.aspect_groups]
        if not subjects or not aspects or ranked[0] not in (subjects[0], aspects[0]):
            return None
        subject, aspect = subjects[0], aspects[0]
        own = set(aspect.words) - set(subject.words) - cues.generic_words
        # The subject must be named ("glycinate"), not only a kind of thing ("which type has the
        # fewest side effects" compares the forms).
        named = bool(cues.subject_names.intersection(set(subject.words) - set(aspect.words)))
        if (aspect.score >= max(limits.clarify, subject.score - limits.options_within) and own and named
                and subject.score >= limits.clarify):
            return aspect, subject
        return None

    def _evidence(self, candidate: Candidate) -> float:
        generic = self.engine.cues.generic_words
        return sum(self.engine.matcher.weight(w) for w in candidate.words if w not in generic)

    def _nearby(self, last_intent: str | None) -> frozenset[str]:
        """Intents a follow-up may move to: the last topic's group and its answer's follow-ups."""
        if last_intent is None:
            return frozenset()
        cues = self.engine.cues
        return cues.same_group[last_intent] | cues.follow_ups.get(last_intent, frozenset())
