"""The rule language of the safety net: named concept classes, and rules that combine them.

A phrase list fitted to examples reaches the examples and no further: "looking at bridges", "10
pill*", "10 tablet*", ... So red flags, careful situations and the facts a person tells are written
as combinations of *concepts* (content: ``concepts`` in ``intents/safety.yaml``):

- a concept is a lexicon written once, in base forms ("take", "tablet", "fall off"), that meets
  every inflection ("took", "tablets", "fell off"; ``bot/english.py``) and, through triage's
  corrected reading, a typo; it may include other concepts by name;
- a *number slot* is a concept that reads a number next to another concept: ``count: PILL-UNIT``
  is "8 mag pills", "ten tablets", "a dozen of them"; ``number_after: I-AM`` is "I'm 15";
- a phrase may name concepts inside it, as a template: ``"WRITE LETTER to FAMILY"`` is every
  phrase of WRITE, then of LETTER, then "to", then FAMILY, side by side;
- a rule is ``A + (B | C) + COUNT >= 10``: every ``+`` part must be met in the span (one to three
  sentences, ``bot/triage.py``), ``|`` offers alternatives within a part (it binds tighter than
  ``+``), and a slot may be compared with ``>=``, ``<=``, ``<``, ``>`` or ``=``.

A rule compiles to groups of phrases, the form the triage reader has always read, so negation,
settled history, hypotheticals and figures of speech apply to concepts exactly as they did to
phrases. The loader calls this module; every problem (an unknown concept, an empty class, a
reference to nothing, a rule that does not parse) is reported at its ``file:line``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .english import inflections

__all__ = ["CONCEPT_NAME", "ConceptTable", "NumberSlot", "Problem", "slot_key"]

#: A concept's name: capitals, digits and hyphens ("SELF", "NOT-GO-ON", "PILL-COUNT").
CONCEPT_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
_TOKEN = re.compile(r"\s*(?:(\()|(\))|(\|)|(\+)|(>=|<=|<|>|=)|(\d+)|([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)|(\S+))")
#: How many words may stand between a number and what it counts ("8 *mag* pills").
_DEFAULT_GAP = 2
#: A phrase template ("WRITE LETTER to FAMILY") may make at most this many phrases.
_MAX_TEMPLATE = 5000
_SLOT_KEYS = {"count", "number_after", "not_then", "gap", "source"}
_CLASS_KEYS = {"phrases", "exact", "source"}

Problem = Callable[[int, str], None]  # (line, message): the loader adds the file


@dataclass(frozen=True)
class NumberSlot:
    """A number told next to a concept: before what it counts ("8 pills") or right after what
    names it ("I'm 15"), not followed by a unit that makes it something else ("15 weeks")."""

    name: str
    counts: tuple[str, ...] = ()  # phrases the number stands before, within ``gap`` words
    after: tuple[str, ...] = ()  # phrases the number follows, within ``gap`` words
    not_then: tuple[str, ...] = ()  # phrases that may not come right after the number
    gap: int = _DEFAULT_GAP


def is_name(word: str) -> bool:
    """Is this word a concept's name (two or more capitals: "I" is the pronoun)?"""
    return len(word) > 1 and CONCEPT_NAME.match(word) is not None


def slot_key(name: str, op: str, value: int) -> str:
    """How a compared slot stands among a group's phrases: ``#PILL-COUNT>=10`` (no phrase starts with #)."""
    return f"#{name}{op}{value}"


def phrase_variants(phrase: str) -> set[str]:
    """A phrase with each of its words in each of its inflections, one word at a time: "fall off a
    ladder" -> fell off a ladder, falling off a ladder, fall off a ladders. Two words changed at
    once ("fell off ladders") are rare in messages and would multiply the phrases for nothing."""
    words = phrase.split()
    out = {phrase}
    for i, word in enumerate(words):
        if not word.endswith("*"):
            out.update(" ".join([*words[:i], form, *words[i + 1:]]) for form in inflections(word))
    return out


