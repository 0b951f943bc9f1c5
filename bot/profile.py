"""What a person tells about themselves, kept for as long as the conversation lasts.

"Some background: I'm a man in my sixties" then "how many mg a day is right for me?" wants the
men's amount; "I'm breastfeeding at the moment" then "how much is safe for me?" must get the
careful reply, not an adult figure. The facts and the phrases that tell them come from content
(``profile`` in the vocabulary, and the ``facts`` rules over concepts that triage reads: "I take
naproxen daily", "my GP gave me naproxen", "I'm 15", "20 weeks along"); an age with a sex letter
("58M", "47 f") tells a sex too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .phrases import PhraseSet

if TYPE_CHECKING:
    from .triage import Triage

__all__ = ["ProfileReader"]

#: "58M", "47 f", "31m": an age and a sex letter, as forum posts open.
_AGE_SEX = re.compile(r"\b\d{2} ?([mf])\b")
#: Words before a fact's phrase that deny it: "I don't have kidney disease", "not pregnant".
_DENIALS = frozenset({"no", "not", "never", "without"})


class ProfileReader:
    """Finds facts in a message; immutable, shared by threads."""

    def __init__(self, facts: dict[str, tuple[str, ...]], sex_letters: dict[str, str],
                 rules: Triage | None = None) -> None:
        self._facts = {fact: PhraseSet(phrases) for fact, phrases in facts.items()}
        self._sex_letters = sex_letters  # "m" -> the fact for men, "f" -> for women
        self._rules = rules  # the pack's fact rules, read by triage's reader

    @property
    def known(self) -> frozenset[str]:
        return frozenset(self._facts) | (self._rules.fact_names if self._rules else frozenset())

    def read(self, text: str, words: Sequence[str]) -> set[str]:
        """The facts the message tells, not denied just before ("not pregnant any more")."""
        found: set[str] = set()
        for fact, phrases in self._facts.items():
            for _, start in phrases.find_all(words):
                if not _DENIALS.intersection(words[max(0, start - 2):start]):
                    found.add(fact)
                    break
        if self._rules is not None:
            found |= self._rules.facts_in(words)
        for letter in _AGE_SEX.findall(text.casefold()):
            if letter in self._sex_letters:
                found.add(self._sex_letters[letter])
        return found
