"""Number slots read in a span: "took *8* mag pills", "*ten* of them", "I'm *15*" (``bot/concepts.py``).

Each compared slot a rule names (``PILL-COUNT >= 10``) becomes a hit at the number's place, as if
it were a phrase, so negation and qualifiers read it like any other part of the rule. A number is
read only beside what it counts and never when a unit makes it something else: "2 of my *100* mg
tablets" counts 2, not 100; "I'm 15 weeks pregnant" is no age.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Sequence

from .concepts import NumberSlot
from .english import read_numbers
from .phrases import PhraseSet, phrase_words

__all__ = ["SlotReader"]

_KEY = re.compile(r"^#([A-Z0-9-]+)(>=|<=|<|>|=)(\d+)$")
_COMPARE: dict[str, Callable[[int, int], bool]] = {">=": operator.ge, "<=": operator.le, "<": operator.lt,
                                                   ">": operator.gt, "=": operator.eq}


class _Compiled:
    def __init__(self, slot: NumberSlot) -> None:
        self.slot = slot
        self.counts = PhraseSet(slot.counts)
        self.after = PhraseSet(slot.after)
        self.not_then = PhraseSet(slot.not_then)
        self.sizes = {p: len(phrase_words(p)) for p in (*slot.counts, *slot.after, *slot.not_then)}

    def values(self, words: Sequence[str], numbers: list[tuple[int, int, int]]) -> Iterable[tuple[int, int]]:
        """(where, value) of each number this slot reads in the words."""
        counted = [start for _, start in self.counts.find_all(words)] if self.slot.counts else []
        named = [start + self.sizes[p] for p, start in self.after.find_all(words)] if self.slot.after else []
        units = {start for _, start in self.not_then.find_all(words)} if self.slot.not_then else set()
        gap = self.slot.gap
        for start, end, value in numbers:
            if end in units or (end < len(words) and words[end].isdigit()):
                continue  # "15 weeks", "5 2" (a height): a unit or another number makes it no count
            if self.slot.counts and not any(end <= c <= end + gap for c in counted):
                continue
            if self.slot.after and not any(start - gap <= n <= start for n in named):
                continue
            yield start, value


class SlotReader:
    """The slot keys of a set of rules, found in a span's words; immutable, shared by threads."""

    def __init__(self, slots: Sequence[NumberSlot], keys: Iterable[str]) -> None:
        by_name = {s.name: _Compiled(s) for s in slots}
        self._keys: dict[str, list[tuple[str, Callable[[int, int], bool], int]]] = {}
        for key in sorted(set(keys)):
            found = _KEY.match(key)
            if found and found.group(1) in by_name:
                self._keys.setdefault(found.group(1), []).append((key, _COMPARE[found.group(2)], int(found.group(3))))
        self._slots = {name: by_name[name] for name in self._keys}

    def __bool__(self) -> bool:
        return bool(self._slots)

    def hits(self, words: Sequence[str]) -> dict[str, list[int]]:
        """Slot key -> where a number meeting it starts; empty when the span holds no number."""
        out: dict[str, list[int]] = {}
        numbers = list(read_numbers(words)) if self._slots else []
        if not numbers:
            return out
        for name, compiled in self._slots.items():
            for where, value in compiled.values(words, numbers):
                for key, compare, limit in self._keys[name]:
                    if compare(value, limit):
                        out.setdefault(key, []).append(where)
        return out
