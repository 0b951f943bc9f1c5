"""What people bring from pgcli, litecli and ptpython, driven through pipe input at 40 and 100
columns, with colour and without (NO_COLOR)."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput
from prompt_toolkit.output.vt100 import Vt100_Output
from prompt_toolkit.styles import merge_styles
from prompt_toolkit.styles.defaults import default_ui_style

from bot import FAQBot
from bot.render import compact_caveats
from bot.terminal import Repl
from bot.terminal.style import repl_style

WINDOWS = [(40, False), (40, True), (100, False), (100, True)]
FULL_CAVEAT = "consult your healthcare provider"


class SizedOutput(PlainTextOutput):
    """Plain captured text, from a window of a given width."""

    def __init__(self, stdout: io.StringIO, columns: int) -> None:
        super().__init__(stdout)
        self.columns = columns

    def get_size(self) -> Size:
        return Size(rows=40, columns=self.columns)


def drive(bot: FAQBot, keys: str, columns: int = 100, color: bool = False) -> tuple[int, str, Repl]:
    """Type the keys, then Ctrl-D (the pipe never ends by itself)."""
    captured = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text(keys + "\x04")
        repl = Repl(bot, color=color, history=False, input=pipe, output=SizedOutput(captured, columns))
        status = repl.run()
    return status, captured.getvalue().replace("\r\n", "\n"), repl


def printed(out: str) -> list[str]:
    """The lines the REPL printed; the prompt's own redraws (which the capture flattens) left out."""
    return [line for line in out.split("\n") if "you>" not in line]


@pytest.mark.parametrize("word", ["quit", "exit", "\\q", "QUIT", "/quit", "/exit", " exit "])
def test_quit_words_leave_with_a_goodbye(bot: FAQBot, word: str) -> None:
    status, out, repl = drive(bot, f"{word}\nwhat is sciatica\n")
    assert status == 0
    assert "Goodbye" in out and "Sciatica is pain" not in out  # left before the next line
    assert repl.last_reply is None


def test_a_question_that_starts_with_quit_is_a_question(bot: FAQBot) -> None:
    _, out, repl = drive(bot, "quit taking magnesium?\n/quit\n")
    assert repl.last_reply is not None  # asked, not left


@pytest.mark.parametrize(("columns", "color"), WINDOWS)
def test_ctrl_d_says_goodbye_with_the_caveat(bot: FAQBot, columns: int, color: bool) -> None:
    status, out, _ = drive(bot, "", columns, color)
    assert status == 0
    goodbye = out.split("Goodbye")[1]
    assert "healthcare provider" in goodbye


@pytest.mark.parametrize(("columns", "color"), WINDOWS)
def test_the_welcome_numbers_its_examples_and_a_number_picks_one(bot: FAQBot, columns: int, color: bool) -> None:
    _, out, repl = drive(bot, "2\n", columns, color)
    flat = " ".join(out.split())
    examples = [bot.content.intent(i).question for i in bot.default_suggestions]
    assert len(examples) >= 2
    for number, question in enumerate(examples, 1):
        assert f"{number}) {question}" in flat
    assert repl.last_reply is not None and repl.last_reply.intent == bot.default_suggestions[1]
    assert repl.last_reply.explanation.get("picked") == "2"


@pytest.mark.parametrize(("columns", "color"), WINDOWS)
def test_a_number_out_of_range_is_told_the_range(bot: FAQBot, columns: int, color: bool) -> None:
    offered = len(bot.ask("side effects of magnesium").options)
    assert offered >= 2
    _, out, repl = drive(bot, f"side effects of magnesium\n{offered + 1}\n#0\n", columns, color)
    assert f"There is no suggestion {offered + 1}: pick 1-{offered}" in " ".join(out.split())
    assert f"There is no suggestion 0: pick 1-{offered}" in " ".join(out.split())
    assert repl.last_reply is not None and repl.last_reply.intent == "side-effects"  # nothing asked
    assert "can't answer" not in out


