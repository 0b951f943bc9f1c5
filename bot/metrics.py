"""Counters of what the service did, never of what anyone wrote, rendered for Prometheus at /metrics.

Every series has labels drawn from closed sets (a reply's kind, a triage level from the pack, a
route template, an HTTP status), so no text from a user can reach a scrape. The catalogue below
is the whole list; ``docs`` in the README repeats it.

Using it from other modules (the review log, for example)::

    from bot import metrics
    metrics.REVIEW_LOG_DROPPED.inc()              # a counter without labels
    metrics.REPLIES.inc("answer", "none")          # label values in the order the series names them

Increments are thread-safe (one lock: a writer thread may count while the event loop does) and
cost well under a microsecond. The counters are per process, like prometheus_client's default
registry; ``share(folder)`` makes a scrape of any worker see them all (see its docstring for why).

prometheus_client was measured first: importing it added ~50 ms to the server's ~120 ms of imports,
and its multi-worker mode needs a folder all the same; the text format is simple enough to write.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["HTTP_REQUESTS", "REGISTRY", "REPLIES", "REQUEST_SECONDS", "REVIEW_LOG_DROPPED", "Counter", "Histogram",
           "Registry", "render", "share"]

#: The media type of the text exposition format Prometheus scrapes.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
#: Seconds between one worker's snapshots when several share a folder (a scrape's figures of the
#: other workers are at most this old).
SNAPSHOT_SECONDS = 1.0
#: Latency buckets, in seconds: a reply takes about a millisecond, a slow one tens of milliseconds.
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)

_lock = threading.Lock()


class _Metric:
    kind = ""

    def __init__(self, name: str, help_text: str, labels: tuple[str, ...] = ()) -> None:
        self.name, self.help, self.labels = name, help_text, labels
        self.values: dict[tuple[str, ...], Any] = {}

    def _key(self, label_values: tuple[str, ...]) -> tuple[str, ...]:
        if len(label_values) != len(self.labels):
            raise ValueError(f"{self.name} takes {len(self.labels)} label value(s): {', '.join(self.labels)}")
        return label_values


class Counter(_Metric):
    """A count that only goes up (Prometheus resets are a restart)."""

    kind = "counter"

    def inc(self, *label_values: str, amount: float = 1.0) -> None:
        key = self._key(label_values)
        with _lock:
            self.values[key] = self.values.get(key, 0.0) + amount

    def value(self, *label_values: str) -> float:
        """This process's count for these labels (0 if never counted); for tests and the curious."""
        return float(self.values.get(self._key(label_values), 0.0))


class Histogram(_Metric):
    """Observations counted into buckets; stored per label set as [bucket counts..., sum, count]."""

    kind = "histogram"

    def __init__(self, name: str, help_text: str, labels: tuple[str, ...] = (),
                 buckets: tuple[float, ...] = LATENCY_BUCKETS) -> None:
        super().__init__(name, help_text, labels)
        self.buckets = buckets

    def observe(self, value: float, *label_values: str) -> None:
        key = self._key(label_values)
        slot = bisect.bisect_left(self.buckets, value)  # a value on a bound belongs to that bucket (le)
        with _lock:
            row = self.values.get(key)
            if row is None:
                row = self.values[key] = [0.0] * (len(self.buckets) + 3)
            row[slot] += 1  # the last bucket slot is +Inf
            row[-2] += value
            row[-1] += 1


class Registry:
    """The metrics one process keeps, in the order they are rendered."""

    def __init__(self) -> None:
        self.metrics: list[_Metric] = []
        self.folder: Path | None = None

    def add(self, metric: _Metric) -> Any:
        self.metrics.append(metric)
        return metric

    def snapshot(self) -> dict[str, list[list[Any]]]:
        """This process's values as JSON-ready data: {name: [[labels, value], ...]}."""
        with _lock:
            return {m.name: [[list(k), v if isinstance(v, float) else list(v)] for k, v in m.values.items()]
                    for m in self.metrics}

    def render(self, extra: Iterable[str] = ()) -> str:
        """The text exposition of this process, or of every worker sharing the folder."""
        snapshots = [self.snapshot()]
        if self.folder is not None:
            self._write_snapshot(snapshots[0])
            snapshots = list(_read_snapshots(self.folder)) or snapshots
        merged = _merge(snapshots)
        lines = list(extra)
        lines += ["# HELP magbot_worker_processes Processes whose figures this scrape adds up.",
                  "# TYPE magbot_worker_processes gauge", f"magbot_worker_processes {len(snapshots)}"]
        for metric in self.metrics:
            lines += [f"# HELP {metric.name} {metric.help}", f"# TYPE {metric.name} {metric.kind}"]
            rows = merged.get(metric.name, {})
            if not rows and not metric.labels:  # an unlabelled series is shown at zero from the start
                rows = {(): [0.0] * (len(metric.buckets) + 3) if isinstance(metric, Histogram) else 0.0}
            for key, value in sorted(rows.items()):
                lines += _series(metric, dict(zip(metric.labels, key, strict=True)), value)
        return "\n".join(lines) + "\n"

    def _write_snapshot(self, snapshot: dict[str, Any] | None = None) -> None:
        assert self.folder is not None
        path = self.folder / f"{os.getpid()}.json"
        temporary = path.with_suffix(".tmp")
        with contextlib.suppress(OSError):  # a full disk costs the figures' freshness, never a reply
            temporary.write_text(json.dumps(snapshot if snapshot is not None else self.snapshot()))
            os.replace(temporary, path)