class ConceptTable:
    """Every concept of a pack, resolved: its phrases (inflected, includes followed) or its slot."""

    def __init__(self) -> None:
        self.phrases: dict[str, frozenset[str]] = {}
        self.slots: dict[str, NumberSlot] = {}
        self.lines: dict[str, int] = {}
        self.used: set[str] = set()
        self.base_words: set[str] = set()  # every word as written: what typos are corrected towards
        self._raw: dict[str, tuple[list[str], bool]] = {}
        self._slot_specs: dict[str, dict[str, object]] = {}

    # -- reading -----------------------------------------------------------------------------
    def add(self, name: str, value: object, line: int, problem: Problem) -> None:
        """One ``concepts`` entry, as located YAML: a list of phrases, or a mapping."""
        if not CONCEPT_NAME.match(name):
            problem(line, f"concept name '{name}' must be capitals and hyphens, like NOT-GO-ON")
            return
        if name in self.lines:
            problem(line, f"concept '{name}' is defined twice (also line {self.lines[name]})")
            return
        self.lines[name] = line
        if isinstance(value, dict) and ("count" in value or "number_after" in value):
            unknown = set(value) - _SLOT_KEYS
            if unknown:
                problem(line, f"concept '{name}': unknown key(s) {', '.join(sorted(map(str, unknown)))}")
            self._slot_specs[name] = dict(value)
            return
        exact = False
        if isinstance(value, dict):
            unknown = set(value) - _CLASS_KEYS
            if unknown:
                problem(line, f"concept '{name}': unknown key(s) {', '.join(sorted(map(str, unknown)))}")
            exact = value.get("exact") is True
            value = value.get("phrases")
        if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
            problem(line, f"concept '{name}' must be a list of phrases (or a mapping with 'phrases' or 'count')")
            return
        if not any(p.strip() for p in value):
            problem(line, f"concept '{name}' is empty: a class with no phrase can never be met")
            return
        self._raw[name] = ([" ".join(w if is_name(w) else w.casefold() for w in p.split())
                            for p in value if p.strip()], exact)

    def resolve(self, problem: Problem) -> None:
        """Follow includes, inflect, and build the slots; report references to nothing and cycles."""
        for name in self._raw:
            self.phrases[name] = frozenset(self._expand(name, (), problem))
        for name, spec in self._slot_specs.items():
            self.slots[name] = self._slot(name, spec, problem)

    def _expand(self, name: str, path: tuple[str, ...], problem: Problem) -> set[str]:
        if name in path:
            problem(self.lines[name], f"concept '{name}' includes itself ({' -> '.join((*path, name))})")
            return set()
        out: set[str] = set()
        entries, exact = self._raw[name]
        for entry in entries:
            parts = entry.split()
            if len(parts) > 1 and any(is_name(w) for w in parts):
                out |= self._template(name, parts, path, problem)
            elif is_name(entry):
                out |= self._include(name, entry, path, problem)
            else:
                self.base_words.update(w.rstrip("*") for w in entry.split())
                out |= {entry} if exact else phrase_variants(entry)
        return out

    def _include(self, name: str, entry: str, path: tuple[str, ...], problem: Problem) -> set[str]:
        if entry not in self._raw:
            problem(self.lines[name], f"concept '{name}' includes '{entry}', which is not a concept"
                    + (" with phrases" if entry in self._slot_specs else ""))
            return set()
        self.used.add(entry)
        return set(self.phrases.get(entry) or self._expand(entry, (*path, name), problem))

    def _template(self, name: str, parts: list[str], path: tuple[str, ...], problem: Problem) -> set[str]:
        """ "WRITE LETTER to FAMILY": every phrase of each named concept in turn, words as written."""
        options = [sorted(self._include(name, w, path, problem)) if is_name(w) else [w] for w in parts]
        total = 1
        for forms in options:
            total *= len(forms)
        if total > _MAX_TEMPLATE:
            problem(self.lines[name], f"concept '{name}': '{' '.join(parts)}' makes {total} phrases "
                    f"(at most {_MAX_TEMPLATE}); split it")
            return set()
        return {" ".join(combo) for combo in itertools.product(*options)}

    def _slot(self, name: str, spec: dict[str, object], problem: Problem) -> NumberSlot:
        def phrases_of(key: str) -> tuple[str, ...]:
            ref = spec.get(key)
            if ref is None:
                return ()
            if not isinstance(ref, str) or ref not in self._raw:
                problem(self.lines[name], f"concept '{name}' {key}: '{ref}' is not a concept with phrases")
                return ()
            self.used.add(ref)
            return tuple(sorted(self.phrases[ref]))

        gap = spec.get("gap", _DEFAULT_GAP)
        if not isinstance(gap, int) or isinstance(gap, bool) or not 0 <= gap <= 5:
            problem(self.lines[name], f"concept '{name}' gap must be a whole number from 0 to 5")
            gap = _DEFAULT_GAP
        return NumberSlot(name, phrases_of("count"), phrases_of("number_after"), phrases_of("not_then"), gap)

    # -- rules -------------------------------------------------------------------------------
    def compile(self, expression: str, problem: Problem) -> tuple[tuple[str, ...], ...]:
        """A rule as groups of phrases (and slot keys): ``SELF + (ENDING | NOT-GO-ON)``."""
        groups: list[list[str]] = [[]]
        tokens = [next(g for g in m.groups() if g is not None) for m in _TOKEN.finditer(expression.strip())]
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token in ("(", ")", "|"):
                i += 1
                continue
            if token == "+":
                if not groups[-1]:
                    problem(0, f"rule '{expression}': '+' with nothing before it")
                groups.append([])
                i += 1
                continue
            if not is_name(token):
                problem(0, f"rule '{expression}': cannot read '{token}' (concept names are capitals)")
                i += 1
                continue
            op, value = None, 0
            if i + 1 < len(tokens) and tokens[i + 1] in (">=", "<=", "<", ">", "="):
                if i + 2 >= len(tokens) or not tokens[i + 2].isdigit():
                    problem(0, f"rule '{expression}': '{token} {tokens[i + 1]}' needs a number")
                    i += 2
                    continue
                op, value = tokens[i + 1], int(tokens[i + 2])
                i += 2
            groups[-1].extend(self._items(token, op, value, expression, problem))
            i += 1
        if expression.count("(") != expression.count(")"):
            problem(0, f"rule '{expression}': brackets do not pair")
        if not groups[-1]:
            problem(0, f"rule '{expression}' is empty or ends with '+'")
        return tuple(tuple(sorted(g)) for g in groups if g)

    def _items(self, name: str, op: str | None, value: int, expression: str, problem: Problem) -> Iterable[str]:
        if name in self.slots or name in self._slot_specs:
            self.used.add(name)
            return [slot_key(name, op or ">=", value)]
        if op is not None:
            problem(0, f"rule '{expression}': only a number slot can be compared ('{name}' is a class)")
            return []
        if name not in self.phrases:
            problem(0, f"rule '{expression}': unknown concept '{name}'")
            return []
        self.used.add(name)
        return self.phrases[name]

    def unused(self) -> list[str]:
        """Concepts defined but met by no rule: a lexicon no rule reads is a safety net with a hole."""
        return [name for name in self.lines if name not in self.used]
