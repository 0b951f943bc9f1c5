"""The start-up cache never serves a stale, broken or planted pack, and never runs code from a file."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import FAQBot, cache
from bot.errors import ContentError
from bot.locations import cache_dir
from conftest import write_pack

NOBODY = 65534


def entries() -> set[Path]:
    return set(cache_dir().glob("pack-*.bin")) if cache_dir().exists() else set()


def entry_for(pack: Path) -> Path:
    key = cache._key(pack, _version())
    assert key is not None
    return cache_dir() / f"pack-{key}.bin"


def _version() -> str:
    from bot import __version__

    return __version__


def plant(path: Path, key: str, payload: bytes) -> None:
    """An entry exactly as magbot writes one, around any pickle: the format is no secret."""
    digest = cache._hasher()
    digest.update(payload)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(cache._MAGIC + key.encode() + b"\n" + digest.digest() + payload)
    path.chmod(0o600)


def other_text_bot(tmp_path: Path) -> FAQBot:
    pack = write_pack(tmp_path / "evil")
    answers = pack / "answers" / "main.yaml"
    answers.write_text(answers.read_text().replace("Air scatters blue light", "Women should take 5,000 mg"))
    return FAQBot.load(pack)


def test_a_cached_pack_answers_like_a_fresh_one(small_pack: Path) -> None:
    before = entries()
    first = FAQBot.load(small_pack, use_cache=True)
    assert len(entries() - before) == 1
    second = FAQBot.load(small_pack, use_cache=True)
    fresh = FAQBot.load(small_pack)
    for question in ("why is the sky blue", "rain?", "hello", "nonsense words"):
        assert second.ask(question).to_dict() == fresh.ask(question).to_dict() == first.ask(question).to_dict()


def test_the_bundled_pack_comes_back_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every class in the built bot is one the safe unpickler allows (else each start would rebuild)."""
    FAQBot.load(use_cache=True)
    monkeypatch.setattr("bot.faqbot._read_pack", lambda directory: pytest.fail("rebuilt instead of cached"))
    assert FAQBot.load(use_cache=True).ask("what is sciatica").intent == "sciatica-what"


