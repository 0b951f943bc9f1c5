"""The REPL, driven in-process through prompt_toolkit's pipe input, and once in a real terminal."""

from __future__ import annotations

import io
import os
import re
import stat
import sys
from pathlib import Path

import pexpect
import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from bot import FAQBot
from bot.terminal import Repl
from bot.terminal.history import history_path
from conftest import SMALL_ANSWERS, write_pack


def drive(bot: FAQBot, keys: str, history: bool = False) -> tuple[int, str, Repl]:
    """Type keys into a fresh REPL; return its exit status, everything it printed, and the REPL."""
    captured = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        repl = Repl(bot, color=False, history=history, input=pipe, output=PlainTextOutput(captured))
        status = repl.run()
    return status, captured.getvalue(), repl


def test_a_question_gets_its_answer_and_the_caveat(bot: FAQBot) -> None:
    status, out, repl = drive(bot, "what is sciatica\n/quit\n")
    assert status == 0
    assert "magbot" in out and "/help" in out  # the welcome
    assert "Sciatica is pain that travels along the sciatic nerve" in out
    assert out.count("consult your healthcare") == 1  # the full caveat on the welcome, the first reply
    assert "your healthcare provider." in out.split("Sciatica is pain")[1]  # compact on the answer
    assert repl.last_reply is not None and repl.last_reply.intent == "sciatica-what"


def test_a_number_picks_a_suggestion(bot: FAQBot) -> None:
    _, out, repl = drive(bot, "how much magnesium for women\n1\n/exit\n")
    picked = repl.last_reply
    assert picked is not None and picked.intent == "rda-men" and picked.explanation["picked"] == "1"
    assert "400 to 420 mg" in out


def test_help_topics_why_and_reset(bot: FAQBot) -> None:
    _, out, repl = drive(bot, "/help\n/topics\nis glycinate good\n/why\n/reset\nand citrate?\n/quit\n")
    assert "/topics" in out and "/why" in out and "Ctrl-D" in out  # /help
    assert re.search(r"Magnesium glycinate\s+e\.g\. Is magnesium glycinate a good form\?", out)  # /topics
    assert "intent glycinate" in out and "matched pattern:" in out and "runner-up:" in out  # /why
    assert "start over" in out  # /reset
    assert repl.session.last_intent == "citrate"


def test_unknown_commands_and_blank_lines(bot: FAQBot) -> None:
    status, out, repl = drive(bot, "/bogus\n\n   \n/quit\n")
    assert status == 0 and "Unknown command '/bogus'" in out and repl.last_reply is None


def test_ctrl_c_clears_the_line_and_ctrl_d_quits(bot: FAQBot) -> None:
    status, out, repl = drive(bot, "half a question\x03what is sciatica\n\x04")
    assert status == 0
    assert repl.last_reply is not None and repl.last_reply.intent == "sciatica-what"
    assert "Traceback" not in out


def test_answer_text_cannot_drive_the_terminal(tmp_path: Path) -> None:
    answers = SMALL_ANSWERS.replace("Air scatters blue light more than red light.",
                                    '"\\e[2J\\e]0;pwned\\a <b>not bold</b> scattered light"')
    bot = FAQBot.load(write_pack(tmp_path / "p", answers=answers))
    _, out, _ = drive(bot, "why is the sky blue\n/quit\n")
    assert "<b>not bold</b> scattered light" in out
    assert "\x1b" not in out and "\x07" not in out


def test_an_error_inside_the_loop_is_one_line_and_the_repl_goes_on(bot: FAQBot, monkeypatch) -> None:
    calls = []

    def broken(text: str):
        calls.append(text)
        raise RuntimeError("boom")

    captured = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("first\n/help\n/quit\n")
        repl = Repl(bot, color=False, history=False, input=pipe, output=PlainTextOutput(captured))
        monkeypatch.setattr(repl.session, "ask", broken)
        assert repl.run() == 0
    out = captured.getvalue()
    assert calls == ["first"] and "Something went wrong (RuntimeError: boom)" in out and "Commands" in out


def test_history_is_kept_privately_and_not_at_all_when_asked(bot: FAQBot) -> None:
    path = history_path()
    path.unlink(missing_ok=True)
    drive(bot, "a private question about magnesium\n/quit\n", history=True)
    assert "a private question about magnesium" in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    path.unlink()
    drive(bot, "another question\n/quit\n", history=False)
    assert not path.exists()


MAGBOT = Path(sys.executable).parent / "magbot"
installed = pytest.mark.skipif(not MAGBOT.exists(), reason="magbot is not installed beside this Python")


def spawn(tmp_path: Path, columns: int = 100, no_color: bool = False) -> pexpect.spawn:
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "XDG_STATE_HOME": str(tmp_path)}
    env.pop("NO_COLOR", None)
    if no_color:
        env["NO_COLOR"] = "1"
    return pexpect.spawn(str(MAGBOT), env=env, encoding="utf-8", dimensions=(40, columns), timeout=15)


def finish(child: pexpect.spawn) -> None:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")


