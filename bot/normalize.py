"""Turn what a person typed into the canonical words the matcher compares.

Questions and patterns go through the same steps, so they meet on equal terms: clean the text
(NFKC, case, control codes, length), split contractions, correct typos against the content's own
vocabulary, fold plurals, then rewrite synonyms and abbreviations to one canonical word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .commonness import zipf_frequency
from .dictation import SoundsLike
from .function_words import ENGLISH
from .model import Content, Vocabulary

__all__ = ["MAX_QUESTION_CHARS", "Analysis", "Normalizer", "clean_text", "inflection_stems", "mostly_other_script",
           "plain_words", "words_of"]

#: Questions are cut to this many characters before any work: nobody's question is longer, and
#: fuzzy scoring cost grows with length.
MAX_QUESTION_CHARS = 500

# ANSI escape sequences (CSI, OSC and two-character ones), then any remaining control character.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: A private-use character: no control-code pass, NFKC or casefold changes it.
_LINE_BREAK = "\ue000"
# Where a number meets its unit ("400mg"): a plain space goes in, with no template to expand per match.
_NUMBER_UNIT = re.compile(r"(?<=\d)(?=[^\W\d_])")
_WORD = re.compile(r"[^\W_]+")
# Each with a piece of text it cannot match without, looked for first: most messages need few.
_CONTRACTIONS = (("can", re.compile(r"\bcan'?t\b"), "can not"), ("won", re.compile(r"\bwon'?t\b"), "will not"),
                 ("shan", re.compile(r"\bshan'?t\b"), "shall not"), ("n't", re.compile(r"n't\b"), " not"),
                 ("'", re.compile(r"'(s|m|re|ve|ll|d)\b"), ""))
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})

#: Words past this many are not matched (a question is shorter; the red-flag net still reads them).
MAX_QUESTION_WORDS = 40

#: A correction of a word at least this long is trusted to carry a match; a shorter one
#: ("flight" -> "fight", "score" -> "sore") only helps a match that rests on other words.
_SURE_CORRECTION = 7

#: A word at least this common in English (Zipf scale, bot/commonness.py) is never a typo of another.
_COMMON_WORD_ZIPF = 4.0

#: Words that open a message only to link it to the one before.
_LINKS = ENGLISH.links

#: Longest synonym phrase, in words, that the rewriter looks for.
_MAX_PHRASE = 5


#: The few emoji people send as a whole reply, read as the words they stand for ("👍" is thanks).
_EMOJI_WORDS = str.maketrans({"\U0001F44D": " thumbs up ", "\U0001F44C": " ok ", "\U0001F64F": " thanks ",
                              "\u2764": " thanks ", "\U0001F44B": " bye "})


def clean_text(text: str, limit: int = MAX_QUESTION_CHARS) -> str:
    """Cut to ``limit`` characters, strip terminal control codes, NFKC-normalise and casefold.

    Every step is skipped where it has nothing to do (most messages are plain ASCII): each
    message is cleaned several times over, once per reading of it.
    """
    text = text[: limit * 2]
    plain = text.isascii()
    if not plain:
        text = text.translate(_EMOJI_WORDS)
    if "\x1b" in text:
        text = _ESCAPES.sub(" ", text)
    if not text.isprintable():
        # Line breaks survive as a sentence end, held by a character no step below changes.
        text = _CONTROLS.sub(" ", text.replace("\n", _LINE_BREAK))
    if not plain:
        text = unicodedata.normalize("NFKC", text)
    text = text[:limit].replace(_LINE_BREAK, "\n").casefold()
    text = text.replace("`", "'") if plain else text.translate(_APOSTROPHES)
    if not plain or any(digit in text for digit in "0123456789"):
        text = _NUMBER_UNIT.sub(" ", text)
    return text


def plain_words(text: str, limit: int = MAX_QUESTION_CHARS) -> list[str]:
    """Words with apostrophes split off ("can't" -> can, t): the form red-flag phrases use."""
    return _WORD.findall(clean_text(text, limit))


@dataclass(frozen=True)
class Analysis:
    """One question, read: what the matcher and the safety net work on."""

    original: str
    raw_words: tuple[str, ...]  # cleaned words before any correction, for out-of-scope terms
    words: tuple[str, ...]  # corrected, before synonyms
    tokens: tuple[str, ...]  # canonical words, after synonyms
    terms: tuple[str, ...]  # canonical words that carry meaning (no stopwords)
    corrections: tuple[tuple[str, str], ...] = ()
    guessed: frozenset[str] = frozenset()  # canonical words that rest on a short word's correction

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


class Normalizer:
    """Reads text with one content pack's vocabulary; immutable and safe to share across threads."""

    def __init__(self, vocabulary: Vocabulary, known_words: Iterable[str]) -> None:
        self._stopwords = vocabulary.stopwords
        known = set(known_words) | set(vocabulary.stopwords)
        for variant, canonical in vocabulary.synonyms.items():
            known.update(variant.split())
            known.update(canonical.split())
        # Canonical words must map to themselves, so "magnesium" is never "corrected".
        self._known = frozenset(w for w in known if w)
        self._choices = sorted(w for w in self._known if len(w) >= 3 and not w.isdigit())
        # A correction keeps the first letter (see _correct): searching only the words that share
        # it makes a question of forty unknown words cost a tenth as much.
        self._by_initial: dict[str, tuple[str, ...]] = {}
        for word in self._choices:
            self._by_initial[word[0]] = (*self._by_initial.get(word[0], ()), word)
        self.correct = lru_cache(maxsize=8192)(self._correct)
        self._sounds = SoundsLike(self._known - set(vocabulary.stopwords), self._known, self)
        # Variants are read the way questions are (plurals folded), so "the runs" still matches
        # once "runs" has become "run".
        self._synonyms: dict[tuple[str, ...], tuple[str, ...]] = {
            tuple(self.correct(w) for w in variant.split()): tuple(canonical.split())
            for variant, canonical in vocabulary.synonyms.items()}
        #: How many words the longest synonym opening with a word has: most words open none.
        self._synonym_sizes: dict[str, int] = {}
        for phrase in self._synonyms:
            self._synonym_sizes[phrase[0]] = max(len(phrase), self._synonym_sizes.get(phrase[0], 0))

    def __getstate__(self) -> dict:
        # The memo of corrections is a per-process cache, not state: leave it out of a pickle.
        state = self.__dict__.copy()
        del state["correct"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.correct = lru_cache(maxsize=8192)(self._correct)

    @property
    def known_words(self) -> frozenset[str]:
        """Every word the content uses, in canonical and variant forms."""
        return self._known

    def is_stopword(self, word: str) -> bool:
        return word in self._stopwords

    def analyse(self, text: str) -> Analysis:
        cleaned = clean_text(text)
        raw = tuple(_WORD.findall(cleaned))
        for needle, pattern, replacement in _CONTRACTIONS:
            if needle in cleaned:
                cleaned = pattern.sub(replacement, cleaned)
        words: list[str] = []
        corrections: list[tuple[str, str]] = []
        shaky: list[int] = []
        for word in self._sounds.rejoin(_WORD.findall(cleaned)[:MAX_QUESTION_WORDS]):
            fixed = self.correct(word)
            if fixed != word and fixed not in inflection_stems(word):
                corrections.append((word, fixed))
                if len(word) < _SURE_CORRECTION:
                    shaky.append(len(words))
            words.append(fixed)
        tokens, guessed = self._rewrite(words, set(shaky))
        # "and how much of that": the word that links a message to the last one says nothing of
        # what it asks, and would only lower its likeness to the patterns.
        while len(tokens) > 1 and tokens[0] in _LINKS:
            tokens = tokens[1:]
        terms = tuple(t for t in tokens if t not in self._stopwords)
        return Analysis(text, raw, tuple(words), tokens, terms, tuple(corrections), frozenset(guessed))

    def _rewrite(self, words: list[str], shaky: set[int] | None = None) -> tuple[tuple[str, ...], set[str]]:
        """Synonyms rewritten, longest phrase first; and the output words that rest on a shaky
        correction (the input positions in ``shaky``)."""
        out: list[str] = []
        guessed: set[str] = set()
        shaky = shaky or set()
        i = 0
        while i < len(words):
            for size in range(min(_MAX_PHRASE, self._synonym_sizes.get(words[i], 0), len(words) - i), 0, -1):
                canonical = self._synonyms.get(tuple(words[i:i + size]))
                if canonical is not None:
                    break
            else:
                size, canonical = 1, (words[i],)
            out.extend(canonical)
            if shaky.intersection(range(i, i + size)):
                sure = {words[j] for j in range(i, i + size) if j not in shaky}
                guessed.update(t for t in canonical if t not in sure)
            i += size
        return tuple(out), guessed

    def _correct(self, word: str) -> str:
        """Map a word to the content's vocabulary: itself, a plain inflection, or its spelling.

        Only words the content does not know are touched, and only to a word within one edit (two
        for words of nine letters or more; a swap of two letters counts as one) that shares the
        first letter, where typos rarely fall. A wrong "correction" changes the question, so short
        words are held to less (see below) and the conversation never lets a match rest on a short
        word's correction alone (``Analysis.guessed``).
        """
        if len(word) < 3 or word.isdigit():
            return word
        for stem in inflection_stems(word):
            if len(stem) >= 3 and stem in self._known:
                return stem
        if word in self._known:
            return word
        if len(word) <= 4:
            # Too short to tell a typo from another word ("mess" is one letter from "meds"): only
            # a swap of letters ("mcuh" -> "much") or, for four letters, a dropped last letter
            # ("nerv" -> "nerve") is trusted.
            near = [c for c, _, _ in process.extract(word, self._choices, scorer=OSA.distance, score_cutoff=1,
                                                     limit=8)
                    if sorted(c) == sorted(word) or (len(word) == 4 and c[:4] == word and len(c) == 5)]
            return near[0] if near and self._may_become(word, near[0]) else word
        allowed = 1 if len(word) <= 8 else 2
        matches = process.extract(word, self._by_initial.get(word[0], ()), scorer=OSA.distance,
                                  score_cutoff=allowed, limit=8)
        for candidate, _, _ in sorted(matches, key=lambda m: (m[1], abs(len(m[0]) - len(word)), m[0])):
            if candidate[0] == word[0]:
                return candidate if self._may_become(word, candidate) else word
        return word

    @staticmethod
    def _may_become(word: str, candidate: str) -> bool:
        # A common English word is what the person meant ("meant" is no typo of "means", nor
        # "brother" of "bother", "infection" of "injection"); only another form of it may stand in
        # ("option" -> "options", "safer" -> "safe").
        return (zipf_frequency(word) < _COMMON_WORD_ZIPF or candidate.startswith(word)
                or word.startswith(candidate))


def inflection_stems(word: str) -> tuple[str, ...]:
    """Plain English inflections of a word, most specific first: the forms a pattern may use.

    "spasming" -> spasm, "relaxes" -> relax, "studies" -> study, "taking" -> take. Only a stem the
    content knows is ever used, so over-eager stripping does no harm.
    """
    stems = []
    if word.endswith("ies"):
        stems.append(word[:-3] + "y")
    if word.endswith("ing") and len(word) > 5:
        base = word[:-3]
        stems += [base, base + "e"] + ([base[:-1]] if len(base) > 2 and base[-1] == base[-2] else [])
    if word.endswith("ed") and len(word) > 4:
        base = word[:-2]
        stems += [base, word[:-1]] + ([base[:-1]] if len(base) > 2 and base[-1] == base[-2] else [])
    if word.endswith("es") and len(word) > 4:
        stems.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        stems.append(word[:-1])
    if word.endswith("ly") and len(word) > 5:
        stems.append(word[:-2])
    if word.endswith("lest") and len(word) > 6:  # gentlest -> gentle, simplest -> simple
        stems.append(word[:-2])
    if word.endswith("ler") and len(word) > 5:  # gentler -> gentle
        stems.append(word[:-1])
    return tuple(stems)


def mostly_other_script(words: tuple[str, ...]) -> bool:
    """Most letters outside the Latin alphabet: a question in a language the content is not in.

    Latin-script languages (Spanish, French) are not caught here; they find no match and get the
    fallback like any other unknown words.
    """
    if all(word.isascii() for word in words):
        return False  # nearly every message: no letter-by-letter look
    letters = [ch for word in words for ch in word if ch.isalpha()]
    foreign = sum(not ("a" <= ch <= "z" or "\u00e0" <= ch <= "\u024f") for ch in letters)
    return bool(letters) and foreign > len(letters) / 2


def words_of(content: Content) -> set[str]:
    """Every word the content uses: the vocabulary typos are corrected towards."""
    words: set[str] = set()
    for intent in content.intents:
        for text in (intent.question, *intent.patterns, *intent.keywords):
            words.update(plain_words(text))
    # A pack whose rules are written over concepts corrects typos towards its lexicons in triage
    # itself (bot/triage.py): the safety words do not shape how questions are matched.
    for flag in content.red_flags if not content.lexicon_words else ():
        for group in flag.all_of:
            for phrase in group:
                words.update(w for w in plain_words(phrase) if len(w) > 3)
    vocabulary = content.vocabulary
    for phrases in (vocabulary.out_of_scope, vocabulary.followup_markers, vocabulary.more_requests,
                    vocabulary.reset_commands):
        for phrase in phrases:
            words.update(phrase.split())
    return words
