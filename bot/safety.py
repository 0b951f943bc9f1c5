"""The safety net: red-flag messages are caught before any matching and never answered as FAQs."""

from __future__ import annotations

from collections.abc import Sequence

from .model import RedFlag
from .normalize import Analysis
from .phrases import PhraseSet

__all__ = ["RedFlagDetector"]

# Contractions typed without the apostrophe, as people in a hurry do: "cant feel", "dont want".
_BARE_CONTRACTIONS = {"cant": ("can", "t"), "dont": ("don", "t"), "wont": ("won", "t"), "didnt": ("didn", "t"),
                      "doesnt": ("doesn", "t"), "isnt": ("isn", "t"), "im": ("i", "m"), "ive": ("i", "ve"),
                      "havent": ("haven", "t"), "cannot": ("can", "not"), "couldnt": ("couldn", "t"),
                      "wasnt": ("wasn", "t"), "arent": ("aren", "t"), "shouldnt": ("shouldn", "t")}


def _spell_out(words: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    for word in words:
        out.extend(_BARE_CONTRACTIONS.get(word, (word,)))
    return tuple(out)


class RedFlagDetector:
    """Compiled red-flag rules; immutable, so one detector serves every thread."""

    def __init__(self, flags: Sequence[RedFlag]) -> None:
        self._rules = [(flag, tuple(PhraseSet(group) for group in flag.all_of)) for flag in flags]
        self._rules = [(flag, groups) for flag, groups in self._rules if groups and all(groups)]
        # Nearly every message trips no rule: one look for any rule's first group settles it.
        self._screen = PhraseSet(p for flag in flags for p in (flag.all_of[0] if flag.all_of else ()))

    def check(self, analysis: Analysis) -> RedFlag | None:
        """The first rule the message trips, read both as typed and with typos corrected."""
        readings = {_spell_out(analysis.raw_words), analysis.words}
        if not any(self._screen.find(r) for r in readings):
            return None
        for flag, groups in self._rules:
            for reading in readings:
                if all(group.find(reading) for group in groups):
                    return flag
        return None