@installed
def test_the_installed_magbot_in_a_real_terminal(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect("you> ")
    child.sendline("does magnesium cause diarrhoea")
    child.expect("Diarrhoea is the most common side effect")
    child.expect("healthcare")
    child.expect("you> ")
    child.sendcontrol("d")
    child.expect("Goodbye")
    child.expect("healthcare provider")
    finish(child)
    assert stat.S_IMODE((tmp_path / "magbot" / "history").stat().st_mode) == 0o600


@installed
@pytest.mark.parametrize("word", ["quit", "exit", "\\q"])
def test_quit_words_leave_a_real_terminal_at_40_columns(tmp_path: Path, word: str) -> None:
    child = spawn(tmp_path, columns=40)
    child.expect("you> ")
    child.sendline(word)
    child.expect("Goodbye")
    finish(child)


@installed
def test_without_colour_a_history_suggestion_is_underlined_and_the_menu_reversed(tmp_path: Path) -> None:
    child = spawn(tmp_path, no_color=True)
    child.expect("Ctrl-D to leave")
    child.sendline("what is sciatica")
    child.expect("Sciatica is pain")
    child.expect("healthcare provider")
    child.send("wha")
    child.expect("\x1b\\[[0-9;]*4[0-9;]*mt is sciatica")  # the suggestion from history, underlined
    child.sendcontrol("c")
    child.send("/to")
    child.expect("\x1b\\[[0-9;]*7m/\x1b\\[[0-9;]*7mto\x1b\\[[0-9;]*7mpics")  # the menu, in reverse video
    child.sendcontrol("c")
    child.sendcontrol("d")
    child.expect("Goodbye")
    finish(child)


@installed
def test_a_dumb_terminal_gets_the_plain_loop_with_a_greeting(bot: FAQBot, tmp_path: Path) -> None:
    first = bot.default_suggestions[0]
    env = {**os.environ, "TERM": "dumb", "XDG_STATE_HOME": str(tmp_path)}
    child = pexpect.spawn(str(MAGBOT), env=env, encoding="utf-8", timeout=15)
    child.expect_exact(bot.content.replies["welcome"].split("\n")[0][:30])
    child.expect_exact(f"1) {bot.content.intent(first).question}")
    child.expect("you> ")
    child.sendline("1")  # picks the welcome's first example
    child.expect_exact(" ".join(bot.content.answers[first].text.split()[:5]))
    child.expect("you> ")
    child.sendline("what is sciatica")
    child.expect("Sciatica is pain")
    child.expect("you> ")
    child.sendeof()
    child.expect("Goodbye")
    finish(child)
    assert "\x1b[" not in (child.before or "")


def test_a_command_registered_once_reaches_dispatch_help_and_completion(bot: FAQBot, monkeypatch) -> None:
    from prompt_toolkit.document import Document

    from bot.commands import COMMANDS, CommandResult
    from bot.plain import plain_loop

    # A scratch copy of the table, so the new command leaves with the test.
    monkeypatch.setattr(COMMANDS, "_commands", list(COMMANDS._commands))
    monkeypatch.setattr(COMMANDS, "_by_word", dict(COMMANDS._by_word))

    @COMMANDS.register("/ping", "answer pong", aliases=("/p",))
    def ping(console: object) -> CommandResult:
        return CommandResult([("", "pong\n")])

    _, out, repl = drive(bot, "/help\n/ping\n/p\n/quit\n")
    assert "/ping" in out and "answer pong" in out  # /help
    assert out.count("pong") == 3  # in /help, then run by name and by alias
    completions = repl._prompt.completer.get_completions(Document("/pi"), None)  # type: ignore[union-attr]
    assert "/ping" in [c.text for c in completions]
    plain = io.StringIO()  # the plain loop runs the same table
    plain_loop(bot, ["/help\n", "/p\n"], plain, as_json=False)
    assert "answer pong" in plain.getvalue() and plain.getvalue().count("pong") == 2


@installed
def test_bye_leaves_the_real_repl_and_the_dumb_terminals_loop(bot: FAQBot, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    goodbye = bot.content.answers["goodbye"].text.split("\n")[0][:25]
    monkeypatch.setenv("PAGER", "cat")  # the listing is taller than the window: a pager that needs no keys
    child = spawn(tmp_path)
    child.expect("Ctrl-D to leave")
    child.sendline("/topics")
    child.expect_exact("  2) " + bot.content.faq_intents[1].topic)
    child.expect("you> ")
    child.sendline("2")  # picks the second topic's example
    child.expect_exact(" ".join(bot.content.answers[bot.content.faq_intents[1].id].text.split()[:4]))
    child.sendline("bye")
    child.expect_exact(goodbye)
    finish(child)
    env = {**os.environ, "TERM": "dumb", "XDG_STATE_HOME": str(tmp_path)}
    child = pexpect.spawn(str(MAGBOT), env=env, encoding="utf-8", timeout=15)
    child.expect("you> ")
    child.sendline("/why")
    child.expect("Nothing asked yet")
    child.sendline(":q")
    child.expect_exact(goodbye)
    finish(child)
