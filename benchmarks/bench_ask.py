"""Speed of FAQBot.ask, printed as figures (never a timed test).

Targets: median ask() on the bundled content <= 1 ms and <= 3x a bare rapidfuzz
extractOne(WRatio) over the same patterns; on field-style messages (long, with backstory) a median
<= 0.5 ms and a 99th percentile <= 5 ms; a synthetic pack of 10,000 patterns <= 10 ms per question,
cost growing no worse than linearly.

Run: .venv/bin/python benchmarks/bench_ask.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import FAQBot  # noqa: E402


def questions() -> list[str]:
    found = []
    for path in sorted((ROOT / "tests" / "eval").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        found += [c["q"] for c in data.get("cases", [])]
        found += [t["q"] for d in data.get("dialogues", []) for t in d["turns"]]
    return found


def field_questions() -> list[str]:
    """The field-style sets' single messages: long, with backstory, as people write them."""
    found = []
    for path in (ROOT / "tests" / "eval" / "people.yaml", ROOT / "tests" / "eval" / "triage.yaml",
                 ROOT.parent / "shared" / "eval" / "field.yaml"):
        if path.exists():
            found += [c["q"] for c in yaml.safe_load(path.read_text()).get("cases", [])]
    return found


def timings_ms(fn, items: list[str], rounds: int = 5) -> list[float]:
    """Every call's time, sorted, over several rounds (after one warm-up round)."""
    for item in items:
        fn(item)
    times = []
    for _ in range(rounds):
        for item in items:
            start = time.perf_counter()
            fn(item)
            times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def percentiles_ms(fn, items: list[str], rounds: int = 5) -> tuple[float, float, float]:
    """Median, 99th percentile and worst per call."""
    times = timings_ms(fn, items, rounds)
    return statistics.median(times), times[int(len(times) * 0.99)], times[-1]


def median_ms(fn, items: list[str], rounds: int = 5) -> tuple[float, float]:
    """Median and 95th percentile per call."""
    times = timings_ms(fn, items, rounds)
    return statistics.median(times), times[int(len(times) * 0.95)]


def synthetic_pack(root: Path, n_patterns: int, seed: int = 7) -> Path:
    """A pack shaped like real content: each intent has its own topic words among shared ones."""
    rng = random.Random(seed)
    syllables = ["ma", "ne", "si", "ca", "lo", "ri", "tu", "ve", "do", "pa", "ki", "se", "mo", "ta", "gu"]
    vocab = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(6000)})
    common = vocab[:60]
    per_intent = 10
    intents, answers = [], []
    for i in range(n_patterns // per_intent):
        topic = rng.sample(vocab[60:], 3)
        patterns = [" ".join(rng.sample(topic, rng.randint(1, 3)) + rng.sample(common, rng.randint(1, 4)))
                    + f" q{i}x{j}" for j in range(per_intent)]
        intents.append({"id": f"i{i}", "topic": f"Topic {i}", "question": f"Question {i}?", "patterns": patterns})
        answers.append({"intent": f"i{i}", "source": "S", "text": f"Answer {i}.", "follow_ups": [f"i{(i + 1) % 10}"]})
    (root / "intents").mkdir(parents=True)
    (root / "answers").mkdir(parents=True)
    (root / "intents" / "main.yaml").write_text(yaml.safe_dump({"intents": intents}))
    replies = {k: k for k in ("fallback", "out_of_scope", "out_of_scope_clarify", "clarify", "clarify_pick",
                              "suggest", "unreadable", "reset", "more_without_topic", "welcome")}
    replies["urgent"] = {"default": "Get care now."}
    (root / "answers" / "main.yaml").write_text(yaml.safe_dump(
        {"caveat": "Ask your provider.", "sections": ["S"], "replies": replies, "answers": answers}))
    queries = [" ".join(rng.sample(rng.choice(intents)["patterns"][0].split()[:-1], 1) + rng.sample(common, 2))
               for _ in range(200)]
    (root / "queries.txt").write_text("\n".join(queries))
    return root


def main() -> None:
    bot = FAQBot.load()
    qs = questions()
    patterns = [p for i in bot.content.intents if not i.smalltalk for p in i.patterns]
    ours, ours95 = median_ms(bot.ask, qs)
    bare, bare95 = median_ms(lambda q: process.extractOne(q[:500], patterns, scorer=fuzz.WRatio,
                                                          processor=utils.default_process), qs)
    print(f"bundled content: {len(patterns)} patterns, {len(qs)} questions")
    print(f"  FAQBot.ask            median {ours:.3f} ms  p95 {ours95:.3f} ms")
    print(f"  bare extractOne WRatio median {bare:.3f} ms  p95 {bare95:.3f} ms")
    print(f"  ratio ask/bare        {ours / bare:.2f}x  (target <= 3x, median <= 1 ms)")
    field = field_questions()
    med, p99, worst = percentiles_ms(bot.ask, field)
    print(f"field-style messages ({len(field)}, mean {statistics.mean(map(len, field)):.0f} characters):")
    print(f"  FAQBot.ask            median {med:.3f} ms  p99 {p99:.3f} ms  worst {worst:.3f} ms"
          "  (target median <= 0.5 ms, p99 <= 5 ms)")
    print("synthetic packs:")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (1000, 2500, 5000, 10000):
            root = synthetic_pack(Path(tmp) / f"p{n}", n)
            big = FAQBot.load(root)
            queries = (root / "queries.txt").read_text().splitlines()
            med, p95 = median_ms(big.ask, queries, rounds=3)
            print(f"  {n:6d} patterns      median {med:.3f} ms  p95 {p95:.3f} ms  ({med / n * 1000:.3f} us/pattern)")


if __name__ == "__main__":
    main()
