"""FAQBot: the one object a frontend needs. Load once, share across threads, open sessions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from .conversation import Session
from .cues import Cues
from .engine import Engine
from .errors import ImmutableError
from .judging import Judge
from .matcher import Matcher
from .model import Content, Reply
from .normalize import Normalizer, words_of
from .pipeline import Pipeline, build_pipeline
from .profile import ProfileReader
from .reading import Reader
from .replies import ReplyBuilder
from .settings import ScoringWeights, Thresholds
from .smalltalk import SmalltalkMatcher
from .triage import Triage
from .turn import TurnReader
from .uncovered import UncoveredSubjects

__all__ = ["FAQBot"]


class FAQBot:
    """A loaded content pack and everything built from it; immutable after loading.

    >>> bot = FAQBot.load()
    >>> bot.ask("how much magnesium for women?").kind
    'answer'
    >>> session = bot.session()
    >>> session.ask("is glycinate a good form").intent
    'glycinate'
    >>> session.ask("and citrate?").intent
    'citrate'
    """

    def __init__(self, content: Content, thresholds: Thresholds | None = None,
                 weights: ScoringWeights | None = None) -> None:
        self.content = content
        self.thresholds = thresholds or Thresholds()
        self.normalizer = Normalizer(content.vocabulary, words_of(content))
        self.reader = Reader(content.vocabulary)
        #: Words that say what a message is about: a statement using none of them is off topic.
        self.topic_words = self.normalizer.known_words - content.vocabulary.generic_words
        #: Each FAQ intent's question, read once: the words a follow-up pointing back at it borrows.
        self.question_terms = {i.id: self.normalizer.analyse(i.question).terms for i in content.faq_intents}
        self.matcher = Matcher(content.faq_intents, self.normalizer, weights)
        vocabulary = content.vocabulary
        self.smalltalk = SmalltalkMatcher(content.intents, self.normalizer,
                                          frozenset(vocabulary.question_openers) | frozenset(vocabulary.ask_phrases))
        self.triage = Triage(content.red_flags, content.vocabulary, content.careful, content.facts,
                             content.number_slots)
        self.profile = ProfileReader(vocabulary.profile, vocabulary.profile_sex_letters, self.triage)
        self.replies = ReplyBuilder(content)
        self.cues = Cues.from_content(content)
        self.uncovered = UncoveredSubjects(content.vocabulary)
        help_answer = content.answers.get("help")
        faq_ids = [i.id for i in content.faq_intents]
        self.default_suggestions: tuple[str, ...] = (
            help_answer.follow_ups if help_answer and help_answer.follow_ups else tuple(faq_ids[:3]))
        #: Each message is read once into a ``Turn``, which every step of the pipeline reads.
        self.turns = TurnReader(self.reader, self.normalizer, self.profile)
        self.engine = Engine(self.normalizer, self.matcher, self.cues, self.thresholds, self.replies,
                             self.uncovered, self.profile, self.question_terms, frozenset(self.topic_words),
                             self.default_suggestions, self.reader.active)
        self.judge = Judge(self.engine)
        self.pipeline: Pipeline = build_pipeline(self, self.engine, self.judge)
        self._loaded = True

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__dict__.get("_loaded"):
            raise ImmutableError(f"FAQBot is immutable after loading; cannot set {name!r}")
        super().__setattr__(name, value)

    @classmethod
    def load(cls, content_dir: str | Path | None = None, thresholds: Thresholds | None = None,
             *, use_cache: bool = False) -> FAQBot:
        """Load and validate a content pack (the bundled article by default).

        Raises ContentError, listing every ``file:line: message``, when the pack is invalid.
        ``use_cache`` keeps the built pack in the user's cache folder (see ``bot.cache``): the
        command line uses it to start fast; a long-running embedder has no need to.
        """
        if not use_cache:
            return cls(_read_pack(content_dir), thresholds)
        from . import __version__
        from .cache import cached
        from .locations import default_content_dir

        directory = Path(content_dir) if content_dir is not None else default_content_dir()
        bot = cached(directory, __version__, lambda: cls(_read_pack(directory)), kind=cls)
        return bot if thresholds is None else cls(bot.content, thresholds)

    def without(self, *rows: str) -> FAQBot:
        """The same pack with these rows of the pipeline switched off (``pipeline.ROWS``): what
        ``benchmarks/ablate.py`` measures each row's worth with. Nothing is read again."""
        from .pipeline import ROWS

        unknown = set(rows) - set(ROWS)
        if unknown:
            raise ValueError(f"unknown pipeline rows: {sorted(unknown)}")
        other = object.__new__(type(self))
        other.__dict__.update({k: v for k, v in self.__dict__.items() if k != "_loaded"})
        engine = replace(self.engine, off=frozenset(rows))
        judge = Judge(engine)
        other.__dict__.update(engine=engine, judge=judge, pipeline=build_pipeline(other, engine, judge),
                              _loaded=True)
        return other

    def ask(self, text: str) -> Reply:
        """One turn with no context."""
        return Session(self).ask(text)

    def session(self, state: dict[str, Any] | None = None) -> Session:
        """A new conversation, or one resumed from ``Session.to_dict()``; raises StateError if bad."""
        return Session(self, state)

    def topics(self) -> list[tuple[str, str]]:
        """(topic, example question) for every FAQ intent, in content order."""
        return [(i.topic, i.question) for i in self.content.faq_intents]

    def known_questions(self) -> list[str]:
        """Every FAQ intent's canonical question, once each: what a frontend may offer as completions."""
        return list(dict.fromkeys(i.question for i in self.content.faq_intents))


def _read_pack(directory: str | Path | None) -> Content:
    # The loader (and PyYAML) is imported only when a pack is really read: a start served from
    # the cache does without them.
    from .content import load_content

    return load_content(directory)
