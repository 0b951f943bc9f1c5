"""Which turns the review log keeps, and the record each becomes: plain data, no files, no threads.

A content author learns from the turns that went wrong or nearly did: a fallback, a "did you
mean", a subject the article does not cover, an answer given with little confidence. Those are
kept with their text redacted (``bot.redact``). Turns that went right are not kept, nor
backstory ("thanks, what would you like to know?"), nor the fixed careful replies (pregnancy, a
child): they tell an author nothing and say much about the person. An urgent turn is counted by
its rule and its text is never kept.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from .model import Reply
from .redact import redact
from .settings import REVIEW_BELOW

__all__ = ["COMMENT_CHARS", "RECORD_VERSION", "VERDICTS", "ReviewedTurn", "feedback_record", "review_reason",
           "turn_record", "urgent_record"]

#: Bumped when a record's fields change meaning; ``magbot review`` reads this version.
RECORD_VERSION = 1
#: The verdicts a reader may give a reply.
VERDICTS = ("yes", "no")
#: A feedback comment is refused past this many characters.
COMMENT_CHARS = 500


@dataclass(frozen=True)
class ReviewedTurn:
    """A turn handed to the review log: the text as typed (redacted only when written) and its reply."""

    text: str
    reply: Reply
    last_intent: str | None
    reply_id: str


def review_reason(reply: Reply) -> str | None:
    """Why a turn belongs in the review log ("fallback", "clarify", "uncovered", "low_confidence",
    "urgent"), or None when it does not."""
    explanation = reply.explanation
    if reply.kind == "urgent":
        return "urgent"
    if "careful" in explanation or "statement" in explanation:
        return None
    if "out_of_scope" in explanation:
        return "uncovered"
    if reply.kind in ("fallback", "clarify"):
        return reply.kind
    if reply.kind == "answer" and reply.confidence < REVIEW_BELOW:
        return "low_confidence"
    return None


def _timestamp(now: float | None) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if now is None else now))


def turn_record(turn: ReviewedTurn, reason: str, now: float | None = None) -> dict[str, Any]:
    """The JSON line for a kept turn. Nothing of the conversation state but its last intent."""
    reply = turn.reply
    return {"v": RECORD_VERSION, "type": "turn", "ts": _timestamp(now), "reply_id": turn.reply_id, "reason": reason,
            "text": redact(turn.text), "kind": reply.kind, "intent": reply.intent,
            "score": round(reply.confidence, 3),
            "runners_up": [{"intent": i, "score": round(s, 3)} for i, s in reply.alternatives[:5]],
            "last_intent": turn.last_intent}


def feedback_record(reply_id: str, verdict: str, comment: str | None, now: float | None = None) -> dict[str, Any]:
    """The JSON line for a verdict on a reply; the comment redacted like a question."""
    return {"v": RECORD_VERSION, "type": "feedback", "ts": _timestamp(now), "reply_id": reply_id, "verdict": verdict,
            "comment": redact(comment[:COMMENT_CHARS]) if comment else None}


def urgent_record(counts: dict[str, int], now: float | None = None) -> dict[str, Any]:
    """Urgent turns since the last such line, per red-flag rule: counts only, never a text, and
    written in batches so that no line dates one person's turn."""
    return {"v": RECORD_VERSION, "type": "urgent", "ts": _timestamp(now), "counts": dict(sorted(counts.items()))}
