"""Reply ids: what a verdict on a reply names (``POST /v1/feedback``).

Random, never derived from the text or the conversation, so an id says nothing about what was
asked and cannot be guessed from it.
"""

from __future__ import annotations

import base64
import os
import re

__all__ = ["is_reply_id", "new_reply_id"]

_FORM = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_reply_id() -> str:
    """128 random bits, URL-safe: ``'3q2-7wE...'`` (22 characters)."""
    # os.urandom, as secrets.token_urlsafe does, without importing secrets at every start.
    return base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()


def is_reply_id(value: object) -> bool:
    """Whether ``value`` has the form of a reply id (any replica's: ids are not kept to be checked)."""
    return isinstance(value, str) and _FORM.fullmatch(value) is not None
