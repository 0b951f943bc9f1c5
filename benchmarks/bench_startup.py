"""Start-up of `magbot --ask`, side by side with importing its two core libraries.

Target (issue "Hardening"): `magbot --ask` wall time <= 1.5x that of
`python -c "import rapidfuzz.process, yaml"`. Runs are interleaved so both see the same machine
load; medians are printed. The first `magbot` run fills the user cache (see bot/cache.py), as the
first run after installing does; it is not counted.

Run: .venv/bin/python benchmarks/bench_startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    magbot = [str(BIN / "magbot"), "--ask", "how much magnesium for women?", "--json"]
    baseline = [sys.executable, "-c", "import rapidfuzz.process, yaml"]
    without_prompt_toolkit = [sys.executable, "-c", "import sys, bot.cli; bot.cli.main(['--ask', 'hi']); "
                              "sys.exit('prompt_toolkit' in sys.modules)"]
    # An installed wheel ships compiled bytecode; an editable checkout may not have it yet.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(__file__).resolve().parent.parent / "bot")],
                   check=True)
    wall(magbot)  # fill the cache
    ours, base = [], []
    for _ in range(runs):
        base.append(wall(baseline))
        ours.append(wall(magbot))
    b, o = statistics.median(base), statistics.median(ours)
    print(f"python -c 'import rapidfuzz.process, yaml'  median {b:.1f} ms")
    print(f"magbot --ask ... --json                      median {o:.1f} ms")
    print(f"ratio {o / b:.2f}x (target <= 1.5x)")
    imported = subprocess.run(without_prompt_toolkit, stdout=subprocess.DEVNULL).returncode
    print("prompt_toolkit imported by --ask:", bool(imported))


if __name__ == "__main__":
    main()
