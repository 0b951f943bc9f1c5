"""Where `magbot serve`'s CPU time goes under bench_http.py's load, sampled with py-spy.

Starts one worker, loads it with the same keep-alive clients and field-style messages as
bench_http.py, samples the server with py-spy (`pip install py-spy`; not a dependency of magbot)
and sorts every sample by the innermost frame that belongs to a part of the HTTP path: the
matcher and reading pipeline (all of bot/ but the service's own modules), the endpoint, the reply's
JSON and printable check, the state token, the observer and metrics, Starlette, uvicorn, h11 and
the asyncio loop. Standard-library helpers (json, hmac) count for the part that called them.

Run: .venv/bin/python benchmarks/profile_http.py [--seconds 10] [--clients 32]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from bench_http import ROOT, field_questions, free_port, load, running

#: bot/ modules that are the HTTP service's own work; every other bot/ module is the matcher's side.
SERVICE = {"server": "endpoint (bot.server)", "server_errors": "endpoint (bot.server)",
           "safe_text": "reply JSON + printable check", "state_tokens": "state token",
           "observe": "observer + metrics", "metrics": "observer + metrics", "serving": "uvicorn"}
LIBRARIES = (("h11/", "h11"), ("uvicorn/", "uvicorn"), ("starlette/", "starlette"), ("asyncio/", "asyncio loop"),
             ("selectors", "waiting for the network"))
_FRAME = re.compile(r"^(\S+) \((.*?):\d+\)$")


def part(frame: str) -> str | None:
    """The part of the path a frame belongs to; None for a helper that counts for its caller."""
    match = _FRAME.match(frame.strip())
    if not match:
        return None
    function, path = match.groups()
    if path.startswith("bot/"):
        module = path[4:-3]
        if function in ("Session.to_dict", "FAQBot.session"):
            return "state token"
        if module == "model" and function.endswith("to_dict"):
            return "reply JSON + printable check"
        return SERVICE.get(module, "matcher + reading pipeline")
    return next((name for key, name in LIBRARIES if key in path), None)


def shares(raw: Path) -> list[tuple[str, float]]:
    """Each part's share of the samples in a py-spy raw (collapsed stacks) file."""
    counts: collections.Counter[str] = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        owner = next((p for p in map(part, reversed(stack.split(";"))) if p), "unattributed")
        counts[owner] += int(count)
    total = sum(counts.values()) or 1
    return [(name, n / total) for name, n in counts.most_common()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args()
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        sys.exit("profile_http.py needs py-spy: .venv/bin/pip install py-spy")
    port = free_port()
    with tempfile.TemporaryDirectory() as folder, running([sys.executable, "-m", "bot", "serve", "--port", str(port)],
                                                          port, ROOT) as process:
        raw = Path(folder) / "samples.txt"
        asyncio.run(load(port, args.clients, 1.0, field_questions(), seed=99))  # warm-up
        sampler = threading.Thread(target=subprocess.run, args=(
            [spy, "record", "-p", str(process.pid), "-d", str(int(args.seconds)), "-r", "200", "-f", "raw",
             "-o", str(raw), "--nonblocking"],), kwargs={"capture_output": True})
        sampler.start()
        done, _ = asyncio.run(load(port, args.clients, args.seconds, field_questions(), seed=1))
        sampler.join()
        print(f"{done / args.seconds:.0f} requests/s while sampled; share of the server's samples:")
        for name, share in shares(raw):
            print(f"  {share:6.1%}  {name}")


if __name__ == "__main__":
    main()
