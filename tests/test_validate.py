"""The validator: good content passes; each kind of mistake is reported as file:line, all at once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot import ContentError, FAQBot
from bot.content import load_content
from conftest import SMALL_ANSWERS, SMALL_INTENTS, line_of, write_pack


def problems_for(tmp_path: Path, intents: str = SMALL_INTENTS, answers: str = SMALL_ANSWERS) -> list[str]:
    pack = write_pack(tmp_path / "broken", intents, answers)
    with pytest.raises(ContentError) as caught:
        load_content(pack)
    return caught.value.problems


def test_the_small_pack_is_valid(small_pack: Path) -> None:
    content = load_content(small_pack)
    assert [i.id for i in content.intents] == ["colour", "rain", "greeting"]
    assert content.caveat.startswith("Ask a professional")


def test_the_bundled_content_is_valid() -> None:
    content = load_content()
    assert len([i for i in content.intents if not i.smalltalk]) >= 25


def test_malformed_yaml_reports_the_parser_line(tmp_path: Path) -> None:
    cut = SMALL_INTENTS[: SMALL_INTENTS.index("      - rain cause")] + "      - [unclosed\n  - id: x\n"
    problems = problems_for(tmp_path, intents=cut)
    assert any("main.yaml:" in p and "malformed YAML" in p for p in problems), problems


def test_a_file_cut_in_half_gives_file_line_errors_not_a_traceback(tmp_path: Path) -> None:
    half = SMALL_ANSWERS[: len(SMALL_ANSWERS) // 2] + '\n  text: "unterminated\n'
    pack = write_pack(tmp_path / "half", answers=half)
    run = subprocess.run([sys.executable, "-m", "bot", "validate", "--content", str(pack)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert "answers/main.yaml:" in run.stdout


def test_duplicate_keys_are_refused_with_both_lines(tmp_path: Path) -> None:
    intents = SMALL_INTENTS.replace("    topic: Rain\n", "    topic: Rain\n    topic: Showers\n")
    problems = problems_for(tmp_path, intents=intents)
    line = line_of(intents, "topic: Showers")
    assert any(f"main.yaml:{line}: duplicate key 'topic'" in p for p in problems), problems


def test_unknown_keys_are_refused(tmp_path: Path) -> None:
    intents = SMALL_INTENTS.replace("    topic: Rain\n", "    topic: Rain\n    colour: grey\n")
    problems = problems_for(tmp_path, intents=intents)
    assert any(f":{line_of(intents, 'colour: grey')}: unknown key 'colour'" in p for p in problems), problems


def test_unknown_section_is_refused(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, answers=SMALL_ANSWERS + "extras: [1]\n")
    assert any("unknown section 'extras'" in p for p in problems)


def test_a_boolean_where_text_belongs_is_explained(tmp_path: Path) -> None:
    intents = SMALL_INTENTS.replace("      - rain explained", "      - no")
    problems = problems_for(tmp_path, intents=intents)
    line = line_of(intents, "      - no")
    assert any(f":{line}:" in p and "must be text" in p and "quote it" in p for p in problems), problems


def test_an_intent_without_answer(tmp_path: Path) -> None:
    answers = SMALL_ANSWERS.replace("  - intent: greeting\n    text: Hello there.\n", "")
    assert any("intent 'greeting' has no answer" in p for p in problems_for(tmp_path, answers=answers))


def test_an_answer_without_intent(tmp_path: Path) -> None:
    answers = SMALL_ANSWERS + "  - intent: snow\n    source: Weather\n    text: Cold rain.\n"
    problems = problems_for(tmp_path, answers=answers)
    assert any(f":{line_of(answers, 'intent: snow')}: answer for unknown intent 'snow'" in p for p in problems)


def test_duplicate_ids(tmp_path: Path) -> None:
    intents = SMALL_INTENTS.replace("  - id: rain", "  - id: colour")
    problems = problems_for(tmp_path, intents=intents)
    assert any(f":{line_of(intents, 'id: colour', 2)}: duplicate id 'colour'" in p for p in problems), problems


def test_the_same_pattern_in_two_intents(tmp_path: Path) -> None:
    intents = SMALL_INTENTS.replace("      - rain explained", "      - Sky colour!")
    problems = problems_for(tmp_path, intents=intents)
    assert any(f":{line_of(intents, 'Sky colour!')}: pattern 'Sky colour!' is in both 'colour' and 'rain'" in p
               for p in problems), problems


def test_empty_patterns(tmp_path: Path) -> None:
    intents = SMALL_INTENTS.replace("      - rain explained", '      - "  "')
    problems = problems_for(tmp_path, intents=intents)
    line = line_of(intents, '- "  "')
    assert any(f":{line}: patterns of 'rain' item 6 is empty" in p for p in problems), problems


def test_too_few_patterns(tmp_path: Path) -> None:
    intents = SMALL_INTENTS.replace("      - rain explained\n", "")
    assert any("has 7 patterns; at least 8" in p for p in problems_for(tmp_path, intents=intents))


def test_a_follow_up_that_does_not_resolve(tmp_path: Path) -> None:
    answers = SMALL_ANSWERS.replace("follow_ups: [rain]", "follow_ups: [hail]")
    problems = problems_for(tmp_path, answers=answers)
    assert any(f":{line_of(answers, '[hail]')}: follow-up 'hail' does not resolve" in p for p in problems)


def test_a_missing_caveat(tmp_path: Path) -> None:
    answers = SMALL_ANSWERS.replace("caveat: Ask a professional meteorologist before acting on this.\n", "")
    assert any("missing 'caveat'" in p for p in problems_for(tmp_path, answers=answers))


def test_a_source_that_is_not_a_section(tmp_path: Path) -> None:
    answers = SMALL_ANSWERS.replace("source: Weather", "source: Climate")
    assert any("source 'Climate' is not one of the sections" in p for p in problems_for(tmp_path, answers=answers))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    intents = SMALL_INTENTS.replace("    topic: Rain\n", "    topic: Rain\n    topic: Again\n    bogus: 1\n")
    answers = SMALL_ANSWERS.replace("follow_ups: [rain]", "follow_ups: [hail]")
    problems = problems_for(tmp_path, intents=intents, answers=answers)
    assert len(problems) >= 3
    assert all(":" in p.split(" ", 1)[0] for p in problems)


def test_loading_the_bot_runs_the_same_checks(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p", answers=SMALL_ANSWERS.replace("follow_ups: [rain]", "follow_ups: [hail]"))
    with pytest.raises(ContentError, match="follow-up 'hail' does not resolve"):
        FAQBot.load(pack)


def test_validate_command_exit_codes(small_pack: Path, tmp_path: Path) -> None:
    ok = subprocess.run([sys.executable, "-m", "bot", "validate", "--content", str(small_pack)],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.startswith("OK")
    empty = subprocess.run([sys.executable, "-m", "bot", "validate", "--content", str(tmp_path)],
                           capture_output=True, text=True)
    assert empty.returncode == 1 and "missing folder 'intents/'" in empty.stdout
    assert "Traceback" not in empty.stderr
    missing = subprocess.run([sys.executable, "-m", "bot", "validate", "--content", str(tmp_path / "none")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stdout == "" and "no such directory" in missing.stderr


@pytest.mark.parametrize(("aspects", "problem"), [
    ("aspects: {hail: Hail is ice.}", "'hail' does not resolve"),
    ("aspects: [rain]", "aspects must be a mapping of intent id to text"),
    ("aspects: {rain: [wet]}", "aspects 'rain' must be text, not a list"),
])
def test_an_answers_aspects_must_name_intents_and_hold_text(tmp_path: Path, aspects: str, problem: str) -> None:
    answers = SMALL_ANSWERS.replace("    follow_ups: [rain]\n", f"    follow_ups: [rain]\n    {aspects}\n", 1)
    problems = problems_for(tmp_path, answers=answers)
    assert any(f":{line_of(answers, aspects)}: " in p and problem in p for p in problems), problems


def test_a_subjects_aspect_note_leads_the_aspects_answer() -> None:
    bot = FAQBot.load()
    glycinate = bot.ask("does magnesium glycinate cause diarrhoea")
    assert (glycinate.kind, glycinate.intent) == ("answer", "side-effects")
    assert glycinate.text.startswith("On glycinate") and "fewer" in glycinate.text
    oxide = bot.ask("does magnesium oxide have side effects")  # the article says nothing of oxide on this
    assert oxide.text.startswith("The article gives nothing specific to magnesium oxide")
