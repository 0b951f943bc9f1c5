"""``magbot review``: the review logs grouped, as JSON for scripts, as text for a pipe, or as an
interactive pass in a terminal (``bot.terminal.review``) that turns questions into patterns."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from .authoring import OUT_OF_SCOPE_FILE
from .evaluate import load_eval_set
from .faqbot import FAQBot
from .review_groups import QuestionGroup, group_questions
from .review_reading import ReviewData, read_review_logs
from .safe_text import printable, printable_data

__all__ = ["decided_questions", "describe_group", "review", "summary"]


def _said(text: str) -> str:
    return " ".join(text.split()).casefold()


def decided_questions(bot: FAQBot, pack: Path, eval_sets: list[Path]) -> set[str]:
    """Questions an author already decided on: a pattern of the pack, or marked out of scope."""
    decided = {_said(p) for intent in bot.content.intents for p in intent.patterns}
    for folder in {path.parent for path in eval_sets} | {pack / "eval"}:
        marked = folder / OUT_OF_SCOPE_FILE
        if marked.is_file():
            decided |= {_said(str(case["q"])) for case in load_eval_set(marked)["cases"]}
    return decided


def summary(data: ReviewData, groups: list[QuestionGroup], decided: int = 0) -> dict[str, Any]:
    """Everything ``--json`` prints: the groups, the verdicts, the urgent counts; no personal data
    beyond what the logs hold (redacted text). ``decided``: groups left out, already decided on."""
    unmatched = data.unmatched_feedback()
    verdicts = [f["verdict"] for found in data.feedback.values() for f in found]
    return {"files": data.files, "turns": len(data.turns), "skipped_lines": data.skipped_lines,
            "already_decided": decided, "groups": [g.to_dict() for g in groups],
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
    decided = decided_questions(bot, pack, eval_sets)
    every = group_questions(data, bot)
    # A group whose most asked wording is now a pattern, or marked out of scope, was reviewed before.
    groups = [g for g in every if _said(g.question) not in decided]
    if as_json:
        report = summary(data, groups, len(every) - len(groups))
        out.write(json.dumps(printable_data(report), ensure_ascii=False, indent=2) + "\n")
        return 0
    if interactive:
        from .review_session import ReviewSession
        from .terminal.review import run_review

        return run_review(ReviewSession(pack, eval_sets), groups)
    out.write(f"{len(data.turns)} turns in {len(groups)} groups from {data.files} file(s)"
              + (f" ({len(every) - len(groups)} more already decided)" if len(every) > len(groups) else "")
              + (f"; {data.skipped_lines} unreadable line(s) skipped" if data.skipped_lines else "") + "\n")
    for group in groups:
        out.write("\n".join(describe_group(group)) + "\n")
    if data.urgent:
        out.write(f"urgent turns (counted, never kept): {_counts(sorted(data.urgent.items()))}\n")
    return 0
