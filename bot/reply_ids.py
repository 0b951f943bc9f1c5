"""Reply ids: what a verdict on a reply names (``POST /v1/feedback``).

Random, never derived from the text or the conversation, so an id says nothing about what was
asked and cannot be guessed from it.
"""

from __future__ import annotations

import re
import secrets

__all__ = ["is_reply_id", "new_reply_id"]

_FORM = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_reply_id() -> str:
    """128 random bits, URL-safe: ``'3q2-7wE...'`` (22 characters)."""
    return secrets.token_urlsafe(16)


def is_reply_id(value: object) -> bool:
    """Whether ``value`` has the form of a reply id (any replica's: ids are not kept to be checked)."""
    return isinstance(value, str) and _FORM.fullmatch(value) is not None
