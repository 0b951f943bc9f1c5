"""The documented example pack is a valid pack, so the docs cannot drift from the loader."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bot import FAQBot
from conftest import ROOT, write_pack


def test_the_content_doc_example_loads_and_answers(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "content.md").read_text(encoding="utf-8")
    intents, answers = re.findall(r"```yaml\n(.*?)```", doc, re.S)[:2]
    bot = FAQBot.load(write_pack(tmp_path / "doc", intents, answers))
    assert bot.ask("why is the sky blue?").intent == "colour"
    assert bot.ask("the color of the sky").intent == "colour"
    assert bot.ask("my arm is bleeding and it won't stop").kind == "urgent"
    assert bot.ask("what about a tornado").kind in ("fallback", "clarify")


def readme_commands() -> list[str]:
    """Every command line of the README's shell blocks after the two set-up commands."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)[2:]
    return [line.split("   #")[0].strip() for block in blocks for line in block.splitlines()
            if line.strip() and not line.startswith("#")]


def test_readme_commands_name_the_venv_so_they_work_as_pasted() -> None:
    for command in readme_commands():
        for step in command.split("|"):
            program = step.split()[0]
            assert program.startswith(".venv/bin/") or program in ("curl", "printf", "bash"), command
    # 'magbot[server]' would fetch whatever has that name on the package index: only ever a warning.
    for path in (ROOT / "README.md", ROOT / "examples" / "mount_in_starlette.py"):
        text = path.read_text(encoding="utf-8")
        assert text.count("pip install 'magbot[server]'") == text.count("(not `pip install 'magbot[server]'`")


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "magbot").exists(), reason="no .venv in the checkout")
def test_the_readme_script_commands_run_as_pasted() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    scripts = readme.split("## From scripts", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    for command in scripts.splitlines():
        run = subprocess.run(command, shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0 and run.stdout.strip(), (command, run.stderr)
