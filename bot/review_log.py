"""The review log's writer: a bounded queue and one background thread, so that keeping a turn never
slows or fails a reply.

A reply hands its turn to ``ReviewLog.turn`` and goes on: the record is redacted, encoded and
written on the writer thread. When the queue is full (the disk is slow) or a write fails (the disk
is full, the folder went away), the record is dropped and counted (``ReviewLog.dropped()``), never
retried and never raised. Files are created mode 0600 in a folder of mode 0700, one set per process
(the name carries the process id, so workers and replicas sharing a folder never interleave
lines), a new file is begun past ``max_bytes``, and files older than ``days`` are deleted.

The core knows nothing of this: frontends call it beside ``Session.ask`` (``ReviewedSession``
does it for an embedder).

>>> import tempfile
>>> from bot import FAQBot
>>> with ReviewLog(tempfile.mkdtemp()) as log:
...     session = ReviewedSession(FAQBot.load().session(), log)
...     session.ask("how do I book a flight to Rome").kind
'fallback'
>>> log.dropped()
0
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from . import metrics
from .conversation import Session
from .errors import BotError
from .logged_turn import ask_logged
from .model import Reply
from .review_records import ReviewedTurn, feedback_record, review_reason, turn_record, urgent_record

__all__ = ["DEFAULT_DAYS", "ReviewLog", "ReviewLogError", "ReviewedSession", "ask_logged"]

#: Days a review file is kept (``--review-days``).
DEFAULT_DAYS = 30
#: A new file is begun when the current one would grow past this.
MAX_FILE_BYTES = 5 * 1024 * 1024
#: Records waiting to be written; past this they are dropped and counted.
QUEUE_SIZE = 1000
#: Urgent counts are written at most this often (seconds), so no line dates one person's turn.
URGENT_EVERY = 300.0
#: How the files are named; ``magbot review`` reads a folder by this pattern.
FILE_GLOB = "review-*.jsonl"

_STOP = object()


class ReviewLogError(BotError):
    """The review log's folder cannot be made or written: said at start-up, in one line."""


