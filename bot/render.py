"""Plain-text rendering of a reply, for pipes, scripts and dumb terminals."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from typing import Any

from .model import Reply

__all__ = ["compact_caveats", "hanging", "level_labels", "render_plain", "safe", "wrap_paragraphs", "wrapped"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def level_labels(replies: Mapping[str, Any]) -> dict[str, str]:
    """The heading an urgent reply gets in the terminal and in plain output, by its level of care,
    so "go now" and "today" are told apart at a glance: the pack's ``replies.level_labels`` (the HTTP
    reply carries the level as ``triage``). A pack without them shows no heading."""
    labels = replies.get("level_labels")
    return dict(labels) if isinstance(labels, Mapping) else {}


def compact_caveats(replies: Mapping[str, Any]) -> tuple[str, ...]:
    """The pack's shorter forms of its caveat (``replies.compact_caveats``), longest first."""
    forms = replies.get("compact_caveats")
    return tuple(sorted(forms.values(), key=len, reverse=True)) if isinstance(forms, Mapping) else ()


def render_plain(reply: Reply, width: int = 80, suggest_label: str = "You could ask:", *,
                 labels: Mapping[str, str] | None = None) -> str:
    """The reply as a person reads it: text, its source, numbered suggestions, then the caveat.

    A clarification's text already introduces its options ("Did you mean:"), so they get no label.
    ``labels`` are the pack's level headings (``level_labels``).
    """
    blocks = [wrap_paragraphs(reply.text, width)]
    if labels and reply.triage and reply.triage in labels:
        blocks.insert(0, f"[{labels[reply.triage]}]")
    if reply.notice:
        blocks.insert(0, wrap_paragraphs(f"({reply.notice})", width))
    if reply.source:
        blocks.append(wrap_paragraphs(f"From: {reply.source}", width))
    if reply.suggestions:
        if reply.kind != "clarify":
            blocks.append(suggest_label)
        blocks += [wrap_paragraphs(f"  {n}) {q}", width) for n, q in enumerate(reply.suggestions, 1)]
    blocks.append(wrap_paragraphs(f"({reply.caveat})", width))
    return "\n".join(blocks)


def wrap_paragraphs(text: str, width: int, indent: str = "") -> str:
    """Each line of text filled to the width on its own, so authored line breaks survive."""
    return "\n".join(textwrap.fill(line, width=max(width, 20), initial_indent=indent, subsequent_indent=indent,
                                   break_on_hyphens=False) if line.strip() else ""
                     for line in text.split("\n"))


def safe(text: str) -> str:
    """Text with terminal control characters removed (newlines kept)."""
    return _CONTROL.sub("", text)


def wrapped(text: str, width: int, indent: str = "") -> str:
    """Control characters removed, then wrapped as plain replies are."""
    return wrap_paragraphs(safe(text), width, indent)


def hanging(text: str, width: int, first: str = "  ", rest: str = "    ") -> str:
    """One list line wrapped to the width: ``first`` opens it, ``rest`` indents what wraps."""
    return textwrap.fill(" ".join(safe(text).split()), width=max(width, 20), initial_indent=first,
                         subsequent_indent=rest, break_on_hyphens=False)
