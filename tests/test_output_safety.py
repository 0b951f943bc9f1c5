"""No output point carries terminal escapes or control characters; a closed or full stdout ends quietly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.safe_text import printable, printable_data, short_key
from conftest import SMALL_ANSWERS, write_pack

NASTY = ("\x1b", "\x07", "\x85", "\u202e", "\x9b", "\u2028")


def magbot(*args: str, stdin: str | None = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "MAGBOT_NO_CACHE": "1"}, **kwargs)  # type: ignore[call-overload]


@pytest.fixture
def escaping_pack(tmp_path: Path) -> Path:
    answers = SMALL_ANSWERS.replace(
        "    text: Air scatters blue light more than red light.",
        '    text: "Air \\e[2J\\e]0;pwned\\a scatters\\N blue \\u202e light \\x9b more than\\L red light."')
    return write_pack(tmp_path / "pack", answers=answers)


def test_content_escapes_reach_no_output(escaping_pack: Path) -> None:
    for args, stdin in ((["--ask", "why is the sky blue"], None), (["--ask", "why is the sky blue", "--json"], None),
                        ([], "why is the sky blue\n"), (["--json"], "why is the sky blue\n")):
        run = magbot(*args, "--content", str(escaping_pack), stdin=stdin)
        assert run.returncode == 0, run.stderr
        assert "scatters" in run.stdout and not any(ch in run.stdout for ch in NASTY), (args, run.stdout)


def test_echoed_text_in_json_is_printable(escaping_pack: Path) -> None:
    run = magbot("--json", "--content", str(escaping_pack), stdin="why is the \x1b[31msky\x85 blue\n1\x85\n")
    assert not any(ch in run.stdout for ch in NASTY)
    assert [json.loads(line)["kind"] for line in run.stdout.splitlines()] == ["answer", "answer"]


def test_validate_prints_no_escapes_from_file_names(small_pack: Path) -> None:
    (small_pack / "intents" / "bad\x1b[31m\x07.yaml").write_text("intents: [\n")
    run = magbot("validate", "--content", str(small_pack))
    assert run.returncode == 1 and "malformed YAML" in run.stdout
    assert not any(ch in run.stdout for ch in NASTY)


def test_a_full_stdout_ends_quietly() -> None:
    with open("/dev/full", "w") as full:
        for args in (["--ask", "what is sciatica"], ["validate"]):
            run = subprocess.run([sys.executable, "-m", "bot", *args], stdout=full, stderr=subprocess.PIPE,
                                 text=True, timeout=60)
            assert (run.returncode, run.stderr) == (0, ""), args
        run = subprocess.run([sys.executable, "-m", "bot"], input="hi\n" * 50, stdout=full, stderr=subprocess.PIPE,
                             text=True, timeout=60)
        assert (run.returncode, run.stderr) == (0, "")


def test_a_closed_stdout_or_stdin_ends_quietly() -> None:
    for closing in ("1>&-", "0<&-"):
        run = subprocess.run(["sh", "-c", f"exec {closing}; '{sys.executable}' -m bot --ask 'what is sciatica'"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=60)
        assert (run.returncode, run.stderr) == (0, ""), closing
    run = subprocess.run(["sh", "-c", f"exec 0<&-; '{sys.executable}' -m bot"], capture_output=True, text=True,
                         timeout=60)
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")


def test_a_reader_that_leaves_early_ends_it_quietly() -> None:
    process = subprocess.Popen([sys.executable, "-m", "bot", "--json"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin and process.stdout and process.stderr
    process.stdin.write(b"what is sciatica\n" * 2000)
    process.stdin.close()
    assert b"sciatica-what" in process.stdout.readline()
    process.stdout.close()
    assert process.wait(timeout=60) == 0 and process.stderr.read() == b""


def test_printable_keeps_text_and_drops_controls() -> None:
    assert printable("line one\n\tline two é 🙂") == "line one\n\tline two é 🙂"
    assert printable("a\x1b[31mb\x1b]0;t\x07c\x85d\ud800e\u202ef") == "abcdef"
    assert printable_data({"k\x1b[0m": ["x\x07", 1, None]}) == {"k": ["x", 1, None]}
    assert short_key("\x1b[2J" + "k" * 100, limit=10) == "\\x1b[2Jkkkkkk..."