class ReviewLog:
    """Where review records go: ``turn`` and ``feedback`` queue them; the writer thread writes them.

    ``background=False`` writes nothing until ``drain()`` is called: for tests, which then see
    exactly what a full queue does.
    """

    def __init__(self, directory: str | Path, *, days: int = DEFAULT_DAYS, max_bytes: int = MAX_FILE_BYTES,
                 queue_size: int = QUEUE_SIZE, background: bool = True) -> None:
        if days < 1:
            raise ReviewLogError("the review log must keep files for at least 1 day")
        self.directory = Path(directory)
        self.days, self.max_bytes = days, max_bytes
        self._prepare_directory()
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=queue_size)
        self._dropped = 0
        self._lock = threading.Lock()  # guards the counters, touched by callers and the writer
        self._urgent: Counter[str] = Counter()
        self._urgent_total: Counter[str] = Counter()
        self._urgent_written = time.monotonic()
        self._fd: int | None = None
        self._size = 0
        self._serial = 0
        self._pruned = 0.0
        self._thread: threading.Thread | None = None
        self._closed = False
        if background:
            self._thread = threading.Thread(target=self._run, name="magbot-review-log", daemon=True)
            self._thread.start()
            atexit.register(self.close)

    # -- what callers use ------------------------------------------------------------------------
    def turn(self, text: str, reply: Reply, *, last_intent: str | None, reply_id: str) -> None:
        """Keep this turn if the review log wants it (see ``bot.review_records.review_reason``)."""
        reason = review_reason(reply)
        if reason is not None:
            self._put((reason, ReviewedTurn(text, reply, last_intent, reply_id)))

    def feedback(self, reply_id: str, verdict: str, comment: str | None = None) -> None:
        """Keep a verdict on a reply (the comment is redacted when written)."""
        self._put(("feedback", reply_id, verdict, comment))

    def dropped(self) -> int:
        """Records lost since start: queue full, disk full or any failed write. For /metrics."""
        with self._lock:
            return self._dropped

    def urgent_counts(self) -> dict[str, int]:
        """Urgent turns since start, per red-flag rule (also written to the log, in batches)."""
        with self._lock:
            return dict(self._urgent_total)

    def drain(self) -> None:
        """Write everything queued now, on this thread (``background=False``), or wait for the writer."""
        if self._thread is None:
            while True:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                self._handle(item)
                self._queue.task_done()
            self._write_urgent()
        else:
            self._queue.join()

    def close(self) -> None:
        """Write what is queued and the urgent counts, then close the file; idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._thread is not None:
            with contextlib.suppress(queue.Full):
                self._queue.put(_STOP, timeout=2)
            self._thread.join(timeout=5)
            with contextlib.suppress(Exception):
                atexit.unregister(self.close)
        else:
            self.drain()
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def __enter__(self) -> ReviewLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the writer ------------------------------------------------------------------------------
    def _put(self, item: Any) -> None:
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            self._drop()

    def _drop(self, count: int = 1) -> None:
        with self._lock:
            self._dropped += count
        metrics.REVIEW_LOG_DROPPED.inc(amount=count)  # what /metrics shows as magbot_review_log_dropped_total

    def _run(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=URGENT_EVERY)
            except queue.Empty:
                self._write_urgent()
                continue
            try:
                if item is _STOP:
                    self._write_urgent()
                    return
                self._handle(item)
                if time.monotonic() - self._urgent_written >= URGENT_EVERY:
                    self._write_urgent()
            except Exception:  # a bug here must not end the writer: the record is lost and counted
                self._drop()
            finally:
                self._queue.task_done()

    def _handle(self, item: tuple[Any, ...]) -> None:
        if item[0] == "feedback":
            self._write(feedback_record(item[1], item[2], item[3]))
        else:
            reason, turn = item
            if reason == "urgent":  # counted by rule; its text goes nowhere
                rule = str(turn.reply.explanation.get("red_flag") or "unknown")
                with self._lock:
                    self._urgent[rule] += 1
                    self._urgent_total[rule] += 1
            else:
                self._write(turn_record(turn, reason))

    def _write_urgent(self) -> None:
        with self._lock:
            counts, self._urgent = dict(self._urgent), Counter()
        self._urgent_written = time.monotonic()
        if counts:
            self._write(urgent_record(counts), lost=sum(counts.values()))

    def _write(self, record: dict[str, Any], lost: int = 1) -> None:
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            if self._fd is None or self._size + len(line) > self.max_bytes:
                self._open_next()
            elif time.time() - self._pruned > 3600:  # a quiet service rotates seldom: prune hourly too
                self._prune()
            assert self._fd is not None
            os.write(self._fd, line)
            self._size += len(line)
        except OSError:
            self._drop(lost)
            if self._fd is not None:  # begin a fresh file next time: this one may be gone or cut
                with contextlib.suppress(OSError):
                    os.close(self._fd)
                self._fd = None

    def _open_next(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._prune()
        self._serial += 1
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        path = self.directory / f"review-{stamp}-{os.getpid()}-{self._serial}.jsonl"
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        self._fd = os.open(path, flags, 0o600)
        os.fchmod(self._fd, 0o600)  # whatever the umask: only the operator reads these
        self._size = os.fstat(self._fd).st_size

    def _prune(self) -> None:
        """Delete this folder's review files older than ``days``."""
        now = time.time()
        for path in self.directory.glob(FILE_GLOB):
            with contextlib.suppress(OSError):
                if now - path.stat().st_mtime > self.days * 86400:
                    path.unlink()
        self._pruned = now

    def _prepare_directory(self) -> None:
        try:
            if not self.directory.exists():
                self.directory.mkdir(mode=0o700, parents=True)
                os.chmod(self.directory, 0o700)
            if not self.directory.is_dir():
                raise ReviewLogError(f"review log: not a directory: {self.directory}")
            if not os.access(self.directory, os.W_OK | os.X_OK):
                raise ReviewLogError(f"review log: cannot write to {self.directory}")
        except OSError as exc:
            raise ReviewLogError(f"review log: cannot create {self.directory} ({exc.strerror})") from None


class ReviewedSession:
    """A ``Session`` whose turns go to a review log: the Python API's way to turn the log on.

    ``last_reply_id`` is the id of the last reply, for ``ReviewLog.feedback``.
    """

    def __init__(self, session: Session, log: ReviewLog) -> None:
        self.session, self.log = session, log
        self.last_reply_id: str | None = None

    def ask(self, text: str) -> Reply:
        reply, self.last_reply_id = ask_logged(self.session, text, self.log)
        return reply

    def to_dict(self) -> dict[str, Any]:
        return self.session.to_dict()
