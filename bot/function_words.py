"""English function words, each class defined once and named (``bot/data/function_words.txt``).

Subject words live in the pack; the words that build sentences in any subject (pointing back, the
first person, asking in general, joining clauses) live here, so every pack and every step reads the
same class by its name instead of keeping a copy of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

__all__ = ["ENGLISH", "FunctionWords"]

_FILE = Path(__file__).parent / "data" / "function_words.txt"


@dataclass(frozen=True)
class FunctionWords:
    """The classes of ``function_words.txt``; a class missing from the file is an error."""

    pointing: frozenset[str]
    first_person: frozenset[str]
    in_general: frozenset[str]
    pronoun_openers: frozenset[str]
    question_next: frozenset[str]
    plural_pointing: frozenset[str]
    links: frozenset[str]
    joiners: tuple[str, ...]

    @classmethod
    def read(cls, path: Path = _FILE) -> FunctionWords:
        classes: dict[str, list[str]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                name, _, words = line.partition(":")
                classes[name.strip()] = words.split()
        names = {f.name for f in fields(cls)}
        if set(classes) != names:
            raise ValueError(f"{path}: classes {sorted(classes)} differ from {sorted(names)}")
        values: dict[str, Any] = {name: tuple(words) if name == "joiners" else frozenset(words)
                                  for name, words in classes.items()}
        return cls(**values)


ENGLISH = FunctionWords.read()
