"""Subjects the article does not cover ("does turmeric help", "should I get surgery").

Asked about, they are refused by name; mentioned on the way in the backstory, they are nothing,
which is why only the clauses a person asks are looked at (see ``reading.py``).
"""

from __future__ import annotations

from .model import Vocabulary
from .normalize import Analysis
from .phrases import PhraseSet

__all__ = ["UncoveredSubjects"]

#: How many words an incidental mention ("my physical therapist") may span.
_MAX_MENTION = 4


class UncoveredSubjects:
    """The pack's list of uncovered subjects, searchable in a clause; immutable."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._phrases = PhraseSet(vocabulary.out_of_scope)
        self._labels = vocabulary.out_of_scope_labels
        self._incidental = PhraseSet(vocabulary.incidental_mentions)

    def find(self, analysis: Analysis) -> tuple[str, str] | None:
        """(phrase, name for replies) of the first uncovered subject in the clause, or None.

        The clause is read as typed, corrected and canonical, so "ibuprofen" and "ibuprofin" are
        both found, and so is a subject a synonym rewrote into place.
        """
        for words in (analysis.raw_words, analysis.words, analysis.tokens):
            found = self._phrases.find(self._without_incidental(words))
            if found:
                return found, self._labels.get(found, found)
        return None

    def _without_incidental(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """The words with "my physio", "my GP" blanked: who said something is not what is asked."""
        if not self._incidental:
            return words
        kept = list(words)
        for phrase, start in self._incidental.find_all(words):
            for i in range(start, min(len(kept), start + min(len(phrase.split()), _MAX_MENTION))):
                kept[i] = ""
        return tuple(kept)
