"""The README's table of environment variables names every MAGBOT_* variable the code reads, and no other."""

from __future__ import annotations

import re

from conftest import ROOT

_NAME = re.compile(r"MAGBOT_[A-Z_]+[A-Z]")


def test_every_variable_the_code_reads_is_in_the_readme_table() -> None:
    read = {name for folder in ("bot", "tests", "benchmarks") for path in (ROOT / folder).rglob("*.py")
            for name in _NAME.findall(path.read_text(encoding="utf-8"))}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Environment variables", 1)[1].split("\n#", 1)[0]
    documented = set(re.findall(r"^\| `(MAGBOT_[A-Z_]+)` \|", table, re.M))
    assert read - documented == set(), "read by the code, missing from the README's table"
    assert documented - read == set(), "in the README's table, read by no code"