def test_editing_the_pack_is_seen_at_once(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p")
    assert "scatters" in FAQBot.load(pack, use_cache=True).ask("why is the sky blue").text
    answers = pack / "answers" / "main.yaml"
    answers.write_text(answers.read_text().replace("Air scatters blue light", "Sunlight bounces off air"))
    assert "bounces" in FAQBot.load(pack, use_cache=True).ask("why is the sky blue").text


def test_an_edit_that_keeps_size_and_time_is_seen(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p")
    answers = pack / "answers" / "main.yaml"
    assert "scatters" in FAQBot.load(pack, use_cache=True).ask("why is the sky blue").text
    before = answers.stat()
    answers.write_text(answers.read_text().replace("scatters", "SCATTERS"))
    os.utime(answers, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert answers.stat().st_size == before.st_size
    assert "SCATTERS" in FAQBot.load(pack, use_cache=True).ask("why is the sky blue").text


def test_a_broken_edit_is_reported_not_hidden_by_the_cache(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p")
    FAQBot.load(pack, use_cache=True)
    (pack / "answers" / "main.yaml").write_text("answers: [\n")
    run = subprocess.run([sys.executable, "-m", "bot", "--ask", "hi", "--content", str(pack)],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "malformed YAML" in run.stderr


def test_a_corrupt_entry_is_rebuilt(small_pack: Path) -> None:
    FAQBot.load(small_pack, use_cache=True)
    entry_for(small_pack).write_bytes(b"not a pickle")
    assert FAQBot.load(small_pack, use_cache=True).ask("why is the sky blue").intent == "colour"
    assert entry_for(small_pack).read_bytes().startswith(cache._MAGIC)  # written again


def test_a_planted_pickle_cannot_run_code(small_pack: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"

    class Exploit:
        def __reduce__(self) -> tuple:
            return (os.system, (f"touch {marker}",))

    key = cache._key(small_pack, _version())
    assert key is not None
    plant(entry_for(small_pack), key, pickle.dumps(Exploit()))
    assert FAQBot.load(small_pack, use_cache=True).ask("why is the sky blue").intent == "colour"
    assert not marker.exists()


def test_an_entry_of_the_wrong_type_is_replaced(small_pack: Path) -> None:
    key = cache._key(small_pack, _version())
    assert key is not None
    plant(entry_for(small_pack), key, pickle.dumps(["not", "a", "bot"]))
    assert FAQBot.load(small_pack, use_cache=True).ask("hello").intent == "greeting"
    assert isinstance(cache._read(entry_for(small_pack), key), FAQBot)  # the next start uses the good one


def test_an_entry_for_another_key_is_not_served(small_pack: Path, tmp_path: Path) -> None:
    plant(entry_for(small_pack), "0" * 32, pickle.dumps(other_text_bot(tmp_path)))
    assert "scatters" in FAQBot.load(small_pack, use_cache=True).ask("why is the sky blue").text


@pytest.mark.parametrize("how", ["foreign owner", "group writable", "a link"])
def test_an_entry_someone_else_could_write_is_not_used(small_pack: Path, tmp_path: Path, how: str) -> None:
    key = cache._key(small_pack, _version())
    assert key is not None
    entry = entry_for(small_pack)
    target = entry if how != "a link" else tmp_path / "elsewhere.bin"
    plant(target, key, pickle.dumps(other_text_bot(tmp_path)))
    if how == "foreign owner":
        os.chown(entry, NOBODY, NOBODY)
    elif how == "group writable":
        entry.chmod(0o664)
    else:
        entry.unlink(missing_ok=True)
        entry.symlink_to(target)
    assert "scatters" in FAQBot.load(small_pack, use_cache=True).ask("why is the sky blue").text


@pytest.mark.parametrize("how", ["mode 0777", "foreign owner"])
def test_a_cache_folder_others_can_write_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str], how: str) -> None:
    folder = tmp_path / "shared-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    pack = write_pack(tmp_path / "p")
    (folder / "magbot").mkdir(parents=True)
    key = cache._key(pack, _version())
    assert key is not None
    plant(folder / "magbot" / f"pack-{key}.bin", key, pickle.dumps(other_text_bot(tmp_path)))
    if how == "mode 0777":
        (folder / "magbot").chmod(0o777)
    else:
        os.chown(folder / "magbot", NOBODY, NOBODY)
    assert "scatters" in FAQBot.load(pack, use_cache=True).ask("why is the sky blue").text
    assert "not using the cache folder" in capsys.readouterr().err
    assert len(list((folder / "magbot").iterdir())) == 1  # and nothing was written there


def test_temp_files_of_killed_writers_and_old_entries_are_removed(tmp_path: Path) -> None:
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stale = folder / "pack-dead.bin.4242.tmp"
    stale.write_bytes(b"x" * 1000)
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    for n in range(cache.MAX_ENTRIES + 4):
        filler = folder / f"pack-{n:032x}.bin"
        filler.write_bytes(b"old")
        os.utime(filler, (old + n, old + n))
    FAQBot.load(write_pack(tmp_path / "fresh"), use_cache=True)
    assert not stale.exists()
    assert len(entries()) == cache.MAX_ENTRIES


def test_a_fifo_in_the_pack_does_not_hang_the_cache(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "p")
    os.mkfifo(pack / "intents" / "pipe.yaml")
    run = subprocess.run([sys.executable, "-m", "bot", "--ask", "hi", "--content", str(pack)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "not a regular file" in run.stderr
    with pytest.raises(ContentError):
        FAQBot.load(pack, use_cache=True)


def test_ask_does_not_import_prompt_toolkit_or_yaml_when_cached() -> None:
    code = ("import sys, bot.cli; bot.cli.main(['--ask', 'what is sciatica']); bot.cli.main(['--ask', 'hi']); "
            "sys.exit(('prompt_toolkit' in sys.modules) * 2)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
    code = ("import sys, bot.cli; bot.cli.main(['--ask', 'hi']); "
            "sys.exit(('prompt_toolkit' in sys.modules) * 2 + ('yaml' in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_a_changed_magbot_module_does_not_meet_an_old_entry(small_pack: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    code = tmp_path / "bot"
    shutil.copytree(Path(cache.__file__).parent, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "__file__", str(code / "cache.py"))
    first = cache._key(small_pack, "1")
    module = code / "matcher.py"
    before = module.stat()
    module.write_text(module.read_text().replace("def ", "def  ", 1)[:-1])  # same size, other bytes
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert cache._key(small_pack, "1") != first
