"""Requests per second of `magbot serve` (one worker) under 16 concurrent clients.

Starts the server on a free loopback port and measures it twice: with `wrk` (when installed:
`apt-get install wrk`), 16 connections posting a question, which is the server's own ceiling; and
with 16 Python clients that each hold a conversation (the state token travels with every
request), where the Python client shares the machine's cores and the figure is a floor.

Run: .venv/bin/python benchmarks/bench_http.py [--requests 4000] [--clients 16]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import httpx

QUESTIONS = ["how much magnesium for women", "and for men?", "is glycinate good", "and citrate?",
             "what is sciatica", "does magnesium cause diarrhoea", "I can't control my bladder", "hello"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def run(url: str, clients: int, total: int) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    per_client = total // clients

    async def client_loop(client: httpx.AsyncClient, n: int) -> None:
        nonlocal errors
        state = None
        for i in range(per_client):
            start = time.perf_counter()
            response = await client.post("/v1/ask", json={"text": QUESTIONS[(n + i) % len(QUESTIONS)], "state": state})
            latencies.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                errors += 1
            state = response.json().get("state")

    async with httpx.AsyncClient(base_url=url, timeout=30, limits=httpx.Limits(max_connections=clients)) as client:
        await asyncio.gather(*(client_loop(client, n) for n in range(min(clients, 4))))  # warm-up
        latencies.clear()
        start = time.perf_counter()
        await asyncio.gather(*(client_loop(client, n) for n in range(clients)))
        elapsed = time.perf_counter() - start
    return elapsed, latencies, errors


def wrk(url: str, clients: int) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write('wrk.method = "POST"\nwrk.body = \'{"text": "how much magnesium for women"}\'\n'
                     'wrk.headers["Content-Type"] = "application/json"\n')
    out = subprocess.run(["wrk", "-t2", f"-c{clients}", "-d5s", "-s", script.name, url + "/v1/ask"],
                         capture_output=True, text=True).stdout
    os.unlink(script.name)
    figures = [line.strip() for line in out.splitlines() if line.strip().startswith(("Requests/sec", "Latency"))]
    return f"wrk, {clients} connections, 1 worker: " + "; ".join(figures)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port), "--workers", "1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        if shutil.which("wrk"):
            print(wrk(url, args.clients))
        elapsed, latencies, errors = asyncio.run(run(url, args.clients, args.requests))
    finally:
        server.terminate()
        server.wait(timeout=10)
    latencies.sort()
    print(f"python clients holding conversations: {len(latencies)} requests, {args.clients} concurrent, 1 worker: "
          f"{len(latencies) / elapsed:.0f} requests/s")
    print(f"latency median {statistics.median(latencies):.1f} ms, p95 {latencies[int(len(latencies) * 0.95)]:.1f} ms, "
          f"errors {errors}")


if __name__ == "__main__":
    main()
