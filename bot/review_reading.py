"""Reading review logs back: one or more files or folders (one per replica), merged.

A log is read leniently: a line that is not a record of a version this magbot knows (cut by a
full disk, written by a newer release) is skipped and counted, never fatal, so one bad line in a
replica's file does not hide the rest.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BotError
from .review_records import RECORD_VERSION, VERDICTS

__all__ = ["ReviewData", "read_review_logs"]

_FILE_GLOB = "review-*.jsonl"


@dataclass
class ReviewData:
    """Every log's records, merged: the kept turns, the verdicts by reply id, urgent counts by rule."""

    turns: list[dict[str, Any]] = field(default_factory=list)
    feedback: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    urgent: Counter[str] = field(default_factory=Counter)
    files: int = 0
    skipped_lines: int = 0

    def unmatched_feedback(self) -> list[dict[str, Any]]:
        """Verdicts on replies no log kept (answers given with confidence): counted, not grouped."""
        kept = {t["reply_id"] for t in self.turns}
        return [f for rid, found in self.feedback.items() if rid not in kept for f in found]


def _files(paths: Iterable[str | Path]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(path.glob(_FILE_GLOB))
        elif path.is_file():
            found.append(path)
        else:
            raise BotError(f"no such review log: {path}")
    return found


def _valid(record: Any) -> bool:
    if not isinstance(record, dict) or record.get("v") != RECORD_VERSION:
        return False
    kind = record.get("type")
    if kind == "turn":
        return isinstance(record.get("text"), str) and isinstance(record.get("reply_id"), str) and all(
            isinstance(record.get(key), (str, type(None))) for key in ("kind", "intent", "reason"))
    if kind == "feedback":
        return isinstance(record.get("reply_id"), str) and record.get("verdict") in VERDICTS and isinstance(
            record.get("comment"), (str, type(None)))
    if kind == "urgent":
        counts = record.get("counts")
        return isinstance(counts, dict) and all(isinstance(n, int) for n in counts.values())
    return False


def read_review_logs(paths: Iterable[str | Path]) -> ReviewData:
    """Merge the logs at ``paths`` (review files, or folders of them); BotError if one is missing."""
    data = ReviewData()
    for path in _files(paths):
        data.files += 1
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            raise BotError(f"cannot read review log {path} ({exc.strerror})") from None
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not _valid(record):
                data.skipped_lines += bool(line.strip())
                continue
            if record["type"] == "turn":
                data.turns.append(record)
            elif record["type"] == "feedback":
                data.feedback.setdefault(record["reply_id"], []).append(record)
            else:
                data.urgent.update({str(rule): n for rule, n in record["counts"].items()})
    return data
