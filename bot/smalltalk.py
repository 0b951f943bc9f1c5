"""Recognise messages that are small talk and nothing else ("hi", "cheers, that was useful").

A message is small talk only when it holds a whole small-talk pattern and little else:
"thanks, and what about citrate?" carries a question and goes to the matcher instead.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from .model import Intent
from .normalize import Analysis, Normalizer
from .settings import SMALLTALK_CUTOFF

__all__ = ["SmalltalkMatcher"]


class SmalltalkMatcher:
    """Small-talk intents and the words they use; read-only after construction."""

    def __init__(self, intents: tuple[Intent, ...], normalizer: Normalizer,
                 question_words: frozenset[str] = frozenset()) -> None:
        self._question_words = question_words
        self._choices: dict[int, str] = {}
        self._owner: dict[int, str] = {}
        self._pattern_words: list[frozenset[str]] = []
        words: set[str] = set()
        for intent in intents:
            if not intent.smalltalk:
                continue
            for pattern in intent.patterns:
                analysis = normalizer.analyse(pattern)
                index = len(self._choices)
                self._choices[index] = " ".join(analysis.words)
                self._owner[index] = intent.id
                self._pattern_words.append(frozenset(analysis.words))
                words.update(analysis.words)
        self._words = frozenset(words)
        self._normalizer = normalizer

    def match(self, analysis: Analysis, *, asks: bool = False) -> tuple[str, float] | None:
        """The small-talk intent and its score (0-1), or None when the message asks something.

        The message must hold a whole small-talk pattern ("how?" does not hold "how are you"),
        and nothing else but stopwords and, in a short message, one word the content does not
        know ("thanks a million"); a word the content knows in any form ("thanks, and citrate?")
        makes it a question. A message that ``asks`` something ("ok so how should I start") is small
        talk only through a pattern that is itself a question ("how are you", "what can you do").
        """
        present = set(analysis.words)
        meaningful = {w for w in present if not self._normalizer.is_stopword(w)}
        whole = [i for i, words in enumerate(self._pattern_words) if words and words <= present
                 and (not asks or words & self._question_words or meaningful <= words)]
        if not whole:
            return None
        others = [w for w in analysis.words if w not in self._words and not self._normalizer.is_stopword(w)]
        if others and (len(others) > 1 or len(analysis.words) > 5 or others[0] in self._normalizer.known_words):
            return None
        text = " ".join(analysis.words)
        found = process.extractOne(text, {i: self._choices[i] for i in whole}, scorer=fuzz.token_set_ratio,
                                   score_cutoff=SMALLTALK_CUTOFF)
        if found is None:
            return None
        _, score, index = found
        return self._owner[index], score / 100
