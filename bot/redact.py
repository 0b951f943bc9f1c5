"""Personal data out of a message before it is written anywhere: the review log's only way in.

What a content author needs from a question is its wording, not who asked it. So e-mail
addresses, phone numbers, postcodes and ZIP codes, and the name after "my name is" are replaced
by a placeholder; every other digit becomes ``#``, which keeps the shape of an age or a dose
("I'm ## and take ###mg") for grouping without keeping the number itself. Over-redaction is the
safe side: "10000" is taken for a ZIP code and removed.
"""

from __future__ import annotations

import re

__all__ = ["MAX_REDACTED_CHARS", "PLACEHOLDERS", "redact"]

#: The matcher reads no more than this; nothing past it is kept.
MAX_REDACTED_CHARS = 500
#: What each kind of personal data is replaced with.
PLACEHOLDERS = {"email": "<email>", "phone": "<phone>", "postcode": "<postcode>", "name": "<name>"}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Seven or more digits with the separators people type between them: +44 7700 900123, (555) 123-4567.
_PHONE = re.compile(r"(?<![\w#])(?:\+|00|\()?\d(?:[\s().-]{0,2}\d){6,14}(?![\w])")
# UK postcodes (SW1A 1AA, m1 1ae) and US ZIP codes (90210, 90210-1234).
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_ZIP = re.compile(r"\b\d{5}(?:-\d{4})?\b")
# The words after which people give their name; the name is the next word, and a second one
# when it is capitalised ("my name is Jane Doe and ...").
_NAME = re.compile(r"\b(?:my\s+name\s+is|my\s+name's|i\s+am\s+called|i'?m\s+called|name:)\s+"
                   r"([^\W\d_][\w'-]*)(\s+[A-Z][\w'-]*)?", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def _name(match: re.Match[str]) -> str:
    lead = match.group(0)[:match.start(1) - match.start(0)]
    second = match.group(2) or ""
    # The second word is part of the name only when capitalised: "my name is jane and ..." keeps "and".
    kept = second if second and not second.strip()[:1].isupper() else ""
    return lead + PLACEHOLDERS["name"] + kept


def redact(text: str) -> str:
    """``text`` with personal data replaced and digits turned into ``#``; at most 500 characters.

    >>> redact("I'm 45, my name is Jane Doe, mail jane@example.com or call 07700 900123")
    "I'm ##, my name is <name>, mail <email> or call <phone>"
    """
    text = text[:MAX_REDACTED_CHARS * 2]
    text = _EMAIL.sub(PLACEHOLDERS["email"], text)
    text = _NAME.sub(_name, text)
    text = _PHONE.sub(PLACEHOLDERS["phone"], text)
    text = _UK_POSTCODE.sub(PLACEHOLDERS["postcode"], text)
    text = _ZIP.sub(PLACEHOLDERS["postcode"], text)
    text = _DIGIT.sub("#", text)
    return " ".join(text.split())[:MAX_REDACTED_CHARS]
