"""Re-rankers: named rows that move the scored candidates of one clause, each saying why.

Every re-ranker has one signature, ``(ranking, query) -> ranking``: the candidates so far and the
clause being judged with what the conversation lends it (the last topic, whether the clause follows
it up or moves to a sibling, whether the person told their situation). Each records in
``Ranking.moves`` why it moved a candidate, and the reply's explanation carries the list. They run
in the order of ``RERANKERS``; ``Engine.off`` switches one off to measure what it is worth.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from .engine import Engine
from .matcher import Candidate
from .normalize import Analysis

__all__ = ["RERANKERS", "Anchor", "Choice", "Context", "Query", "Ranking", "anchored"]


@dataclass(frozen=True)
class Query:
    """One clause to judge, and what the conversation lends it."""

    analysis: Analysis
    last_intent: str | None = None
    follow_up: bool = False  # the clause leans on the last topic
    switch: bool = True  # ... moving to a sibling ("and for men?") rather than deeper into it
    situation: bool = False  # the person told their health situation (a medicine, kidney disease)
    nearby: frozenset[str] = frozenset()  # intents a follow-up may move to


@dataclass(frozen=True)
class Ranking:
    """Candidates best first; the groups a choice must be answered from; why they were moved."""

    candidates: tuple[Candidate, ...]
    chosen: frozenset[str] = frozenset()
    moves: tuple[str, ...] = ()

    def moved(self, candidates: list[Candidate], why: str) -> Ranking:
        before = [c.intent for c in self.candidates]
        after = [c.intent for c in candidates]
        moves = self.moves + ((why,) if before[:3] != after[:3] else ())
        return replace(self, candidates=tuple(candidates), moves=moves)


class Context:
    """A follow-up lifts the last topic's group and its answer's follow-ups; the last topic itself
    is lifted going deeper ("what did they find then?") and held back moving on ("and ...?")."""

    name: ClassVar[str] = "context"

    def __init__(self, engine: Engine) -> None:
        self._cues, self._limits = engine.cues, engine.thresholds

    def __call__(self, ranking: Ranking, query: Query) -> Ranking:
        if not query.follow_up:
            return ranking
        last, limits = query.last_intent, self._limits
        same_group = self._cues.same_group.get(last or "", frozenset())
        follow_ups = self._cues.follow_ups.get(last or "", frozenset())
        lifted = []
        for c in ranking.candidates:
            boost = 0.0
            if c.intent == last:
                boost = -limits.context_boost if query.switch else limits.context_boost
            elif c.intent in same_group:
                boost = limits.context_boost
            if c.intent in follow_ups:
                boost += limits.follow_up_boost
            lifted.append(replace(c, score=max(0.0, min(1.0, c.score + boost))))
        lifted.sort(key=lambda c: (-c.score, c.intent))
        return ranking.moved(lifted, f"context: follows up {last}")


class Choice:
    """ "which form ...": the intents of the group chosen among are lifted. A choice by an aspect
    the forms differ on ("least likely to upset my stomach") is answered with one of the choices:
    the aspect is set back as much and the choices come first. None of this when the person's
    situation is in play, told now or before ("which form is safest with kidney disease")."""

    name: ClassVar[str] = "choice"

    def __init__(self, engine: Engine) -> None:
        self._cues, self._lift, self._profile = engine.cues, engine.thresholds.context_boost, engine.profile
        self._aspect = engine.on("choice_aspect")

    def __call__(self, ranking: Ranking, query: Query) -> Ranking:
        cues, ranked = self._cues, list(ranking.candidates)
        groups = self._chosen_groups(query)
        if not groups or not ranked or cues.group_of.get(ranked[0].intent) in groups:
            return ranking  # nothing to choose among, or the group already leads
        lift = self._lift
        lifted = [replace(c, score=min(1.0, c.score + lift)) if cues.group_of.get(c.intent) in groups else c
                  for c in ranked]
        if ranked[0].intent not in cues.choice_aspects or not self._aspect:
            return ranking.moved(sorted(lifted, key=lambda c: (-c.score, c.intent)), "choice: lifts the choices")
        lifted = [c if cues.group_of.get(c.intent) in groups else replace(c, score=max(0.0, c.score - lift))
                  for c in lifted]
        ordered = sorted(lifted, key=lambda c: (cues.group_of.get(c.intent) not in groups, -c.score, c.intent))
        return replace(ranking.moved(ordered, "choice: chosen by an aspect"), chosen=frozenset(groups))

    def _chosen_groups(self, query: Query) -> set[str]:
        analysis, choice_groups = query.analysis, self._cues.choice_groups
        groups = {choice_groups[t] for t in analysis.tokens if t in choice_groups}
        if groups and (query.situation or any(
                f not in self._cues.sexes for f in self._profile.read(analysis.original, analysis.raw_words))):
            return set()
        return groups


class Anchor:
    """A candidate resting only on generic or guessed words is no candidate at all, unless the
    conversation supplies the topic ("which is better?" after two forms)."""

    name: ClassVar[str] = "anchor"

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def __call__(self, ranking: Ranking, query: Query) -> Ranking:
        lenient = query.nearby if self._engine.on("anchor_lenient") else frozenset()
        kept = [c for c in ranking.candidates
                if anchored(self._engine, c, query.analysis, lenient=c.intent in lenient)]
        if len(kept) == len(ranking.candidates):
            return ranking
        return ranking.moved(kept, "anchor: drops candidates resting on generic or guessed words")


def anchored(engine: Engine, best: Candidate, analysis: Analysis, *, lenient: bool = False) -> bool:
    """Does the match rest on words the person really typed, that say what it is about?

    A short word reached only by typo correction ("flight" -> "fight") is too weak to hang an
    answer or even a "did you mean" on; so are generic words ("how", "help", "recommend": see
    ``generic_words`` in the vocabulary) and a lone common word ("magnesium") next to words the
    content does not know. A question made only of known words is always anchored.
    """
    generic = frozenset() if lenient else engine.cues.generic_words
    typed = [w for w in best.words if w not in analysis.guessed and w not in generic]
    if typed and best.coverage >= engine.thresholds.whole_coverage:
        return True
    return sum(engine.matcher.weight(w) for w in typed) >= engine.thresholds.anchor


#: The re-rankers, in the order they run.
RERANKERS: tuple[type[Context] | type[Choice] | type[Anchor], ...] = (Context, Choice, Anchor)