def test_a_number_with_nothing_to_pick_says_so(bot: FAQBot) -> None:
    _, out, repl = drive(bot, "/reset\n2\n")
    assert "no suggestions to pick from" in out and repl.last_reply is None


@pytest.mark.parametrize(("columns", "color"), WINDOWS)
def test_everything_printed_fits_the_window_without_breaking_words(bot: FAQBot, columns: int,
                                                                    color: bool) -> None:
    keys = "side effects of magnesium\n/why\nis glycinate good\n/topics\n/help\nglycinate or citrate\n"
    _, out, repl = drive(bot, keys, columns, color)
    lines = printed(out)
    assert max(map(len, lines)) <= columns
    text = " ".join(" ".join(lines).split())
    for whole in ("What are the side effects of magnesium?", "Does magnesium interact with medications?",
                  "words that counted:", "Is magnesium glycinate a good form?",
                  "how the last reply was chosen: intent, score, matched pattern, runners-up"):
        assert whole in text  # each word intact, however the lines fell
    toolbar = repl._toolbar()[0][1]
    assert 0 < len(toolbar) <= columns and "/help" in toolbar


@pytest.mark.parametrize(("columns", "color"), WINDOWS)
def test_the_caveat_is_full_once_then_compact_and_full_again_when_urgent(bot: FAQBot, columns: int,
                                                                         color: bool) -> None:
    questions = ["what is sciatica", "thanks", "I can't control my bladder and my legs are numb"]
    session = bot.session()
    answer, thanks, urgent = (session.ask(q) for q in questions)
    assert (answer.kind, thanks.kind, urgent.kind) == ("answer", "smalltalk", "urgent")
    _, out, _ = drive(bot, "\n".join(questions) + "\n", columns, color)
    flat = " ".join(out.split())
    starts = [" ".join(reply.text.split()[:4]) for reply in (answer, thanks, urgent)]
    shown = re.split("|".join(map(re.escape, starts)), flat, maxsplit=3)
    assert len(shown) == 4
    assert " ".join(bot.content.caveat.split()) in shown[0]  # the welcome: the full caveat
    for reply in shown[1:3]:
        assert FULL_CAVEAT not in reply and any(c in reply for c in compact_caveats(bot.content.replies))
    assert " ".join(urgent.caveat.split()) in shown[3]  # urgent: always in full


def test_the_compact_caveat_fits_one_line_at_40_columns(bot: FAQBot) -> None:
    _, out, _ = drive(bot, "what is sciatica\n", 40)
    assert any(line in compact_caveats(bot.content.replies) for line in printed(out))


def test_without_colour_history_suggestions_and_the_menu_keep_an_attribute() -> None:
    plain = merge_styles([default_ui_style(), repl_style(False)])
    suggestion = plain.get_attrs_for_style_str("class:auto-suggestion")
    assert suggestion.underline or suggestion.italic
    assert plain.get_attrs_for_style_str("class:completion-menu class:completion-menu.completion").reverse
    current = plain.get_attrs_for_style_str("class:completion-menu class:completion-menu.completion.current")
    assert not current.reverse and current.bold


def test_without_colour_no_colour_codes_reach_the_terminal(bot: FAQBot) -> None:
    captured = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("what is sciatica\nquit\n")
        Repl(bot, color=False, history=False, input=pipe,
             output=Vt100_Output(captured, lambda: Size(24, 40), term="xterm-256color")).run()
    codes = re.findall(r"\x1b\[([0-9;]*)m", captured.getvalue())
    params = {p for code in codes for p in code.split(";") if p}
    assert not params & {"30", "31", "32", "33", "34", "35", "36", "37", "38", "90", "91", "97"}
    assert "3" in params  # the caveat and source, in italics


