"""Command-line errors and gates say exactly what went wrong, in one line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.cli import main
from test_contract import magbot

LABELED = ('cases:\n  - {q: "what is sciatica", expect: answer, all: ["sciatic nerve"]}\n'
           '  - {q: "what is sciatica", expect: answer, all: ["420 mg"]}\n'
           '  - {q: "how do I bake bread", expect: fallback}\n')


@pytest.mark.parametrize("content", ["/nonexistent", "/etc/hostname"])
def test_validate_a_missing_folder_is_one_line(content: str) -> None:
    run = magbot("validate", "--content", content)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1
    assert ("no such directory" if content == "/nonexistent" else "not a directory") in run.stderr


@pytest.mark.parametrize("share", ["0.95", "95", "95%"])
def test_eval_gates_take_fractions_and_percentages_and_name_the_gate_missed(tmp_path: Path, share: str) -> None:
    labeled = tmp_path / "set.yaml"
    labeled.write_text(LABELED)
    run = magbot("eval", str(labeled), "--min-correct", share, "--min-reject", share)
    assert run.returncode == 1
    assert run.stderr.strip() == "magbot eval: gate not met: --min-correct 95.0%: in-scope correct is 50.0%"


def test_eval_passes_when_every_gate_holds(tmp_path: Path) -> None:
    labeled = tmp_path / "set.yaml"
    labeled.write_text(LABELED)
    run = magbot("eval", str(labeled), "--min-correct", "50", "--max-wrong", "0.5", "--min-reject", "100")
    assert run.returncode == 0 and run.stderr == ""
    assert "score: in-scope correct 50.0%" in run.stdout
    assert "answer->sciatica-what x1" in run.stdout  # the confusion, expected -> given


@pytest.mark.parametrize("share", ["101", "-1", "abc", "nan"])
def test_eval_refuses_a_gate_that_is_no_share(tmp_path: Path, share: str) -> None:
    run = magbot("eval", str(tmp_path / "any.yaml"), "--max-wrong", share)
    assert run.returncode == 2 and "is not a share" in run.stderr and run.stderr.count("\n") == 1


def test_serve_without_the_extra_says_how_to_install_it_from_the_checkout(monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "bot.server", None)  # as if Starlette and uvicorn were absent
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "pip install '.[server]'" in err and "magbot[server]" not in err
