"""Triage reads clauses: emergencies caught wherever they sit, denials and settled facts are not
alarms, each rule answers at its level of care, and a crisis disclosure is not dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import FAQBot
from conftest import SMALL_INTENTS, line_of
from test_validate import problems_for

BURIED = ("I'm 52, had a herniated disc for 3 months and my physio says keep moving. Nothing works and "
          "my relationship's gone. I keep thinking everyone would be better off without me and tonight "
          "I've been looking up how many pills it would take. Anyway, does magnesium help?")


@pytest.mark.parametrize("message, level", [
    (BURIED, "emergency"),
    ("couldn't feel the toilet paper when I wiped this morning, is that the disc?", "emergency"),
    ("my 3 year old got into my bag and ate some of my magnesium tablets", "emergency"),
    ("my back pain is worse and i have a fever", "prompt"),
    ("i took 6 of my citrate tablets at once by mistake and now i feel sick", "prompt"),
    ("lost a stone in two months without trying and my lower back aches", "prompt"),
])
def test_emergencies_and_prompt_cases_get_their_level(bot: FAQBot, message: str, level: str) -> None:
    reply = bot.ask(message)
    assert (reply.kind, reply.triage) == ("urgent", level), reply.explanation


@pytest.mark.parametrize("message", [
    "No numbness down below, bladder and bowels totally fine, just leg pain. Is glycinate worth a try?",
    "the numbness in my foot has been there for months, my GP and the neuro both know about it. does magnesium help?",
    "I took 2 tablets instead of 1 by mistake is that ok",
    "the label says 375mg per tablet?? is that too much",
    "this sciatica is killing me, which magnesium is best",
    "I fainted once years ago when giving blood. Is glycinate well tolerated?",
    "I take Doctor's Best glycinate, 2 caps in the morning and 2 at night. Is that a normal dose?",
])
def test_denials_settled_facts_and_figures_of_speech_are_not_alarms(bot: FAQBot, message: str) -> None:
    reply = bot.ask(message)
    assert reply.kind != "urgent" and reply.triage is None, reply.explanation


def test_a_crisis_stays_until_the_person_says_they_are_safe(bot: FAQBot) -> None:
    session = bot.session()
    assert session.ask("i don't want to be here any more").triage == "emergency"
    again = session.ask("what dose of magnesium should i take")
    assert again.kind == "urgent" and again.text.startswith(bot.content.replies["urgent"]["after_crisis"])
    resumed = bot.session(session.to_dict())  # the crisis survives a stateless round trip
    assert resumed.ask("how much for women").kind == "urgent"
    assert resumed.ask("ok, I'm safe, my partner is with me. how much for women?").kind == "answer"


def test_after_another_emergency_the_question_can_be_asked(bot: FAQBot) -> None:
    session = bot.session()
    assert session.ask("crushing chest pain right now").triage == "emergency"
    assert session.ask("ok the ambulance is on its way. is citrate a laxative?").kind == "answer"


def test_red_flag_level_and_nature_are_validated(tmp_path: Path) -> None:
    intents = SMALL_INTENTS.replace('    any: ["struck by lightning"]',
                                    '    level: urgentish\n    any: ["struck by lightning"]')
    problems = problems_for(tmp_path, intents=intents)
    line = line_of(intents, "level: urgentish")
    assert any(f"main.yaml:{line}:" in p and "level must be one of emergency, prompt" in p for p in problems)


def test_the_level_is_shown_in_plain_output_and_the_terminal(bot: FAQBot) -> None:
    from bot.render import level_labels, render_plain
    from bot.terminal.render import reply_fragments

    labels = level_labels(bot.content.replies)  # the pack's headings: no medical text in the code
    prompt = bot.ask("my back pain is worse and i have a fever")
    emergency = bot.ask("I cant feel my legs and I wet myself")
    assert render_plain(prompt, labels=labels).startswith(f"[{labels['prompt']}]")
    assert render_plain(emergency, labels=labels).startswith(f"[{labels['emergency']}]")
    assert not render_plain(bot.ask("what is sciatica"), labels=labels).startswith("[")
    styles = {style for style, _ in reply_fragments(prompt, 80, "You could ask:")}
    assert "class:urgent-prompt" in styles and "class:urgent" not in styles
    assert "class:urgent" in {style for style, _ in reply_fragments(emergency, 80, "You could ask:")}


@pytest.mark.parametrize("message", [
    "I lost control of my bladder, is that normal?",
    "my chest hurts, is it ok to take magnesium?",
    "No I can't pee",
    "no pain but I can't feel my groin",
    "I've had sciatica for years and I can't feel my bum when I wipe",
    "my GP is aware of my sciatica, I cant feel anything between my legs",
    "I took 20 tablets, what are the symptoms I should look out for",
    "my toddler swallowed my magnesium tablets, what are the signs I should watch out for",
    "chest pain, stable angina, but this is different, crushing pain down my left arm",
    "I see no way out",
    "I was fine yesterday but now I can't feel my legs",
])
def test_a_question_or_another_clause_does_not_cancel_a_red_flag(bot: FAQBot, message: str) -> None:
    assert bot.ask(message).kind == "urgent"


def test_what_was_told_and_a_crisis_survive_other_turns(bot: FAQBot) -> None:
    session = bot.session()
    assert session.ask("I'm pregnant and my chest hurts").kind == "urgent"
    assert session.ask("how much magnesium should I take?").explanation.get("careful")
    session = bot.session()
    session.ask("I want to kill myself")
    assert session.ask("I'm not getting help").kind == "urgent"
    session.ask("my chest hurts now")
    assert session.ask("how much magnesium should I take?").kind == "urgent"
    assert bot.ask("blah " * 900 + "I want to kill myself").triage == "emergency"


@pytest.mark.parametrize("message", ["can I rub magnesium oil on my son's legs, he gets cramps",
                                     "is it ok to put a magnesium spray on my 6 year old"])
def test_putting_it_on_a_child_is_a_careful_situation(bot: FAQBot, message: str) -> None:
    assert bot.ask(message).explanation.get("careful") == "child"


def test_she_in_the_backstory_is_not_a_question_about_women(bot: FAQBot) -> None:
    reply = bot.ask("my physio mentioned magnesium blocks calcium in the nerves but I didn't follow, "
                    "what did she mean by that")
    assert reply.intent not in ("rda-women", "rda-overview")
    assert bot.ask("how much should she take, she's my wife").intent == "rda-women"


def test_research_reported_is_not_a_plan_to_change_a_medicine(bot: FAQBot) -> None:
    reported = bot.ask("I've read that magnesium drips are used in surgery to cut down on painkillers, "
                       "I'm on tramadol myself. Would tablets at home do the same?")
    assert reported.explanation.get("careful") is None
    assert bot.ask("can I cut down my tramadol once I start magnesium").explanation.get("careful") == \
        "prescribed-medicine"


@pytest.mark.parametrize(("message", "expected"), [
    ("my toddler\ngot into my bag\nand swallowed some of my magnesium pills", "urgent"),
    ("I took a lot of magnesium\nearlier\nnow I feel confused and very weak", "urgent"),
    ("my toddler. got into my bag. and swallowed some of my magnesium pills", "urgent"),
    ("how much magnesium\nfor my 10 year old", "child"),
    ("I want to stop\nmy pregabalin\nand take magnesium instead, how much?", "prescribed-medicine"),
])
def test_lines_wrapped_mid_sentence_are_read_as_one_sentence(bot: FAQBot, message: str, expected: str) -> None:
    # A pasted note or email wraps lines anywhere: a single line break ends no sentence.
    reply = bot.ask(message)
    assert reply.kind == "urgent" if expected == "urgent" else reply.explanation.get("careful") == expected


def test_saying_they_will_reach_out_ends_crisis_mode(bot: FAQBot) -> None:
    session = bot.session()
    assert session.ask("honestly I want to end it all").kind == "urgent"
    assert session.ask("which form is best").kind == "urgent"  # the crisis reply stays until then
    assert session.ask("ok I'll ring someone. which form is best?").kind == "answer"


def test_a_child_told_of_earlier_gets_no_adult_figures_later(bot: FAQBot) -> None:
    session = bot.session()
    session.ask("my 14 year old son has been getting sciatica from football")
    assert session.ask("how much should he take?").explanation.get("careful") == "child"
    assert session.ask("which kind is best for him").explanation.get("careful") == "child"
    # Asking for themselves, the person gets the adult answer.
    assert session.ask("and how much should I take myself?").kind == "answer"
    adult = bot.session()
    adult.ask("my son is driving me to the GP later")
    assert adult.ask("how much should I take?").kind == "answer"
