"""The start-up cache never serves a stale or broken pack."""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from pathlib import Path

from bot import FAQBot, cache
from bot.locations import cache_dir
from conftest import write_pack


def cache_files() -> set[Path]:
    return set(cache_dir().glob("pack-*.pickle")) if cache_dir().exists() else set()


def test_a_cached_pack_answers_like_a_fresh_one(small_pack: Path) -> None:
    before = cache_files()
    first = FAQBot.load(small_pack, use_cache=True)
    assert len(cache_files() - before) == 1
    second = FAQBot.load(small_pack, use_cache=True)
    fresh = FAQBot.load(small_pack)
    for question in ("why is the sky blue", "rain?", "hello", "nonsense words"):
        assert second.ask(question).to_dict() == fresh.ask(question).to_dict() == first.ask(question).to_dict()


def test_editing_the_pack_is_seen_at_once(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p")
    assert "scatters" in FAQBot.load(pack, use_cache=True).ask("why is the sky blue").text
    answers = pack / "answers" / "main.yaml"
    answers.write_text(answers.read_text().replace("Air scatters blue light", "Sunlight bounces off air"))
    assert "bounces" in FAQBot.load(pack, use_cache=True).ask("why is the sky blue").text


def test_a_broken_edit_is_reported_not_hidden_by_the_cache(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p")
    FAQBot.load(pack, use_cache=True)
    (pack / "answers" / "main.yaml").write_text("answers: [\n")
    run = subprocess.run([sys.executable, "-m", "bot", "--ask", "hi", "--content", str(pack)],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "malformed YAML" in run.stderr


def test_a_corrupt_cache_file_is_rebuilt(small_pack: Path) -> None:
    FAQBot.load(small_pack, use_cache=True)
    for path in cache_files():
        path.write_bytes(b"not a pickle")
    assert FAQBot.load(small_pack, use_cache=True).ask("why is the sky blue").intent == "colour"
    readable = []
    for path in cache_files():
        with contextlib.suppress(pickle.UnpicklingError):
            readable.append(pickle.loads(path.read_bytes()))
    assert len(readable) == 1  # this pack's entry was written again


def test_ask_does_not_import_prompt_toolkit_or_yaml_when_cached() -> None:
    code = ("import sys, bot.cli; bot.cli.main(['--ask', 'what is sciatica']); bot.cli.main(['--ask', 'hi']); "
            "sys.exit(('prompt_toolkit' in sys.modules) * 2)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
    code = ("import sys, bot.cli; bot.cli.main(['--ask', 'hi']); "
            "sys.exit(('prompt_toolkit' in sys.modules) * 2 + ('yaml' in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_a_changed_magbot_module_does_not_meet_an_old_pickle(small_pack: Path) -> None:
    first = cache._key(small_pack, "1")
    module = Path(cache.__file__)
    stat = module.stat()
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    try:
        assert cache._key(small_pack, "1") != first
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
