"""The figures of a scored question set: tallies, the turns that went wrong (each with its file:line),
the printed report and the machine-readable one. ``bot.evaluate`` asks and judges; this only counts.

Reports of several files add up (``EvalReport.merged``) to exactly the report of all their cases
asked together: every case is asked in a fresh session and every dialogue in its own, so the order
in which files are read changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .model import Reply

__all__ = ["EvalReport", "Failure"]


@dataclass(frozen=True)
class Failure:
    """One turn that was not correct, and where the set has it (``file:line``; None if unknown)."""

    question: str
    expect: str
    verdict: str
    reply: Reply
    where: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"where": self.where, "q": self.question, "expect": self.expect, "verdict": self.verdict,
                "kind": self.reply.kind, "intent": self.reply.intent, "triage": self.reply.triage,
                "confidence": round(self.reply.confidence, 3),
                "alternatives": [a for a, _ in self.reply.alternatives[:3]]}


@dataclass
class EvalReport:
    """Tallies per expected kind (single cases and dialogue turns together, as the public scorer
    counts them), per tag, per dialogue turn, and every turn that was not correct."""

    tally: dict[str, Counter] = field(default_factory=dict)
    by_tag: dict[str, Counter] = field(default_factory=dict)  # tag -> verdicts of its in-scope cases
    turns: Counter = field(default_factory=Counter)  # verdicts of dialogue turns alone
    failures: list[Failure] = field(default_factory=list)
    confusions: Counter = field(default_factory=Counter)
    false_alarms: list[str] = field(default_factory=list)
    dialogues: int = 0
    dialogues_ok: int = 0

    def record(self, case: dict[str, Any], reply: Reply, verdict: str, *, in_dialogue: bool = False) -> str:
        """Count one judged turn; returns the verdict."""
        self.tally.setdefault(case["expect"], Counter())[verdict] += 1
        if in_dialogue:
            self.turns[verdict] += 1
        elif case.get("_tag"):
            self.by_tag.setdefault(case["_tag"], Counter())[(case["expect"], verdict)] += 1
        if case["expect"] != "urgent" and reply.kind == "urgent":
            self.false_alarms.append(str(case["q"]))
        if verdict != "correct":
            self.failures.append(Failure(str(case["q"]), case["expect"], verdict, reply, case.get("_where")))
            self.confusions[(case.get("intent") or case["expect"], reply.intent or reply.kind)] += 1
        return verdict

    @classmethod
    def merged(cls, reports: list[EvalReport]) -> EvalReport:
        """All the reports' figures added up, in their order."""
        total = cls()
        for report in reports:
            for kind, counts in report.tally.items():
                total.tally.setdefault(kind, Counter()).update(counts)
            for tag, counts in report.by_tag.items():
                total.by_tag.setdefault(tag, Counter()).update(counts)
            total.turns.update(report.turns)
            total.confusions.update(report.confusions)
            total.failures += report.failures
            total.false_alarms += report.false_alarms
            total.dialogues += report.dialogues
            total.dialogues_ok += report.dialogues_ok
        return total

    def rate(self, kinds: tuple[str, ...], verdict: str) -> float:
        counts = sum((self.tally.get(k, Counter()) for k in kinds), Counter())
        total = sum(counts.values())
        return counts[verdict] / total if total else 1.0 if verdict == "correct" else 0.0

    @property
    def correct(self) -> float:
        return self.rate(("answer",), "correct")

    @property
    def wrong(self) -> float:
        return self.rate(("answer",), "wrong")

    @property
    def clarify(self) -> float:
        return self.rate(("answer",), "clarify")

    @property
    def rejected(self) -> float:
        return self.rate(("fallback", "not_answer"), "correct")

    @property
    def urgent(self) -> float:
        """Urgent recall: urgent cases that got an urgent reply (at the right level, where named)."""
        return self.rate(("urgent",), "correct")

    @property
    def smalltalk(self) -> tuple[int, int]:
        counts = self.tally.get("smalltalk", Counter())
        return counts["correct"], sum(counts.values())

    @property
    def broken(self) -> int:
        return sum(c["broken"] for c in self.tally.values())

    def summary(self) -> str:
        small_ok, small_all = self.smalltalk
        return (f"in-scope correct {self.correct:.1%} clarify {self.clarify:.1%} wrong {self.wrong:.1%} "
                f"| out-of-scope rejected {self.rejected:.1%} | urgent {self.urgent:.1%} "
                f"| smalltalk {small_ok}/{small_all} | dialogues {self.dialogues_ok}/{self.dialogues} "
                f"| false alarms {len(self.false_alarms)} | broken {self.broken}")

    def lines(self, *, show: bool = False) -> list[str]:
        """The report as printed by ``magbot eval``: failures (with ``show``), tallies, tags, score."""
        out: list[str] = []
        if show:
            for failure in self.failures:
                reply = failure.reply
                level = f" triage={reply.triage}" if reply.triage else ""
                where = f"{failure.where} " if failure.where else ""
                out.append(f"[{failure.verdict}] {where}expect={failure.expect} q={failure.question!r}\n"
                           f"    -> {reply.kind}{level} {reply.intent} "
                           f"{reply.confidence:.2f} {[a for a, _ in reply.alternatives[:3]]}")
        for kind, counts in sorted(self.tally.items()):
            out.append(f"{kind:11s} " + " ".join(f"{v}={n}" for v, n in sorted(counts.items())))
        for tag, counts in sorted(self.by_tag.items()):
            out.append(f"tag {tag:12s} " + _tag_line(counts))
        if self.dialogues:
            total = sum(self.turns.values()) or 1
            out.append(f"dialogues   {self.dialogues_ok}/{self.dialogues} fully right; turns "
                       f"{self.turns['correct']}/{total} correct ({self.turns['correct'] / total:.1%}), "
                       f"clarify {self.turns['clarify']}, wrong {self.turns['wrong']}, miss {self.turns['miss']}")
        if self.false_alarms:
            out.append("false alarms: " + "; ".join(q[:70] for q in self.false_alarms[:8]))
        if self.confusions:
            out.append("confusions (expected -> given): " + ", ".join(
                f"{e}->{g} x{n}" for (e, g), n in self.confusions.most_common(12)))
        out.append("score: " + self.summary())
        return out

    def figures(self) -> dict[str, Any]:
        """The figures as JSON-ready data (``magbot eval --json``); shares are fractions 0-1."""
        small_ok, small_all = self.smalltalk
        return {
            "in_scope": {"correct": round(self.correct, 4), "clarify": round(self.clarify, 4),
                         "wrong": round(self.wrong, 4)},
            "out_of_scope_rejected": round(self.rejected, 4), "urgent": round(self.urgent, 4),
            "smalltalk": {"correct": small_ok, "total": small_all},
            "dialogues": {"fully_right": self.dialogues_ok, "total": self.dialogues, "turns": dict(self.turns)},
            "false_alarms": len(self.false_alarms), "broken": self.broken,
            "tally": {kind: dict(counts) for kind, counts in sorted(self.tally.items())},
            "tags": {tag: [{"expect": e, "verdict": v, "count": n} for (e, v), n in sorted(counts.items())]
                     for tag, counts in sorted(self.by_tag.items())},
            "confusions": [{"expected": e, "given": g, "count": n} for (e, g), n in self.confusions.most_common()],
        }


def _tag_line(counts: Counter) -> str:
    """One tag's figures: in-scope correct among its answer cases, and how its other cases fared."""
    answers = {v: n for (e, v), n in counts.items() if e == "answer"}
    others = Counter(v for (e, v), n in counts.items() if e != "answer" for _ in range(n))
    parts = []
    if answers:
        total = sum(answers.values())
        parts.append(f"in-scope correct {answers.get('correct', 0)}/{total} "
                     f"({answers.get('correct', 0) / total:.0%}), clarify {answers.get('clarify', 0)}, "
                     f"wrong {answers.get('wrong', 0)}, miss {answers.get('miss', 0)}")
    if others:
        parts.append(f"other kinds correct {others['correct']}/{sum(others.values())}")
    return "; ".join(parts)
