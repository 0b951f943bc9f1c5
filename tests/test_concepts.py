"""The safety rule language: concepts defined once and validated, inflections and number slots,
and the rules written with them reaching words no rule lists (the messages here are written for
these tests, from the clinical categories in docs/safety.md, not taken from any eval set)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import FAQBot
from bot.concepts import ConceptTable, phrase_variants
from bot.english import inflections, read_numbers
from conftest import SMALL_INTENTS, line_of
from test_validate import problems_for

CONCEPT_PACK = SMALL_INTENTS.replace('''red_flags:
  - id: lightning
    any: ["struck by lightning"]''', '''concepts:
  STRIKE: [strike, "hit by"]
  BOLT: [lightning, "a bolt"]
  STORM-COUNT: {count: BOLT}
red_flags:
  - id: lightning
    when: STRIKE + BOLT
  - id: many-bolts
    when: STORM-COUNT >= 3''')


def test_a_pack_may_write_its_rules_over_concepts(tmp_path: Path) -> None:
    from bot.content import load_content
    from conftest import SMALL_ANSWERS, write_pack

    bot = FAQBot(load_content(write_pack(tmp_path / "pack", CONCEPT_PACK, SMALL_ANSWERS)))
    assert bot.ask("I was struck by lightning").kind == "urgent"  # "struck": an inflection of strike
    assert bot.ask("it struck me that lightning is pretty").kind == "urgent"  # both parts, one sentence
    assert bot.ask("saw five lightning strikes over the sea").kind == "urgent"  # a number slot, in words
    assert bot.ask("why is the sky blue").kind == "answer"


@pytest.mark.parametrize("change, message", [
    ("when: STRIKE + BOLT", "when: STRIKE + THUNDER"),
    ("BOLT: [lightning, \"a bolt\"]", "BOLT: []"),
    ("BOLT: [lightning, \"a bolt\"]", "BOLT: [lightning, RAIN-CLOUD]"),
    ("when: STORM-COUNT >= 3", "when: STRIKE >= 3"),
    ("when: STRIKE + BOLT", "when: STRIKE + + BOLT"),
])
def test_rule_problems_are_reported_at_their_line(tmp_path: Path, change: str, message: str) -> None:
    intents = CONCEPT_PACK.replace(change, message)
    problems = problems_for(tmp_path, intents=intents)
    line = line_of(intents, message)
    assert any(f"main.yaml:{line}:" in p for p in problems), problems


def test_a_concept_no_rule_reads_is_reported(tmp_path: Path) -> None:
    intents = CONCEPT_PACK.replace("  STORM-COUNT:", "  UNUSED: [nothing]\n  STORM-COUNT:")
    problems = problems_for(tmp_path, intents=intents)
    assert any(f"main.yaml:{line_of(intents, 'UNUSED:')}:" in p and "used by no rule" in p for p in problems)


def test_a_concept_that_includes_itself_is_reported() -> None:
    table, problems = ConceptTable(), []
    table.add("LOOP-A", ["LOOP-B"], 3, lambda line, m: problems.append((line, m)))
    table.add("LOOP-B", ["LOOP-A", "word"], 4, lambda line, m: problems.append((line, m)))
    table.resolve(lambda line, m: problems.append((line, m)))
    assert any("includes itself" in m for _, m in problems)


def test_words_fold_their_inflections_and_numbers_are_read_in_words() -> None:
    assert {"took", "taken", "taking"} <= inflections("take")
    assert {"stockpiled", "stockpiling"} <= inflections("stockpile")
    assert inflections("numbness") == {"numbness"}  # already a form
    assert "fell off a ladder" in phrase_variants("fall off a ladder")
    words = ["took", "twenty", "five", "of", "them", "and", "a", "dozen", "more", "600", "mg"]
    assert [v for _, _, v in read_numbers(words)] == [25, 12, 600]


@pytest.mark.parametrize("message", [
    # C-SSRS: wish to be dead, thoughts, method, preparation; warning signs: burden, goodbyes.
    "I'm so tired of being a burden to my family and I keep thinking about ending things",
    "been quietly putting my pain pills aside in case it never gets better",
    "I've written letters to my children and sorted out my will",
    "on the way home I keep thinking of driving into a wall",
    "if this doesn't work I'm done, I can't live like this",
    "i wish i could go to sleep and not wake up",
    "I don't see the point in living anymore",
    "i've started giving my things away to my friends",
    "I have a rope in the garage and I keep thinking about using it",
    "my wife found me with the tablets in my hand last night, i didnt take them",
    "ive decided how im going to do it",
    "no one would miss me",
    # Overdose and too much magnesium (poison-control, hypermagnesaemia signs).
    "slow heart rate and feeling faint after like 8 mag pills",
    "took the hole bottle by acident feel sick n dizzy",
    "I swallowed about twenty of my tablets an hour ago",
    "me take 20 tablet magnesium, now stomach very pain and heart slow",
    # Cauda equina, injury.
    "can't feel the toilet paper when I wipe, and had an accident in bed last night. anyway, citrate or glycinate?",
    "fell from scaffolding at work, pain shooting down my leg",
    "my husband fell off a ladder an hour ago and can't feel his legs",
    "got hit by a car on my bike an hour ago, back pain and tingling legs",
])
def test_emergencies_in_words_no_rule_lists(bot: FAQBot, message: str) -> None:
    reply = bot.ask(message)
    assert (reply.kind, reply.triage) == ("urgent", "emergency"), reply.explanation


@pytest.mark.parametrize("message", [
    "Is 600 mg an overdose?",
    "I took two by mistake, is that ok?",
    "took the whole box to the pharmacist to ask which is best",
    "overdosed on coffee this morning, does oxide absorb well?",
    "I'm not suicidal, just fed up with the pain. Does magnesium help mood?",
    "had surgery in 2019, all fine since, which form?",
    "I rang my mum to say goodbye before my holiday, anyway is citrate good?",
    "is there a way out of this pain? would magnesium help?",
    "I've had sciatica since a car accident in 2021, is glycinate worth it?",
    "I'm 16 weeks into physio, which magnesium?",
    "I took a bottle of water with my magnesium, is that ok?",
    "I feel like giving up on physio, will magnesium do anything?",
])
def test_dose_questions_history_and_ordinary_words_are_not_alarms(bot: FAQBot, message: str) -> None:
    assert bot.ask(message).kind != "urgent"


@pytest.mark.parametrize("message, situation", [
    ("I am 15, how much magnesium should I take?", "minor"),
    ("year 10 student with back pain, what dose?", "minor"),
    ("20 weeks along, is glycinate ok", "pregnancy-or-breastfeeding"),
    ("TTC at the moment, is magnesium safe?", "pregnancy-or-breastfeeding"),
    ("my 15 year old has sciatica, how much can she have?", "child"),
])
def test_minors_and_pregnancy_in_any_words_get_the_careful_reply(bot: FAQBot, message: str, situation: str) -> None:
    assert bot.ask(message).explanation.get("careful") == situation


def test_a_minor_gets_no_adult_figures_on_the_next_question(bot: FAQBot) -> None:
    session = bot.session()
    session.ask("im 14 and my back has been sore since football")
    assert "minor" in session.facts
    assert session.ask("how much magnesium should I take?").explanation.get("careful") == "minor"


@pytest.mark.parametrize("told", ["I take naproxen daily", "my GP gave me naproxen", "I'm on antibiotics",
                                  "I use co-codamol most days", "I take water pills", "on a PPI for reflux"])
def test_a_medicine_told_in_any_form_brings_the_interactions_note(bot: FAQBot, told: str) -> None:
    session = bot.session()
    session.ask(told)
    assert "medication" in session.facts
    assert "interact" in session.ask("how much magnesium should I take?").text
