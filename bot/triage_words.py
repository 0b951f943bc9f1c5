"""How triage reads the words of a span: contractions typed without the apostrophe spelled out,
and where a new clause about the person starts, so a negator or a qualifier stays in its clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .commonness import zipf_frequency
from .english import CONTRACTION_STEMS
from .normalize import Normalizer, plain_words
from .reading import MAX_MESSAGE_CHARS

__all__ = ["ASKING", "BOUNDARIES", "CLAUSE_MARK", "Lexicon", "SpanReadings", "spell_out", "starts_clause"]

#: A word shorter than this is never corrected towards a lexicon word: "od" is not "of".
_MIN_TYPO = 4
#: How many new words of one span are looked up as possible typos (a message is a few dozen words).
_FRESH_PER_SPAN = 8
#: How many words' corrections are kept.
_WORDS_KEPT = 8192
#: How many spans' corrections are kept: the steps of a turn read the same spans.
_TEXTS_KEPT = 512

_CLAUSE_BREAKS = re.compile(r"[,;()]")

#: A comma, semicolon or bracket, kept as a word so that readings know where a clause ends.
CLAUSE_MARK = "xxclause"
#: Words that start another clause: a negator or a qualifier before them belongs to that other
#: clause ("no pain *but* I can't feel my groin", "sciatica for years *and* I can't pee").
BOUNDARIES = frozenset({CLAUSE_MARK, "but", "and", "so", "though", "although", "yet", "because", "then",
                        "now", "except"})
#: Words that open a question after a comma: what comes after asks about what came before.
_QUESTION_STARTS = frozenset({"what", "how", "why", "when", "is", "are", "does", "do", "can", "could", "should",
                              "would", "will", "any", "anything"})
#: Words that make what follows a phrase a question about it, not a denial: "is *that* normal?".
ASKING = frozenset({"that", "this", "it", "anything", "something", "what", "how", "why"})

# Contractions typed without the apostrophe, as people in a hurry do: "cant feel", "dont want".
_BARE_CONTRACTIONS = {"cant": ("can", "t"), "dont": ("don", "t"), "wont": ("won", "t"), "didnt": ("didn", "t"),
                      "doesnt": ("doesn", "t"), "isnt": ("isn", "t"), "im": ("i", "m"), "ive": ("i", "ve"),
                      "havent": ("haven", "t"), "cannot": ("can", "not"), "couldnt": ("couldn", "t"),
                      "wasnt": ("wasn", "t"), "arent": ("aren", "t"), "shouldnt": ("shouldn", "t"),
                      "hasnt": ("hasn", "t"), "hadnt": ("hadn", "t"), "werent": ("weren", "t"),
                      "wouldnt": ("wouldn", "t"), "mustnt": ("mustn", "t"), "neednt": ("needn", "t")}


def spell_out(words: Sequence[str]) -> tuple[str, ...]:
    """Bare contractions as the apostrophe would have split them: "cant" -> can, t."""
    out: list[str] = []
    for word in words:
        out.extend(_BARE_CONTRACTIONS.get(word, (word,)))
    return tuple(out)


def starts_clause(words: tuple[str, ...], i: int) -> bool:
    """Does a new clause about the person start at ``words[i]``? "..., *and I* can't pee", "*but*
    ...": a qualifier told before it ("for years", "my GP knows") belongs to the clause before.
    A comma or an "and" on its own ("... surgery, all recovered fully") joins, it does not part."""
    if words[i] == "but":
        return True
    following = words[i + 1] if i + 1 < len(words) else ""
    if words[i] == CLAUSE_MARK and following in _QUESTION_STARTS:
        return True  # "I took 20 tablets, what are the symptoms?" asks after telling
    return words[i] in BOUNDARIES and following == "i"


class SpanReadings:
    """A turn's sentences as the red-flag rules read them: the words as typed, and with typos
    corrected. Each text is read once per turn: triage and the careful situations read the same
    sentences. One per turn, so one thread's.
    """

    def __init__(self, normalizer: Normalizer) -> None:
        self._normalizer = normalizer
        self._read: dict[str, tuple[tuple[str, ...], ...]] = {}

    def __call__(self, text: str) -> tuple[tuple[str, ...], ...]:
        known = self._read.get(text)
        if known is None:
            known = self._read[text] = self._read_words(text)
        return known

    def _read_words(self, text: str) -> tuple[tuple[str, ...], ...]:
        # Commas and brackets stay as a word, so a denial or a qualifier does not reach across them.
        raw = tuple(plain_words(_CLAUSE_BREAKS.sub(f" {CLAUSE_MARK} ", text), MAX_MESSAGE_CHARS))
        fixed = tuple(self._typo_fixed(w) for w in raw)
        return (raw,) if fixed == raw else (raw, fixed)

    def _typo_fixed(self, word: str) -> str:
        """A word's correction, only when it is no English word and one edit away ("numbnes"):
        "shoveling" is not "shivering", nor "swears" "sweats", nor "bottles" "the bottle"."""
        if word in self._normalizer.known_words or zipf_frequency(word) > 0:
            return word
        fixed = self._normalizer.correct(word)
        return fixed if OSA.distance(word, fixed) <= 1 else word


Readings = Callable[[str], Sequence[tuple[str, ...]]]


class Lexicon:
    """The safety rules' own words, and each typo's correction towards them: "acident" ->
    accident, "swallowd" -> swallowed. Only a word that is no English word at all is corrected,
    and only by one edit, so "hole" stays "hole" and "bottles" stays "bottles"."""

    def __init__(self, words: Iterable[str]) -> None:
        self._words = frozenset(words)
        # One edit changes a word's length by one at most: only words of a near length are compared.
        self._by_length: dict[int, list[str]] = {}
        for w in sorted(w for w in self._words if len(w) >= _MIN_TYPO and w.isalpha()):
            self._by_length.setdefault(len(w), []).append(w)
        self._fixed: dict[str, str] = {}  # word -> its correction; a dict write is atomic
        self._texts: dict[tuple[str, ...], tuple[str, ...]] = {}  # a span's words, corrected

    def fixed(self, words: tuple[str, ...]) -> tuple[str, ...]:
        known = self._texts.get(words)
        if known is None:
            if len(self._texts) > _TEXTS_KEPT:
                self._texts.clear()
            budget = [_FRESH_PER_SPAN]
            known = self._texts[words] = tuple(self._fix(w, budget) for w in words)
        return known

    def _fix(self, word: str, budget: list[int]) -> str:
        known = self._fixed.get(word)
        if known is not None:
            return known
        fixed = word
        if (len(word) >= _MIN_TYPO and word.isalpha() and word not in self._words and word not in CONTRACTION_STEMS
                and zipf_frequency(word) == 0):
            if budget[0] <= 0:
                return word  # a span of hundreds of made-up words: a few are looked at, not all
            budget[0] -= 1
            # Among words one edit away, the longer: a letter left out is the commonest slip.
            choices = [w for size in (len(word) - 1, len(word), len(word) + 1) for w in self._by_length.get(size, ())]
            near = process.extract(word, choices, scorer=OSA.distance, score_cutoff=1, limit=8)
            fixed = min(near, key=lambda m: (m[1], -len(m[0]), m[0]))[0] if near else word
        if len(self._fixed) > _WORDS_KEPT:
            self._fixed.clear()  # a long-running service meets endless new words: the table stays small
        self._fixed[word] = fixed
        return fixed

    def readings(self, readings_of: Readings) -> Readings:
        """``readings_of`` with one more reading where a typo of a rule word is corrected."""
        def read(text: str) -> Sequence[tuple[str, ...]]:
            found = readings_of(text)
            fixed = self.fixed(found[0]) if found else ()
            return found if not found or fixed in found else (*found, fixed)
        return read
