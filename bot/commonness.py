"""How common an English word is, so that words the content does not know weigh by what they are.

"honestly", "anyway", "reckon" and "lol" say nothing about which question was asked; "gabapentin",
"threonate" or "turmeric" say it may be about something the article does not cover. A flat weight
for every unknown word let filler drown real questions, so the matcher weighs an unknown word by
its Zipf frequency (log10 of uses per billion words; "the" is 7.5, "reckon" 3.5): common words
count little, rare ones fully. The table comes from wordfreq (bot/data/NOTICE-wordfreq.txt) and
is read only when a message first holds a word the content does not know.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from pathlib import Path

__all__ = ["zipf_frequency"]


@lru_cache(maxsize=1)
def _table() -> tuple[list[str], str]:
    text = (Path(__file__).parent / "data" / "english_frequencies.txt").read_text(encoding="ascii")
    words, codes = text.split("\n")[:2]
    return words.split(" "), codes


@lru_cache(maxsize=16384)  # asked of every word of every reading; a few thousand words recur
def zipf_frequency(word: str) -> float:
    """The word's Zipf frequency in English, 3.0 to 8.0 in half steps; 0.0 when rarer or unknown."""
    words, codes = _table()
    index = bisect.bisect_left(words, word)
    if index < len(words) and words[index] == word:
        return 3.0 + (ord(codes[index]) - ord("a")) / 2
    return 0.0
