"""`magbot eval` over several files: each file's figures, the merged score the gates apply to,
`--json` for scripts, and `--show` naming the file:line of every turn that was not correct."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot import FAQBot
from bot.evaluate import EvalReport, evaluate, load_eval_set
from test_contract import magbot

FIRST = ('cases:\n'
         '  - {q: "what is sciatica", expect: answer, all: ["sciatic nerve"]}\n'
         '  - {q: "what is sciatica", expect: answer, all: ["420 mg"]}\n')
SECOND = ('# a second set, with a dialogue\n'
          'cases:\n'
          '  - {q: "how do I bake bread", expect: fallback}\n'
          'dialogues:\n'
          '  - turns:\n'
          '      - {q: "how much magnesium for women?", expect: answer, all: ["310"]}\n'
          '      - {q: "and for men?", expect: answer, all: ["no such figure"]}\n')


@pytest.fixture()
def sets(tmp_path: Path) -> list[str]:
    (tmp_path / "first.yaml").write_text(FIRST)
    (tmp_path / "second.yaml").write_text(SECOND)
    return [str(tmp_path / "first.yaml"), str(tmp_path / "second.yaml")]


def test_each_file_has_its_figures_and_the_merged_score_is_all_cases_together(sets: list[str], bot: FAQBot) -> None:
    run = magbot("eval", *sets)
    assert run.returncode == 0, run.stderr
    per_file = run.stdout.split("per file:\n", 1)[1].splitlines()[:2]
    assert per_file[0].startswith(f"  {sets[0]}: in-scope correct 50.0%")
    assert per_file[1].startswith(f"  {sets[1]}: in-scope correct 50.0%") and "dialogues 0/1" in per_file[1]
    together = {"cases": [], "dialogues": []}
    for path in sets:
        data = load_eval_set(path)
        together["cases"] += data["cases"]
        together["dialogues"] += data["dialogues"]
    assert run.stdout.rstrip().endswith("score: " + evaluate(bot, together).summary())
    assert "score: in-scope correct 50.0%" in run.stdout  # 2 of 4 in-scope turns


def test_one_file_prints_as_before_without_a_per_file_block(sets: list[str]) -> None:
    run = magbot("eval", sets[0])
    assert "per file" not in run.stdout and run.stdout.startswith("answer ")


def test_show_names_the_file_and_line_of_each_turn_not_correct(sets: list[str]) -> None:
    run = magbot("eval", *sets, "--show")
    shown = [line for line in run.stdout.splitlines() if line.startswith("[")]
    assert shown == [f"[wrong] {sets[0]}:3 expect=answer q='what is sciatica'",
                     f"[wrong] {sets[1]}:7 expect=answer q='and for men?'"]


def test_json_is_one_report_with_files_merged_failures_and_gates(sets: list[str]) -> None:
    run = magbot("eval", *sets, "--json", "--min-correct", "90")
    assert run.returncode == 1 and "gate not met: --min-correct" in run.stderr
    report = json.loads(run.stdout)
    assert [f["file"] for f in report["files"]] == sets
    assert report["files"][0]["in_scope"] == {"correct": 0.5, "clarify": 0.0, "wrong": 0.5}
    assert report["merged"]["in_scope"]["correct"] == 0.5 and report["merged"]["dialogues"]["total"] == 1
    assert report["merged"]["out_of_scope_rejected"] == 1.0
    assert [f["where"] for f in report["failures"]] == [f"{sets[0]}:3", f"{sets[1]}:7"]
    assert report["failures"][1]["kind"] == "answer" and report["failures"][1]["verdict"] == "wrong"
    assert report["gates_unmet"] == ["--min-correct 90.0%: in-scope correct is 50.0%"]


def test_merged_reports_add_up_exactly(bot: FAQBot, sets: list[str]) -> None:
    reports = [evaluate(bot, load_eval_set(path)) for path in sets]
    merged = EvalReport.merged(reports)
    assert merged.tally == {"answer": {"correct": 2, "wrong": 2}, "fallback": {"correct": 1}}
    assert merged.dialogues == 1 and len(merged.failures) == 2


@pytest.mark.parametrize(("text", "problem"), [
    ("cases:\n  - {q: a, expect: answer}\ncases: []\n", r"bad\.yaml:3: duplicate key 'cases' \(first at line 1\)"),
    ("cases: [\n", r"bad\.yaml:2: malformed YAML"),
])
def test_a_broken_set_is_one_line_naming_file_and_line(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "bad.yaml").write_text(text)
    run = magbot("eval", str(tmp_path / "bad.yaml"))
    assert run.returncode == 2 and run.stderr.count("\n") == 1
    assert re.search(problem, run.stderr), run.stderr
