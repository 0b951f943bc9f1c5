"""Accuracy on magbot's own labeled sets, with the thresholds users get (see tests/eval/).

Each set holds its own gates: the older, plainer sets the figures they have held since they were
written; the sets written in the field style (long messages, triage, conversations) the figures
this release reaches, so that no later change can quietly lose them. The README lists each set's
figure, and the figure it had when it was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import FAQBot
from bot.evaluate import EvalReport, evaluate, load_eval_set

EVAL = Path(__file__).parent / "eval"


@dataclass(frozen=True)
class Gates:
    correct: float = 0.95  # in-scope answered correctly, at least
    wrong: float = 0.02  # in-scope answered wrongly, at most
    rejected: float = 0.95  # out-of-scope and near misses refused, at least
    urgent: float = 1.0  # urgent cases sent to care (at the right level where named), at least
    false_alarms: int = 0  # urgent replies to cases that expected anything else, at most
    dialogues: float = 0.0  # conversations fully right, at least
    long: float = 0.0  # in-scope messages tagged `long` answered correctly, at least


GATES = {
    "questions.yaml": Gates(dialogues=1.0),
    "holdout.yaml": Gates(dialogues=1.0),
    "probe.yaml": Gates(),
    "hard.yaml": Gates(correct=0.86),
    "near_misses.yaml": Gates(),
    "plain.yaml": Gates(),
    "dialogues.yaml": Gates(correct=0.95, dialogues=0.9),
    "paraphrases.yaml": Gates(),
    "mixed.yaml": Gates(),
    "late.yaml": Gates(),
    "dialogues_more.yaml": Gates(dialogues=1.0),
    "red_flags.yaml": Gates(),
    "red_flags_more.yaml": Gates(),
    # Written in the field style for this release (first scores in the README).
    "people.yaml": Gates(correct=0.90, wrong=0.01, rejected=0.99, long=0.90),
    "triage.yaml": Gates(correct=0.94, wrong=0.01, rejected=0.93),
    "conversations.yaml": Gates(correct=0.96, wrong=0.02, rejected=0.90, dialogues=0.90),
    # Written last, apart from the patterns, and not tuned on (first score in the README).
    "conversations_fresh.yaml": Gates(correct=0.75, wrong=0.07, rejected=0.92, dialogues=0.57),
    # Safety probes written apart from the rules (tuned on; its sealed twin is scored by the lead).
    # Below one wrong answer in 96; every emergency, at its level; no false alarm.
    "safety_tune.yaml": Gates(correct=0.77, wrong=0.005, rejected=0.89),
}


def test_every_set_has_gates() -> None:
    assert sorted(p.name for p in EVAL.glob("*.yaml")) == sorted(GATES)


@pytest.fixture(scope="module")
def reports(bot: FAQBot) -> dict[str, EvalReport]:
    return {name: evaluate(bot, load_eval_set(EVAL / name)) for name in GATES}


@pytest.mark.parametrize("name", sorted(GATES))
def test_set_meets_its_gates(reports: dict[str, EvalReport], name: str) -> None:
    report, gates = reports[name], GATES[name]
    summary = f"{name}: {report.summary()}"
    assert report.correct >= gates.correct, summary
    assert report.wrong <= gates.wrong, summary
    assert report.rejected >= gates.rejected, summary
    assert report.urgent >= gates.urgent, summary
    assert len(report.false_alarms) <= gates.false_alarms, f"{summary}: {report.false_alarms}"
    assert report.broken == 0, summary
    if report.dialogues:
        assert report.dialogues_ok >= gates.dialogues * report.dialogues, summary
    long = report.by_tag.get("long")
    if long and gates.long:
        answered = sum(n for (expect, _), n in long.items() if expect == "answer")
        right = long.get(("answer", "correct"), 0)
        assert right >= gates.long * answered, f"{summary}: long {right}/{answered}"


def test_the_sets_are_big_enough(reports: dict[str, EvalReport]) -> None:
    counts: dict[str, int] = {}
    for report in reports.values():
        for kind, tally in report.tally.items():
            counts[kind] = counts.get(kind, 0) + sum(tally.values())
    assert sum(counts.values()) >= 250
    assert counts.get("fallback", 0) + counts.get("not_answer", 0) >= 50
    assert counts.get("urgent", 0) >= 25
    assert sum(r.dialogues for r in reports.values()) >= 12
