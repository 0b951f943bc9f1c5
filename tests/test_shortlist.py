"""The matcher's best-bound-first shortlist gives exactly what scoring every intent gives.

``Matcher.rank`` visits intents in order of an upper bound and stops once none left can enter
the top; here an independent, slow reference scores every intent of random packs in full.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from bot.matcher import Matcher
from bot.model import Intent, Vocabulary
from bot.normalize import Normalizer
from bot.settings import SHORTLIST, ScoringWeights

WORDS = ["magnesium", "glycinate", "citrate", "oxide", "sciatica", "nerve", "pain", "dose", "women", "men",
         "sleep", "cramp", "kidney", "diarrhoea", "muscle", "back", "leg", "daily", "form", "study"]
STOPWORDS = frozenset({"how", "much", "is", "the", "for", "a"})

phrases = st.lists(st.sampled_from([*WORDS, *STOPWORDS]), min_size=1, max_size=6).map(" ".join)
# Every pattern has a word that is not a stopword. (An intent whose patterns are all stopwords but
# whose keyword matches is scored with another intent's pattern, or raises IndexError: a matcher
# bug of its own, reported apart from the shortlist.)
patterns = st.lists(st.sampled_from([*WORDS, *STOPWORDS]), min_size=1, max_size=6).filter(
    lambda words: not STOPWORDS.issuperset(words)).map(" ".join)
intent_lists = st.lists(st.tuples(st.lists(patterns, min_size=1, max_size=4),
                                  st.lists(st.sampled_from(WORDS), max_size=2)), min_size=1, max_size=SHORTLIST)


def reference_rank(matcher: Matcher, normalizer: Normalizer, intents: list[Intent], question: str,
                   limit: int) -> list[tuple[str, float]]:
    """Every intent scored over every pattern, straight from the formulas in docs/matching.md."""
    w: ScoringWeights = matcher.weights
    analysis = normalizer.analyse(question)
    query = {word: matcher.weight(word) for word in analysis.terms}
    total = sum(query.values())
    scored = []
    for intent in intents:
        patterns = [normalizer.analyse(t) for t in (intent.question, *intent.patterns)]
        patterns = [p for p in patterns if p.terms]
        keywords = [set(normalizer.analyse(k).terms) for k in intent.keywords]
        used = set().union(*(set(p.terms) for p in patterns), *keywords)
        explained = sum(weight for word, weight in query.items() if word in used)
        if not explained:
            continue
        precision = explained / total
        best = 0.0
        for pattern in patterns:
            tokens = set(pattern.terms)
            recall = sum(query.get(t, 0.0) for t in tokens) / sum(matcher.weight(t) for t in tokens)
            b2 = w.beta * w.beta
            overlap = (1 + b2) * precision * recall / (b2 * precision + recall) if recall else 0.0
            ratio = fuzz.token_sort_ratio(analysis.text, pattern.text)
            best = max(best, w.overlap * overlap + w.fuzzy * (ratio / 100 if ratio >= w.fuzzy_cutoff else 0.0))
        keyword = w.keyword if any(k and k <= set(query) for k in keywords) else 0.0
        scored.append((intent.id, min(best + keyword, 1.0)))
    scored.sort(key=lambda s: (-s[1], s[0]))
    return scored[:limit]


@settings(max_examples=150, deadline=None)
@given(intent_lists, phrases, st.integers(min_value=1, max_value=8))
def test_the_shortlist_ranks_as_scoring_every_intent_does(pack, question: str, limit: int) -> None:
    intents = [Intent(id=f"i{n:02d}", topic=f"topic {n}", question=patterns[0], patterns=tuple(patterns[1:]),
                      keywords=tuple(keywords)) for n, (patterns, keywords) in enumerate(pack)]
    normalizer = Normalizer(Vocabulary(stopwords=STOPWORDS), [*WORDS, *STOPWORDS])
    matcher = Matcher(tuple(intents), normalizer)
    got = [(c.intent, round(c.score, 9)) for c in matcher.rank(normalizer.analyse(question), limit=limit)]
    want = [(i, round(s, 9)) for i, s in reference_rank(matcher, normalizer, intents, question, limit)]
    assert got == want


def test_an_intent_known_only_by_a_keyword_is_not_scored_with_another_intents_pattern() -> None:
    vocabulary = Vocabulary(stopwords=frozenset({"how"}))
    normalizer = Normalizer(vocabulary, {"glycinate", "magnesium", "how"})
    intents = (Intent("a", "A", "glycinate", ("glycinate",) * 1),
               Intent("b", "B", "how", ("how",), keywords=("magnesium",)))
    matcher = Matcher(intents, normalizer)
    ranked = matcher.rank(normalizer.analyse("magnesium"))
    assert all(c.intent != "b" or c.pattern != "glycinate" for c in ranked)
    only = Matcher(intents[1:], normalizer)
    assert only.rank(normalizer.analyse("magnesium")) == []
