"""Find any of many short phrases in a message's words, fast: the red-flag net and the list of
uncovered subjects both ask this of every message before anything else happens.

A phrase is a run of words; a word ending in ``*`` matches any word it begins ("numb*" matches
numbness). Lookup is by the phrase's first word, so the cost follows the message, not the list.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

__all__ = ["PhraseSet", "phrase_words"]

#: A starred word shorter than this is matched exactly: "od*" would match half the dictionary.
_MIN_PREFIX = 3


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A phrase as the words a message is split into ("can't" -> can, t), keeping trailing stars."""
    return tuple(re.findall(r"[^\W_]+\*?", phrase.casefold()))


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*") and len(pattern) > _MIN_PREFIX:
        return word.startswith(pattern[:-1])
    return word == pattern.rstrip("*")


class PhraseSet:
    """An immutable set of phrases, searchable in a sequence of words."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._exact: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        self._prefixed: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for phrase in phrases:
            words = phrase_words(phrase)
            if not words:
                continue
            first = words[0]
            if first.endswith("*") and len(first) > _MIN_PREFIX:
                self._prefixed[first[:_MIN_PREFIX]].append((phrase, words))
            else:
                self._exact[first.rstrip("*")].append((phrase, words))

    def __bool__(self) -> bool:
        return bool(self._exact or self._prefixed)

    def find(self, words: Sequence[str]) -> str | None:
        """The first phrase (as written) found in the words, or None."""
        return next((phrase for phrase, _ in self.find_all(words)), None)

    def find_all(self, words: Sequence[str]) -> Iterator[tuple[str, int]]:
        """Every phrase found, as (phrase, position of its first word), in order of position."""
        for i, word in enumerate(words):
            for entries in (self._exact.get(word), self._prefixed.get(word[:_MIN_PREFIX])):
                for phrase, parts in entries or ():
                    end = i + len(parts)
                    if end <= len(words) and all(map(_word_matches, parts, words[i:end])):
                        yield phrase, i
