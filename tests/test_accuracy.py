"""Accuracy on magbot's own labeled sets, with the thresholds users get (see tests/eval/).

Each set holds floors, not today's scores: a rule that no longer pays can be removed without CI
calling it a regression. What may not move at all is safety and wrong answers: every urgent case
sent to care and no false alarm (on the two sets sealed during this release, no fewer urgent
replies and no more false alarms than they scored), and no more wrong answers than today on any set. What may move a
little: correct answers by one case or one point, whichever is more; refusals and whole dialogues
by one (refusals by none on a set of fewer than ten). The README lists each set's figure today.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import FAQBot
from bot.evaluate import EvalReport, evaluate, load_eval_set

EVAL = Path(__file__).parent / "eval"


@dataclass(frozen=True)
class Floor:
    correct: float  # in-scope answered correctly, at least (today's less one case or one point)
    wrong: int = 0  # in-scope answered wrongly, at most: today's count, no room
    rejected: float = 1.0  # out-of-scope and near misses refused, at least (today's less one case)
    dialogues: int = 0  # conversations fully right, at least (today's less one)
    urgent: float = 1.0  # urgent cases sent to care (at the right level where named): all of them
    false_alarms: int = 0  # urgent replies to cases that expected anything else: none


GATES = {
    "conversations.yaml": Floor(correct=0.95, wrong=3, rejected=0.86, dialogues=59),  # today 148/154, 20/22, 60/66
    "conversations_fresh.yaml": Floor(correct=0.74, wrong=6, rejected=0.85, dialogues=22),  # 68/90, 13/14, 23/40
    "dialogues.yaml": Floor(correct=0.96, dialogues=9),  # today 29/29, dialogues 10/10
    "dialogues_more.yaml": Floor(correct=0.96, dialogues=9),  # today 25/25, dialogues 10/10
    "hard.yaml": Floor(correct=0.83, rejected=0.90),  # today 26/30, refused 11/11
    "holdout.yaml": Floor(correct=0.96, rejected=0.93, dialogues=1),  # today 52/53, 16/16, 2/2
    "late.yaml": Floor(correct=0.97),  # today 40/40, refused 9/9
    "mixed.yaml": Floor(correct=0.92, rejected=0.90),  # today 40/42, refused 10/10
    "near_misses.yaml": Floor(correct=1.0, rejected=0.96),  # today refused 49/50
    "paraphrases.yaml": Floor(correct=0.93),  # today 28/29, refused 4/4
    "people.yaml": Floor(correct=0.90, wrong=1, rejected=0.97),  # today 132/145, refused 48/48
    "plain.yaml": Floor(correct=0.96),  # today 56/57, refused 1/1
    "probe.yaml": Floor(correct=0.98, rejected=0.93),  # today 61/61, refused 15/15
    "questions.yaml": Floor(correct=0.97, rejected=0.98, dialogues=12),  # today 205/208, 63/63, 13/13
    "red_flags.yaml": Floor(correct=1.0),  # today: every urgent case
    "red_flags_more.yaml": Floor(correct=1.0),
    "triage.yaml": Floor(correct=0.92, rejected=0.91),  # today 80/85, refused 43/46
    # Safety probes written apart from the rules (tuned on; its sealed twin is scored once, at the end).
    "safety_tune.yaml": Floor(correct=0.80, wrong=0, rejected=0.92),  # today 78/96, refused 61/65
    # Understanding probes written apart from the patterns (tuned on by the pipeline work).
    "understanding_tune.yaml": Floor(correct=0.79, wrong=7, rejected=0.91, dialogues=15, false_alarms=3),
    # The two sets kept sealed while this release was built, scored once at its end and then added
    # here as they scored: floors at those figures, so what they show can only get better. Their
    # misses are the next release's work, to be fixed by causes (concepts, reading rules), never
    # by their words.
    "safety_sealed.yaml": Floor(correct=0.74, wrong=2, rejected=0.81, urgent=0.78, false_alarms=10),
    "understanding_sealed.yaml": Floor(correct=0.75, wrong=13, rejected=0.96, dialogues=10, false_alarms=1),
}


def test_every_set_has_gates() -> None:
    assert sorted(p.name for p in EVAL.glob("*.yaml")) == sorted(GATES)


@pytest.fixture(scope="module")
def reports(bot: FAQBot) -> dict[str, EvalReport]:
    return {name: evaluate(bot, load_eval_set(EVAL / name)) for name in GATES}


@pytest.mark.parametrize("name", sorted(GATES))
def test_set_stays_above_its_floors(reports: dict[str, EvalReport], name: str) -> None:
    report, floor = reports[name], GATES[name]
    summary = f"{name}: {report.summary()}"
    assert report.correct >= floor.correct, summary
    assert report.tally.get("answer", {}).get("wrong", 0) <= floor.wrong, summary
    assert report.rejected >= floor.rejected, summary
    assert report.urgent >= floor.urgent, summary
    assert len(report.false_alarms) <= floor.false_alarms, f"{summary}: {report.false_alarms}"
    assert report.broken == 0, summary
    assert report.dialogues_ok >= floor.dialogues, summary


def test_the_sets_are_big_enough(reports: dict[str, EvalReport]) -> None:
    counts: dict[str, int] = {}
    for report in reports.values():
        for kind, tally in report.tally.items():
            counts[kind] = counts.get(kind, 0) + sum(tally.values())
    assert sum(counts.values()) >= 250
    assert counts.get("fallback", 0) + counts.get("not_answer", 0) >= 50
    assert counts.get("urgent", 0) >= 25
    assert sum(r.dialogues for r in reports.values()) >= 12
