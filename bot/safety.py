"""The safety net: red-flag messages are caught before any matching and never answered as FAQs."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import RedFlag
from .normalize import Analysis

__all__ = ["RedFlagDetector"]


def _phrase_regex(phrase: str) -> str:
    """A phrase as a regex over space-joined words; ``word*`` matches any word it begins."""
    parts = []
    for word in phrase.split():
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"\S*")
        else:
            parts.append(re.escape(word))
    return r"(?<!\S)" + " ".join(parts) + r"(?!\S)"


def _normalise_phrase(phrase: str) -> str:
    # Phrases are written as people type them ("can't", "self-harm"); read them as the words the
    # message is split into, keeping a trailing * as the prefix marker.
    star = phrase.rstrip().endswith("*")
    words = re.findall(r"[^\W_]+\*?", phrase.casefold())
    text = " ".join(words)
    return text if star or not text.endswith("*") else text


# Contractions typed without the apostrophe, as people in a hurry do: "cant feel", "dont want".
_BARE_CONTRACTIONS = {"cant": "can t", "dont": "don t", "wont": "won t", "didnt": "didn t", "doesnt": "doesn t",
                      "isnt": "isn t", "im": "i m", "ive": "i ve", "havent": "haven t", "cannot": "can not",
                      "couldnt": "couldn t", "wasnt": "wasn t", "arent": "aren t", "shouldnt": "shouldn t"}


def _spell_out(words: tuple[str, ...]) -> str:
    return " ".join(_BARE_CONTRACTIONS.get(w, w) for w in words)


class RedFlagDetector:
    """Compiled red-flag rules; immutable, so one detector serves every thread."""

    def __init__(self, flags: Sequence[RedFlag]) -> None:
        self._rules = []
        for flag in flags:
            groups = []
            for group in flag.all_of:
                alternatives = [_phrase_regex(_normalise_phrase(p)) for p in group if p.strip()]
                if alternatives:
                    groups.append(re.compile("|".join(alternatives)))
            if groups:
                self._rules.append((flag, tuple(groups)))

    def check(self, analysis: Analysis) -> RedFlag | None:
        """The first rule the message trips, read both as typed and with typos corrected."""
        readings = {_spell_out(analysis.raw_words), " ".join(analysis.words)}
        for flag, groups in self._rules:
            for reading in readings:
                if all(group.search(reading) for group in groups):
                    return flag
        return None
