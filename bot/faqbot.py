"""FAQBot: the one object a frontend needs. Load once, share across threads, open sessions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conversation import Cues, Session, Thresholds
from .errors import ImmutableError
from .matcher import Matcher, ScoringWeights
from .model import Content, Reply
from .normalize import Analysis, Normalizer, plain_words
from .phrases import PhraseSet
from .replies import ReplyBuilder
from .safety import RedFlagDetector
from .smalltalk import SmalltalkMatcher

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
        self.normalizer = Normalizer(content.vocabulary, _content_words(content))
        self.matcher = Matcher(tuple(i for i in content.intents if not i.smalltalk), self.normalizer, weights)
        self.smalltalk = SmalltalkMatcher(content.intents, self.normalizer)
        self.safety = RedFlagDetector(content.red_flags)
        self.replies = ReplyBuilder(content)
        self.cues = Cues.from_content(content)
        help_answer = content.answers.get("help")
        faq_ids = [i.id for i in content.intents if not i.smalltalk]
        self.default_suggestions: tuple[str, ...] = (
            help_answer.follow_ups if help_answer and help_answer.follow_ups else tuple(faq_ids[:3]))
        self._out_of_scope = PhraseSet(content.vocabulary.out_of_scope)
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

    def ask(self, text: str) -> Reply:
        """One turn with no context."""
        return Session(self).ask(text)

    def session(self, state: dict[str, Any] | None = None) -> Session:
        """A new conversation, or one resumed from ``Session.to_dict()``; raises StateError if bad."""
        return Session(self, state)

    def topics(self) -> list[tuple[str, str]]:
        """(topic, example question) for every FAQ intent, in content order."""
        return [(i.topic, i.question) for i in self.content.intents if not i.smalltalk]

    def known_questions(self) -> list[str]:
        """Every canonical question and pattern: what a frontend may offer as completions."""
        seen: dict[str, None] = {}
        for intent in self.content.intents:
            if not intent.smalltalk:
                seen[intent.question] = None
        return list(seen)

    def uncovered_subject(self, analysis: Analysis) -> tuple[str, str] | None:
        """(phrase, name for replies) of the first subject the content says it does not cover."""
        for words in (analysis.raw_words, analysis.words, analysis.tokens):
            found = self._out_of_scope.find(words)
            if found:
                return found, self.content.vocabulary.out_of_scope_labels.get(found, found)
        return None


def _read_pack(directory: str | Path | None) -> Content:
    # The loader (and PyYAML) is imported only when a pack is really read: a start served from
    # the cache does without them.
    from .content import load_content

    return load_content(directory)


def _content_words(content: Content) -> set[str]:
    """Every word the content uses: the vocabulary typos are corrected towards."""
    words: set[str] = set()
    for intent in content.intents:
        for text in (intent.question, *intent.patterns, *intent.keywords):
            words.update(plain_words(text))
    for flag in content.red_flags:
        for group in flag.all_of:
            for phrase in group:
                words.update(w for w in plain_words(phrase) if len(w) > 3)
    vocabulary = content.vocabulary
    for phrases in (vocabulary.out_of_scope, vocabulary.followup_markers, vocabulary.more_requests,
                    vocabulary.reset_commands):
        for phrase in phrases:
            words.update(phrase.split())
    return words
