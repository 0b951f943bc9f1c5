"""The turn as a pipeline you can see: the ordered table of steps every message goes through.

    crisis_in_tail   self-harm thoughts past the part of a long message that is read
    triage           red flags: urgent care first, before anything else is read
    unreadable       nothing in it is a word
    other_script     mostly another script
    reset            "start over"
    picked_option    "2" picks an offered option
    more             "tell me more", "why?": deeper into the last answer
    smalltalk        "thanks", "is this a bot?"
    correction       (reader) "no I meant glycinate": the last question, corrected
    statement        backstory with no question: kept, and the question invited
    careful          pregnancy, a child, a prescribed medicine: the careful reply
    asked            the asked clauses scored, re-ranked and decided (``asking.py``, ``judging.py``)

The safety order is the table's order: a red flag is caught before any command, small talk or
answer; a careful situation before any figure. Inside ``asked``, the rows that move or decide a
clause's candidates are named too (``ROWS``); ``Engine.off`` switches any row off, which is how
``benchmarks/ablate.py`` measures what each is worth.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .asking import ASKING_ROWS
from .conversation_state import Conversation
from .judging import DECISION_ROWS, Judge
from .model import Content, RedFlag, Reply
from .question_steps import Asked, Careful, Correction, Statement
from .replies import ReplyBuilder
from .rerankers import RERANKERS
from .steps import (
    CrisisInTail,
    MoreRequest,
    OtherScript,
    PickedOption,
    RedFlags,
    Reset,
    SmallTalk,
    Unreadable,
)
from .told import ToldFacts, careful_for_fact
from .turn import Turn

if TYPE_CHECKING:
    from .engine import Engine
    from .faqbot import FAQBot

__all__ = ["ROWS", "Pipeline", "Step", "build_pipeline"]

#: A step: decides the turn (a reply) or passes it on (None).
Step = Callable[[Turn, Conversation], "Reply | None"]


@dataclass(frozen=True)
class Pipeline:
    """The steps in order, and what is said when none decides (only when ``asked`` is off)."""

    steps: tuple[Step, ...]
    replies: ReplyBuilder
    defaults: tuple[str, ...]

    def run(self, turn: Turn, conversation: Conversation) -> Reply:
        for step in self.steps:
            reply = step(turn, conversation)
            if reply is not None:
                return reply
        return conversation.offer(self.replies.fallback(0.0, list(self.defaults)))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(getattr(step, "name", "?") for step in self.steps)


def build_pipeline(bot: FAQBot, engine: Engine, judge: Judge) -> Pipeline:
    """The table of steps for one pack, in the safety order; rows named in ``engine.off`` left out."""
    content, replies, cues, defaults = bot.content, engine.replies, engine.cues, engine.defaults
    careful = careful_for_fact(content.vocabulary.profile_careful, content.careful)
    steps: Sequence[Step] = (
        CrisisInTail(bot.triage, replies),
        RedFlags(bot.triage, replies),
        Unreadable(replies, defaults),
        OtherScript(replies, defaults),
        Reset(cues, replies),
        PickedOption(replies),
        MoreRequest(cues, content.answers, replies, defaults),
        SmallTalk(bot.smalltalk, engine.normalizer, cues, replies,
                  closing=cues.closing_smalltalk if engine.on("closing_smalltalk") else frozenset()),
        Correction(cues, judge),
        Statement(bot.reader, bot.triage, replies, engine.topic_words, _kept_situations(content, careful), defaults),
        Careful(bot.triage, replies),
        Asked(judge, ToldFacts(cues, replies, careful, off=engine.off)),
    )
    kept = tuple(s for s in steps if engine.on(getattr(s, "name", "")))
    return Pipeline(kept, replies, defaults)


def _kept_situations(content: Content, careful: dict[str, RedFlag]) -> frozenset[str]:
    """Careful situations a statement keeps as facts for the next question rather than answering now:
    every situation whose reply a told fact gives (a child, pregnancy, being under 18)."""
    kept_replies = {situation.reply for situation in careful.values()}
    return frozenset(c.id for c in content.careful if c.reply in kept_replies)


#: Special cases inside rows, switchable to measure them (see benchmarks/ablate.py).
SPECIAL_CASES = ("in_general", "for_self", "correction_head", "vague_facts", "topic_guards", "topic_aspect",
                 "clause_topic", "choice_aspect", "anchor_lenient", "uncovered_nearest", "closing_smalltalk")

#: Every row that can be switched off: the steps, then the rows inside ``asked``.
ROWS: tuple[str, ...] = (
    *(step.name for step in (CrisisInTail, RedFlags, Unreadable, OtherScript, Reset, PickedOption, MoreRequest,
                             SmallTalk, Correction, Statement, Careful, Asked)),
    *ASKING_ROWS, "told_facts", *(r.name for r in RERANKERS), *DECISION_ROWS,
    *SPECIAL_CASES)
