"""The documented example pack is a valid pack, so the docs cannot drift from the loader."""

from __future__ import annotations

import re
from pathlib import Path

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
