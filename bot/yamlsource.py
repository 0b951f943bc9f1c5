"""Read YAML strictly, keeping line numbers, so every content problem can be reported as file:line.

PyYAML's loaders silently keep the last of two duplicate keys and forget where a value came from.
We compose the node graph ourselves (still with the safe resolver and constructor: no arbitrary
objects) and build plain dicts and lists that remember the line of each key and item.

A pack may come from anyone, so a file must not be able to hurt the loader: only regular files
inside the pack, under MAX_FILE_BYTES, are opened (a FIFO would hang the read, /dev/zero would
fill memory, a link to /etc/shadow would be quoted back in errors); and before anything is built,
the event stream is checked for aliases (a few hundred bytes of nested aliases expand to
gigabytes) and for nesting deeper than MAX_DEPTH (PyYAML's composer recurses, and crashes).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from .safe_text import short_key

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "LocatedDict", "LocatedList", "load_yaml_file"]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Largest YAML file read; the whole article's pack is about 100 KiB.
MAX_FILE_BYTES = 1024 * 1024
#: Deepest nesting of lists and mappings accepted; content needs four or five levels.
MAX_DEPTH = 20


class LocatedDict(dict):
    """A mapping that knows the 1-based line of itself and of each of its keys."""

    line: int = 0

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    """A sequence that knows the 1-based line of itself and of each item."""

    line: int = 0

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


def load_yaml_file(path: Path, label: str, problems: list[str], root: Path | None = None) -> Any:
    """Parse one YAML file of the pack in ``root``; append ``label:line: message`` problems instead of raising.

    Returns None when the file cannot be read or parsed at all.
    """
    text = _read_text(path, root or path.parent, label, problems)
    if text is None:
        return None
    try:
        if not _shape_is_safe(text, label, problems):
            return None
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        problems.append(f"{label}:{line}: malformed YAML: {reason}" + (f" ({context})" if context else ""))
        return None
    if node is None:
        return None
    return _build(node, label, problems, yaml.constructor.SafeConstructor())


def _read_text(path: Path, root: Path, label: str, problems: list[str]) -> str | None:
    """The file's text, if it is a regular file inside the pack, small enough, and UTF-8."""
    try:
        resolved = path.resolve(strict=True)
        if not resolved.is_relative_to(root.resolve(strict=True)):
            problems.append(f"{label}:1: a link to a file outside the content pack; refused")
            return None
        info = os.stat(resolved)
        if not stat.S_ISREG(info.st_mode):
            problems.append(f"{label}:1: not a regular file; refused")
            return None
        if info.st_size > MAX_FILE_BYTES:
            problems.append(f"{label}:1: larger than {MAX_FILE_BYTES // 1024} KiB; refused")
            return None
        with open(resolved, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of links on older Pythons
        problems.append(f"{label}:1: cannot read file ({getattr(exc, 'strerror', None) or 'a broken link'})")
        return None
    if len(data) > MAX_FILE_BYTES:  # it grew since stat
        problems.append(f"{label}:1: larger than {MAX_FILE_BYTES // 1024} KiB; refused")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"{label}:1: not UTF-8 text ({exc.reason})")
        return None


def _shape_is_safe(text: str, label: str, problems: list[str]) -> bool:
    """No aliases and no deep nesting, read from the event stream (which does not recurse)."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            problems.append(f"{label}:{line}: YAML anchors and aliases (& and *) are not allowed in content")
            return False
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                problems.append(f"{label}:{line}: nested more than {MAX_DEPTH} levels deep")
                return False
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return True


def _build(node: yaml.Node, label: str, problems: list[str], constructor: Any) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping = LocatedDict(line)
        for key_node, value_node in node.value:
            key = _build(key_node, label, problems, constructor)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                problems.append(f"{label}:{key_line}: a key must be plain text")
                continue
            if key in mapping:
                problems.append(
                    f"{label}:{key_line}: duplicate key '{short_key(key)}' (first at line {mapping.line_of(key)})"
                )
                continue
            mapping[key] = _build(value_node, label, problems, constructor)
            mapping.key_lines[key] = key_line
        return mapping
    if isinstance(node, yaml.SequenceNode):
        sequence = LocatedList(line)
        for item in node.value:
            sequence.append(_build(item, label, problems, constructor))
            sequence.item_lines.append(item.start_mark.line + 1)
        return sequence
    try:
        return constructor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        problems.append(f"{label}:{line}: bad value: {getattr(exc, 'problem', exc)}")
        return None
