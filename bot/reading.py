"""Find what a message asks: split it into clauses and tell the questions from the backstory.

People wrap one question in context: their age, how long it has hurt, what the GP or the physio
said, the shop, other treatments tried. That context neither answers nor refuses, so only the
clauses that ask are scored and checked for subjects the article does not cover; a clause just
before a question that leans on it ("Is that normal?") lends its words as context.

A clause asks when it ends in a question mark, opens with a question word ("is", "how", "should")
after any filler ("ok so", "anyway"), or holds an ask phrase ("I was wondering", "any advice",
"I want to know"). The words for each come from the content's vocabulary, so another pack in
another register can say its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .function_words import ENGLISH
from .long_text import MAX_MESSAGE_CHARS
from .model import Vocabulary
from .normalize import clean_text
from .phrases import PhraseSet

__all__ = ["MAX_MESSAGE_CHARS", "Clause", "Reader", "Reading"]

# Sentence ends: a run of . ! ? ; : followed by a space or the end, a blank line, or a dash
# between spaces. A dot inside "2.5" or "e.g" is no end, and neither is a single line break:
# people wrap lines mid-sentence ("my toddler\ngot into my bag\nand swallowed some pills").
_SENTENCE_END = re.compile(r"([.!?;:]+)(?=\s|$)|\n[^\S\n]*\n\s*|\s[-\u2013\u2014]+\s")
_WORDS = re.compile(r"[^\W_]+")
#: Words that join two clauses ("..., and is there a better one").
_JOINERS = "|".join(ENGLISH.joiners)
#: A clause can begin only after a comma or a joining word: a sentence with neither is one clause,
#: and the long clause pattern is not even compiled for it.
_MAY_SPLIT = re.compile(rf",|\s(?:{_JOINERS})\s")

#: Sentences read one by one; the rest of a longer message is read as one more.
MAX_SENTENCES = 40
#: A sentence longer than this many words is read as several.
MAX_SENTENCE_WORDS = 60


#: After a question word mid-sentence, these make it a question: "... guy how *much* do I need".
_WH_NEXT = ENGLISH.question_next
#: One-word statement openers that are pronouns ("i", "my"), not intros ("background", "fyi").
_PRONOUNS = ENGLISH.pronoun_openers

#: Words a clause's opener may hide behind ("ok so is it safe", "anyway does it work").
_MAX_FILLER = 4


@dataclass(frozen=True)
class Clause:
    """One clause as typed, and whether it asks something."""

    text: str
    asks: bool
    sentence: int  # index of the sentence it belongs to


@dataclass(frozen=True)
class Reading:
    """A message cut into clauses; ``asked`` are the ones to answer."""

    clauses: tuple[Clause, ...]

    @property
    def asked(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.asks)

    def sentences(self) -> list[str]:
        """Each sentence's text, its clauses joined again: the span a red-flag rule must fit in."""
        texts: dict[int, list[str]] = {}
        for clause in self.clauses:
            texts.setdefault(clause.sentence, []).append(clause.text)
        # Joined with a comma, so triage still sees where one clause ended.
        return [", ".join(parts) for _, parts in sorted(texts.items())]

    def context_for(self, clause: Clause, sentences: int = 1) -> str:
        """What "that" in a clause can mean: the clauses before it in its sentence, or else the
        ``sentences`` before it (empty for a first clause)."""
        index = next(i for i, c in enumerate(self.clauses) if c is clause)  # equal clauses may repeat
        same = [c.text for c in self.clauses[:index] if c.sentence == clause.sentence]
        before = [c.text for c in self.clauses if clause.sentence - sentences <= c.sentence < clause.sentence]
        return " ".join(same or before)


