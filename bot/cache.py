"""A per-user cache of built content packs, so ``magbot --ask`` starts in a blink.

Reading, validating and indexing the YAML takes longer than starting Python. A pack that loaded
cleanly is pickled into the user's cache folder under a key made of magbot's version, the
pack's folder, and the name, size and modification time of every YAML file of the pack and every
module of magbot: any edit makes a new key, so a stale pack is never served. Only packs that
passed validation are ever written. Any problem reading or writing the cache is ignored and the
pack is built from its files.
MAGBOT_NO_CACHE=1 turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .locations import cache_dir

__all__ = ["cached"]

T = TypeVar("T")


def _key(directory: Path, version: str) -> str:
    parts = [version, sys.version, str(directory.resolve())]
    code = Path(__file__).resolve().parent
    # The pickle holds magbot's own objects: a changed module (an upgrade, a checkout) must not
    # meet a pack built by the old one.
    files = [*sorted(code.rglob("*.py")), *(p for sub in ("intents", "answers")
                                             for p in sorted((directory / sub).glob("*.y*ml")))]
    for path in files:
        stat = path.stat()
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def cached(directory: Path, version: str, build: Callable[[], T]) -> T:
    """The pack built by ``build()``, from the cache when its files have not changed."""
    if os.environ.get("MAGBOT_NO_CACHE"):
        return build()
    try:
        path = cache_dir() / f"pack-{_key(directory, version)}.pickle"
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, unreadable, from another build: build afresh
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as scratch:
            pickle.dump(value, scratch, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(scratch.name, path)
    except Exception:  # a read-only home, a full disk: the cache is only an optimisation
        pass
    return value
