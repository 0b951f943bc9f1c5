"""A second pack with nothing medical in it (tests/packs/stove: a camping stove's manual) uses
question openers, careful situations and red flags: the engine is tested as generic, and no
subject text lives in the code (level headings and the compact caveat come from the pack)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot import FAQBot
from bot.render import compact_caveats, level_labels, render_plain
from bot.terminal.render import reply_fragments
from conftest import ROOT

PACK = ROOT / "tests" / "packs" / "stove"


@pytest.fixture(scope="module")
def stove() -> FAQBot:
    return FAQBot.load(PACK)


@pytest.mark.parametrize(("question", "intent"), [
    ("how do I light it", "lighting"),
    ("how long does a canister last?", "burn-time"),
    ("butane or propane?", "fuel"),
    # Backstory is set aside by the pack's question openers; only the asking clause is judged.
    ("we're off camping next week with the whole family, how do I clean the burner?", "cleaning"),
    ("ok so how do i simmer", "simmer"),
])
def test_the_pack_answers_its_questions(stove: FAQBot, question: str, intent: str) -> None:
    reply = stove.ask(question)
    assert (reply.kind, reply.intent) == ("answer", intent)


def test_a_follow_up_moves_within_the_group(stove: FAQBot) -> None:
    session = stove.session()
    assert session.ask("which fuel does it take?").intent == "fuel"
    assert session.ask("and how long does it last?").intent == "burn-time"


def test_red_flags_fire_at_their_level_and_are_read_in_their_clause(stove: FAQBot) -> None:
    assert stove.ask("I can smell gas near the canister").triage == "emergency"
    assert stove.ask("the flame has gone yellow and sooty").triage == "prompt"
    assert stove.ask("there's no gas smell, but how do I light it?").kind == "answer"
    assert stove.ask("what happens if I smell gas?").kind != "urgent"


def test_careful_situations_get_the_pack_reply(stove: FAQBot) -> None:
    tent = stove.ask("can I run it inside the tent?")
    assert tent.kind == "fallback" and tent.explanation["careful"] == "tent"
    assert stove.ask("can my 8 year old use it?").explanation.get("careful") == "child"
    # A child mentioned in backstory, with the question about something else, is no careful case.
    assert stove.ask("my daughter loves camping. how do I light the stove?").intent == "lighting"


def test_a_subject_the_manual_does_not_cover_is_refused_by_name(stove: FAQBot) -> None:
    reply = stove.ask("how do I light a wood stove?")
    assert reply.kind in ("fallback", "clarify") and "wood stove" in reply.text


def test_headings_and_the_compact_caveat_come_from_the_pack(stove: FAQBot) -> None:
    replies = stove.content.replies
    urgent = stove.ask("I can smell gas")
    assert render_plain(urgent, labels=level_labels(replies)).startswith("[DANGER: act now]")
    answer = stove.ask("how do I light it")
    text = "".join(t for _, t in reply_fragments(answer, 80, "You could ask:", full_caveat=False,
                                                  compact=compact_caveats(replies)))
    assert "Follow the manufacturer's instructions." in text and "medical" not in text.lower()


_SUBJECT_WORDS = re.compile(r"medical|healthcare|doctor|pharmacist|magnesium|sciatic|clinician|pregnan", re.I)
#: The eval scorer checks the caveat as the public scorer does (it names a professional).
_EXEMPT = {"evaluate.py"}


def test_no_subject_text_in_the_code() -> None:
    found = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        if path.name in _EXEMPT:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)}
        found += [f"{Path(path).name}:{node.lineno}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in docstrings and _SUBJECT_WORDS.search(node.value)]
    assert not found, found
