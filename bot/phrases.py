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


#: A phrase's word, ready to compare: (text, whether it matches any word it begins).
_Part = tuple[str, bool]


def _part(pattern: str) -> _Part:
    if pattern.endswith("*") and len(pattern) > _MIN_PREFIX:
        return pattern[:-1], True
    return pattern.rstrip("*"), False


def _matches(parts: tuple[_Part, ...], words: Sequence[str], start: int) -> bool:
    for offset, (text, prefix) in enumerate(parts):
        word = words[start + offset]
        if not (word.startswith(text) if prefix else word == text):
            return False
    return True


class PhraseSet:
    """An immutable set of phrases, searchable in a sequence of words."""

    def __init__(self, phrases: Iterable[str]) -> None:
        # First word -> (phrase, its other words); the first word itself is settled by the lookup
        # (exactly, or for a starred first word by its first letters and a startswith check).
        self._exact: dict[str, list[tuple[str, tuple[_Part, ...]]]] = defaultdict(list)
        self._prefixed: dict[str, list[tuple[str, tuple[_Part, ...]]]] = defaultdict(list)
        self._pairs: dict[tuple[str, str], list[tuple[str, tuple[_Part, ...]]]] = defaultdict(list)
        for phrase in phrases:
            words = phrase_words(phrase)
            if not words:
                continue
            parts = tuple(_part(w) for w in words)
            if parts[0][1]:
                self._prefixed[parts[0][0][:_MIN_PREFIX]].append((phrase, parts))
            elif len(parts) > 1 and not parts[1][1]:
                # Indexed by its first two words: "can t feel" is looked at only after "can t".
                self._pairs[(parts[0][0], parts[1][0])].append((phrase, parts[2:]))
            else:
                self._exact[parts[0][0]].append((phrase, parts[1:]))

    def __bool__(self) -> bool:
        return bool(self._exact or self._prefixed or self._pairs)

    def find(self, words: Sequence[str]) -> str | None:
        """The first phrase (as written) found in the words, or None."""
        return next((phrase for phrase, _ in self.find_all(words)), None)

    def find_all(self, words: Sequence[str]) -> Iterator[tuple[str, int]]:
        """Every phrase found, as (phrase, position of its first word), in order of position."""
        size = len(words)
        exact, prefixed, pairs = self._exact, self._prefixed, self._pairs
        for i, word in enumerate(words):
            for phrase, rest in exact.get(word, ()):
                if not rest or (i + 1 + len(rest) <= size and _matches(rest, words, i + 1)):
                    yield phrase, i
            if pairs and i + 1 < size:
                for phrase, rest in pairs.get((word, words[i + 1]), ()):
                    if not rest or (i + 2 + len(rest) <= size and _matches(rest, words, i + 2)):
                        yield phrase, i
            if prefixed:
                for phrase, parts in prefixed.get(word[:_MIN_PREFIX], ()):
                    if i + len(parts) <= size and _matches(parts, words, i):
                        yield phrase, i
