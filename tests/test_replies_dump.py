"""benchmarks/replies_dump.py writes one line per reply, the same on every run: a diff of two dumps
shows exactly which replies a change moved."""

from __future__ import annotations

import importlib.util
import json

from conftest import ROOT


def test_a_dump_has_a_line_per_case_and_turn_and_is_repeatable(tmp_path) -> None:
    spec = importlib.util.spec_from_file_location("replies_dump", ROOT / "benchmarks" / "replies_dump.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = ROOT / "tests" / "eval" / "dialogues.yaml"
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    assert module.main(["--sets", str(path), "-o", str(first)]) == 0
    module.main(["--sets", str(path), "-o", str(second)])
    lines = first.read_text(encoding="utf-8").splitlines()
    assert lines == second.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("dialogues.yaml ")
    reply = json.loads(lines[0].split(": ", 1)[1])
    assert set(reply) == {"kind", "intent", "triage", "text", "options"}
