"""Words as voice dictation and hurried typing leave them: split ("mag nee zee um", "in
flammation"), joined, or spelled by sound ("absom salt"). A run of up to three words that sounds
like one word the content uses, or joins into it exactly, is read as that word.

Sound is compared with a small phonetic key (English spelling rules: soft c, ph, gh, voiced and
unvoiced pairs, vowels after the first letter dropped), not a dictionary: the content's own words
are the only targets, so nothing outside the pack can be "heard". A run is rewritten only when a
word in it is neither a word of the content nor a common English word ("mag nee zee um": "nee"
and "zee" are neither; "I meant" is no "amount", and "sight effects" stays as typed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .commonness import zipf_frequency

__all__ = ["Corrector", "SoundsLike", "sound_key"]


class Corrector(Protocol):
    """What corrects a typo to a word of the content (``Normalizer``)."""

    def correct(self, word: str) -> str: ...

#: Content words shorter than this are never targets: short keys sound like too much.
_MIN_TARGET = 6
#: A run of at most this many words may be one word split by dictation ("mag nee zee um").
_MAX_RUN = 4
#: A piece of a split word this short may be a word of its own ("mag", "see", "um").
_SHORT_PIECE = 3
#: Keys at least this long may differ by one sound ("kid knees" for "kidneys").
_LOOSE_KEY = 6
#: A single unknown word this common in English (Zipf) is a word, not a mishearing.
_COMMON_ZIPF = 3.0

_SOFT_C = re.compile(r"c(?=[eiy])")
_VOICED = str.maketrans("bdgvzqx", "ptkfskk")
_H_AFTER = re.compile(r"(?<=[^aeiou])h")
_SILENT_E = re.compile(r"(?<=[^aeiou])e$")
_VOWELS = re.compile(r"[aeiouyw]+")
_DOUBLES = re.compile(r"(.)\1+")


def sound_key(word: str) -> str:
    """A rough key of how an English word sounds: consonants by sound, each run of vowels one
    vowel ("sighattic" and "sciatic" both give "satak", "absom" and "epsom" "apsam")."""
    w = word.casefold().replace("ph", "f").replace("gh", "").replace("ck", "k")
    w = _SILENT_E.sub("", _H_AFTER.sub("", _SOFT_C.sub("s", w))).translate(_VOICED).replace("c", "k")
    return _DOUBLES.sub(r"\1", _VOWELS.sub("a", w))


class SoundsLike:
    """The content's longer words by sound; immutable, shared by threads."""

    def __init__(self, content_words: Iterable[str], known: frozenset[str], correct: Corrector) -> None:
        self._known = known
        self._correct = correct  # the normaliser's typo corrector: "gentler" is "gentle", no split
        self._by_key: dict[str, tuple[str, ...]] = {}
        for word in sorted(w for w in content_words if len(w) >= _MIN_TARGET and w.isalpha()):
            key = sound_key(word)
            self._by_key[key] = (*self._by_key.get(key, ()), word)
        self._targets = frozenset(w for words in self._by_key.values() for w in words)
        self._keys = sorted(self._by_key)

    def rejoin(self, words: Sequence[str]) -> list[str]:
        """The words with each split or misheard content word put back together. Only runs of
        pieces that are short or no word at all are looked at, so a plain question costs little."""
        unknown = [w not in self._known for w in words]
        if sum(unknown) < 2 and not any(self._strange(w) for w, u in zip(words, unknown, strict=True) if u):
            return list(words)  # nearly every message: no piece of a split word in it
        piece = [len(w) <= _SHORT_PIECE or (u and self._strange(w)) for w, u in zip(words, unknown, strict=True)]
        out: list[str] = []
        i = 0
        while i < len(words):
            found = None
            # How far a run of pieces reaches from here; a split word has at least two.
            reach = next((n for n in range(min(_MAX_RUN, len(words) - i)) if not piece[i + n]), min(
                _MAX_RUN, len(words) - i))
            if reach >= 2 and any(unknown[i:i + reach]):
                # A run that sounds exactly like a content word beats one that only nearly does.
                runs = [(loose, size) for loose in (False, True) for size in range(reach, 1, -1)]
                for loose, size in runs:
                    found = self._heard(words[i:i + size], loose=loose)
                    if found is not None:
                        out.append(found)
                        i += size
                        break
            if found is None:
                out.append(words[i])
                i += 1
        return out

    def _strange(self, word: str) -> bool:
        """Neither a word of the content nor a common English word: what dictation leaves."""
        return (word not in self._known and zipf_frequency(word) < _COMMON_ZIPF
                and self._correct.correct(word) not in self._known)

    def _syllables(self, run: Sequence[str]) -> bool:
        """A word dictated syllable by syllable: short pieces, two of them no word of the content
        ("mag nee zee um"); "man in" or "it for men" are words."""
        return len(run) >= 2 and all(len(w) <= _SHORT_PIECE for w in run[:2]) and sum(
            w not in self._known for w in run) >= 2

    def _heard(self, run: Sequence[str], *, loose: bool) -> str | None:
        joined = "".join(run)
        # Only a split word: every piece is short ("mag", "um") or no word at all ("flammation",
        # "attica"), so "been bearable" or "gentler on" stay as typed.
        if len(run) < 2 or not joined.isalpha() or len(joined) < _MIN_TARGET or not all(
                len(w) <= _SHORT_PIECE or self._strange(w) for w in run) or not (
                any(self._strange(w) for w in run) or self._syllables(run)):
            return None
        if joined in self._targets:
            return None if loose else joined  # "in flammation"
        key = sound_key(joined)
        heard: tuple[str, ...] = () if loose else self._by_key.get(key, ())
        if loose and len(key) >= _LOOSE_KEY:
            near = process.extractOne(key, self._keys, scorer=OSA.distance, score_cutoff=1)
            heard = tuple(w for w in self._by_key[near[0]] if abs(len(w) - len(joined)) <= 2) if near else ()
        if not heard:
            return None
        best = min(heard, key=lambda w: (OSA.distance(w, joined), w))
        # It must still look like what was typed: within a third of its letters ("see attica").
        return best if OSA.distance(best, joined) <= len(best) // 3 else None
