"""The steps that read what the person asks: a correction of the last answer, backstory with no
question, a careful situation, and the asked clauses judged (``asking.py``). Each is
``(turn, conversation) -> reply | None`` like the steps in ``steps.py``."""

from __future__ import annotations

from typing import ClassVar

from .asking import judge_asked
from .conversation_state import Conversation
from .cues import Cues
from .judging import CLARIFY, Judge
from .model import Reply
from .reading import Reader
from .replies import ReplyBuilder
from .told import ToldFacts
from .triage import Triage
from .turn import Turn

__all__ = ["Asked", "Careful", "Correction", "Statement"]


class Correction:
    """A reader: "no I meant glycinate", "sorry, for my wife" is the last question again, for what
    the correction names; the rest of the message is judged in the light of the last topic. It
    writes ``Turn.corrected`` and decides nothing itself: a careful situation still comes first."""

    name: ClassVar[str] = "correction"

    def __init__(self, cues: Cues, judge: Judge) -> None:
        self._openers, self._judge = cues.correction_openers, judge

    def __call__(self, turn: Turn, conversation: Conversation) -> Reply | None:
        last = conversation.last_intent
        if last is None:
            return None
        words = turn.analysis.raw_words  # as typed: "meant" is no typo of "means"
        opener = next((o for o in self._openers if words[:len(o)] == o and len(words) > len(o)), None)
        if opener is None:
            return None
        # "I meant the spray, the one you spritz on your leg": the corrected subject comes first.
        tries = (words[len(opener):], words[len(opener):len(opener) + 3])
        for rest_words in tries if self._judge.engine.on("correction_head") else tries[:1]:
            rest = self._judge.engine.normalizer.analyse(" ".join(rest_words))
            outcome = self._judge.judge(rest, last, follow_up=True, extra={"correction": True}, switch=False)
            if outcome.rank >= CLARIFY:
                turn.corrected = outcome
                return None
        return None


class Statement:
    """Backstory with no question, about something the content knows ("my car makes a noise" is
    not): acknowledge it, keep what it told, and invite the question. A careful situation told in
    it ("I'm going to stop my pregabalin") is not kept for later: it is answered now."""

    name: ClassVar[str] = "statement"

    def __init__(self, reader: Reader, triage: Triage, replies: ReplyBuilder, topic_words: frozenset[str],
                 kept: frozenset[str], defaults: tuple[str, ...]) -> None:
        self._reader, self._triage, self._replies = reader, triage, replies
        self._topic_words, self._kept, self._defaults = topic_words, kept, list(defaults)

    def __call__(self, turn: Turn, conversation: Conversation) -> Reply | None:
        relevant = bool(turn.told) or bool(self._topic_words.intersection(turn.analysis.terms))
        if turn.corrected is not None or not relevant or not self._reader.is_statement(turn.reading):
            return None
        if self._triage.careful(turn.reading, turn.spans, statement=True, kept=self._kept):
            return None
        conversation.keep(turn.told)
        return conversation.offer(self._replies.statement(self._defaults))


class Careful:
    """A situation that needs a careful reply rather than figures: pregnancy, a child, a pet, a
    prescribed medicine ("should I stop my pregabalin", "how much for my 10 year old")."""

    name: ClassVar[str] = "careful"

    def __init__(self, triage: Triage, replies: ReplyBuilder) -> None:
        self._triage, self._replies = triage, replies

    def __call__(self, turn: Turn, conversation: Conversation) -> Reply | None:
        conversation.keep(turn.told)
        situation = self._triage.careful(turn.reading, turn.spans)
        return conversation.offer(self._replies.careful(situation)) if situation is not None else None


class Asked:
    """The asked clauses judged (or the correction's reading), shaped by what the person told."""

    name: ClassVar[str] = "asked"

    def __init__(self, judge: Judge, told: ToldFacts) -> None:
        self._judge, self._told = judge, told

    def __call__(self, turn: Turn, conversation: Conversation) -> Reply | None:
        conversation.keep(turn.told)
        outcome = turn.corrected or judge_asked(self._judge, turn, conversation)
        if self._judge.engine.on("told_facts"):
            outcome = self._told.shape(outcome, set(turn.analysis.words), conversation.facts)
        return conversation.take(outcome.reply, outcome.intent)
