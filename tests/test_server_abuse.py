"""No client can crash the service: 500+ malformed requests against a live server, on kept-alive connections.

Every answer must be a 4xx (never a 5xx) in the JSON error shape, the log must hold no traceback,
and the next request on the same connection must work (or, when the server said it would close,
the next connection must).
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import FAQBot
from bot.server import MAX_BODY_BYTES
from bot.state_tokens import StateSigner, default_secret
from liveserver import LiveServer, live_server

GOOD = b'{"text": "what is sciatica"}'
SENT: list[int] = []


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("abuse") / "server.log") as running:
        yield running


def request(method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    given_headers = {"content-type": "application/json", "content-length": str(len(body)), **(headers or {})}
    lines += [f"{k}: {v}" for k, v in given_headers.items() if v is not None]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def exchange(sock: socket.socket, raw: bytes, method: str = "POST") -> http.client.HTTPResponse:
    sock.sendall(raw)
    response = http.client.HTTPResponse(sock, method=method)
    response.begin()
    response.body = response.read()  # type: ignore[attr-defined]
    return response


def check(server: LiveServer, raw: bytes, method: str = "POST", ok_statuses: tuple[int, ...] = (200,)) -> int:
    """Send one request, then a good one on the same connection if it stays open; return the status."""
    SENT.append(1)
    with socket.create_connection(("127.0.0.1", server.port), timeout=15) as sock:
        response = exchange(sock, raw, method)
        assert response.status < 500, (raw[:200], response.status, response.body)  # type: ignore[attr-defined]
        assert response.status in ok_statuses or response.status >= 400, raw[:200]
        # The widget's page and files (GET /, /widget.js) are not JSON; every error still is.
        is_json = response.getheader("content-type", "").startswith("application/json")
        assert is_json or response.status < 400, (raw[:200], response.status)
        if method != "HEAD" and is_json:
            data = json.loads(response.body)  # type: ignore[attr-defined]
            assert ("error" in data) == (response.status >= 400), data
            if response.status >= 400:
                assert set(data["error"]) == {"code", "message"}
        if not response.will_close:
            follow = exchange(sock, request("POST", "/v1/ask", GOOD))
            assert follow.status == 200 and json.loads(follow.body)["intent"] == "sciatica-what", raw[:200]  # type: ignore[attr-defined]
            return response.status
    with socket.create_connection(("127.0.0.1", server.port), timeout=15) as sock:
        assert exchange(sock, request("POST", "/v1/ask", GOOD)).status == 200
    return response.status


def forged(state: object) -> str:
    bot = FAQBot.load()
    return StateSigner(default_secret([i.id for i in bot.content.intents])).dumps(state)  # type: ignore[arg-type]


def body_cases() -> list[bytes]:
    nested = [b"[" * 1000 + b"]" * 1000, b'{"a":' * 5000 + b"1" + b"}" * 5000, b"[" * 40_000]
    texts = ['"\\ud800"', '"\\udfff x"', '"\\u0000"', '"\\u001b[31mred"', '"\\u0085"', '"' + "1 " * 900 + ')"',
             '"' + " " * 1990 + '1"', '"#' + "9" * 1990 + '"', "1e999999", "9" * 5000, "NaN", "-Infinity",
             "true", "[]", "{}", '"' + "a " * 20_000 + '"']
    states = ['""', '"."', '".."', '"\\ud800.x"', '"abc.\\u00e9\\u00e9"', '"' + "a" * 5000 + '"', '"a.b"',
              "[]", "{}", "0", "true", json.dumps(base64.urlsafe_b64encode(b"[1,2]").decode() + ".00"),
              json.dumps(forged({"version": 1, "intent": "no-such-intent", "options": []})),
              json.dumps(forged({"version": 1, "intent": "glycinate", "options": [], "admin": True})),
              json.dumps(forged({"version": 2})), json.dumps(forged([1, 2])),
              json.dumps(forged({"version": 1, "intent": None, "options": ["x"] * 100}))]
    cases = [b"", b"{", b"}", b"null", b"1", b'"x"', b"\x00" * 100, b"\xff\xfe\xfd", b"\xef\xbb\xbf" + GOOD,
             '{"text": "hi"}'.encode("utf-16"), b'{"text": "\xff"}', b'{"text": "hi", "\\ud800": 1}',
             b'{"text": "hi", "\xc3\xa9\\u0007": 1}', b'{"text": "hi"} trailing', b'{"text": "hi",}',
             b'{"text": "a" * 3}', b'{"text": "' + b"a" * MAX_BODY_BYTES + b'"}', *nested]
    cases += [b'{"text": ' + t.encode() + b"}" for t in texts]
    cases += [b'{"text": "and citrate?", "state": ' + s.encode() + b"}" for s in states]
    return cases


ROUTES = ["/v1/ask", "/v1/ask/", "/healthz", "/healthz/", "/", "/nope", "/v1/ask?x=1", "/%ff%fe", "/v1/%61sk",
          "//v1/ask", "/v1/ask/../healthz", "/" + "a" * 3000, "/v1/ask%00", "/v1/ask;x"]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO"]
HEADERS: list[dict[str, str]] = [
    {"content-type": "text/plain"}, {"content-type": "multipart/form-data; boundary=x"}, {"content-type": ""},
    {"expect": "100-continue"}, {"x-long": "v" * 8000}, {"accept-encoding": "gzip;q=nan"},
    {"cookie": "a=" + "b" * 4000},
    {"content-type": "application/json; charset=latin-1"}, {"connection": "keep-alive, upgrade", "upgrade": "h2c"},
]
FRAMING = [b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\nHost: x\r\n\r\n", b"GET / HTTP/1.1\r\n\r\n",
           b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n", b"GET /\xff HTTP/1.1\r\nHost: x\r\n\r\n",
           b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
           b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
           b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
           b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n",
           b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"v" * 70_000 + b"\r\n\r\n", b"\r\n\r\n\r\n", b"\x16\x03\x01\x02\x00"]


def test_malformed_bodies_and_states(server: LiveServer) -> None:
    statuses = [check(server, request("POST", "/v1/ask", body)) for body in body_cases()]
    assert statuses.count(400) > len(statuses) / 2


def test_every_method_and_route(server: LiveServer) -> None:
    for method in METHODS:
        for path in ROUTES:
            check(server, request(method, path, GOOD if method != "HEAD" else b""), method)


def test_odd_headers_and_framing(server: LiveServer) -> None:
    for headers in HEADERS:
        check(server, request("POST", "/v1/ask", GOOD, headers))
    chunked = b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n" + GOOD[:5] + b"\r\n" + \
        f"{len(GOOD) - 5:x}".encode() + b"\r\n" + GOOD[5:] + b"\r\n0\r\n\r\n"
    assert check(server, chunked) == 200
    codes = [check(server, raw) for raw in FRAMING]
    assert codes.count(400) >= len(FRAMING) - 2  # h11 reads "HTTP/9.9" and a bare CRLF as HTTP


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=4), max_leaves=12)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(json_values.map(lambda v: json.dumps(v).encode()),
                 st.dictionaries(st.sampled_from(["text", "state", "extra", "\ud800"]), json_values, max_size=3)
                 .map(lambda v: json.dumps(v).encode()),
                 st.binary(max_size=200)))
def test_generated_bodies(server: LiveServer, body: bytes) -> None:
    check(server, request("POST", "/v1/ask", body))


def test_no_traceback_and_enough_requests(server: LiveServer) -> None:
    assert len(SENT) >= 500
    log = server.log_text()
    assert "Traceback" not in log and "Exception" not in log and " 500 " not in log, log[-2000:]
