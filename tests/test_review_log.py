"""The review log: what it keeps, what it never keeps, and that writing it never fails a reply."""

from __future__ import annotations

import errno
import functools
import json
import os
import stat
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import FAQBot
from bot import review_log as review_log_module
from bot.redact import redact
from bot.review_log import ReviewedSession, ReviewLog, ReviewLogError, ask_logged
from bot.review_reading import read_review_logs
from bot.review_records import review_reason

#: Personal data planted in questions; none of it may reach the disk.
PLANTED = ("jane.doe@example.com", "+44 7700 900123", "Jane", "Doe", "SW1A 1AA", "90210")
PLANTED_QUESTION = ("my name is Jane Doe, write to jane.doe@example.com or call +44 7700 900123, "
                    "I live at SW1A 1AA (or 90210): can I book a flight to Rome")


def records(folder: Path) -> list[dict]:
    return [json.loads(line) for path in sorted(folder.glob("review-*.jsonl"))
            for line in path.read_text().splitlines()]


def on_disk(folder: Path) -> str:
    return "".join(p.read_text() for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize(("text", "expected"), [
    ("I'm 45 and take 400mg a day", "I'm ## and take ###mg a day"),
    ("my name is Jane Doe", "my name is <name>"),
    ("my name is jane and I'm 30", "my name is <name> and I'm ##"),
    ("I'm called Ann-Marie", "I'm called <name>"),
    ("call me on Monday", "call me on Monday"),
    ("mail me at a.b+c@mail.example.org now", "mail me at <email> now"),
    ("call (555) 123-4567 or +44 7700 900123", "call <phone> or <phone>"),
    ("near M1 1AE and sw1a 1aa", "near <postcode> and <postcode>"),
    ("zip 90210 please", "zip <postcode> please"),
])
def test_redaction_removes_personal_data_and_keeps_shapes(text: str, expected: str) -> None:
    assert redact(text) == expected


@given(st.text(max_size=300))
def test_redaction_never_keeps_a_digit_and_never_grows_past_the_limit(text: str) -> None:
    redacted = redact(text)
    assert not any(c.isdecimal() and c.isascii() for c in redacted) and len(redacted) <= 500


def test_which_turns_are_kept(bot: FAQBot) -> None:
    assert review_reason(bot.ask("how do I book a flight to Rome")) == "fallback"
    assert review_reason(bot.ask("magnesium pills")) == "clarify"
    assert review_reason(bot.ask("does turmeric help")) == "uncovered"
    assert review_reason(bot.ask("I took a whole bottle of magnesium")) == "urgent"
    assert review_reason(bot.ask("what is sciatica")) is None  # a confident answer: nothing to learn
    assert review_reason(bot.ask("hello")) is None


def test_a_conversation_keeps_only_redacted_turns_and_counts_urgent_ones(tmp_path: Path, bot: FAQBot) -> None:
    folder = tmp_path / "review"
    with ReviewLog(folder) as log:
        session = ReviewedSession(bot.session(), log)
        session.ask("how much magnesium for women?")
        session.ask(PLANTED_QUESTION)
        session.ask("I took a whole bottle of magnesium, I'm Jane")
        log.feedback(session.last_reply_id or "", "no", "wrong! mail jane.doe@example.com")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.glob("review-*.jsonl"))
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    text = on_disk(folder)
    for planted in PLANTED:
        assert planted not in text
    assert "bottle" not in text  # an urgent turn's text is never kept
    kept = records(folder)
    turn = next(r for r in kept if r["type"] == "turn")
    assert turn["text"] == ("my name is <name>, write to <email> or call <phone>, I live at <postcode> "
                            "(or <postcode>): can I book a flight to Rome")
    assert turn["reason"] == "fallback" and turn["last_intent"] == "rda-women"
    assert set(turn) == {"v", "type", "ts", "reply_id", "reason", "text", "kind", "intent", "score", "runners_up",
                         "last_intent"}  # no state token, no address: nothing but these
    assert next(r for r in kept if r["type"] == "urgent")["counts"] == {"overdose": 1}
    feedback = next(r for r in kept if r["type"] == "feedback")
    assert feedback["comment"] == "wrong! mail <email>" and feedback["verdict"] == "no"
    assert log.urgent_counts() == {"overdose": 1} and log.dropped() == 0


def test_a_full_queue_drops_and_counts_and_the_reply_still_comes(tmp_path: Path, bot: FAQBot) -> None:
    log = ReviewLog(tmp_path, queue_size=2, background=False)
    session = bot.session()
    replies = [ask_logged(session, "how do I book a flight to Rome", log)[0] for _ in range(5)]
    assert all(r.kind == "fallback" for r in replies)
    assert log.dropped() == 3
    log.close()
    assert len(records(tmp_path)) == 2


