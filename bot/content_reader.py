"""Reading located YAML for the content loader: the checks every section shares.

``PackReader`` turns ``yamlsource`` nodes into text, lists of text and entries, reporting each
problem as ``file:line: message`` and never stopping at the first; ``content.py`` builds the
pack from what it returns.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .safe_text import short_key
from .yamlsource import LocatedDict, LocatedList, load_yaml_file

__all__ = ["MAX_FILES", "PackReader", "norm_pattern"]

#: More YAML files than this in one folder is not a content pack.
MAX_FILES = 200


def norm_pattern(text: str) -> str:
    """A phrase as the words it is matched on: casefolded, punctuation gone."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


class PackReader:
    """Collects problems while reading located YAML."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, label: str, line: int, message: str) -> None:
        self.problems.append(f"{label}:{line}: {message}")

    def read_folder(self, root: Path, name: str, allowed: set[str]) -> list[tuple[str, LocatedDict]]:
        folder = root / name
        if not folder.is_dir():
            self.problem(str(folder), 1, f"missing folder '{name}/' (a content pack holds intents/ and answers/)")
            return []
        docs = []
        paths = sorted(folder.glob("*.y*ml"))
        if len(paths) > MAX_FILES:
            self.problem(str(folder), 1, f"more than {MAX_FILES} YAML files; refused")
            return []
        for path in paths:
            label = str(path)
            data = load_yaml_file(path, label, self.problems, root)
            if data is None:
                continue
            if not isinstance(data, LocatedDict):
                self.problem(label, getattr(data, "line", 1), "the file must be a mapping of sections")
                continue
            for key in data:
                if key not in allowed:
                    self.problem(label, data.line_of(key),
                                 f"unknown section '{short_key(key)}' (allowed here: {', '.join(sorted(allowed))})")
            docs.append((label, data))
        if not docs and not any(p.startswith(str(folder)) for p in self.problems):
            self.problem(str(folder), 1, "no YAML files found")
        return docs

    def entries(self, docs: list[tuple[str, LocatedDict]], section: str) -> list[tuple[str, LocatedDict]]:
        found = []
        for label, doc in docs:
            if section not in doc:
                continue
            items = doc[section]
            if not isinstance(items, LocatedList):
                self.problem(label, doc.line_of(section), f"'{section}' must be a list")
                continue
            for index, item in enumerate(items):
                if not isinstance(item, LocatedDict):
                    self.problem(label, items.line_of(index), f"each entry of '{section}' must be a mapping")
                    continue
                found.append((label, item))
        return found

    def keys(self, label: str, entry: LocatedDict, spec: dict[str, bool], what: str) -> bool:
        ok = True
        for key in entry:
            if key not in spec:
                self.problem(label, entry.line_of(key),
                             f"unknown key '{short_key(key)}' in {what} (allowed: {', '.join(spec)})")
                ok = False
        for key, required in spec.items():
            if required and key not in entry:
                self.problem(label, entry.line, f"{what} is missing '{key}'")
                ok = False
        return ok

    def text(self, label: str, line: int, value: Any, what: str) -> str | None:
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, str):
            self.problem(label, line, f"{what} is empty")
        else:
            hint = " (quote it: YAML reads yes/no/on/off as true/false)" if isinstance(value, bool) else ""
            self.problem(label, line, f"{what} must be text, not {_type_name(value)}{hint}")
        return None

    def texts(self, label: str, parent: LocatedDict, key: str, what: str) -> list[str]:
        value = parent.get(key)
        if not isinstance(value, LocatedList):
            self.problem(label, parent.line_of(key), f"{what} must be a list of text")
            return []
        out = []
        for index, item in enumerate(value):
            checked = self.text(label, value.line_of(index), item, f"{what} item {index + 1}")
            if checked is not None:
                out.append(checked)
        return out


def _type_name(value: Any) -> str:
    names: dict[type, str] = {bool: "true/false", int: "a number", float: "a number",
                              type(None): "empty", LocatedDict: "a mapping", LocatedList: "a list"}
    return names.get(type(value), type(value).__name__)

