"""Score the content's intents against one analysed question.

Two signals are combined for every pattern:
- a weighted word overlap (an F1 of "how much of the question does this intent explain" and "how
  much of this pattern is in the question"), where each word weighs by how few intents use it, so
  glycinate/citrate/oxide or men/women decide and "magnesium" barely counts; words the content
  has never seen weigh heavily, so "how much melatonin a day" does not pass for a dose question;
- rapidfuzz's token_sort_ratio between the whole canonical question and pattern (stopwords
  included), which rewards questions phrased like a pattern: "what is sciatica" is nearer
  "what is the sciatic nerve" than "how do you get sciatica", though both share one content word.
An intent scores its best pattern, plus a share when one of its keywords is in the question; the
weights add up to 1, so a score is a confidence between 0 and 1.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .model import Intent
from .normalize import Analysis, Normalizer

__all__ = ["Candidate", "Matcher", "ScoringWeights"]


@dataclass(frozen=True)
class ScoringWeights:
    """How the signals are mixed; documented in docs/matching.md."""

    overlap: float = 0.65  # weighted word-overlap F1
    fuzzy: float = 0.25  # token_sort_ratio / 100 over all canonical words, stopwords included
    keyword: float = 0.10  # one of the intent's keywords is in the question
    unknown_word_weight: float = 2.0  # a word the content never uses
    fuzzy_cutoff: float = 40.0  # below this the fuzzy signal counts as zero
    beta: float = 0.75  # < 1 favours precision: every word the person typed should be explained


@dataclass(frozen=True)
class Candidate:
    """One intent's best showing for a question, with what made it."""

    intent: str
    score: float
    pattern: str
    words: tuple[str, ...]
    coverage: float = 1.0  # share of the question's word weight this intent explains


@dataclass(frozen=True)
class _Pattern:
    intent: str
    text: str
    tokens: frozenset[str]
    weight: float


class Matcher:
    """Ranks intents; built once per content pack and read-only afterwards."""

    def __init__(self, intents: tuple[Intent, ...], normalizer: Normalizer,
                 weights: ScoringWeights | None = None) -> None:
        self.weights = weights or ScoringWeights()
        self._normalizer = normalizer
        vocab: dict[str, set[str]] = defaultdict(set)
        raw_patterns: list[tuple[str, str, frozenset[str]]] = []
        full_texts: list[str] = []
        self._keywords: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for intent in intents:
            for text in (intent.question, *intent.patterns):
                analysis = normalizer.analyse(text)
                tokens = frozenset(analysis.content)
                if tokens:
                    raw_patterns.append((intent.id, text, tokens))
                    full_texts.append(analysis.text)
                    vocab[intent.id] |= tokens
            for keyword in intent.keywords:
                tokens = normalizer.analyse(keyword).content
                if tokens:
                    self._keywords[intent.id].append(tokens)
                    vocab[intent.id].update(tokens)
        self._vocab = {intent_id: frozenset(words) for intent_id, words in vocab.items()}
        document_frequency: dict[str, int] = defaultdict(int)
        for words in self._vocab.values():
            for word in words:
                document_frequency[word] += 1
        count = max(len(self._vocab), 1)
        self._weight = {w: math.log(1 + count / df) for w, df in document_frequency.items()}
        self._patterns = [_Pattern(i, text, tokens, self._sum(tokens)) for i, text, tokens in raw_patterns]
        self._choices = {index: text for index, text in enumerate(full_texts)}
        self._index: dict[str, list[int]] = defaultdict(list)
        for index, pattern in enumerate(self._patterns):
            for token in pattern.tokens:
                self._index[token].append(index)

    @property
    def known_words(self) -> frozenset[str]:
        return frozenset(self._weight)

    def weight(self, word: str) -> float:
        # Unknown short words are mostly slang and filler ("mate", "nah"); unknown long ones are
        # mostly a subject we do not cover ("melatonin"), which must weigh against a match.
        if word in self._weight:
            return self._weight[word]
        return self.weights.unknown_word_weight / (2 if len(word) <= 4 else 1)

    def _sum(self, words: frozenset[str] | set[str]) -> float:
        return sum(self.weight(w) for w in words)

    def rank(self, analysis: Analysis, limit: int = 5) -> list[Candidate]:
        """Intents best first, each with its best pattern; empty when nothing relates at all."""
        query = frozenset(analysis.content)
        if not query:
            return []
        total = self._sum(query)
        candidates = {i for word in query for i in self._index.get(word, ())}
        if not candidates:
            return []
        fuzzy = self._fuzzy_scores(analysis.text)
        best: dict[str, Candidate] = {}
        explained: dict[str, float] = {}
        for index in candidates:
            pattern = self._patterns[index]
            if pattern.intent not in explained:
                explained[pattern.intent] = self._sum(query & self._vocab[pattern.intent]) / total
            shared = query & pattern.tokens
            recall = self._sum(shared) / pattern.weight
            precision = explained[pattern.intent]
            overlap = _f_beta(precision, recall, self.weights.beta)
            score = self.weights.overlap * overlap + self.weights.fuzzy * fuzzy.get(index, 0.0)
            if pattern.intent not in best or score > best[pattern.intent].score:
                best[pattern.intent] = Candidate(pattern.intent, score, pattern.text, tuple(sorted(shared)),
                                                 precision)
        ranked = []
        tokens = analysis.content
        for candidate in best.values():
            bonus = self.weights.keyword if self._has_keyword(candidate.intent, tokens) else 0.0
            score = candidate.score + bonus
            ranked.append(Candidate(candidate.intent, score, candidate.pattern, candidate.words,
                                    candidate.coverage))
        ranked.sort(key=lambda c: (-c.score, c.intent))
        return ranked[:limit]

    def _fuzzy_scores(self, query: str) -> dict[int, float]:
        found = process.extract(query, self._choices, scorer=fuzz.token_sort_ratio,
                                score_cutoff=self.weights.fuzzy_cutoff, limit=None)
        return {index: score / 100 for _, score, index in found}

    def _has_keyword(self, intent_id: str, words: tuple[str, ...]) -> bool:
        # A keyword of several words counts when all of them are in the question, in any order:
        # "dose sciatica" catches "how big a dose for my sciatica".
        present = set(words)
        return any(present.issuperset(keyword) for keyword in self._keywords.get(intent_id, ()))


def _f_beta(precision: float, recall: float, beta: float) -> float:
    if precision <= 0 or recall <= 0:
        return 0.0
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall)
