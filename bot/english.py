"""English grammar the concept lexicons lean on: how a word inflects, and numbers written in words.

A lexicon is written in base forms ("take", "tablet", "fall off") and meets every form a person
types ("took", "tablets", "fell off"): the forms are made here once, at load, so no rule lists
them by hand. Numbers are read in digits or words ("8", "eight", "a dozen", "twenty five") so a
rule can compare a count ("10 or more tablets") instead of typing out every number and noun.
No subject words live here: only English.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

__all__ = ["CONTRACTION_STEMS", "FUNCTION_WORDS", "has_number", "inflections", "read_numbers"]

#: Words whose forms are never made: they are grammar, and their "forms" would be other words.
FUNCTION_WORDS = frozenset({
    "a", "an", "the", "i", "me", "my", "mine", "myself", "you", "your", "he", "him", "his", "she", "her",
    "it", "its", "we", "us", "our", "they", "them", "their", "this", "that", "these", "those", "of", "to",
    "in", "on", "at", "by", "for", "with", "from", "up", "down", "off", "out", "over", "into", "onto",
    "and", "or", "but", "not", "no", "nor", "so", "if", "as", "than", "then", "all", "any", "some", "each",
    "both", "every", "is", "am", "are", "was", "were", "be", "been", "being", "do", "does", "did", "done",
    "has", "had", "can", "could", "will", "would", "shall", "should", "may", "might", "must", "t", "s",
    "m", "re", "ve", "ll", "d", "what", "how", "why", "when", "where", "who", "which", "there", "here",
    "too", "very", "just", "only", "own", "more", "most", "much", "many", "one", "ones", "way", "like",
    "about", "after", "before", "again", "ever", "never", "yet", "now", "still", "since", "whole",
    "cannot", "unable", "barely", "hardly", "lower", "last", "tonight", "today",
})
#: The first halves of contractions ("hasn" of "hasn't"): grammar, never a typo of anything.
CONTRACTION_STEMS = frozenset({"hasn", "hadn", "haven", "didn", "doesn", "don", "isn", "aren", "wasn", "weren", "won",
                               "couldn", "shouldn", "wouldn", "mustn", "needn", "ain", "can", "shan"})

#: Irregular verbs: base -> its other forms. Regular forms are made by rule.
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "take": ("took", "taken"), "eat": ("ate", "eaten"), "fall": ("fell", "fallen"),
    "write": ("wrote", "written"), "give": ("gave", "given"), "feel": ("felt",), "lose": ("lost",),
    "leave": ("left",), "drive": ("drove", "driven"), "go": ("went", "gone"), "get": ("got", "gotten"),
    "buy": ("bought",), "think": ("thought",), "tell": ("told",), "say": ("said",), "keep": ("kept",),
    "sleep": ("slept",), "drink": ("drank", "drunk"), "make": ("made",), "find": ("found",),
    "hold": ("held",), "run": ("ran",), "come": ("came",), "throw": ("threw", "thrown"),
    "break": ("broke", "broken"), "hang": ("hung",), "wake": ("woke", "woken"), "bring": ("brought",),
    "swim": ("swam",), "sink": ("sank", "sunk"), "shoot": ("shot",), "stick": ("stuck",),
    "steal": ("stole", "stolen"), "hide": ("hid", "hidden"), "choose": ("chose", "chosen"),
    "bleed": ("bled",), "beat": ("beaten",), "stand": ("stood",), "sit": ("sat",), "lie": ("lay", "lain"),
    "mean": ("meant",), "send": ("sent",), "spend": ("spent",), "begin": ("began", "begun"),
    "swell": ("swollen",), "strike": ("struck", "stricken"), "ring": ("rang", "rung"), "fly": ("flew", "flown"),
    "slide": ("slid",), "tear": ("tore", "torn"), "wear": ("wore", "worn"), "bite": ("bit", "bitten"),
    "sting": ("stung",), "swing": ("swung",), "feed": ("fed",), "speak": ("spoke", "spoken"),
    "forget": ("forgot", "forgotten"), "catch": ("caught",), "teach": ("taught",), "seek": ("sought",),
    "knock": (), "wet": (), "hurt": (), "cut": (), "put": (), "hit": (), "set": (),
    "quit": (), "shut": (), "let": (), "spread": (), "burst": (), "cost": (),
}
_VOWELS = "aeiou"
_PAST_FORMS = frozenset(form for forms in _IRREGULAR.values() for form in forms)

#: Numbers in words; "a dozen", "a couple", "half a dozen" are read as phrases.
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19, "dozen": 12, "couple": 2}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000}
_DIGITS_MAX = 7
_NUMBER_WORDS = frozenset({*_UNITS, *_TENS, *_SCALES})


@lru_cache(maxsize=8192)
def inflections(word: str) -> frozenset[str]:
    """The word and the forms English makes of it (plural, -s, -ed, -ing, irregular past): "take" ->
    took, taken, takes, taking; "pill" -> pills; "stockpile" -> stockpiled, stockpiling. A form no
    one types ("numbed") costs nothing; function words and short words stay as they are."""
    if (word in FUNCTION_WORDS or word in CONTRACTION_STEMS or len(word) < 3 or not word.isalpha()
            or word in _PAST_FORMS):
        return frozenset({word})
    if word not in _IRREGULAR and _already_a_form(word):
        return frozenset({word})  # "numbness", "legs", "suddenly", "tingling": nothing more to make
    forms = {word, *_IRREGULAR.get(word, ())}
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "es")
    elif word.endswith("y") and word[-2] not in _VOWELS:
        forms.update({word[:-1] + "ies", word[:-1] + "ied"})
    else:
        forms.add(word + "s")
    if word.endswith("e"):
        forms.update({word + "d", word[:-1] + "ing"})
    else:
        forms.update({word + "ed", word + "ing"})
        if len(word) <= 5 and word[-1] not in _VOWELS + "wxy" and word[-2] in _VOWELS and word[-3] not in _VOWELS:
            forms.update({word + word[-1] + "ed", word + word[-1] + "ing"})  # stop -> stopped, stopping
    return frozenset(forms)


def _already_a_form(word: str) -> bool:
    """Is the word itself an inflected or derived form? ("bleed", "sting", "apply" are not.)"""
    return ((word.endswith("ing") and len(word) > 5)
            or (word.endswith("ed") and not word.endswith("eed") and len(word) > 4)
            or (word.endswith("ly") and not word.endswith("ply") and len(word) > 5) or word.endswith("ness")
            or (word.endswith("s") and not word.endswith(("ss", "us", "is"))))


def has_number(words: Sequence[str]) -> bool:
    """Is there a number in the words at all? The cheap look before reading them."""
    return any(w.isdigit() or w in _NUMBER_WORDS for w in words)


def read_numbers(words: Sequence[str]) -> Iterator[tuple[int, int, int]]:
    """Every number in the words as (first word, word after it, value): "8", "eight", "a dozen",
    "twenty five", "a hundred", "half a dozen". A number inside a longer one is not read again."""
    i, size = 0, len(words)
    while i < size:
        word = words[i]
        if word.isdigit() and len(word) <= _DIGITS_MAX:
            yield i, i + 1, int(word)
            i += 1
            continue
        start, value, j = i, 0, i
        if word == "half" and tuple(words[i + 1:i + 3]) == ("a", "dozen"):
            yield i, i + 3, 6
            i += 3
            continue
        if word == "a" and i + 1 < size and (words[i + 1] in _SCALES or words[i + 1] in ("dozen", "couple")):
            j += 1  # "a hundred", "a dozen", "a couple"
        if words[j] in _TENS:
            value = _TENS[words[j]]
            j += 1
            if j < size and words[j] in _UNITS and _UNITS[words[j]] < 10:
                value += _UNITS[words[j]]
                j += 1
        elif words[j] in _UNITS:
            value = _UNITS[words[j]]
            j += 1
        elif words[j] in _SCALES and j > i:
            value = 1
        if j < size and words[j] in _SCALES and (value or j > i):
            value = (value or 1) * _SCALES[words[j]]
            j += 1
        if value:
            yield start, j, value
            i = j
        else:
            i += 1
