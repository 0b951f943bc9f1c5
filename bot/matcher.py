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

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from .commonness import zipf_frequency
from .model import Intent
from .normalize import Analysis, Normalizer, inflection_stems
from .settings import SHORTLIST, ScoringWeights

__all__ = ["Candidate", "Matcher"]


#: An unknown word this common (Zipf) or more is filler and weighs the floor share; each Zipf step
#: rarer weighs more, until ``_ZIPF_SPAN`` steps below it weigh fully ("lol" 5.0 weighs a third,
#: "honestly" 4.5 two thirds, "reckon", "migraine" and "gabapentin" fully). A steeper curve
#: answered a little more and refused near misses ("can I drive with sciatica") far less
#: (tests/eval, measured at 5.0/2.5, 5.5/1.5 and 6.0/1.5).
_FILLER_ZIPF = 5.5
_ZIPF_SPAN = 1.5
_COMMON_FLOOR = 0.1


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
    text: str  # as the author wrote it, for explanations
    canonical: str  # canonical words, stopwords included, for the fuzzy signal
    tokens: frozenset[str]
    weight: float


class Matcher:
    """Ranks intents; built once per content pack and read-only afterwards.

    Work per question follows the question, not the pack: an inverted index gives each intent's
    explained weight by visiting only the postings of the question's words, and intents are
    scored best-bound-first until none left can reach the top.
    """

    def __init__(self, intents: tuple[Intent, ...], normalizer: Normalizer,
                 weights: ScoringWeights | None = None) -> None:
        self.weights = weights or ScoringWeights()
        vocab: dict[str, set[str]] = defaultdict(set)
        raw: list[tuple[str, str, str, frozenset[str]]] = []
        self._keywords: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for intent in intents:
            for text in (intent.question, *intent.patterns):
                analysis = normalizer.analyse(text)
                tokens = frozenset(analysis.terms)
                if tokens:
                    raw.append((intent.id, text, analysis.text, tokens))
                    vocab[intent.id] |= tokens
            for keyword in intent.keywords:
                words = normalizer.analyse(keyword).terms
                if words:
                    self._keywords[intent.id].append(words)
                    vocab[intent.id].update(words)
        document_frequency: dict[str, int] = defaultdict(int)
        self._intents_with: dict[str, list[str]] = defaultdict(list)
        for intent_id, used in vocab.items():
            for word in used:
                document_frequency[word] += 1
                self._intents_with[word].append(intent_id)
        count = max(len(vocab), 1)
        self._weight = {w: math.log(1 + count / df) for w, df in document_frequency.items()}
        self._patterns = [_Pattern(i, text, canonical, tokens, sum(self.weight(t) for t in tokens))
                          for i, text, canonical, tokens in raw]
        self._pattern_weights = [pattern.weight for pattern in self._patterns]
        self._patterns_of: dict[str, list[int]] = defaultdict(list)
        self._sorted_of: dict[str, list[str]] = defaultdict(list)
        self._patterns_with: dict[str, list[int]] = defaultdict(list)
        for index, pattern in enumerate(self._patterns):
            self._patterns_of[pattern.intent].append(index)
            self._sorted_of[pattern.intent].append(" ".join(sorted(pattern.canonical.split())))
            for token in pattern.tokens:
                self._patterns_with[token].append(index)

    def weight(self, word: str) -> float:
        """How much a word says about which intent was meant.

        A word the content uses weighs by how few intents use it. A word it never uses weighs by
        how rare it is in English (``commonness.py``): filler ("honestly", "mate") next to nothing,
        a rare word ("melatonin") fully, since it may be the subject of another question. A short
        word absent from the table is mostly slang or a typo and weighs half.
        """
        known = self._weight.get(word)
        if known is not None:
            return known
        return self._unknown_weight(word)

    def rank(self, analysis: Analysis, limit: int = 5) -> list[Candidate]:
        """Intents best first, each with its best pattern; empty when nothing relates at all."""
        query = {w: self.weight(w) for w in analysis.terms}
        total = sum(query.values())
        explained: dict[str, float] = defaultdict(float)
        for word, weight in query.items():
            for intent_id in self._intents_with.get(word, ()):
                explained[intent_id] += weight
        if not explained:
            return []
        w = self.weights
        present = set(query)
        sorted_text = " ".join(sorted(analysis.tokens))
        # Best-first by an upper bound (every pattern word present, a perfect fuzzy match, the
        # keyword share), stopping once no remaining intent can enter the top ``limit``: exact,
        # and most questions settle after a handful of intents.
        beta2 = w.beta * w.beta
        keywords, pattern_weights = self._keywords, self._pattern_weights
        bounds = []
        for intent_id, weight in explained.items():
            precision = weight / total
            # A keyword of several words counts when all of them are in the question, in any order:
            # "dose sciatica" catches "how big a dose for my sciatica".
            keyword = w.keyword if intent_id in keywords and any(
                present.issuperset(k) for k in keywords[intent_id]) else 0.0
            bound = w.overlap * ((1 + beta2) * precision / (beta2 * precision + 1)) + w.fuzzy + keyword
            bounds.append((-bound, intent_id, precision, keyword))
        bounds.sort()
        shared: dict[int, float] = defaultdict(float)  # pattern -> weight of its words in the question
        for word, weight in query.items():
            for index in self._patterns_with.get(word, ()):
                shared[index] += weight
        # (-score, intent, pattern, share) while scoring; Candidates are made for the winners only.
        ranked: list[tuple[float, str, int, float]] = []
        for negative_bound, intent_id, precision, keyword in bounds[:SHORTLIST]:
            if len(ranked) >= limit and -negative_bound < -ranked[limit - 1][0]:
                break
            indices = self._patterns_of[intent_id]
            if not indices:
                continue  # reached by a keyword alone: no pattern of words to score it on
            # token_sort_ratio is ratio over sorted words: sort once, and score all of this
            # intent's patterns in one C call.
            fuzzy = {position: score / 100 for _, score, position in process.extract(
                sorted_text, self._sorted_of[intent_id], scorer=fuzz.ratio, score_cutoff=w.fuzzy_cutoff, limit=None)}
            best_score, best_index = -1.0, indices[0]
            for position, index in enumerate(indices):
                recall = shared.get(index, 0.0) / pattern_weights[index]
                # F-beta of precision and recall, inlined: this loop is the hot path.
                overlap = (1 + beta2) * precision * recall / (beta2 * precision + recall) if recall else 0.0
                score = w.overlap * overlap + w.fuzzy * fuzzy.get(position, 0.0)
                if score > best_score:
                    best_score, best_index = score, index
            bisect.insort(ranked, (-min(best_score + keyword, 1.0), intent_id, best_index, precision))
        return [Candidate(intent_id, -negative, self._patterns[index].text,
                          tuple(sorted(present & self._patterns[index].tokens)), precision)
                for negative, intent_id, index, precision in ranked[:limit]]

    def uses(self, intent_id: str, words: Iterable[str]) -> bool:
        """Does the intent use every one of these words in its patterns or keywords?"""
        return all(intent_id in self._intents_with.get(w, ()) for w in words)

    @lru_cache(maxsize=4096)  # noqa: B019 - one matcher per pack, kept for the process's life
    def _unknown_weight(self, word: str) -> float:
        if word.isdigit():
            return self.weights.unknown_word_weight * _COMMON_FLOOR  # an age, a count, "4" for "for"
        zipf = max(zipf_frequency(form) for form in (word, *inflection_stems(word)))
        if zipf == 0.0:
            return self.weights.unknown_word_weight / (2 if len(word) <= 4 else 1)
        return self.weights.unknown_word_weight * min(1.0, max(_COMMON_FLOOR, (_FILLER_ZIPF - zipf) / _ZIPF_SPAN))
