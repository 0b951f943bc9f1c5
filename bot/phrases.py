"""Find any of many short phrases in a message's words, fast: the red-flag net and the list of
uncovered subjects both ask this of every message before anything else happens.

A phrase is a run of words; a word ending in ``*`` matches any word it begins ("numb*" matches
numbness). The phrases are a trie of words, so the cost follows the message, not the list.
"""

from __future__ import annotations

import re
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


class _Node:
    """One word of a trie of phrases: the words that may follow, and the phrases that end here."""

    __slots__ = ("ends", "next", "prefixes")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        self.prefixes: Sequence[tuple[str, _Node]] = []  # a starred word: (its first letters, the node after it)
        self.ends: Sequence[str] = []


_NO_WORDS: dict[str, _Node] = {}


def _freeze(root: _Node) -> None:
    """Leaves share one empty mapping and ends and prefixes become tuples: tens of thousands of
    nodes are then a quarter of the objects, which a cached pack loads and frees faster."""
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(node.next.values())
        stack.extend(child for _, child in node.prefixes)
        node.ends = tuple(node.ends) if node.ends else ()
        node.prefixes = tuple(node.prefixes) if node.prefixes else ()
        if not node.next:
            node.next = _NO_WORDS


class PhraseSet:
    """An immutable set of phrases, searchable in a sequence of words.

    The phrases are a trie of words, so a lookup walks only the phrases that start the way the
    message goes on: its cost follows the message, not the tens of thousands of phrases that the
    safety rules are compiled to.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self._root = _Node()
        for phrase in phrases:
            words = phrase_words(phrase)
            if not words:
                continue
            node = self._root
            for text, prefix in (_part(w) for w in words):
                if prefix:
                    found = next((child for pre, child in node.prefixes if pre == text), None)
                    if found is None:
                        found = _Node()
                        node.prefixes = [*node.prefixes, (text, found)]
                    node = found
                else:
                    node = node.next.setdefault(text, _Node())
            node.ends = [*node.ends, phrase]
        _freeze(self._root)
        # A starred first word is looked up by its first letters: most words start no phrase at all.
        self._first_prefixed: dict[str, list[tuple[str, _Node]]] = {}
        for pre, node in self._root.prefixes:
            self._first_prefixed.setdefault(pre[:_MIN_PREFIX], []).append((pre, node))

    def __bool__(self) -> bool:
        return bool(self._root.next or self._root.prefixes)

    def find(self, words: Sequence[str]) -> str | None:
        """The first phrase (as written) found in the words, or None."""
        return next((phrase for phrase, _ in self.find_all(words)), None)

    def find_all(self, words: Sequence[str]) -> Iterator[tuple[str, int]]:
        """Every phrase found, as (phrase, position of its first word), in order of position."""
        size, first, first_prefixed = len(words), self._root.next, self._first_prefixed
        for i, word in enumerate(words):
            child = first.get(word)
            starred = first_prefixed.get(word[:_MIN_PREFIX]) if first_prefixed else None
            if child is None and starred is None:
                continue  # nearly every word starts no phrase
            stack = [(child, i + 1)] if child is not None else []
            if starred:
                stack.extend((node, i + 1) for pre, node in starred if word.startswith(pre))
            while stack:
                node, j = stack.pop()
                for phrase in node.ends:
                    yield phrase, i
                if j < size:
                    following = words[j]
                    nxt = node.next.get(following)
                    if nxt is not None:
                        stack.append((nxt, j + 1))
                    for pre, after in node.prefixes:
                        if following.startswith(pre):
                            stack.append((after, j + 1))
