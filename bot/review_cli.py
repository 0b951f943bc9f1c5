"""``magbot review``: the review logs grouped, as JSON for scripts, as text for a pipe, or as an
interactive pass in a terminal (``bot.terminal.review``) that turns questions into patterns."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from .faqbot import FAQBot
from .review_groups import QuestionGroup, group_questions
from .review_reading import ReviewData, read_review_logs
from .safe_text import printable, printable_data

__all__ = ["describe_group", "review", "summary"]


def summary(data: ReviewData, groups: list[QuestionGroup]) -> dict[str, Any]:
    """Everything ``--json`` prints: the groups, the verdicts, the urgent counts; no personal data
    beyond what the logs hold (redacted text)."""
    unmatched = data.unmatched_feedback()
    verdicts = [f["verdict"] for found in data.feedback.values() for f in found]
    return {"files": data.files, "turns": len(data.turns), "skipped_lines": data.skipped_lines,
            "groups": [g.to_dict() for g in groups],
            "feedback": {"yes": verdicts.count("yes"), "no": verdicts.count("no"),
                         "on_replies_not_logged": len(unmatched),
                         "comments_on_replies_not_logged": [f["comment"] for f in unmatched if f.get("comment")]},
            "urgent": dict(sorted(data.urgent.items()))}


def _counts(pairs: Sequence[tuple[str, int]]) -> str:
    return " · ".join(f"{name} x{n}" for name, n in pairs)


def describe_group(group: QuestionGroup) -> list[str]:
    """A group as lines of plain text (printable: the logs hold what people typed)."""
    more = len(group.wordings) - 1
    lines = [f"{group.count}x  {printable(group.question)!r}" + (f"  (+{more} wording{'s' * (more > 1)})"
                                                                 if more else "")]
    for text, n in group.wordings[1:3]:
        lines.append(f"      also {printable(text)!r}" + (f" x{n}" if n > 1 else ""))
    replied = " · ".join(f"{kind}{' ' + intent if intent else ''} x{n}" for kind, intent, n in group.replies)
    lines.append(f"    replied: {replied}   (kept as {_counts(group.reasons)})")
    if group.verdicts:
        lines.append(f"    feedback: {_counts(group.verdicts)}"
                     + "".join(f"\n      comment: {printable(c)!r}" for c in group.comments[:3]))
    nearest = " · ".join(f"{intent} {score:.2f}" for intent, score in group.nearest) or "none"
    lines.append(f"    nearest intents: {nearest}")
    return lines


def review(logs: Sequence[str], *, bot: FAQBot, pack: Path, eval_sets: list[Path], as_json: bool,
           interactive: bool, out: TextIO = sys.stdout) -> int:
    """Read, group, and print or review; returns the exit status."""
    data = read_review_logs(logs)
    groups = group_questions(data, bot)
    if as_json:
        out.write(json.dumps(printable_data(summary(data, groups)), ensure_ascii=False, indent=2) + "\n")
        return 0
    if interactive:
        from .review_session import ReviewSession
        from .terminal.review import run_review

        return run_review(ReviewSession(pack, eval_sets), groups)
    out.write(f"{len(data.turns)} turns in {len(groups)} groups from {data.files} file(s)"
              + (f"; {data.skipped_lines} unreadable line(s) skipped" if data.skipped_lines else "") + "\n")
    for group in groups:
        out.write("\n".join(describe_group(group)) + "\n")
    if data.urgent:
        out.write(f"urgent turns (counted, never kept): {_counts(sorted(data.urgent.items()))}\n")
    return 0
