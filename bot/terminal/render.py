"""Replies as styled terminal text. Text is never parsed as markup: it goes into fragments as
data, and control characters are removed, so an answer cannot restyle or drive the terminal.

Everything is wrapped to the window here, lists with a hanging indent, so nothing the REPL
prints breaks mid-word on a narrow terminal.
"""

from __future__ import annotations

from prompt_toolkit.formatted_text import FormattedText

from ..model import Reply
from ..render import LEVEL_LABELS, hanging, safe, wrapped

__all__ = ["COMPACT_CAVEATS", "Fragments", "hanging", "numbered", "reply_fragments", "safe", "wrapped"]

Fragments = list[tuple[str, str]]

#: The caveat after the first reply, longest first: the first that fits the window on one line is
#: used. Every form still names the healthcare provider; the full caveat is on the welcome and on
#: every urgent reply.
COMPACT_CAVEATS = ("Not medical advice: ask your healthcare provider.", "Ask your healthcare provider.")


def numbered(items: tuple[str, ...] | list[str], width: int) -> Fragments:
    """``  1) question`` lines, the number styled apart, wrapped under the question's first letter."""
    out: Fragments = []
    for number, item in enumerate(items, 1):
        prefix = f"  {number}) "
        out += [("class:number", prefix),
                ("class:suggestion", hanging(item, width, prefix, " " * len(prefix))[len(prefix):] + "\n")]
    return out


def compact_caveat(width: int) -> str:
    return next((c for c in COMPACT_CAVEATS if len(c) <= width), COMPACT_CAVEATS[-1])


def reply_fragments(reply: Reply, width: int, suggest_label: str, full_caveat: bool = True) -> FormattedText:
    """Text (urgent bold red), source, numbered suggestions, then the dimmed caveat (full, or
    the compact line that still names the healthcare provider)."""
    kind = "urgent-prompt" if reply.triage == "prompt" else reply.kind
    out: Fragments = []
    if reply.notice:
        out.append(("class:muted", wrapped(f"({reply.notice})", width) + "\n"))
    if reply.triage in LEVEL_LABELS:
        out.append((f"class:{kind} class:level", wrapped(LEVEL_LABELS[reply.triage], width) + "\n"))
    out.append((f"class:{kind}", wrapped(reply.text, width) + "\n"))
    if reply.source:
        out.append(("class:source", wrapped(f"From: {reply.source}", width) + "\n"))
    if reply.suggestions:
        if reply.kind != "clarify":  # a clarification's text introduces its own options
            out.append(("class:muted", wrapped(suggest_label, width) + "\n"))
        out += numbered(reply.suggestions, width)
    caveat = reply.caveat if full_caveat or reply.kind == "urgent" else compact_caveat(width)
    out.append(("class:caveat", wrapped(caveat, width) + "\n"))
    return FormattedText(out)
