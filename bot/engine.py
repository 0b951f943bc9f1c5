"""The narrow object the scoring steps are given: what they read, not the whole ``FAQBot``.

A step that judges a clause needs the matcher, the pack's cues and lexicons, the thresholds and
the reply builder; it has no business with the loader, the cache or the frontends. ``off`` names
the rows of the pipeline switched off (``benchmarks/ablate.py`` measures what each is worth).
"""

from __future__ import annotations

from dataclasses import dataclass

from .cues import Cues
from .matcher import Matcher
from .normalize import Normalizer
from .profile import ProfileReader
from .replies import ReplyBuilder
from .settings import Thresholds
from .uncovered import UncoveredSubjects

__all__ = ["Engine"]


@dataclass(frozen=True)
class Engine:
    """Everything a clause is judged with; immutable, shared by every session."""

    normalizer: Normalizer
    matcher: Matcher
    cues: Cues
    thresholds: Thresholds
    replies: ReplyBuilder
    uncovered: UncoveredSubjects
    profile: ProfileReader
    #: Each FAQ intent's question, read once: the words a follow-up pointing back at it borrows.
    question_terms: dict[str, tuple[str, ...]]
    #: Words that say what a message is about: a statement using none of them is off topic.
    topic_words: frozenset[str]
    #: Options offered when there is nothing better to offer.
    defaults: tuple[str, ...]
    #: The pack has question words, so a message is read clause by clause.
    reads_clauses: bool
    #: Names of pipeline rows switched off, for measuring them.
    off: frozenset[str] = frozenset()

    def on(self, row: str) -> bool:
        """Is this row of the pipeline switched on?"""
        return row not in self.off