def _series(metric: _Metric, labels: dict[str, str], value: Any) -> list[str]:
    if isinstance(metric, Histogram):
        out, running = [], 0.0
        for bound, count in zip([*metric.buckets, float("inf")], value[:-2], strict=True):
            running += count
            out.append(f"{metric.name}_bucket{_labels({**labels, 'le': _number(bound)})} {_number(running)}")
        return out + [f"{metric.name}_sum{_labels(labels)} {_number(value[-2])}",
                      f"{metric.name}_count{_labels(labels)} {_number(value[-1])}"]
    return [f"{metric.name}{_labels(labels)} {_number(value)}"]


def _labels(labels: dict[str, str]) -> str:
    if not labels:
        return ""
    escaped = (k + '="' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
               for k, v in labels.items())
    return "{" + ",".join(escaped) + "}"


def _number(value: float) -> str:
    if value == float("inf"):
        return "+Inf"
    return str(int(value)) if value == int(value) else repr(value)


def _read_snapshots(folder: Path) -> Iterable[dict[str, Any]]:
    for path in sorted(folder.glob("*.json")):
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(path.read_text())
            if isinstance(data, dict):
                yield data


def _merge(snapshots: list[dict[str, Any]]) -> dict[str, dict[tuple[str, ...], Any]]:
    """Sum the workers' values series by series (a histogram bucket by bucket)."""
    merged: dict[str, dict[tuple[str, ...], Any]] = {}
    for snapshot in snapshots:
        for name, rows in snapshot.items():
            series = merged.setdefault(name, {})
            for labels, value in rows:
                key = tuple(labels)
                if isinstance(value, list):
                    total = series.setdefault(key, [0.0] * len(value))
                    series[key] = [a + b for a, b in zip(total, value, strict=False)]
                else:
                    series[key] = series.get(key, 0.0) + value
    return merged


def share(folder: str | os.PathLike[str]) -> None:
    """Add up every worker that shares ``folder``: each writes its figures there once a second.

    With ``magbot serve --workers N`` the listening socket is shared, so a scrape reaches one
    worker at random. Reporting that worker alone would make every counter jump up and down
    between scrapes (Prometheus reads a drop as a restart and miscounts), and a scraper cannot
    pick a worker behind one port. So each worker keeps its counts in memory (no file touched on
    the request path), a daemon thread writes them to ``folder/<pid>.json`` every
    ``SNAPSHOT_SECONDS``, and a scrape sums every file: its own worker live, the others at most
    a second old. A worker that died keeps its file, so the service's counters never go down.
    """
    REGISTRY.folder = Path(folder)
    REGISTRY.folder.mkdir(parents=True, exist_ok=True)

    def keep_writing() -> None:
        while True:
            time.sleep(SNAPSHOT_SECONDS)
            REGISTRY._write_snapshot()

    REGISTRY._write_snapshot()  # seen by the first scrape, even before any request
    threading.Thread(target=keep_writing, name="magbot-metrics", daemon=True).start()


REGISTRY = Registry()
#: Replies given, by kind (answer, clarify, fallback, urgent, smalltalk) and triage level ("none"
#: unless urgent). The fallback and clarify rates are these counters' rates (see the README).
REPLIES: Counter = REGISTRY.add(Counter("magbot_replies_total", "Replies given, by kind and triage level.",
                                        ("kind", "level")))
#: Requests answered, by route template (never the path itself) and status.
HTTP_REQUESTS: Counter = REGISTRY.add(Counter("magbot_http_requests_total", "HTTP requests, by route and status.",
                                              ("route", "status")))
#: Time from a request's arrival to the end of its response, by route template.
REQUEST_SECONDS: Histogram = REGISTRY.add(Histogram("magbot_http_request_duration_seconds",
                                                    "Time to answer an HTTP request, by route.", ("route",)))
#: Review-log records that could not be written (a full queue or disk): the reply went out all the same.
REVIEW_LOG_DROPPED: Counter = REGISTRY.add(Counter("magbot_review_log_dropped_total",
                                                   "Review-log records dropped (queue full or write failed)."))


def render() -> str:
    """The exposition text of the default registry."""
    return REGISTRY.render()
