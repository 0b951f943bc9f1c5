"""One turn as every frontend asks it: the reply, its id, and the turn handed to the review log.

Apart from ``bot.review_log`` so that a start without ``--review-log`` (every ``magbot --ask``)
loads none of the log's writer, redaction or queue: the log is imported only where one is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .conversation import Session
from .model import Reply
from .reply_ids import new_reply_id

if TYPE_CHECKING:
    from .review_log import ReviewLog

__all__ = ["ask_logged"]


def ask_logged(session: Session, text: str, log: ReviewLog | None) -> tuple[Reply, str]:
    """One turn and its new reply id, the turn handed to ``log`` when there is one: what every
    frontend does, so the last intent recorded is always the one the turn began with."""
    before = session.last_intent
    reply = session.ask(text)
    reply_id = new_reply_id()
    if log is not None:
        log.turn(text, reply, last_intent=before, reply_id=reply_id)
    return reply, reply_id
