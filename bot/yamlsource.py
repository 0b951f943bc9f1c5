"""Read YAML strictly, keeping line numbers, so every content problem can be reported as file:line.

PyYAML's loaders silently keep the last of two duplicate keys and forget where a value came from.
We compose the node graph ourselves (still with the safe resolver and constructor: no arbitrary
objects) and build plain dicts and lists that remember the line of each key and item.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["LocatedDict", "LocatedList", "load_yaml_file"]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def load_yaml_file(path: Path, label: str, problems: list[str]) -> Any:
    """Parse one YAML file; append ``label:line: message`` problems instead of raising.

    Returns None when the file cannot be parsed at all.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"{label}:1: not UTF-8 text ({exc.reason})")
        return None
    except OSError as exc:
        problems.append(f"{label}:1: cannot read file ({exc.strerror})")
        return None
    try:
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
                    f"{label}:{key_line}: duplicate key '{key}' (first at line {mapping.line_of(key)})"
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
