"""Replies as styled terminal text. Text is never parsed as markup: it goes into fragments as
data, and control characters are removed, so an answer cannot restyle or drive the terminal."""

from __future__ import annotations

import re

from prompt_toolkit.formatted_text import FormattedText

from ..model import Reply
from ..render import wrap_paragraphs

__all__ = ["Fragments", "reply_fragments", "safe", "wrapped"]

Fragments = list[tuple[str, str]]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """Text with terminal control characters removed (newlines kept)."""
    return _CONTROL.sub("", text)


def wrapped(text: str, width: int, indent: str = "") -> str:
    """Control characters removed, then wrapped as plain replies are."""
    return wrap_paragraphs(safe(text), width, indent)


def reply_fragments(reply: Reply, width: int, suggest_label: str) -> FormattedText:
    """Text (urgent bold red), source, numbered suggestions, then the dimmed caveat."""
    out: Fragments = [(f"class:{reply.kind}", wrapped(reply.text, width) + "\n")]
    if reply.source:
        out.append(("class:source", wrapped(f"From: {reply.source}", width) + "\n"))
    if reply.suggestions:
        if reply.kind != "clarify":  # a clarification's text introduces its own options
            out.append(("class:muted", safe(suggest_label) + "\n"))
        for number, question in enumerate(reply.suggestions, 1):
            out += [("class:number", f"  {number}) "), ("class:suggestion", safe(question) + "\n")]
    out.append(("class:caveat", wrapped(reply.caveat, width) + "\n"))
    return FormattedText(out)
