"""Plain-text rendering of a reply, for pipes, scripts and dumb terminals."""

from __future__ import annotations

import textwrap

from .model import Reply

__all__ = ["render_plain"]


def render_plain(reply: Reply, width: int = 80, suggest_label: str = "You could ask:") -> str:
    """The reply as a person reads it: text, numbered suggestions, then the caveat.

    A clarification already lists its options in its text, so they are not listed twice.
    """
    blocks = [_wrap(paragraph, width) for paragraph in reply.text.split("\n")]
    if reply.suggestions and reply.kind != "clarify":
        blocks.append(suggest_label)
        blocks += [_wrap(f"  {n}) {q}", width) for n, q in enumerate(reply.suggestions, 1)]
    blocks.append(_wrap(f"({reply.caveat})", width))
    return "\n".join(blocks)


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(text, width=max(width, 20), break_on_hyphens=False) if text else ""
