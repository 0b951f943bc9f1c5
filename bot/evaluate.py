"""Score a labeled question set the way users meet the bot, like ``rasa test nlu``.

The set has the format of ``../shared/eval/sample.yaml``: single ``cases`` (each asked in a fresh
session) and ``dialogues`` (turns asked in one session). Judging follows the public scorer
(``../shared/eval/score.py``): an ``answer`` case is correct only when the reply is an answer whose
text matches the case's ``all``/``any`` regexes and none of its ``none`` regexes; an ``urgent`` case
that names a ``triage`` level must get that level; a clarification is counted apart, never as
correct and never as wrong. An urgent reply to a case that expected anything else is a false alarm.

Sets are read with the pack's strict reader (bot/yamlsource.py: duplicate keys refused, lines kept),
so each case knows its ``file:line`` for ``magbot eval --show``; the figures are bot/eval_report.py's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import BotError
from .eval_report import EvalReport
from .faqbot import FAQBot
from .model import Reply
from .yamlsource import LocatedDict, LocatedList, load_yaml_file

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


def load_eval_set(path: str | Path) -> dict[str, Any]:
    """Read a labeled set; raise BotError with a one-line reason when it is not one.

    Each case and dialogue turn gets ``_where`` (``file:line``), and each single case ``_tag`` from
    its line's trailing ``# tag`` comment, where there is one.
    """
    problems: list[str] = []
    data = load_yaml_file(Path(path), str(path), problems, root=Path(path).parent)
    if problems:
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BotError(problems[0] + more)
    text = Path(path).read_text(encoding="utf-8")
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
    _locate(data, str(path))
    tags = {m.group(2): m.group(3) for m in map(_TAGGED_LINE.search, text.splitlines()) if m}
    for case in data["cases"]:
        tag = tags.get(str(case["q"]).replace('"', '\\"')) or tags.get(str(case["q"]))
        if tag:
            case["_tag"] = tag
    return data


def _locate(data: dict[str, Any], label: str) -> None:
    """Give every case and turn its ``file:line``, from the located lists the reader built."""
    def mark(items: Any) -> None:
        if isinstance(items, LocatedList):
            for index, item in enumerate(items):
                if isinstance(item, LocatedDict):
                    item["_where"] = f"{label}:{items.line_of(index)}"

    mark(data["cases"])
    for dialogue in data["dialogues"]:
        mark(dialogue["turns"])


def evaluate(bot: FAQBot, data: dict[str, Any]) -> EvalReport:
    """Ask every case and dialogue; the bot's own thresholds decide, exactly as users see."""
    report = EvalReport()
    for case in data.get("cases", []):
        reply = bot.ask(str(case["q"]))
        report.record(case, reply, judge(case, reply))
    for dialogue in data.get("dialogues", []):
        session = bot.session()
        verdicts = []
        for turn in dialogue.get("turns", []):
            reply = session.ask(str(turn["q"]))
            verdicts.append(report.record(turn, reply, judge(turn, reply), in_dialogue=True))
        report.dialogues += 1
        report.dialogues_ok += all(v == "correct" for v in verdicts)
    return report
