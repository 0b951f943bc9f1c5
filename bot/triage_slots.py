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
from .english import has_number, read_numbers
from .phrases import phrase_words

__all__ = ["SlotReader"]

_KEY = re.compile(r"^#([A-Z0-9-]+)(>=|<=|<|>|=)(\d+)$")
_COMPARE: dict[str, Callable[[int, int], bool]] = {">=": operator.ge, "<=": operator.le, "<": operator.lt,
                                                   ">": operator.gt, "=": operator.eq}


class _Compiled:
    def __init__(self, slot: NumberSlot) -> None:
        self.slot = slot
        self.counts = frozenset(slot.counts)
        self.after = frozenset(slot.after)
        self.not_then = frozenset(slot.not_then)
        self.sizes = {p: len(phrase_words(p)) for p in (*slot.counts, *slot.after, *slot.not_then)}

    def values(self, words: Sequence[str], numbers: list[tuple[int, int, int]], counted: list[int],
               named: list[int], units: set[int]) -> Iterable[tuple[int, int]]:
        """(where, value) of each number this slot reads in the words, given where its phrases are:
        what it counts start at ``counted``, what names it end at ``named``, units start at ``units``."""
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
        # The comparison is kept by its sign, not as a function: a built pack is cached as data.
        self._keys: dict[str, list[tuple[str, str, int]]] = {}
        for key in sorted(set(keys)):
            found = _KEY.match(key)
            if found and found.group(1) in by_name:
                self._keys.setdefault(found.group(1), []).append((key, found.group(2), int(found.group(3))))
        self._slots = {name: by_name[name] for name in self._keys}
        # Phrase -> (slot, role) for each slot that reads it: the span's phrases are sorted once.
        self._roles: dict[str, list[tuple[str, str]]] = {}
        for name, compiled in self._slots.items():
            for role, phrases in (("counts", compiled.counts), ("after", compiled.after), ("units", compiled.not_then)):
                for phrase in phrases:
                    self._roles.setdefault(phrase, []).append((name, role))

    def __bool__(self) -> bool:
        return bool(self._slots)

    @property
    def phrases(self) -> frozenset[str]:
        """Every phrase the slots read around their numbers: triage finds them in its one pass."""
        return frozenset(p for c in self._slots.values() for p in (*c.counts, *c.after, *c.not_then))

    def hits(self, words: Sequence[str], found: dict[str, list[int]]) -> dict[str, list[int]]:
        """Slot key -> where a number meeting it starts; empty when the span holds no number."""
        out: dict[str, list[int]] = {}
        numbers = list(read_numbers(words)) if self._slots and has_number(words) else []
        if not numbers:
            return out
        places: dict[tuple[str, str], list[int]] = {}
        for phrase, starts in found.items():
            for name, role in self._roles.get(phrase, ()):
                size = self._slots[name].sizes[phrase] if role == "after" else 0
                places.setdefault((name, role), []).extend(start + size for start in starts)
        for name, compiled in self._slots.items():
            counted, named = places.get((name, "counts"), []), places.get((name, "after"), [])
            if (compiled.counts and not counted) or (compiled.after and not named):
                continue
            units = set(places.get((name, "units"), ()))
            for where, value in compiled.values(words, numbers, counted, named, units):
                for key, sign, limit in self._keys[name]:
                    if _COMPARE[sign](value, limit):
                        out.setdefault(key, []).append(where)
        return out
