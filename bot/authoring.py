"""Edits a content author accepts in ``magbot review``, written into the pack's own YAML files.

A new pattern goes in as one line after the intent's last pattern: ruamel.yaml's round-trip parser
says where that is (file, line, indentation) and the file's other bytes are left exactly as they
were, comments and wrapped flow lists included (ruamel's own dump would re-wrap those). The pack
is then validated again; an edit it refuses is undone. Questions marked out of scope become
cases of an eval set that expect a refusal, so ``magbot eval`` keeps checking them.

Needs the ``authoring`` extra (ruamel.yaml); nothing else in magbot imports this module.
"""

from __future__ import annotations

import json
import re
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .content import load_content
from .errors import BotError, ContentError

__all__ = ["OUT_OF_SCOPE_FILE", "AuthoringError", "PatternEdit", "add_out_of_scope", "add_pattern", "check_editable",
           "default_eval_sets", "intent_file"]

#: The eval set that questions marked out of scope are added to, in the pack's eval folder.
OUT_OF_SCOPE_FILE = "review_out_of_scope.yaml"
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,'?.!-]*")


class AuthoringError(BotError):
    """An edit that cannot be made: the message says why, in one line."""


@dataclass(frozen=True)
class PatternEdit:
    """A pattern written into a file, with the file as it was, to undo it."""

    path: Path
    line: int  # 1-based line of the new pattern
    intent: str
    pattern: str
    before: str

    def undo(self) -> None:
        self.path.write_text(self.before, encoding="utf-8")


def check_editable(pack: Path) -> None:
    """Refuse a pack inside an installed package: an upgrade would silently undo the edit."""
    resolved = pack.resolve()
    installed = {Path(sysconfig.get_paths()[key]).resolve() for key in ("purelib", "platlib")}
    if any(part in ("site-packages", "dist-packages") for part in resolved.parts) or any(
            resolved.is_relative_to(root) for root in installed):
        raise AuthoringError(f"{pack} is the pack inside an installed package and is never edited: copy it "
                             "(intents/ and answers/) and pass --content COPY")
    if not (pack / "intents").is_dir():
        raise AuthoringError(f"{pack} has no intents/ folder: not a content pack")


def _rt_yaml() -> Any:
    try:
        from ruamel.yaml import YAML
    except ImportError:
        raise AuthoringError("editing a pack needs the authoring extra: pip install 'magbot[authoring]'") from None
    return YAML(typ="rt")


def intent_file(pack: Path, intent_id: str) -> tuple[Path, str, Any]:
    """The YAML file under ``intents/`` that defines ``intent_id``, its text, and the intent's node."""
    parser = _rt_yaml()
    for path in sorted((pack / "intents").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        doc = parser.load(text)
        for entry in (doc or {}).get("intents") or []:
            if isinstance(entry, dict) and entry.get("id") == intent_id:
                return path, text, entry
    raise AuthoringError(f"no FAQ intent {intent_id!r} in {pack / 'intents'}")


def _scalar(text: str) -> str:
    """The pattern as YAML: plain when that reads back as the same string, else double-quoted."""
    if _PLAIN.fullmatch(text) and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def add_pattern(pack: Path, intent_id: str, pattern: str) -> PatternEdit:
    """Write ``pattern`` as the intent's last pattern; validate the pack, undoing the edit if refused."""
    check_editable(pack)
    pattern = " ".join(pattern.split())
    if not pattern:
        raise AuthoringError("an empty pattern cannot be added")
    path, before, entry = intent_file(pack, intent_id)
    patterns = entry.get("patterns")
    if not patterns or patterns.fa.flow_style():
        raise AuthoringError(f"{path.name}: {intent_id}'s patterns are not a block list; add this one by hand")
    if pattern.casefold() in (str(p).casefold() for p in patterns):
        raise AuthoringError(f"{pattern!r} is already a pattern of {intent_id}")
    last, value_col = patterns.lc.item(len(patterns) - 1)
    dash = value_col - 2
    lines = before.splitlines(keepends=True)
    at = last + 1
    while at < len(lines) and lines[at].strip() and len(lines[at]) - len(lines[at].lstrip()) > dash:
        at += 1  # a pattern wrapped over several lines
    newline = "\n" if not lines[last].endswith("\r\n") else "\r\n"
    if not lines[at - 1].endswith(("\n", "\r")):
        lines[at - 1] += newline
    lines.insert(at, " " * dash + "- " + _scalar(pattern) + newline)
    path.write_text("".join(lines), encoding="utf-8")
    edit = PatternEdit(path, at + 1, intent_id, pattern, before)
    try:
        load_content(pack)
    except ContentError as exc:
        edit.undo()
        raise AuthoringError(f"the pack refused the pattern, so it was taken out again: {exc.problems[0]}") from None
    return edit


def default_eval_sets(pack: Path) -> list[Path]:
    """The pack's labeled sets: ``eval/*.yaml``, else ``tests/eval/*.yaml`` (a checkout of magbot)."""
    for folder in (pack / "eval", pack / "tests" / "eval"):
        if folder.is_dir():
            return sorted(folder.glob("*.yaml"))
    return []


def add_out_of_scope(pack: Path, question: str, eval_sets: list[Path]) -> Path:
    """Add the question to the out-of-scope eval set (beside the pack's other sets) as a case that
    expects a refusal; returns that file."""
    check_editable(pack)
    folder = eval_sets[0].parent if eval_sets else pack / "eval"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / OUT_OF_SCOPE_FILE
    if not path.exists():
        path.write_text("# Questions marked out of scope in 'magbot review': the bot must refuse each.\ncases:\n",
                        encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    line = f"  - {{q: {json.dumps(' '.join(question.split()), ensure_ascii=False)}, expect: fallback}}\n"
    if line not in text:
        path.write_text(text + ("" if text.endswith("\n") else "\n") + line, encoding="utf-8")
    return path
