"""Recognise messages that are small talk and nothing else ("hi", "cheers, that was useful").

A message is small talk only when its words belong to small-talk patterns (or are stopwords),
allowing one unknown word in a short message: "thanks, and what about citrate?" carries a
question and goes to the matcher instead.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from .model import Intent
from .normalize import Analysis, Normalizer

__all__ = ["SmalltalkMatcher"]

#: How alike (token_set_ratio) the message and a small-talk pattern must be.
SMALLTALK_CUTOFF = 70.0


class SmalltalkMatcher:
    """Small-talk intents and the words they use; read-only after construction."""

    def __init__(self, intents: tuple[Intent, ...], normalizer: Normalizer) -> None:
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

    def match(self, analysis: Analysis) -> tuple[str, float] | None:
        """The small-talk intent and its score (0-1), or None when the message asks something."""
        if not analysis.words or not self._choices:
            return None
        others = [w for w in analysis.words if w not in self._words and not self._normalizer.is_stopword(w)]
        # "thanks a million": one word we don't know, beside a whole small-talk pattern, in a short
        # message is still small talk; a word the content knows in any form ("thanks, and
        # citrate?") never is, nor is "what's the weather", which holds no whole pattern.
        if others:
            present = set(analysis.words)
            if (len(others) > 1 or len(analysis.words) > 5 or others[0] in self._normalizer.vocabulary
                    or not any(words <= present for words in self._pattern_words)):
                return None
        found = process.extractOne(" ".join(analysis.words), self._choices, scorer=fuzz.token_set_ratio,
                                   score_cutoff=SMALLTALK_CUTOFF)
        if found is None:
            return None
        _, score, index = found
        return self._owner[index], score / 100