def test_a_full_disk_drops_and_counts(tmp_path: Path, bot: FAQBot, monkeypatch: pytest.MonkeyPatch) -> None:
    log = ReviewLog(tmp_path, background=False)

    def disk_full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(review_log_module.os, "write", disk_full)
    ask_logged(bot.session(), "how do I book a flight to Rome", log)
    log.feedback("a" * 22, "yes")
    log.drain()
    assert log.dropped() == 2
    monkeypatch.undo()
    ask_logged(bot.session(), "how do I book a flight to Rome", log)  # the disk has room again
    log.close()
    assert log.dropped() == 2 and len(records(tmp_path)) == 1


def test_files_rotate_by_size_and_old_ones_are_deleted(tmp_path: Path, bot: FAQBot) -> None:
    old = tmp_path / "review-20000101T000000-1-1.jsonl"
    old.write_text("{}\n")
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    log = ReviewLog(tmp_path, max_bytes=600, background=False)
    for n in range(6):
        log.feedback(f"{n}" * 22, "yes", "fine")
    log.close()
    files = sorted(tmp_path.glob("review-*.jsonl"))
    assert not old.exists() and len(files) >= 2
    assert all(p.stat().st_size <= 600 for p in files)
    assert len(read_review_logs([tmp_path]).feedback) == 6


def test_nothing_is_written_without_a_review_log(tmp_path: Path, bot: FAQBot) -> None:
    reply, reply_id = ask_logged(bot.session(), PLANTED_QUESTION, None)
    assert reply.kind == "fallback" and len(reply_id) == 22
    assert not list(tmp_path.iterdir())


def test_an_unwritable_folder_is_one_clear_error(tmp_path: Path) -> None:
    afile = tmp_path / "file"
    afile.write_text("")
    with pytest.raises(ReviewLogError, match="not a directory"):
        ReviewLog(afile)
    with pytest.raises(ReviewLogError, match="cannot create"):
        ReviewLog(afile / "sub")


def test_the_repl_and_the_plain_cli_keep_turns_only_when_asked(tmp_path: Path, bot: FAQBot) -> None:
    import io
    import subprocess
    import sys

    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    from bot.terminal.repl import Repl

    with create_pipe_input() as pipe, ReviewLog(tmp_path / "repl") as log:
        pipe.send_text(f"{PLANTED_QUESTION}\n/quit\n")
        Repl(bot, color=False, history=False, input=pipe, output=PlainTextOutput(io.StringIO()),
             review_log=log).run()
    assert [r["reason"] for r in records(tmp_path / "repl")] == ["fallback"]
    run = subprocess.run([sys.executable, "-m", "bot", "--json", "--review-log", str(tmp_path / "cli")],
                         input=f"{PLANTED_QUESTION}\nwhat is sciatica\n", capture_output=True, text=True, timeout=60,
                         cwd=tmp_path)
    replies = [json.loads(line) for line in run.stdout.splitlines()]
    assert run.returncode == 0 and all(len(r["reply_id"]) == 22 for r in replies)
    assert [r["reply_id"] for r in records(tmp_path / "cli")] == [replies[0]["reply_id"]]
    for planted in PLANTED:
        assert planted not in on_disk(tmp_path)
    plain = subprocess.run([sys.executable, "-m", "bot", "--json"], input=f"{PLANTED_QUESTION}\n",
                           capture_output=True, text=True, timeout=60, cwd=tmp_path / "cli")
    assert "reply_id" not in plain.stdout and sorted(os.listdir(tmp_path)) == ["cli", "repl"]


@functools.cache
def _bundled() -> FAQBot:
    return FAQBot.load()  # hypothesis runs the test many times; a fixture would be shared anyway


_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.lists(st.integers(), max_size=2))


@given(st.lists(st.one_of(st.text(max_size=40), st.fixed_dictionaries(
    {"v": st.just(1), "type": st.sampled_from(["turn", "feedback", "urgent"])},
    optional={"text": _VALUES, "reply_id": _VALUES, "kind": _VALUES, "intent": _VALUES, "reason": _VALUES,
              "verdict": st.sampled_from(["yes", "no", "maybe"]), "comment": _VALUES,
              "counts": st.one_of(_VALUES, st.dictionaries(st.text(max_size=5), st.integers()))}).map(json.dumps)),
    max_size=8))
def test_reading_any_lines_never_crashes_the_review(lines: list[str]) -> None:
    import tempfile

    from bot.review_cli import describe_group, summary
    from bot.review_groups import group_questions

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "review-x.jsonl"
        path.write_text("\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines), encoding="utf-8")
        data = read_review_logs([path])
        groups = group_questions(data, _bundled())
        json.dumps(summary(data, groups))
        for group in groups:
            describe_group(group)
