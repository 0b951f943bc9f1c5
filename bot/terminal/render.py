"""Replies as styled terminal text. Text is never parsed as markup: it goes into fragments as
data, and control characters are removed, so an answer cannot restyle or drive the terminal."""

from __future__ import annotations

import re
import textwrap

from prompt_toolkit.formatted_text import FormattedText

from ..model import Reply

__all__ = ["Fragments", "reply_fragments", "safe", "wrapped"]

Fragments = list[tuple[str, str]]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """Text with terminal control characters removed (newlines kept)."""
    return _CONTROL.sub("", text)


def wrapped(text: str, width: int, indent: str = "") -> str:
    lines = [textwrap.fill(p, width=max(width, 20), initial_indent=indent, subsequent_indent=indent,
                           break_on_hyphens=False) if p.strip() else "" for p in safe(text).split("\n")]
    return "\n".join(lines)


def reply_fragments(reply: Reply, width: int, suggest_label: str) -> FormattedText:
    """Text (urgent bold red), source, numbered suggestions, then the dimmed caveat."""
    out: Fragments = [(f"class:{reply.kind}", wrapped(reply.text, width) + "\n")]
    if reply.source:
        out.append(("class:source", wrapped(f"From: {reply.source}", width) + "\n"))
    if reply.suggestions and reply.kind != "clarify":
        out.append(("class:muted", safe(suggest_label) + "\n"))
        for number, question in enumerate(reply.suggestions, 1):
            out += [("class:number", f"  {number}) "), ("class:suggestion", safe(question) + "\n")]
    out.append(("class:caveat", wrapped(reply.caveat, width) + "\n"))
    return FormattedText(out)
