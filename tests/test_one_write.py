"""bot.serving.OneWrite: a response's head and body leave in one write; nothing held is lost on close."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

from bot.serving import OneWrite
from liveserver import live_server


class Recorder:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed


def test_writes_in_one_turn_leave_as_one_and_a_later_turn_as_another() -> None:
    async def scenario() -> list[bytes]:
        recorder = Recorder()
        transport = OneWrite(recorder, asyncio.get_running_loop())
        transport.write(b"HTTP/1.1 200 OK\r\n\r\n")
        transport.write(b"")
        transport.write(b'{"kind": "answer"}')
        assert recorder.writes == []  # held until the endpoint yields
        await asyncio.sleep(0)
        transport.write(b"data: chunk\n\n")  # a stream's next chunk, in a later turn
        await asyncio.sleep(0)
        assert not transport.is_closing()  # everything else is the transport's own
        return recorder.writes

    assert asyncio.run(scenario()) == [b'HTTP/1.1 200 OK\r\n\r\n{"kind": "answer"}', b"data: chunk\n\n"]


def test_close_writes_what_is_held_first() -> None:
    async def scenario() -> Recorder:
        recorder = Recorder()
        transport = OneWrite(recorder, asyncio.get_running_loop())
        transport.write(b"HTTP/1.1 408 Request Timeout\r\n\r\n{}")
        transport.close()
        await asyncio.sleep(0)
        return recorder

    recorder = asyncio.run(scenario())
    assert recorder.writes == [b"HTTP/1.1 408 Request Timeout\r\n\r\n{}"] and recorder.closed


def test_a_live_response_with_connection_close_arrives_whole(tmp_path: Path) -> None:
    with live_server(tmp_path / "serve.log") as server, socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, body = received.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 200") and body.startswith(b'{"status":"ok"')
