"""Requests per second of `magbot serve` against a bare Starlette JSON endpoint, in one run.

Target (issue 20): the HTTP path adds little over the matcher, `magbot serve` >= 0.5x the bare
endpoint's requests per second. Both servers run at once, one worker each, under uvicorn with the
same h11 protocol; the same keep-alive clients (a lean asyncio HTTP/1.1 client, so the load
generator costs little of the shared cores) post to each in alternating runs, so both see the
same machine load. Each client holds a conversation (the state token travels with every turn,
a fresh one every few turns) over field-style messages from tests/eval (people.yaml and
triage.yaml: long, with backstory, shuffled per client), so no cache can help. The bare endpoint
reads the same JSON body and answers a small JSON object. Medians of the runs and their ratio are
printed, and each server's CPU time per request (from /proc, on Linux), which other work on a
shared machine disturbs less than requests per second do. A third server, http_path_server.py,
is magbot's service with every reply looked up instead of computed: its cost is what the HTTP
path adds over the matcher. `--serve-arg` passes an option to `magbot serve` (e.g. the review
log, when it exists).

Run: .venv/bin/python benchmarks/bench_http.py [--clients 32] [--seconds 4] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
#: A turn starts a new conversation this often: a person asks a few things, then leaves.
TURNS_PER_CONVERSATION = 4
BARE_APP = textwrap.dedent('''
    import json
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def ask(request: Request) -> JSONResponse:
        payload = json.loads(await request.body())
        return JSONResponse({"kind": "answer", "text": payload["text"][:80], "state": payload.get("state") or "s"})

    app = Starlette(routes=[Route("/v1/ask", ask, methods=["POST"])])
''')


def field_questions() -> list[str]:
    questions = []
    for name in ("people.yaml", "triage.yaml"):
        data = yaml.safe_load((ROOT / "tests" / "eval" / name).read_text(encoding="utf-8"))
        questions += [str(case["q"]) for case in data.get("cases") or []]
    return questions


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running(command: list[str], port: int, cwd: Path) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=15)


async def _post(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, body: bytes) -> tuple[int, bytes]:
    writer.write(b"POST /v1/ask HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                 b"content-length: %d\r\n\r\n%s" % (len(body), body))
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length"))
    return int(head.split(b" ", 2)[1]), await reader.readexactly(length)


async def load(port: int, clients: int, seconds: float, questions: list[str], seed: int) -> tuple[int, int]:
    """Requests answered (and errors) by ``clients`` keep-alive connections in ``seconds``."""
    done = errors = 0
    stop = time.perf_counter() + seconds

    async def client(n: int) -> None:
        nonlocal done, errors
        order = questions[:]
        random.Random(seed * 1000 + n).shuffle(order)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        state, turn = None, 0
        while time.perf_counter() < stop:
            text = order[turn % len(order)]
            status, body = await _post(reader, writer, json.dumps({"text": text, "state": state}).encode())
            done += 1
            errors += status != 200
            turn += 1
            state = None if turn % TURNS_PER_CONVERSATION == 0 else json.loads(body).get("state")
        writer.close()

    await asyncio.gather(*(client(n) for n in range(clients)))
    return done, errors


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (0 where /proc is missing)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=4.0, help="length of each run")
    parser.add_argument("--runs", type=int, default=3, help="runs per server, alternating")
    parser.add_argument("--serve-arg", action="append", default=[], help="an extra option for magbot serve")
    args = parser.parse_args()
    questions = field_questions()
    bare_port, magbot_port = free_port(), free_port()
    folder = Path(tempfile.mkdtemp(prefix="bench-http-"))
    (folder / "bare_app.py").write_text(BARE_APP)
    bare = [sys.executable, "-m", "uvicorn", "bare_app:app", "--port", str(bare_port), "--http", "h11",
            "--no-access-log", "--log-level", "warning"]
    magbot = [sys.executable, "-m", "bot", "serve", "--port", str(magbot_port), "--workers", "1", *args.serve_arg]
    path_port = free_port()
    path_only = [sys.executable, str(Path(__file__).with_name("http_path_server.py")), str(path_port)]
    names = ("bare Starlette", "magbot HTTP path", "magbot serve")
    rates: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    with running(bare, bare_port, folder) as bare_process, running(magbot, magbot_port, ROOT) as magbot_process, \
            running(path_only, path_port, ROOT) as path_process:
        servers = [(names[0], bare_port, bare_process.pid), (names[1], path_port, path_process.pid),
                   (names[2], magbot_port, magbot_process.pid)]
        for _, port, _ in servers:  # warm-up
            asyncio.run(load(port, args.clients, 1.0, questions, seed=99))
        for run in range(args.runs):
            for name, port, pid in servers if run % 2 == 0 else servers[::-1]:  # who goes first alternates
                before = cpu_seconds(pid)
                done, errors = asyncio.run(load(port, args.clients, args.seconds, questions, seed=run))
                rates[name].append(done / args.seconds)
                cpu[name].append((cpu_seconds(pid) - before) / max(done, 1) * 1e6)
                print(f"  run {run + 1} {name:16s} {done / args.seconds:7.0f} requests/s  "
                      f"{cpu[name][-1]:5.0f} us CPU/request  errors {errors}")
    medians = {name: statistics.median(values) for name, values in rates.items()}
    costs = {name: statistics.median(values) for name, values in cpu.items()}
    print(f"{args.clients} keep-alive clients, {len(questions)} field-style messages, one worker each "
          f"{' '.join(args.serve_arg)}".rstrip())
    for name, value in medians.items():
        print(f"  {name:16s} median {value:7.0f} requests/s, {costs[name]:5.0f} us CPU per request")
    print(f"  ratio magbot / bare: {medians['magbot serve'] / medians['bare Starlette']:.2f}x requests/s; "
          f"{costs['bare Starlette'] / max(costs['magbot serve'], 1):.2f}x by CPU per request")
    print(f"  magbot's HTTP path alone / bare: {medians['magbot HTTP path'] / medians['bare Starlette']:.2f}x "
          f"requests/s; it costs {costs['magbot HTTP path'] - costs['bare Starlette']:.0f} us CPU more per request, "
          f"the matcher {costs['magbot serve'] - costs['magbot HTTP path']:.0f} us")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
