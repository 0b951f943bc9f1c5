"""Two ``magbot serve`` replicas behind nginx (round robin), sharing only MAGBOT_STATE_SECRET: every
turn of a conversation lands on the other replica, and every follow-up still keeps its context,
because the conversation travels in the signed state. Their review logs are then merged.

Needs Debian's nginx (``apt-get install nginx``): skipped without it, except in
CI, where its absence fails loudly.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from liveserver import free_port_between, live_server, stop

NGINX = Path("/usr/sbin/nginx")

if not NGINX.exists():
    if os.environ.get("CI") == "true":
        pytest.fail("tests/test_replicas.py needs nginx in CI: .ci/run must 'apt-get install -y nginx'",
                    pytrace=False)
    pytest.skip("nginx is not installed (/usr/sbin/nginx); apt-get install nginx", allow_module_level=True)

#: (first question, follow-up, the intent the follow-up must get): each follow-up means nothing alone.
FOLLOW_UPS = (("how much magnesium for women?", "and for men?", "rda-men"),
              ("is glycinate a good form", "and citrate?", "citrate"),
              ("how much magnesium for men?", "what about women", "rda-women"),
              ("is citrate a good form", "and glycinate?", "glycinate"))
UNANSWERED = "can I book a flight to Rome"

CONFIG = """\
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream magbot {{
        server 127.0.0.1:{a};
        server 127.0.0.1:{b};
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://magbot;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            add_header X-Replica $upstream_addr always;
        }}
    }}
}}
"""


@contextlib.contextmanager
def nginx(tmp: Path, a: int, b: int) -> Iterator[str]:
    """nginx in the foreground on loopback, its config, pid and logs in ``tmp``; always stopped."""
    tmp.mkdir()
    port = free_port_between(19190, 19199)
    (tmp / "nginx.conf").write_text(CONFIG.format(tmp=tmp, a=a, b=b, port=port))
    command = [str(NGINX), "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError("nginx did not start: " + (tmp / "error.log").read_text(errors="replace"))
        yield url
    finally:
        stop(process)


def test_fifty_conversations_alternate_between_replicas_and_keep_their_context(tmp_path: Path) -> None:
    env = {**os.environ, "MAGBOT_STATE_SECRET": "one secret for every replica"}
    logs = [tmp_path / "review-a", tmp_path / "review-b"]
    port_a = free_port_between(19151, 19169)
    with live_server(tmp_path / "a.log", "--review-log", str(logs[0]), port=port_a, env=env) as a, \
            live_server(tmp_path / "b.log", "--review-log", str(logs[1]), port=free_port_between(port_a + 1, 19189),
                        env=env) as b, nginx(tmp_path / "nginx", a.port, b.port) as url, httpx.Client() as client:
        fallback_ids = []
        for n in range(50):
            first, follow_up, expected = FOLLOW_UPS[n % len(FOLLOW_UPS)]
            state, replica = None, None
            for text in (first, follow_up, UNANSWERED):
                response = client.post(url + "/v1/ask", json={"text": text, "state": state}, timeout=10)
                assert response.status_code == 200, response.text
                body = response.json()
                assert response.headers["x-replica"] != replica, "round robin sent two turns in a row to one replica"
                state, replica = body["state"], response.headers["x-replica"]
                if text == follow_up:
                    assert body["intent"] == expected, (n, first, follow_up, body["intent"])
            fallback_ids.append(body["reply_id"])
        for reply_id in fallback_ids[:10]:  # verdicts land on either replica, whichever logged the turn
            response = client.post(url + "/v1/feedback", json={"reply_id": reply_id, "verdict": "no"}, timeout=10)
            assert response.status_code == 204
    assert all(any(folder.glob("review-*.jsonl")) for folder in logs), "both replicas must have kept turns"
    run = subprocess.run([sys.executable, "-m", "bot", "review", *map(str, logs), "--json"], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert summary["files"] >= 2 and summary["turns"] == 50
    group = summary["groups"][0]
    assert group["examples"] == [UNANSWERED] and group["count"] == 50
    assert group["feedback"] == {"no": 10} and summary["feedback"]["on_replies_not_logged"] == 0
