"""Text made safe to print: no terminal escapes, no control characters, no unencodable surrogates.

A content pack (or a question echoed back in an explanation) may carry ``ESC[...`` sequences,
C1 controls such as U+0085, bidirectional overrides or lone surrogates. On a terminal they can
rewrite the screen or the title; in a pipe they break the next program; in JSON a lone surrogate
cannot even be encoded. Every output point (plain replies, piped replies, ``--json``, ``validate``
and the HTTP service) passes what it prints through here; the REPL has its own escaping.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["printable", "printable_data", "printable_json", "short_key"]

# Whole escape sequences first (CSI, OSC, two-character), so no "[31m" is left behind; then any
# control character but newline and tab, C1 controls, line/paragraph separators, bidi controls
# and lone surrogates. Every quantifier here is a single bounded class: linear on any input.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """The text without escapes and control characters; newlines and tabs are kept."""
    if text.isascii() and text.isprintable():
        return text  # the common case, without a regex
    return _UNPRINTABLE.sub("", _ESCAPES.sub("", text))


def printable_data(value: Any) -> Any:
    """``printable`` applied to every string (keys too) of JSON-like data."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable_data(k): printable_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [printable_data(v) for v in value]
    return value


#: Escapes json writes for controls that ``printable`` removes (\u00XX, \b, \f, \r). A backslash
#: followed by "u" in the text itself is a false alarm, which only costs the slow path.
_JSON_ESCAPE = re.compile(r"\\[ubfr]")
#: Characters ``printable`` removes that json writes as they are (DEL, C1, separators, bidi, surrogates).
_RAW_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable_json(value: Any) -> bytes:
    """UTF-8 JSON of ``printable_data(value)``, byte for byte as Starlette's JSONResponse writes it.

    Written once and scanned once: only when the text holds something ``printable`` would remove
    is the data cleaned and written again. A reply is almost always clean, and walking its nested
    explanation string by string cost about as much as the whole JSON encoding. The scan costs
    well under a microsecond on a reply (regexes with a one-character class or a literal start
    are searched fast; ``in`` on text that is not ASCII is not).
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    if ("\\" in text and _JSON_ESCAPE.search(text)) or (
            "\x7f" in text if text.isascii() else _RAW_UNPRINTABLE.search(text) is not None):
        text = json.dumps(printable_data(value), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.encode("utf-8")


def short_key(value: Any, limit: int = 40) -> str:
    """A key from a file, as an error message may quote it: cut short and with escapes shown.

    An error must never become a way to read a file ("unknown section 'root:$6$...'"), so at most
    ``limit`` characters are shown, through ``repr`` so that nothing unprintable reaches a terminal.
    """
    text = str(value)
    cut = text[:limit] + ("..." if len(text) > limit else "")
    shown = repr(cut)[1:-1]
    return printable(shown.encode("ascii", "backslashreplace").decode("ascii"))
