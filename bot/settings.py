"""Every number that turns scores into decisions, in one place (docs/matching.md has the table).

Rasa keeps its fallback thresholds as named defaults in one component, apart from the scoring;
so do we: ``Thresholds`` decide (answer, ask back, refuse), ``ScoringWeights`` mix the signals.
A test holds docs/matching.md's tables to these defaults, so the docs cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["REVIEW_BELOW", "SHORTLIST", "SMALLTALK_CUTOFF", "ScoringWeights", "Thresholds"]


@dataclass(frozen=True)
class Thresholds:
    """When a score becomes an answer, a question back, or a refusal.

    A wrong answer to a health question is worse than "did you mean", so the bot answers only a
    clear winner and asks whenever two intents are nearly as good. The values were set on
    tests/eval for the fewest wrong answers first, then the most right ones.
    """

    answer: float = 0.60  # best score at or above this (and clear of the runner-up): answer
    clarify: float = 0.45  # best score at or above this but not answerable: ask which was meant
    margin: float = 0.05  # top two closer than this: ask, never guess
    coverage: float = 0.4  # the best intent must explain this share of the question, or we refuse
    anchor: float = 1.2  # ... and rest on typed words weighing this much (magnesium alone: 0.73)
    options_within: float = 0.2  # runners-up this close to the best are offered as options
    context_boost: float = 0.15  # a follow-up's lift for intents in the last topic's group
    follow_up_boost: float = 0.08  # its lift for the last answer's own follow-ups
    sure_evidence: float = 1.0  # an answer resting on less telling-word weight gives way to one lent context
    ranked: int = 8  # candidates a clause's decision looks at
    ranked_uncovered: int = 5  # ... and an uncovered subject's nearest answers
    uncovered_rest: int = 2  # words left beside an uncovered subject before its nearest answer is offered
    most_asked: int = 6  # asking clauses of one message judged at most (the first and last halves)
    short_clause: int = 3  # a clause of at most this many meaningful words leans on the sentence before
    pointing_terms: int = 5  # a question pointing back ("is that ...") with at most this many follows up
    short_follow_up: int = 2  # any question of at most this many meaningful words follows up
    options_shown: int = 3  # options a "did you mean" or a refusal offers at most
    leaders: int = 3  # candidates that lead a ranking: an aspect and a subject, a choice's coverage
    runners_up: int = 3  # alternatives an answer reports beside itself
    near_share: float = 0.5  # a fallback offers candidates scoring at least this share of ``clarify``
    uncovered_offered: int = 2  # nearest answers offered beside an uncovered subject
    whole_coverage: float = 0.99  # a candidate explaining this share of the question is anchored by any typed word


@dataclass(frozen=True)
class ScoringWeights:
    """How the matcher mixes its signals."""

    overlap: float = 0.65  # weighted word-overlap F-beta
    fuzzy: float = 0.25  # token_sort_ratio / 100 over all canonical words, stopwords included
    keyword: float = 0.10  # one of the intent's keywords is in the question
    unknown_word_weight: float = 2.0  # a rare word the content never uses (common ones weigh less)
    fuzzy_cutoff: float = 40.0  # below this the fuzzy signal counts as zero
    beta: float = 0.75  # < 1 favours precision: every word the person typed should be explained


#: How alike (token_set_ratio, 0-100) a message and a small-talk pattern must be.
SMALLTALK_CUTOFF = 70.0

#: At most this many intents are scored in full; in a pack of thousands, the ones whose bound
#: ranks lower share only common words with the question and could not be answered.
SHORTLIST = 40

#: An answer below this confidence is a review-log turn (``bot.review_records``): answered, but
#: close enough to the line that an author should see how it was asked.
REVIEW_BELOW = 0.70
