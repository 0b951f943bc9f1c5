"""Near-identical questions from the review log, grouped, with what the current pack makes of them.

Grouping is rapidfuzz's ``token_sort_ratio`` over the redacted texts (digits are already ``#``, so
"I'm 45" and "I'm 52" are one question): the most frequent wording founds a group and every
wording at least ``GROUP_CUTOFF`` alike joins its closest group. The nearest intents are scored
afresh by the pack being edited, so a group shows where it would land now, not where it did.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process, utils

from .faqbot import FAQBot
from .review_reading import ReviewData

__all__ = ["GROUP_CUTOFF", "QuestionGroup", "group_questions"]

#: How alike (0-100) two redacted questions must be to count as one.
GROUP_CUTOFF = 85.0
#: Examples and nearest intents shown per group.
_SHOWN = 3


@dataclass(frozen=True)
class QuestionGroup:
    """One question as people asked it: the wordings by frequency, and what came of them."""

    wordings: tuple[tuple[str, int], ...]  # (redacted text, times asked), most asked first
    replies: tuple[tuple[str, str | None, int], ...]  # (kind, intent, times), most given first
    reasons: tuple[tuple[str, int], ...]  # why kept: fallback, clarify, uncovered, low_confidence
    nearest: tuple[tuple[str, float], ...]  # (intent, score) by the pack as it is now
    verdicts: tuple[tuple[str, int], ...] = ()  # feedback on these replies: ("no", 2)
    comments: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return sum(n for _, n in self.wordings)

    @property
    def question(self) -> str:
        """The most asked wording: what an author would add as a pattern."""
        return self.wordings[0][0]

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "examples": [t for t, _ in self.wordings[:_SHOWN]],
                "wordings": [{"text": t, "count": n} for t, n in self.wordings],
                "replied": [{"kind": k, "intent": i, "count": n} for k, i, n in self.replies],
                "reasons": dict(self.reasons),
                "nearest": [{"intent": i, "score": round(s, 3)} for i, s in self.nearest],
                "feedback": dict(self.verdicts), "comments": list(self.comments)}


def _nearest(bot: FAQBot, text: str) -> tuple[tuple[str, float], ...]:
    candidates = bot.matcher.rank(bot.normalizer.analyse(text), limit=_SHOWN)
    return tuple((c.intent, c.score) for c in candidates)


def group_questions(data: ReviewData, bot: FAQBot, cutoff: float = GROUP_CUTOFF) -> list[QuestionGroup]:
    """The review log's turns as groups, the most asked first."""
    wordings = Counter(t["text"] for t in data.turns)
    founders: list[str] = []  # each group's first wording, processed, in order of founding
    members: list[list[str]] = []
    for text, _ in wordings.most_common():
        key = utils.default_process(text)
        found = process.extractOne(key, founders, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff) \
            if founders and key else None
        if found is None:
            founders.append(key)
            members.append([text])
        else:
            members[found[2]].append(text)
    by_text: dict[str, list[dict[str, Any]]] = {}
    for turn in data.turns:
        by_text.setdefault(turn["text"], []).append(turn)
    groups = []
    for texts in members:
        turns = [t for text in texts for t in by_text[text]]
        verdicts = [f for t in turns for f in data.feedback.get(t["reply_id"], [])]
        replies = Counter((str(t.get("kind")), t.get("intent")) for t in turns)
        groups.append(QuestionGroup(
            wordings=tuple((text, wordings[text]) for text in texts),
            replies=tuple((kind, intent, n) for (kind, intent), n in replies.most_common()),
            reasons=tuple(Counter(str(t.get("reason")) for t in turns).most_common()),
            nearest=_nearest(bot, texts[0]),
            verdicts=tuple(Counter(f["verdict"] for f in verdicts).most_common()),
            comments=tuple(f["comment"] for f in verdicts if f.get("comment"))))
    return sorted(groups, key=lambda g: -g.count)
