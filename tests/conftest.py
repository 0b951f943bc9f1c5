"""Shared fixtures: the bundled bot, and a small content pack that tests can break one way at a time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import settings

from bot import FAQBot

# Property tests assert behaviour, never speed: a shared 2-core machine makes any per-example
# deadline a flaky timed test (speed is benchmarks/' job).
settings.register_profile("magbot", deadline=None)
settings.load_profile("magbot")

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT.parent / "shared" / "seed" / "magnesium-sciatica.txt"

SMALL_INTENTS = """\
intents:
  - id: colour
    topic: Sky colour
    question: Why is the sky blue?
    keywords: [blue]
    patterns:
      - why is the sky blue
      - sky colour
      - what colour is the sky
      - blue sky reason
      - how come the sky is blue
      - sky blue why
      - why blue sky
      - reason for blue sky
  - id: rain
    topic: Rain
    question: Why does it rain?
    patterns:
      - why does it rain
      - what makes rain
      - rain cause
      - where does rain come from
      - how does rain form
      - rain explained
      - rainfall reason
      - why rain falls
smalltalk:
  - id: greeting
    patterns: [hi, hello]
red_flags:
  - id: lightning
    any: ["struck by lightning"]
vocabulary:
  synonyms:
    colour: [color]
  stopwords: [the, is, a, why, what, how, does, it]
"""

SMALL_ANSWERS = """\
caveat: Ask a professional meteorologist before acting on this.
sections: [Sky, Weather]
replies:
  fallback: I only know about the sky and rain.
  out_of_scope: Not about {term}.
  out_of_scope_clarify: "Not about {term}; nearest:"
  unreadable: I could not read that.
  clarify: "Did you mean:"
  clarify_pick: Pick a number.
  suggest: "You could ask:"
  reset: Starting over.
  more_without_topic: More about what?
  welcome: Ask me about the sky.
  urgent:
    default: Get help now.
answers:
  - intent: colour
    source: Sky
    text: Air scatters blue light more than red light.
    follow_ups: [rain]
  - intent: rain
    source: Weather
    text: Water vapour condenses and falls.
    follow_ups: [colour]
  - intent: greeting
    text: Hello there.
"""


def write_pack(root: Path, intents: str = SMALL_INTENTS, answers: str = SMALL_ANSWERS) -> Path:
    """Write a content pack folder; return it."""
    (root / "intents").mkdir(parents=True, exist_ok=True)
    (root / "answers").mkdir(parents=True, exist_ok=True)
    (root / "intents" / "main.yaml").write_text(intents, encoding="utf-8")
    (root / "answers" / "main.yaml").write_text(answers, encoding="utf-8")
    return root


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing needle, so tests state lines without counting."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


@pytest.fixture(scope="session", autouse=True)
def private_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the tests' cache and history out of the real home, for this process and its children."""
    import os

    root = tmp_path_factory.mktemp("home")
    os.environ["XDG_CACHE_HOME"] = str(root / "cache")
    os.environ["XDG_STATE_HOME"] = str(root / "state")


@pytest.fixture(scope="session")
def bot() -> FAQBot:
    return FAQBot.load()


@pytest.fixture
def small_pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "pack")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())
