"""Score a labeled question set the way users meet the bot, like ``rasa test nlu``.

The set has the format of ``../shared/eval/sample.yaml``: single ``cases`` (each asked in a fresh
session) and ``dialogues`` (turns asked in one session). Judging follows the public scorer: an
``answer`` case is correct only when the reply is an answer whose text matches the case's
regexes; a clarification is counted apart, never as correct and never as wrong.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import BotError
from .faqbot import FAQBot
from .model import Reply

__all__ = ["EvalReport", "evaluate", "judge", "load_eval_set"]

_CAVEAT = re.compile(r"(provider|doctor|clinician|pharmacist|professional|physician)", re.I)


def judge(case: dict[str, Any], reply: Reply) -> str:
    """'correct', 'clarify', 'miss', 'wrong' or 'broken' for one turn."""
    if not _CAVEAT.search(reply.caveat or ""):
        return "broken"
    expect = case["expect"]
    if expect == "answer":
        if reply.kind == "clarify":
            return "clarify"
        if reply.kind != "answer":
            return "miss"
        ok = all(re.search(p, reply.text, re.I) for p in case.get("all", []))
        if case.get("any"):
            ok = ok and any(re.search(p, reply.text, re.I) for p in case["any"])
        return "correct" if ok else "wrong"
    if expect == "not_answer":
        return "correct" if reply.kind in ("fallback", "clarify") else "wrong"
    return "correct" if reply.kind == expect else "wrong"


@dataclass
class EvalReport:
    """Tallies per expected kind, and every turn that was not correct."""

    tally: dict[str, Counter] = field(default_factory=dict)
    failures: list[tuple[str, str, str, Reply]] = field(default_factory=list)
    confusions: Counter = field(default_factory=Counter)
    dialogues: int = 0
    dialogues_ok: int = 0

    def record(self, case: dict[str, Any], reply: Reply) -> str:
        verdict = judge(case, reply)
        self.tally.setdefault(case["expect"], Counter())[verdict] += 1
        if verdict != "correct":
            self.failures.append((case["q"], case["expect"], verdict, reply))
            self.confusions[(case.get("intent") or case["expect"], reply.intent or reply.kind)] += 1
        return verdict

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
        return self.rate(("urgent",), "correct")

    @property
    def broken(self) -> int:
        return sum(c["broken"] for c in self.tally.values())

    def summary(self) -> str:
        return (f"in-scope correct {self.correct:.1%} clarify {self.clarify:.1%} wrong {self.wrong:.1%} "
                f"| out-of-scope rejected {self.rejected:.1%} | urgent {self.urgent:.1%} "
                f"| dialogues {self.dialogues_ok}/{self.dialogues} | broken {self.broken}")


def load_eval_set(path: str | Path) -> dict[str, Any]:
    """Read a labeled set; raise BotError with a one-line reason when it is not one."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise BotError(f"{path}: cannot read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise BotError(f"{path}: malformed YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cases", []), list):
        raise BotError(f"{path}: expected a mapping with 'cases' and/or 'dialogues'")
    for case in data.get("cases", []) + [t for d in data.get("dialogues", []) for t in d.get("turns", [])]:
        if not isinstance(case, dict) or "q" not in case or "expect" not in case:
            raise BotError(f"{path}: every case needs 'q' and 'expect' ({case!r:.60})")
    return data


def evaluate(bot: FAQBot, data: dict[str, Any]) -> EvalReport:
    """Ask every case and dialogue; the bot's own thresholds decide, exactly as users see."""
    report = EvalReport()
    for case in data.get("cases", []):
        report.record(case, bot.ask(str(case["q"])))
    for dialogue in data.get("dialogues", []):
        session = bot.session()
        verdicts = [report.record(turn, session.ask(str(turn["q"]))) for turn in dialogue.get("turns", [])]
        report.dialogues += 1
        report.dialogues_ok += all(v == "correct" for v in verdicts)
    return report
