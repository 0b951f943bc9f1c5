"""Write every reply magbot gives on every labeled set, so "every reply unchanged" is a diff.

Each single case is asked in a fresh session and each dialogue's turns in one session, exactly as
``magbot eval`` asks them; one line per reply: set, case, kind, intent, triage level, text and
options. The bot is loaded once and asked in-process, so a dump of every set takes seconds.

    python benchmarks/replies_dump.py > /tmp/before.txt
    ... change the code ...
    python benchmarks/replies_dump.py > /tmp/after.txt && diff /tmp/before.txt /tmp/after.txt

``--sets`` names other files; by default tests/eval/*.yaml and the shared field, dialogues and
sample sets (those missing on this machine are skipped).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import FAQBot  # noqa: E402
from bot.evaluate import load_eval_set  # noqa: E402
from bot.model import Reply  # noqa: E402

SHARED = Path("/work/shared/eval")


def default_sets() -> list[Path]:
    shared = [SHARED / f"{name}.yaml" for name in ("field", "dialogues", "sample")]
    return sorted((ROOT / "tests" / "eval").glob("*.yaml")) + [p for p in shared if p.exists()]


def line(reply: Reply) -> str:
    """One reply as one line: what a person sees and what the conversation keeps."""
    return json.dumps({"kind": reply.kind, "intent": reply.intent, "triage": reply.triage,
                       "text": reply.text, "options": list(reply.options)}, ensure_ascii=False)


def dump(bot: FAQBot, path: Path) -> Iterator[str]:
    data = load_eval_set(path)
    for n, case in enumerate(data["cases"]):
        yield f"{path.name} case {n}: {line(bot.ask(str(case['q'])))}"
    for d, dialogue in enumerate(data["dialogues"]):
        session = bot.session()
        for t, turn in enumerate(dialogue["turns"]):
            yield f"{path.name} dialogue {d} turn {t}: {line(session.ask(str(turn['q'])))}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", type=Path, help="labeled YAML sets (default: every set)")
    parser.add_argument("-o", "--output", type=Path, help="write here instead of standard output")
    args = parser.parse_args(argv)
    bot = FAQBot.load()
    lines = [text for path in (args.sets or default_sets()) for text in dump(bot, path)]
    out = "\n".join(lines) + "\n"
    if args.output:
        args.output.write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
