"""Replies as styled terminal text. Text is never parsed as markup: it goes into fragments as
data, and control characters are removed, so an answer cannot restyle or drive the terminal.

Everything is wrapped to the window here, lists with a hanging indent, so nothing the REPL
prints breaks mid-word on a narrow terminal.
"""

from __future__ import annotations

from collections.abc import Mapping

from prompt_toolkit.formatted_text import FormattedText

from ..model import Reply
from ..render import hanging, safe, wrapped

__all__ = ["Fragments", "hanging", "numbered", "reply_fragments", "safe", "wrapped"]

Fragments = list[tuple[str, str]]


def numbered(items: tuple[str, ...] | list[str], width: int) -> Fragments:
    """``  1) question`` lines, the number styled apart, wrapped under the question's first letter."""
    out: Fragments = []
    for number, item in enumerate(items, 1):
        prefix = f"  {number}) "
        out += [("class:number", prefix),
                ("class:suggestion", hanging(item, width, prefix, " " * len(prefix))[len(prefix):] + "\n")]
    return out


def reply_fragments(reply: Reply, width: int, suggest_label: str, *, full_caveat: bool = True,
                    labels: Mapping[str, str] | None = None, compact: tuple[str, ...] = ()) -> FormattedText:
    """Text (urgent bold red), source, numbered suggestions, then the dimmed caveat: in full, or after
    the first reply the first of the pack's ``compact`` forms (longest first) that fits the window on
    one line; the full caveat when the pack has none. ``labels``: the pack's level headings."""
    kind = "urgent-prompt" if reply.triage == "prompt" else reply.kind
    out: Fragments = []
    if reply.notice:
        out.append(("class:muted", wrapped(f"({reply.notice})", width) + "\n"))
    if labels and reply.triage and reply.triage in labels:
        out.append((f"class:{kind} class:level", wrapped(labels[reply.triage], width) + "\n"))
    out.append((f"class:{kind}", wrapped(reply.text, width) + "\n"))
    if reply.source:
        out.append(("class:source", wrapped(f"From: {reply.source}", width) + "\n"))
    if reply.suggestions:
        if reply.kind != "clarify":  # a clarification's text introduces its own options
            out.append(("class:muted", wrapped(suggest_label, width) + "\n"))
        out += numbered(reply.suggestions, width)
    caveat = reply.caveat
    if compact and not full_caveat and reply.kind != "urgent":
        caveat = next((c for c in compact if len(c) <= width), compact[-1])
    out.append(("class:caveat", wrapped(caveat, width) + "\n"))
    return FormattedText(out)
