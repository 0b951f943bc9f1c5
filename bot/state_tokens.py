"""Conversation state as a signed, opaque token, for frontends that keep it on the client.

The HTTP service keeps no memory of anyone: each reply carries the conversation's state, and the
next request brings it back. Signing it (HMAC-SHA256) means a state that was edited, truncated or
made up is refused instead of steering the conversation. Any replica that shares the secret
accepts any other's tokens, so a conversation may hop between workers freely.

Without ``MAGBOT_STATE_SECRET`` the key is derived from the content, which is public: anyone who
has the content can then forge a state. That is harmless by design (a state holds only intent
ids, each checked to exist), but a server facing other people should set a real secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from .errors import StateError

__all__ = ["StateSigner", "default_secret"]

#: Longest token accepted; a real one is a few hundred bytes.
MAX_TOKEN_CHARS = 4096


def default_secret(intent_ids: list[str]) -> bytes:
    """A secret every replica serving the same content derives alike.

    It detects damaged and hand-edited states; against a determined forger, set a real secret
    (``MAGBOT_STATE_SECRET``) on every replica. A forged state can only ever name intents that
    exist, so the worst it can do is choose its own conversation's context.
    """
    return hashlib.sha256(("magbot-state\n" + "\n".join(sorted(intent_ids))).encode()).digest()


class StateSigner:
    """Turns ``Session.to_dict()`` into a token and back."""

    def __init__(self, secret: bytes) -> None:
        # Keyed once: copying a keyed HMAC skips hashing the key's pads on every token.
        self._keyed = hmac.new(secret, digestmod=hashlib.sha256)

    def _mac(self, payload: bytes) -> str:
        mac = self._keyed.copy()
        mac.update(payload)
        return mac.hexdigest()[:32]

    def dumps(self, state: dict[str, Any]) -> str:
        payload = base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":"), sort_keys=True).encode())
        return payload.decode().rstrip("=") + "." + self._mac(payload.rstrip(b"="))

    def loads(self, token: Any) -> dict[str, Any]:
        """The state inside a token; StateError when it is malformed or was tampered with."""
        # A real token is ASCII; anything else (a lone surrogate, a non-ASCII signature) is refused
        # before it can reach an encoder or hmac.compare_digest, which raise on it.
        if (not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS or not token.isascii()
                or token.count(".") != 1):
            raise StateError("state must be the token returned with the previous reply")
        payload, mac = token.split(".")
        if not hmac.compare_digest(self._mac(payload.encode()), mac):
            raise StateError("state was altered or does not come from this service")
        try:
            state = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise StateError("state is not readable") from None
        if not isinstance(state, dict):
            raise StateError("state is not readable")
        return state
