"""Per-request latency of `magbot serve` on a kept-alive connection, with one worker and with several.

Target (issue "Hardening"): `--workers N` as fast per request as one worker. uvicorn's workers get
their listening socket from the parent and asyncio then leaves TCP_NODELAY off, so each reply used
to wait ~40 ms for a delayed ACK; bot.serving sets the option on every connection. `--baseline`
also runs plain `uvicorn --workers 2` on the same app, to show the delay this removes.

A second pair of figures: the latency of one ordinary client while 32 others keep sending an
ordinary question, then a slow one (40 misspelt content words, the shape bench_adversarial.py finds
slowest). `ask` runs on the event loop, so a slow question holds everyone up: the two should stay
close. (The 32 Python clients share the server's two cores, so both figures are mostly queueing.)

Run: .venv/bin/python benchmarks/bench_workers.py [--requests 300] [--baseline]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

BODY = json.dumps({"text": "how much magnesium for women?"}).encode()
SLOW = json.dumps({"text": " ".join(["magnesiu", "sciatic", "glycinat", "dosee", "nerv"] * 8)}).encode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def server(command: list[str], port: int) -> Iterator[None]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(timeout=15)


def latencies(port: int, n: int, body: bytes = BODY) -> list[float]:
    """Milliseconds per request, all on one kept-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        connection.request("POST", "/v1/ask", body=body, headers={"content-type": "application/json"})
        response = connection.getresponse()
        response.read()
        times.append((time.perf_counter() - start) * 1000)
        assert response.status == 200
    connection.close()
    return times


def report(label: str, times: list[float]) -> None:
    times = sorted(times)
    print(f"  {label:38s} median {statistics.median(times):6.2f} ms  p95 {times[int(len(times) * 0.95)]:6.2f} ms")


def under_neighbours(port: int, n: int, body: bytes) -> list[float]:
    stop = threading.Event()

    def neighbour() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while not stop.is_set():
            connection.request("POST", "/v1/ask", body=body, headers={"content-type": "application/json"})
            connection.getresponse().read()

    threads = [threading.Thread(target=neighbour, daemon=True) for _ in range(32)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.5)
        return latencies(port, n)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--baseline", action="store_true", help="also run plain uvicorn --workers 2")
    args = parser.parse_args()
    print(f"{args.requests} sequential requests on one kept-alive connection:")
    setups = [("magbot serve --workers 1", ["serve", "--workers", "1"]),
              ("magbot serve --workers 2", ["serve", "--workers", "2"])]
    for label, extra in setups:
        port = free_port()
        with server([sys.executable, "-m", "bot", *extra, "--port", str(port)], port):
            latencies(port, 20)  # warm-up
            report(label, latencies(port, args.requests))
            if extra[-1] == "1":
                report("... while 32 clients ask ordinary questions", under_neighbours(port, args.requests, BODY))
                report("... while 32 clients ask slow questions", under_neighbours(port, args.requests, SLOW))
    if args.baseline:
        port = free_port()
        command = [sys.executable, "-m", "uvicorn", "bot.server:app_from_environment", "--factory", "--workers", "2",
                   "--port", str(port), "--no-access-log"]
        with server(command, port):
            latencies(port, 20)
            report("plain uvicorn --workers 2 (before)", latencies(port, args.requests))


if __name__ == "__main__":
    main()
