"""Question history kept across runs, private to the user: health questions are nobody else's."""

from __future__ import annotations

import os
from pathlib import Path

from prompt_toolkit.history import FileHistory, History, InMemoryHistory

from ..locations import state_dir

__all__ = ["history_path", "open_history"]


def history_path() -> Path:
    return state_dir() / "history"


def open_history(enabled: bool) -> tuple[History, str | None]:
    """The history to use and, when the file could not be used, a one-line reason why."""
    if not enabled:
        return InMemoryHistory(), None
    path = history_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Create it 0600 before prompt_toolkit appends to it, and tighten an older, looser file.
        os.close(os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600))
        os.chmod(path, 0o600)
    except OSError as exc:
        return InMemoryHistory(), f"history not kept ({exc.strerror}: {path})"
    return FileHistory(str(path)), None