def test_a_listing_taller_than_the_window_goes_to_the_pager(bot: FAQBot) -> None:
    paged: list[str] = []
    captured = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("/topics\n/help\n\x04")
        repl = Repl(bot, color=False, history=False, input=pipe, output=SizedOutput(captured, 40))
        repl.pager = paged.append  # as on a real terminal of 40 rows
        repl.run()
    assert len(paged) == 1 and bot.topics()[-1][1] in " ".join(paged[0].split())  # /topics, paged
    assert bot.topics()[-1][1] not in captured.getvalue()  # not printed as well
    assert "Commands" in captured.getvalue()  # /help fits: printed as usual


def test_backslash_question_mark_is_help(bot: FAQBot) -> None:
    _, out, _ = drive(bot, "\\?\n")
    assert "Commands" in out and "/topics" in out


# -- habits from other terminal programs, in the REPL and the plain loop alike ---------------------------
@pytest.mark.parametrize("word", ["bye", ":q", "q", "exit()", "quit()", "goodbye!", "bye bye"])
def test_bye_and_the_quit_words_of_other_programs_leave_with_one_goodbye(bot: FAQBot, word: str) -> None:
    status, out, repl = drive(bot, f"{word}\nwhat is sciatica\n")
    assert status == 0 and "Sciatica is pain" not in out  # left before the next line
    goodbye = bot.content.answers["goodbye"].text.split("\n")[0][:25]
    assert out.count(goodbye) == 1


def test_a_number_after_topics_asks_that_topics_example(bot: FAQBot) -> None:
    intents = bot.content.faq_intents
    _, out, repl = drive(bot, "what is sciatica\n/topics\n3\n")
    assert f"  3) {intents[2].topic}" in out  # numbered
    assert repl.last_reply is not None and repl.last_reply.intent == intents[2].id  # not the earlier suggestion 3


def test_reset_shows_the_caveat_like_start_over(bot: FAQBot) -> None:
    _, by_command, _ = drive(bot, "what is sciatica\n/reset\n")
    _, by_words, _ = drive(bot, "what is sciatica\nstart over\n")
    for out in (by_command, by_words):
        after = out.split(bot.content.replies["reset"])[1]
        assert any(caveat in after for caveat in compact_caveats(bot.content.replies))


def test_why_after_small_talk_gives_no_score_and_never_internal_tokens(bot: FAQBot) -> None:
    _, out, _ = drive(bot, "hello\n/why\n")
    assert "score 1.00" not in out and "no question was matched" in out
    _, out, _ = drive(bot, "which form is best for me, one that won't upset my stomach\n/why\n")
    why = out.split("Last reply:")[1]
    assert "words that counted:" in why and "formchoice" not in why


def plain(bot: FAQBot, text: str) -> str:
    run = subprocess.run([sys.executable, "-m", "bot"], input=text, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "Traceback" not in run.stderr
    return run.stdout


def test_the_plain_loop_runs_the_same_commands(bot: FAQBot) -> None:
    out = plain(bot, "is glycinate good\n/why\n/help\n/foo\n/topics\n2\n/reset\nquit\nwhat is sciatica\n")
    glycinate = bot.ask("is glycinate good")
    assert out.count(glycinate.text[:40]) == 1  # /why explains; it does not answer again
    assert "intent glycinate" in out and "matched pattern:" in out
    assert "Commands" in out and "/topics" in out  # /help lists commands, not topics
    assert "Unknown command '/foo'" in out and bot.content.replies["fallback"][:30] not in out
    second = bot.content.faq_intents[1]
    assert f"  2) {second.topic}" in out and bot.content.answers[second.id].text[:40] in out
    assert bot.content.replies["reset"] in out
    assert "Goodbye" in out or bot.content.answers["goodbye"].text[:20] in out
    assert "Sciatica is pain" not in out  # "quit" ended the conversation


def test_json_lines_stay_one_reply_per_line(bot: FAQBot) -> None:
    run = subprocess.run([sys.executable, "-m", "bot", "--json"], input="/why\nbye\nwhat is sciatica\n",
                         capture_output=True, text=True, timeout=60)
    assert len(run.stdout.splitlines()) == 3  # scripts: every line is a question, nothing is dropped
