"""What each row of the pipeline is worth: switch it off, score every set, print the difference.

Each step and each row inside ``asked`` (``bot.pipeline.ROWS``) is switched off in turn
(``FAQBot.without``) and every labeled set scored again in-process. A row's worth is what the
full pipeline gets that the pipeline without it does not: positive correct answers, refusals,
urgent replies and whole dialogues mean the row earns them; positive wrong answers and false alarms
mean the row *prevents* that many (so both are good). A row worth nothing anywhere is a candidate
for removal.

    python benchmarks/ablate.py                   # every row, totals over every set
    python benchmarks/ablate.py --rows topic --per-set
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from replies_dump import default_sets  # noqa: E402

from bot import FAQBot  # noqa: E402
from bot.evaluate import EvalReport, evaluate, load_eval_set  # noqa: E402
from bot.pipeline import ROWS  # noqa: E402

#: The figures compared, in the table's order.
COLUMNS = ("correct", "wrong", "refused", "urgent", "false_alarms", "dialogues")


def figures(report: EvalReport) -> dict[str, int]:
    tally = report.tally
    return {"correct": tally.get("answer", {}).get("correct", 0),
            "wrong": tally.get("answer", {}).get("wrong", 0),
            "refused": sum(tally.get(k, {}).get("correct", 0) for k in ("fallback", "not_answer")),
            "urgent": tally.get("urgent", {}).get("correct", 0),
            "false_alarms": len(report.false_alarms),
            "dialogues": report.dialogues_ok}


def score(bot: FAQBot, sets: dict[str, dict]) -> dict[str, dict[str, int]]:
    return {name: figures(evaluate(bot, data)) for name, data in sets.items()}


def worth(base: dict[str, dict[str, int]], without: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Per set, what the row earns: the full pipeline's figure minus the one without the row (for
    wrong answers and false alarms the other way round: what it prevents)."""
    out = {}
    for name, full in base.items():
        less = without[name]
        out[name] = {c: (less[c] - full[c]) if c in ("wrong", "false_alarms") else (full[c] - less[c])
                     for c in COLUMNS}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", nargs="*", default=list(ROWS), help="rows to switch off (default: all)")
    parser.add_argument("--sets", nargs="*", type=Path, help="labeled sets (default: every set)")
    parser.add_argument("--per-set", action="store_true", help="print the sets where a row's worth is not zero")
    args = parser.parse_args(argv)
    bot = FAQBot.load()
    sets = {path.name if path.parent.name == "eval" and "tests" in path.parts else f"shared/{path.name}":
            load_eval_set(path) for path in (args.sets or default_sets())}
    base = score(bot, sets)
    totals = {c: sum(f[c] for f in base.values()) for c in COLUMNS}
    print(f"full pipeline over {len(sets)} sets: " + ", ".join(f"{c} {n}" for c, n in totals.items()))
    print("| row off | " + " | ".join(COLUMNS) + " | sets moved |")
    print("| --- | " + " | ".join("---:" for _ in COLUMNS) + " | ---: |")
    for row in args.rows:
        earned = worth(base, score(bot.without(row), sets))
        sums = {c: sum(e[c] for e in earned.values()) for c in COLUMNS}
        moved = [name for name, e in earned.items() if any(e.values())]
        print(f"| `{row}` | " + " | ".join(f"{sums[c]:+d}" if sums[c] else "0" for c in COLUMNS)
              + f" | {len(moved)} |")
        if args.per_set:
            for name in moved:
                print(f"|   {name} | " + " | ".join(f"{earned[name][c]:+d}" if earned[name][c] else "0"
                                                   for c in COLUMNS) + " | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
