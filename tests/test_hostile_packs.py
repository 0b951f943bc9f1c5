"""A hostile or broken content pack gets a ContentError with file:line, never a crash, a hang or an echo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.content import load_content
from bot.errors import ContentError
from bot.yamlsource import MAX_DEPTH, MAX_FILE_BYTES
from conftest import SMALL_ANSWERS, SMALL_INTENTS, line_of, write_pack

SECRET = "root:$6$Zx9sEcReT$hashhashhash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"


def problems_of(pack: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(pack)
    return caught.value.problems


def validate(pack: Path) -> subprocess.CompletedProcess[str]:
    """`magbot validate` in a subprocess: a hang or a segfault fails the test instead of the run."""
    return subprocess.run([sys.executable, "-m", "bot", "validate", "--content", str(pack)], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "MAGBOT_NO_CACHE": "1"})


def extra_file(pack: Path, name: str, text: str) -> Path:
    path = pack / "intents" / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 1000, 30_000])
def test_deep_nesting_is_refused_with_its_line(small_pack: Path, levels: int) -> None:
    extra_file(small_pack, "deep.yaml", "vocabulary:\n  stopwords: " + "[" * levels + "]" * levels + "\n")
    run = validate(small_pack)
    assert run.returncode == 1, run.stderr  # was "internal error", or a segfault (139)
    # The requirement is a file:line problem and no crash: whichever refuses first, our depth check or
    # PyYAML's own limit (6.0.4 and newer), words it its own way.
    problems = run.stdout.splitlines()
    assert any("deep.yaml:2: " in line for line in problems), run.stdout
    if levels == MAX_DEPTH + 1:  # below any PyYAML limit: our own check speaks
        assert any(line.endswith(f"deep.yaml:2: nested more than {MAX_DEPTH} levels deep") for line in problems)
    assert "Traceback" not in run.stdout + run.stderr


def test_an_alias_bomb_is_refused(small_pack: Path) -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    extra_file(small_pack, "bomb.yaml", bomb)
    problems = problems_of(small_pack)
    assert any(p.endswith("bomb.yaml:1: YAML anchors and aliases (& and *) are not allowed in content")
               for p in problems)


def test_a_fifo_named_yaml_does_not_hang(small_pack: Path) -> None:
    os.mkfifo(small_pack / "intents" / "pipe.yaml")
    run = validate(small_pack)
    assert run.returncode == 1 and "pipe.yaml:1: not a regular file; refused" in run.stdout


def test_links_out_of_the_pack_are_refused_and_never_quoted(small_pack: Path, tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text(SECRET)
    (small_pack / "intents" / "users.yaml").symlink_to(secret)
    (small_pack / "answers" / "zero.yaml").symlink_to("/dev/zero")
    run = validate(small_pack)
    assert run.returncode == 1
    assert "users.yaml:1: a link to a file outside the content pack; refused" in run.stdout
    assert "zero.yaml:1: a link to a file outside the content pack; refused" in run.stdout
    assert "root:" not in run.stdout + run.stderr and "Zx9" not in run.stdout + run.stderr


def test_a_link_inside_the_pack_is_fine(small_pack: Path) -> None:
    (small_pack / "shared.yaml").write_text(SMALL_INTENTS)
    (small_pack / "intents" / "main.yaml").unlink()
    (small_pack / "intents" / "main.yaml").symlink_to(small_pack / "shared.yaml")
    assert load_content(small_pack).intent("colour").topic == "Sky colour"


def test_a_huge_file_is_refused_unread(small_pack: Path) -> None:
    extra_file(small_pack, "huge.yaml", "# " + "x" * MAX_FILE_BYTES + "\n")
    assert any(p.endswith("huge.yaml:1: larger than 1024 KiB; refused") for p in problems_of(small_pack))


def test_keys_are_quoted_short_and_escaped(small_pack: Path) -> None:
    extra_file(small_pack, "odd.yaml", f'? "\\e[2J\\e]0;owned\\a{"k" * 5000}"\n: 1\n')
    run = validate(small_pack)
    line = next(line for line in run.stdout.splitlines() if "odd.yaml" in line)
    assert "\x1b" not in run.stdout and "\x07" not in run.stdout
    assert "unknown section '\\x1b[2J\\x1b]0;owned\\x07kkkk" in line and "kkk...'" in line and len(line) < 300


@pytest.mark.parametrize("rule", ['any: ["???"]', 'any: ["*"]', "any: []", 'all: [["???"], ["chest pain"]]'])
def test_a_red_flag_of_punctuation_alone_is_refused(tmp_path: Path, rule: str) -> None:
    intents = SMALL_INTENTS.replace('    any: ["struck by lightning"]', f"    {rule}")
    pack = write_pack(tmp_path / "p", intents=intents)
    assert any("red flag 'lightning': each group needs at least one word" in p for p in problems_of(pack))


@pytest.mark.parametrize(("value", "kind"), [("{a: b}", "a mapping"), ("[a, b]", "a list")])
def test_a_reply_must_be_text(tmp_path: Path, value: str, kind: str) -> None:
    answers = SMALL_ANSWERS.replace('  suggest: "You could ask:"', f"  suggest: {value}")
    pack = write_pack(tmp_path / "p", answers=answers)
    problems = problems_of(pack)
    line = line_of(answers, "suggest:")
    assert any(p.endswith(f"main.yaml:{line}: replies.suggest must be text, not {kind}") for p in problems), problems
