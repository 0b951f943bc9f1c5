"""Worst time of one ``ask()`` over inputs built to be slow, printed as figures (never a timed test).

Target (issue "Hardening"): under 5 ms for any input of any length, through ``ask()`` and through a
conversation that has options to pick from. Each family (repeated whitespace, digits, punctuation,
repeated content words, long unknown words, option-number look-alikes, escapes, mixed scripts) is
tried at several lengths, each input several times; the worst median per family is printed, and
the single worst input overall.

Run: .venv/bin/python benchmarks/bench_adversarial.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import FAQBot  # noqa: E402

LENGTHS = (10, 100, 500, 1_000, 2_000, 4_000, 8_000, 32_000, 128_000, 1_000_000)


def families(rng: random.Random) -> dict[str, Callable[[int], str]]:
    """Each family makes an input of about n characters."""
    words = ["magnesium", "sciatica", "glycinate", "dose", "pain", "nerve", "women", "citrate", "leg"]
    return {
        "whitespace": lambda n: "1" + " " * n + "x",
        "tabs and newlines": lambda n: "\t\n\r\v\f " * (n // 6) + "2",
        "digits": lambda n: "9" * n,
        "digits and spaces": lambda n: "1 " * (n // 2) + ")",
        "option look-alike": lambda n: "number " + " " * n + "3 ) " + "." * 5,
        "punctuation": lambda n: "?!.,;:()[]{}#*" * (n // 14 + 1),
        "hashes": lambda n: "#" * n + "1",
        "one content word": lambda n: ("magnesium " * (n // 10 + 1))[:n],
        "content words": lambda n: " ".join(rng.choice(words) for _ in range(n // 7 + 1))[:n],
        "long unknown word": lambda n: "x" * n,
        "unknown words": lambda n: " ".join("".join(rng.choice("qwxzjkv") for _ in range(12))
                                            for _ in range(n // 13 + 1))[:n],
        "near-typos": lambda n: " ".join(rng.choice(words)[:-1] + "q" for _ in range(n // 9 + 1))[:n],
        "escapes": lambda n: "\x1b[31m" * (n // 5) + "what is sciatica",
        "open OSC escape": lambda n: "\x1b]" + "a" * n,
        "mixed scripts": lambda n: ("магний ثلاثة 坐骨 " * (n // 16 + 1))[:n],
        "red-flag words": lambda n: ("numb groin bladder chest " * (n // 25 + 1))[:n],
        "contractions": lambda n: ("can't won't n't 's " * (n // 19 + 1))[:n],
        "number units": lambda n: ("5mg" * (n // 3 + 1))[:n],
    }


def timed(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def cases(rng: random.Random) -> Iterator[tuple[str, int, str]]:
    for name, make in families(rng).items():
        for n in LENGTHS:
            yield name, n, make(n)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    bot = FAQBot.load()
    rng = random.Random(11)
    with_options = bot.session()
    with_options.ask("magnesium")  # a clarification: the next message may be an option number
    state = with_options.to_dict()
    worst: dict[str, tuple[float, int]] = {}
    overall = (0.0, "", 0)
    for name, n, text in cases(rng):
        bot.ask(text)  # warm-up
        fresh = timed(lambda text=text: bot.ask(text), repeat)
        picking = timed(lambda text=text: bot.session(state).ask(text), repeat)
        ms = max(fresh, picking)
        if ms > worst.get(name, (0.0, 0))[0]:
            worst[name] = (ms, n)
        if ms > overall[0]:
            overall = (ms, name, n)
    print(f"worst median ask() per family, over lengths {LENGTHS[0]:,}..{LENGTHS[-1]:,} characters:")
    for name, (ms, n) in sorted(worst.items(), key=lambda item: -item[1][0]):
        print(f"  {name:20s} {ms:7.3f} ms  (at {n:,} characters)")
    print(f"worst overall: {overall[0]:.3f} ms ({overall[1]}, {overall[2]:,} characters); target < 5 ms")


if __name__ == "__main__":
    main()
