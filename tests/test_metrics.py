"""/metrics and the JSON access log: what operators read, holding counts and never anyone's words."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from bot import FAQBot, metrics
from bot.server import create_app
from liveserver import live_server

#: A line of the text exposition format: a comment, or name{labels} value.
SAMPLE = re.compile(r'^[a-z_]+(\{([a-z_]+="[^"\\\n]*",?)*\})? (-?[0-9.e+-]+|\+Inf)$')
PLANTED = "zebra quokka 4471 jane@example.org"


def scrape(text: str) -> dict[str, float]:
    """Every sample of an exposition, by its full name with labels; every line must parse."""
    samples = {}
    for line in text.splitlines():
        if line.startswith("#"):
            assert re.match(r"^# (HELP|TYPE) [a-z_]+ .+$", line), line
            continue
        assert SAMPLE.match(line), line
        name, value = line.rsplit(" ", 1)
        samples[name] = float(value)
    return samples


@pytest.fixture(scope="module")
def client(bot: FAQBot) -> TestClient:
    return TestClient(create_app(bot))


def test_replies_are_counted_by_kind_and_level_and_requests_by_route(client: TestClient, bot: FAQBot) -> None:
    questions = {"how much magnesium for women": ("answer", None), PLANTED: ("fallback", None),
                 "hello": ("smalltalk", None), "tablets": ("clarify", None),
                 "I can't control my bladder and my legs are numb": ("urgent", "emergency")}
    before = scrape(client.get("/metrics").text)
    for text in questions:
        client.post("/v1/ask", json={"text": text})
    client.get("/v1/models/anything-a-client-types")
    response = client.get("/metrics")
    assert response.headers["content-type"] == metrics.CONTENT_TYPE
    after = scrape(response.text)

    def grew(name: str) -> float:
        return after.get(name, 0) - before.get(name, 0)

    for text, (kind, level) in questions.items():
        reply = bot.ask(text)
        assert (reply.kind, reply.triage) == (kind, level), text  # the cases are what they claim to be
    for kind in ("answer", "fallback", "smalltalk", "clarify"):
        assert grew(f'magbot_replies_total{{kind="{kind}",level="none"}}') == 1
    assert grew('magbot_replies_total{kind="urgent",level="emergency"}') == 1
    assert grew('magbot_http_requests_total{route="/v1/ask",status="200"}') == 5
    assert grew('magbot_http_requests_total{route="/v1/models/{model}",status="404"}') == 1
    assert grew('magbot_http_request_duration_seconds_count{route="/v1/ask"}') == 5
    assert after['magbot_http_request_duration_seconds_bucket{route="/v1/ask",le="+Inf"}'] == \
        after['magbot_http_request_duration_seconds_count{route="/v1/ask"}']
    assert "magbot_review_log_dropped_total" in after
    assert "zebra" not in response.text and "example.org" not in response.text and "anything" not in response.text


def test_histogram_buckets_are_cumulative(client: TestClient) -> None:
    client.get("/healthz")
    samples = scrape(client.get("/metrics").text)
    name = 'magbot_http_request_duration_seconds_bucket{route="/healthz"'
    buckets = [v for k, v in samples.items() if k.startswith(name)]
    assert len(buckets) == len(metrics.LATENCY_BUCKETS) + 1 and buckets == sorted(buckets) and buckets[-1] >= 1


def test_the_counters_api_refuses_the_wrong_labels() -> None:
    before = metrics.REVIEW_LOG_DROPPED.value()
    metrics.REVIEW_LOG_DROPPED.inc()
    assert metrics.REVIEW_LOG_DROPPED.value() == before + 1
    assert f"magbot_review_log_dropped_total {before + 1:g}" in metrics.render()
    with pytest.raises(ValueError, match="kind, level"):
        metrics.REPLIES.inc("answer")


def test_workers_sharing_a_folder_are_added_up(tmp_path: Path) -> None:
    registry = metrics.Registry()
    served = registry.add(metrics.Counter("demo_total", "Demo.", ("route",)))
    seconds = registry.add(metrics.Histogram("demo_seconds", "Demo.", buckets=(0.1, 1.0)))
    served.inc("/v1/ask", amount=2)
    seconds.observe(0.05)
    other = {"demo_total": [[["/v1/ask"], 3.0], [["/healthz"], 1.0]], "demo_seconds": [[[], [0, 1, 0, 0.5, 1]]]}
    (tmp_path / "1.json").write_text(json.dumps(other))
    (tmp_path / "2.json").write_text("not json: a snapshot being written is skipped, never an error")
    registry.folder = tmp_path
    samples = scrape(registry.render())
    assert samples['demo_total{route="/v1/ask"}'] == 5 and samples['demo_total{route="/healthz"}'] == 1
    assert samples['demo_seconds_bucket{le="0.1"}'] == 1 and samples['demo_seconds_bucket{le="1"}'] == 2
    assert samples["demo_seconds_count"] == 2 and samples["magbot_worker_processes"] == 2


def pids_in(log: Path) -> set[int]:
    """The workers that logged a request so far (a line still being written is left for later)."""
    complete = log.read_text().split("\n")[:-1]
    return {json.loads(line)["pid"] for line in complete if line.startswith("{")}


def test_a_live_service_with_two_workers_counts_every_request_and_logs_json_lines(tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    close = {"connection": "close"}  # a new connection each time: the workers take turns accepting
    with live_server(log, "--workers", "2", "--access-log") as server, httpx.Client(base_url=server.url) as client:
        asked = 0
        while asked < 20 or (len(pids_in(log)) < 2 and asked < 400):  # until both workers have answered
            assert client.post("/v1/ask", json={"text": PLANTED}, headers=close).status_code == 200
            asked += 1
        time.sleep(metrics.SNAPSHOT_SECONDS * 2.5)  # every worker has written its snapshot since
        totals = [scrape(client.get("/metrics", headers=close).text) for _ in range(4)]
    for samples in totals:  # whichever worker answered the scrape, it saw every request
        assert samples["magbot_worker_processes"] == 2
        assert samples['magbot_http_requests_total{route="/v1/ask",status="200"}'] == asked
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    asks = [line for line in lines if line["route"] == "/v1/ask"]
    assert len(asks) == asked and sum(line["route"] == "/metrics" for line in lines) == 4
    assert len(pids_in(log)) == 2
    assert set(asks[0]) == {"time", "method", "route", "status", "ms", "kind", "intent", "level", "pid"}
    assert asks[0]["status"] == 200 and asks[0]["kind"] == "fallback" and asks[0]["ms"] > 0
    text = log.read_text()
    assert "zebra" not in text and "example.org" not in text and "HTTP/1.1" not in text
