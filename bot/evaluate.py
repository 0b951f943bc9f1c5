"""Score a labeled question set the way users meet the bot, like ``rasa test nlu``.

The set has the format of ``../shared/eval/sample.yaml``: single ``cases`` (each asked in a fresh
session) and ``dialogues`` (turns asked in one session). Judging follows the public scorer
(``../shared/eval/score.py``): an ``answer`` case is correct only when the reply is an answer whose
text matches the case's ``all``/``any`` regexes and none of its ``none`` regexes; an ``urgent`` case
that names a ``triage`` level must get that level; a clarification is counted apart, never as
correct and never as wrong. An urgent reply to a case that expected anything else is a false alarm.
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
# A field-style case names its kind of message in a comment at the line's end: `... }  # long`.
_TAGGED_LINE = re.compile(r"\{q: (['\"])(.*?)\1,.*#\s*([\w-]+)\s*$")


def judge(case: dict[str, Any], reply: Reply) -> str:
    """'correct', 'clarify', 'miss', 'wrong' or 'broken' for one turn."""
    if not _CAVEAT.search(reply.caveat or ""):
        return "broken"
    expect = case["expect"]
    if any(re.search(p, reply.text, re.I) for p in case.get("none", [])):
        return "wrong"
    if expect == "urgent" and case.get("triage") and reply.kind == "urgent":
        return "correct" if reply.triage == case["triage"] else "wrong"
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
    """Tallies per expected kind (single cases and dialogue turns together, as the public scorer
    counts them), per tag, per dialogue turn, and every turn that was not correct."""

    tally: dict[str, Counter] = field(default_factory=dict)
    by_tag: dict[str, Counter] = field(default_factory=dict)  # tag -> verdicts of its in-scope cases
    turns: Counter = field(default_factory=Counter)  # verdicts of dialogue turns alone
    failures: list[tuple[str, str, str, Reply]] = field(default_factory=list)
    confusions: Counter = field(default_factory=Counter)
    false_alarms: list[str] = field(default_factory=list)
    dialogues: int = 0
    dialogues_ok: int = 0

    def record(self, case: dict[str, Any], reply: Reply, *, in_dialogue: bool = False) -> str:
        verdict = judge(case, reply)
        self.tally.setdefault(case["expect"], Counter())[verdict] += 1
        if in_dialogue:
            self.turns[verdict] += 1
        elif case.get("_tag"):
            self.by_tag.setdefault(case["_tag"], Counter())[(case["expect"], verdict)] += 1
        if case["expect"] != "urgent" and reply.kind == "urgent":
            self.false_alarms.append(str(case["q"]))
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
            for question, expect, verdict, reply in self.failures:
                level = f" triage={reply.triage}" if reply.triage else ""
                out.append(f"[{verdict}] expect={expect} q={question!r}\n    -> {reply.kind}{level} {reply.intent} "
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


def load_eval_set(path: str | Path) -> dict[str, Any]:
    """Read a labeled set; raise BotError with a one-line reason when it is not one.

    Each single case gets ``_tag`` from its line's trailing ``# tag`` comment, where there is one.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except OSError as exc:
        raise BotError(f"{path}: cannot read ({exc.strerror})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise BotError(f"{path}: malformed YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cases") or [], list) \
            or not isinstance(data.get("dialogues") or [], list):
        raise BotError(f"{path}: expected a mapping with 'cases' and/or 'dialogues'")
    data["cases"] = data.get("cases") or []
    data["dialogues"] = data.get("dialogues") or []
    for dialogue in data["dialogues"]:
        if not isinstance(dialogue, dict) or not isinstance(dialogue.get("turns"), list):
            raise BotError(f"{path}: every dialogue needs a list of 'turns' ({dialogue!r:.60})")
    for case in data["cases"] + [t for d in data["dialogues"] for t in d["turns"]]:
        if not isinstance(case, dict) or "q" not in case or "expect" not in case:
            raise BotError(f"{path}: every case needs 'q' and 'expect' ({case!r:.60})")
    tags = {m.group(2): m.group(3) for m in map(_TAGGED_LINE.search, text.splitlines()) if m}
    for case in data["cases"]:
        tag = tags.get(str(case["q"]).replace('"', '\\"')) or tags.get(str(case["q"]))
        if tag:
            case["_tag"] = tag
    return data


def evaluate(bot: FAQBot, data: dict[str, Any]) -> EvalReport:
    """Ask every case and dialogue; the bot's own thresholds decide, exactly as users see."""
    report = EvalReport()
    for case in data.get("cases", []):
        report.record(case, bot.ask(str(case["q"])))
    for dialogue in data.get("dialogues", []):
        session = bot.session()
        verdicts = [report.record(turn, session.ask(str(turn["q"])), in_dialogue=True)
                    for turn in dialogue.get("turns", [])]
        report.dialogues += 1
        report.dialogues_ok += all(v == "correct" for v in verdicts)
    return report
