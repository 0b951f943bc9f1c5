"""Worst time of one ``ask()`` over inputs built to be slow, printed as figures (never a timed test).

Target (issue "Hardening"): under 5 ms for any input of any length, through ``ask()`` and through a
conversation that has options to pick from. Each family (repeated whitespace, digits, punctuation,
repeated content words, long unknown words, option-number look-alikes, escapes, mixed scripts) is
tried at several lengths, each input several times; the worst median per family is printed, and
the single worst input overall. Times are CPU time of this process (``time.process_time``), so
that other programs on a busy machine do not count as the bot's; wall time is printed beside.

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
        "fresh near-typos": lambda n: " ".join(_typo(rng, rng.choice(words)) for _ in range(n // 9 + 1))[:n],
        "escapes": lambda n: "\x1b[31m" * (n // 5) + "what is sciatica",
        "open OSC escape": lambda n: "\x1b]" + "a" * n,
        "mixed scripts": lambda n: ("магний ثلاثة 坐骨 " * (n // 16 + 1))[:n],
        "red-flag words": lambda n: ("numb groin bladder chest " * (n // 25 + 1))[:n],
        "contractions": lambda n: ("can't won't n't 's " * (n // 19 + 1))[:n],
        "number units": lambda n: ("5mg" * (n // 3 + 1))[:n],
    }


def _typo(rng: random.Random, word: str) -> str:
    """The word with one letter changed: a new near-miss for the spelling corrector each time."""
    at = rng.randrange(1, len(word))
    return word[:at] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[at + 1:]


def timed(fn: Callable[[str], object], texts: list[str]) -> tuple[float, float]:
    """Median CPU and wall milliseconds of one call, over the texts."""
    cpu, wall = [], []
    for text in texts:
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        fn(text)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start_wall) * 1000)
    return statistics.median(cpu), statistics.median(wall)


def cases(rng: random.Random, repeat: int) -> Iterator[tuple[str, int, list[str]]]:
    """Each family at each length, made afresh for every call: random families then never meet a
    memo of spelling corrections from an earlier call (an attacker would not send the same words)."""
    for name, make in families(rng).items():
        for n in LENGTHS:
            yield name, n, [make(n) for _ in range(repeat)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    bot = FAQBot.load()
    rng = random.Random(11)
    with_options = bot.session()
    with_options.ask("magnesium")  # a clarification: the next message may be an option number
    state = with_options.to_dict()
    worst: dict[str, tuple[float, float, int]] = {}
    overall = (0.0, 0.0, "", 0)
    bot.ask("warm up")
    for name, n, texts in cases(rng, repeat):
        fresh = timed(bot.ask, texts)
        picking = timed(lambda text: bot.session(state).ask(text), texts[::-1])
        cpu, wall = max(fresh, picking)
        if cpu > worst.get(name, (0.0, 0.0, 0))[0]:
            worst[name] = (cpu, wall, n)
        if cpu > overall[0]:
            overall = (cpu, wall, name, n)
    print(f"worst median ask() per family, over lengths {LENGTHS[0]:,}..{LENGTHS[-1]:,} characters:")
    for name, (cpu, wall, n) in sorted(worst.items(), key=lambda item: -item[1][0]):
        print(f"  {name:20s} {cpu:7.3f} ms CPU  ({wall:7.3f} ms wall)  at {n:,} characters")
    print(f"worst overall: {overall[0]:.3f} ms CPU ({overall[1]:.3f} ms wall; {overall[2]}, {overall[3]:,} characters);"
          " target < 5 ms")


if __name__ == "__main__":
    main()
