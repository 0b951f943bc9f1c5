"""A per-user cache of built content packs, so ``magbot --ask`` starts in a blink.

Reading, validating and indexing the YAML takes longer than starting Python, and building the
indexes from a pack takes longer still, so the built bot itself is kept, as a pickle. A pickle can
run code, so nothing is loaded from a place anyone else could have written, and nothing but
magbot's own data classes can come out of it:

- the cache folder must be the user's own and writable by nobody else (as pip requires), and so
  must each entry (a regular file, not a link); otherwise the cache is not used at all;
- an entry names the key it was written for and the SHA-256 of its bytes, both checked; the
  unpickler only constructs classes of magbot's core modules and plain containers; the result
  must be of the expected type;
- the key is a hash of the content files' bytes (not their size and time), of every module of
  magbot and of the Python version: any edit makes a new key, so a stale pack is never served;
- entries are written to a private temp file and renamed into place; leftover temp files and all
  but the newest ``MAX_ENTRIES`` entries are removed whenever an entry is written.

Only packs that passed validation are ever written. Any problem reading or writing the cache is
ignored and the pack is built from its files. MAGBOT_NO_CACHE=1 turns the cache off.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .locations import cache_dir

__all__ = ["MAX_ENTRIES", "cached"]

T = TypeVar("T")

#: Built packs kept; older ones are removed when a new one is written.
MAX_ENTRIES = 8
#: A content file larger than this is not hashed: the loader refuses it anyway.
_MAX_FILE_BYTES = 1024 * 1024
_MAGIC = b"magbot-pack 2\n"
_TEMP_AGE_SECONDS = 3600  # a temp file this old belongs to a writer that was killed
# Modules whose classes hold no power over files, processes or the network: the only ones an
# entry may construct (besides plain containers).
_ADAPTERS = ("bot.cli", "bot.cache", "bot.evaluate", "bot.server", "bot.serving", "bot.terminal")
_CONTAINERS = {("builtins", n) for n in ("list", "dict", "set", "frozenset", "tuple", "str", "bytes", "int",
                                         "float", "bool", "complex", "range", "slice")} | {
    ("collections", n) for n in ("defaultdict", "OrderedDict", "Counter", "deque")}


def _hasher() -> Any:
    """BLAKE2b-256: importing hashlib loads OpenSSL, which costs more than all the hashing at start-up;
    the built-in BLAKE2 module is cheap to import and three times as fast as the built-in SHA-256."""
    try:
        from _blake2 import blake2b  # type: ignore[import-not-found]
    except ImportError:  # not CPython
        from hashlib import blake2b
    return blake2b(digest_size=32)


def _owned_privately(info: os.stat_result) -> bool:
    """Ours and writable by no one else (always true where there are no POSIX owners)."""
    if not hasattr(os, "geteuid"):
        return True
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _pack_files(directory: Path) -> list[Path] | None:
    """The pack's YAML files, or None if one is not a small regular file (the loader will say why)."""
    files = []
    for sub in ("intents", "answers"):
        for path in sorted((directory / sub).glob("*.y*ml")):
            try:
                info = path.stat()
            except OSError:
                return None
            if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_FILE_BYTES:
                return None  # a FIFO must never be opened here: it would hang the start
            files.append(path)
    return files


def _key(directory: Path, version: str) -> str | None:
    """A hash of everything a built pack depends on; None when the pack cannot be hashed safely."""
    files = _pack_files(directory)
    if files is None:
        return None
    digest = _hasher()
    digest.update(f"{version}\n{sys.version}\n{directory.resolve()}\n".encode())
    # The pickle holds magbot's own objects: a changed module (an upgrade, a checkout) must not
    # meet a pack built by the old one.
    paths: list[str | Path] = [*_modules(os.path.dirname(os.path.abspath(__file__))), *files]
    for path in paths:
        digest.update(f"\n{os.path.basename(path)}\n".encode())
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:32]


def _modules(folder: str) -> list[str]:
    """magbot's modules, sorted (os.scandir: pathlib's rglob costs more than the hashing here)."""
    found = []
    for entry in os.scandir(folder):
        if entry.is_dir() and entry.name != "__pycache__":
            found += _modules(entry.path)
        elif entry.name.endswith(".py"):
            found.append(entry.path)
    return sorted(found)


class _CoreUnpickler(pickle.Unpickler):
    """Builds only classes of magbot's core modules and plain containers: no function, no os.system."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _CONTAINERS or (module.startswith("bot.") and not module.startswith(_ADAPTERS)):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cached pack")


def _folder() -> Path | None:
    """The cache folder, created private if missing; None if it is not safe to use."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = os.lstat(folder)
    except OSError:
        return None
    if stat.S_ISDIR(info.st_mode) and _owned_privately(info):
        return folder
    sys.stderr.write(f"magbot: not using the cache folder {folder}: it is not yours alone (see 'ls -ld')\n")
    return None


def _read(path: Path, key: str) -> Any:
    """The object in an entry, after every check; raises if any fails."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or not _owned_privately(info):
            raise ValueError("entry not owned privately")
        data = handle.read()
    header = _MAGIC + key.encode() + b"\n"
    body = data[len(header) + 32:]
    digest = _hasher()
    digest.update(body)
    if not data.startswith(header) or data[len(header):len(header) + 32] != digest.digest():
        raise ValueError("entry damaged or written for another key")
    gc.disable()  # the collector would run over and over while the many small objects are made
    try:
        return _CoreUnpickler(io.BytesIO(body)).load()
    finally:
        gc.enable()


def _write(folder: Path, path: Path, key: str, value: Any) -> None:
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    digest = _hasher()
    digest.update(body)
    scratch = folder / f"{path.name}.{os.getpid()}.tmp"
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC + key.encode() + b"\n" + digest.digest() + body)
        os.replace(scratch, path)
    finally:
        if scratch.exists():
            scratch.unlink()


def _prune(folder: Path, keep: Path) -> None:
    """Remove temp files left by killed writers and all but the newest MAX_ENTRIES entries."""
    now = time.time()
    entries = []
    for path in folder.glob("pack-*"):
        try:
            info = path.lstat()
        except OSError:
            continue
        if path.name.endswith(".tmp"):
            if now - info.st_mtime > _TEMP_AGE_SECONDS:
                path.unlink(missing_ok=True)
        elif path != keep:
            entries.append((info.st_mtime, path))
    for _, path in sorted(entries, reverse=True)[MAX_ENTRIES - 1:]:
        path.unlink(missing_ok=True)


def cached(directory: Path, version: str, build: Callable[[], T], kind: type | None = None) -> T:
    """The pack built by ``build()``, from the cache when its files have not changed.

    ``kind`` is the type the entry must hold; anything else is ignored and rebuilt.
    """
    if os.environ.get("MAGBOT_NO_CACHE"):
        return build()
    try:
        folder, key = _folder(), _key(directory, version)
    except OSError:
        folder = key = None
    if folder is None or key is None:
        return build()
    path = folder / f"pack-{key}.bin"
    try:
        value = _read(path, key)
        if kind is None or isinstance(value, kind):
            return value  # type: ignore[no-any-return]
    except Exception:  # missing, damaged, foreign, from another build: build afresh
        pass
    value = build()
    try:
        _write(folder, path, key, value)
        _prune(folder, path)
    except Exception:  # a read-only home, a full disk: the cache is only an optimisation
        pass
    return value
