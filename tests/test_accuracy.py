"""Accuracy on magbot's own labeled set, with the thresholds users get (see tests/eval/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import FAQBot
from bot.evaluate import evaluate, load_eval_set

SETS = sorted((Path(__file__).parent / "eval").glob("*.yaml"))


@pytest.fixture(scope="module")
def report(bot: FAQBot):
    data: dict = {"cases": [], "dialogues": []}
    for path in SETS:
        loaded = load_eval_set(path)
        data["cases"] += loaded.get("cases") or []
        data["dialogues"] += loaded.get("dialogues") or []
    return evaluate(bot, data)


def test_the_set_is_big_enough(report) -> None:
    counts = {kind: sum(c.values()) for kind, c in report.tally.items()}
    assert sum(counts.values()) >= 250
    assert counts.get("fallback", 0) + counts.get("not_answer", 0) >= 50
    assert counts.get("urgent", 0) >= 25
    assert report.dialogues >= 12


def test_in_scope_questions_are_answered_correctly(report) -> None:
    assert report.correct >= 0.95, report.summary()


def test_wrong_answers_are_rare(report) -> None:
    assert report.wrong <= 0.02, report.summary()


def test_out_of_scope_is_refused(report) -> None:
    assert report.rejected >= 0.95, report.summary()


def test_every_red_flag_is_caught(report) -> None:
    assert report.urgent == 1.0, report.summary()


def test_nothing_is_broken(report) -> None:
    assert report.broken == 0
