"""What ``magbot review`` does with an author's decisions, apart from any terminal: accept a
question as a pattern, mark it out of scope, and measure the pack before and after.

Every change is checked the way users would meet it: the pack is loaded again from disk (strict
validation) and the pack's labeled sets are scored with the thresholds as they are, so the author
sees at once whether a new pattern broke an answer elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .authoring import PatternEdit, add_out_of_scope, add_pattern, check_editable
from .evaluate import evaluate, load_eval_set
from .faqbot import FAQBot

__all__ = ["FIGURES", "Accepted", "ReviewSession", "eval_figures"]

#: The figures compared before and after a change: (name, what higher means).
FIGURES = (("correct", "better"), ("wrong", "worse"), ("clarify", "worse"), ("rejected", "better"),
           ("urgent", "better"))


def eval_figures(bot: FAQBot, sets: list[Path]) -> dict[str, float]:
    """The eval figures of ``bot`` over ``sets`` merged (empty when there are no sets)."""
    if not sets:
        return {}
    data: dict[str, Any] = {"cases": [], "dialogues": []}
    for path in sets:
        loaded = load_eval_set(path)
        data["cases"] += loaded["cases"]
        data["dialogues"] += loaded["dialogues"]
    report = evaluate(bot, data)
    return {name: round(getattr(report, name), 4) for name, _ in FIGURES} | {"broken": report.broken}


@dataclass(frozen=True)
class Accepted:
    """A pattern written and validated, with the figures before and after it."""

    edit: PatternEdit
    before: dict[str, float]
    after: dict[str, float]

    def changes(self) -> list[tuple[str, float, float]]:
        """(figure, before, after) for every figure."""
        return [(name, self.before[name], self.after[name]) for name, _ in FIGURES if name in self.before]

    def to_dict(self) -> dict[str, Any]:
        return {"file": str(self.edit.path), "line": self.edit.line, "intent": self.edit.intent,
                "pattern": self.edit.pattern, "before": self.before, "after": self.after}


class ReviewSession:
    """One author's pass over the groups, on one pack (which must be editable)."""

    def __init__(self, pack: Path, eval_sets: list[Path]) -> None:
        check_editable(pack)
        self.pack, self.eval_sets = pack, eval_sets
        self.bot = FAQBot.load(pack)
        self.figures = eval_figures(self.bot, eval_sets)

    def intents(self) -> list[str]:
        """The FAQ intents a pattern may be added to."""
        return [i.id for i in self.bot.content.faq_intents]

    def accept(self, intent: str, pattern: str) -> Accepted:
        """Write the pattern (AuthoringError if refused) and measure the pack again."""
        edit = add_pattern(self.pack, intent, pattern)
        self.bot = FAQBot.load(self.pack)
        before, self.figures = self.figures, eval_figures(self.bot, self.eval_sets)
        return Accepted(edit, before, self.figures)

    def out_of_scope(self, question: str) -> Path:
        """Record the question as one the bot must refuse; the file it went into."""
        path = add_out_of_scope(self.pack, question, self.eval_sets)
        if path not in self.eval_sets:
            self.eval_sets = [*self.eval_sets, path]
        self.figures = eval_figures(self.bot, self.eval_sets)  # the next change is measured on the same sets
        return path
