"""Where magbot's files live: the bundled content, the user's cache and history.

Kept apart and import-light, because ``magbot --ask`` needs these paths before anything else.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_dir", "default_content_dir", "state_dir"]


def default_content_dir() -> Path:
    """The bundled article pack: inside the installed wheel, else the repository's top level.

    Found beside this module rather than through importlib.resources: the same answer for a
    wheel installed on disk, at a fraction of the start-up cost.
    """
    packaged = Path(__file__).resolve().parent / "content"
    if (packaged / "intents").is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent


def _user_dir(xdg_variable: str, fallback: str, windows_leaf: str) -> Path:
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "magbot" / windows_leaf
    return Path(os.environ.get(xdg_variable) or Path.home() / fallback) / "magbot"


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/magbot (~/.cache/magbot), or %LOCALAPPDATA%\\magbot\\cache."""
    return _user_dir("XDG_CACHE_HOME", ".cache", "cache")


def state_dir() -> Path:
    """$XDG_STATE_HOME/magbot (~/.local/state/magbot), or %LOCALAPPDATA%\\magbot\\state."""
    return _user_dir("XDG_STATE_HOME", ".local/state", "state")