class Reader:
    """Cuts messages into clauses with one pack's question words; immutable, shared by threads."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._openers = frozenset(vocabulary.question_openers)
        self._fillers = frozenset(vocabulary.clause_fillers)
        self._asks = PhraseSet(vocabulary.ask_phrases)
        self._statement_openers = tuple(tuple(p.split()) for p in vocabulary.statement_openers)
        self._wishes = tuple(tuple(p.split()) for p in vocabulary.not_questions)
        self._subjects = frozenset(vocabulary.question_subjects)
        self._question_words = frozenset(vocabulary.question_words)
        self._embedding = frozenset(vocabulary.embedding_words)
        conjunction = rf"(?:,\s*|\s+)(?:{_JOINERS})\s+"
        wh = "|".join(re.escape(o) for o in vocabulary.question_words) or "(?!)"
        relative = set(vocabulary.relative_words)
        self._relative = frozenset(relative)
        aux = "|".join(re.escape(o) for o in self._openers - set(vocabulary.question_words) - relative) or "(?!)"
        subject = "|".join(re.escape(o) for o in self._subjects) or "(?!)"
        # A new question inside a sentence: "..., and is there a better one", "..., how does it
        # work". A relative "which" or a verb with its subject dropped (", was great for years") is
        # no question, so an auxiliary opens one only with a subject after it.
        opens = rf"(?:(?:{wh})\b|(?:{aux})\s+(?:{subject})\b)"
        asks = "|".join(r"\s+".join(map(re.escape, p.split())) for p in vocabulary.ask_phrases) or "(?!)"
        # ... and so does a comma before an ask: "no swelling or rash, just wondering if ...".
        self._split_source = (rf"(?:{conjunction}|,\s*)(?={opens})|,\s+(?=(?:but|so)\s+)"
                              rf"|,\s*(?=(?:just\s+|and\s+|but\s+|so\s+)?(?:{asks})\b)")
        # In a sentence that ends with a question mark, ", and" before any opener starts another
        # question: "is oxide worth it, and which form is gentlest?", "..., and do baths help?".
        any_opener = "|".join(re.escape(o) for o in self._openers) or "(?!)"
        self._question_split_source = rf"{self._split_source}|,\s*(?:and|or)\s+(?=(?:{any_opener})\b)"

    @property
    def active(self) -> bool:
        """A pack without question words reads every message whole, as before focus existed."""
        return bool(self._openers)

    def read(self, text: str) -> Reading:
        cleaned = clean_text(text, MAX_MESSAGE_CHARS)
        clauses: list[Clause] = []
        for index, (sentence, question_mark) in enumerate(self._sentences(cleaned)):
            source = self._question_split_source if question_mark else self._split_source
            pieces = _clause_pattern(source).split(sentence) if _MAY_SPLIT.search(sentence) else [sentence]
            parts = [p for p in pieces if p and _WORDS.search(p)]
            parts = [q for p in parts for q in self._run_on(p)]
            for position, part in enumerate(parts):
                last = position == len(parts) - 1
                clauses.append(Clause(part.strip(), (question_mark and last) or self._asks_clause(part), index))
        return Reading(tuple(clauses))

    def is_statement(self, reading: Reading) -> bool:
        """Nothing asked, and told in the first person: "Some background: I'm a man in my sixties"."""
        if reading.asked or not reading.clauses:
            return False
        words = _WORDS.findall(reading.clauses[0].text)
        every = [w for c in reading.clauses for w in _WORDS.findall(c.text)]
        # A question word anywhere ("I'm a 40 year old guy how much do I need") is an ask after all.
        if self._question_words.intersection(every):
            return False
        opener = next((p for p in self._statement_openers if tuple(words[:len(p)]) == p), None)
        # "I'm 52 and ..." tells; "i.v. magnesium" does not: a one-word pronoun opener needs a clause
        # after it, while an intro ("background:", "fyi") may stand alone before the telling.
        return opener is not None and len(every) >= 3 and (
            len(opener) > 1 or opener[0] not in _PRONOUNS or len(words) >= 3)

    def _sentences(self, text: str) -> list[tuple[str, bool]]:
        out: list[tuple[str, bool]] = []
        start = 0
        for match in _SENTENCE_END.finditer(text):
            piece = text[start:match.start()]
            if _WORDS.search(piece):
                # Runs of white space become one space: the clause patterns then stay linear.
                out.append((" ".join(piece.split()), "?" in (match.group(1) or "")))
            start = match.end()
        tail = text[start:]
        if _WORDS.search(tail):
            out.append((" ".join(tail.split()), False))
        # An unpunctuated ramble is read in runs of words, so no rule ever scans a thousand words.
        out = [(" ".join(words[i:i + MAX_SENTENCE_WORDS]), mark and i + MAX_SENTENCE_WORDS >= len(words))
               for piece, mark in out for words in [piece.split()] for i in range(0, len(words), MAX_SENTENCE_WORDS)]
        if len(out) > MAX_SENTENCES:
            # A message of hundreds of one-word lines is read as so many sentences, then one more:
            # the work per message stays bounded.
            rest = " ".join(piece for piece, _ in out[MAX_SENTENCES - 1:])
            out = out[:MAX_SENTENCES - 1] + [(rest, out[-1][1])]
        return out

    def _run_on(self, part: str) -> list[str]:
        """Unpunctuated "im on blood pressure meds is magnesium ok": backstory told in the first
        person, then a question word with a subject after it, is two clauses."""
        words = _WORDS.findall(part)
        if not words or not any(tuple(words[:len(p)]) == p for p in self._statement_openers):
            return [part]
        for i in range(3, len(words) - 1):
            follows = words[i + 1] in self._subjects or (words[i] in self._question_words and words[i + 1] in _WH_NEXT)
            if (words[i] in self._openers and words[i] not in self._relative and follows
                    and words[i - 1] not in self._subjects and words[i - 1] not in self._openers
                    and words[i - 1] not in self._embedding):
                cut = [m.end() for m in _WORDS.finditer(part)][i - 1]
                return [part[:cut], part[cut:]]
        return [part]

    def _asks_clause(self, clause: str) -> bool:
        return self._asks_words(_WORDS.findall(clause))

    def _asks_words(self, words: list[str]) -> bool:
        if self._asks.find(words):
            return True
        for i, word in enumerate(words[: _MAX_FILLER + 1]):
            if word in self._openers:
                return not any(tuple(words[i:i + len(p)]) == p for p in self._wishes)
            if word not in self._fillers:
                break
        return False


@lru_cache(maxsize=8)
def _clause_pattern(source: str) -> re.Pattern[str]:
    """The clause-split pattern, compiled when a message first needs it rather than when a pack is
    built or unpickled: compiling it takes longer than answering, and a cached pack holds only the
    source (its unpickler loads only magbot's own classes, never a compiled pattern)."""
    return re.compile(source)
