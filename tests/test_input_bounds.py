"""Input is cut before any regex or scoring, in every entry point: no text makes a turn slow.

(The time itself is printed by benchmarks/bench_adversarial.py; these tests hold the behaviour,
and on the old code the long inputs below ran for minutes.)
"""

from __future__ import annotations

import subprocess
import sys

from bot import KINDS, FAQBot
from bot.conversation import Session
from bot.reading import MAX_MESSAGE_CHARS


def offering(bot: FAQBot) -> tuple[Session, tuple[str, ...]]:
    session = bot.session()
    reply = session.ask("magnesium")
    assert len(reply.options) >= 2
    return session, reply.options


def test_option_numbers_are_still_picked(bot: FAQBot) -> None:
    for text in ("2", "  2  ", "2.", "2)", "#2", "number 2", "option 2", "Option 2 )", "\t2\n"):
        session, options = offering(bot)
        assert session.ask(text).intent == options[1], text


def test_long_runs_around_a_number_are_not_a_pick_and_end(bot: FAQBot) -> None:
    for text in ("1" + " " * 3000 + "x", "number" + " " * 3000 + "2", "#" * 3000 + "1", "2" + "." * 3000):
        session, options = offering(bot)
        assert session.ask(text).intent not in options, text[:20]
    for text in (" " * 128_000 + "1" + " " * 128_000 + ")" * 3, "1 " * 500_000 + ")", "9" * 1_000_000):
        assert bot.session().ask(text).kind in KINDS  # read only up to MAX_MESSAGE_CHARS


def test_a_message_is_cut_at_a_word_boundary(bot: FAQBot) -> None:
    session = bot.session()
    long = "what is sciatica " + "x" * (MAX_MESSAGE_CHARS - 20) + " tail" * 1000
    assert session.ask(long).kind in ("answer", "clarify", "fallback")
    assert bot.ask("I can't control my bladder " + "word " * 100_000).kind == "urgent"


def test_a_ten_megabyte_line_piped_to_magbot_is_answered() -> None:
    line = "1" + " " * 10_000_000 + "x\nwhat is sciatica\n"
    run = subprocess.run([sys.executable, "-m", "bot", "--json"], input=line, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0 and len(run.stdout.splitlines()) == 2, run.stderr
    assert '"sciatica-what"' in run.stdout.splitlines()[1]
