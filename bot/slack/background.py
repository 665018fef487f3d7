"""Threads for work that follows an ack, and executors that carry the request's context.

Bolt runs listeners in its listener executor and waits there for ack(). If listeners kept
doing their slow part (search, Slack calls, database writes) in those threads, enough
slow requests would leave no thread to ack the next one within Slack's 3 seconds. So a
listener acks, hands the rest to `BackgroundWork`, and returns: acks never queue behind
slow work, which queues here instead (response_url stays valid for 30 minutes).
"""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, ParamSpec, TypeVar

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")


class ContextExecutor(ThreadPoolExecutor):
    """A thread pool whose tasks run in the submitter's contextvars (the request id)."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        context = contextvars.copy_context()
        return super().submit(context.run, fn, *args, **kwargs)  # type: ignore[arg-type]


class BackgroundWork:
    """Post-ack work. Failures are logged with their traceback; the work itself is expected
    to have told the user (errors_replied)."""

    def __init__(self, workers: int) -> None:
        self._pool = ContextExecutor(max_workers=workers, thread_name_prefix="work")
        self._futures: set[Future[None]] = set()
        self._lock = threading.Lock()

    def submit(self, work: Callable[[], Any]) -> None:
        future = self._pool.submit(self._run, work)
        with self._lock:
            self._futures.add(future)
        future.add_done_callback(self._forget)

    def _forget(self, future: Future[None]) -> None:
        with self._lock:
            self._futures.discard(future)

    def _run(self, work: Callable[[], Any]) -> None:
        try:
            work()
        except Exception:  # the last line of defence: never lose a traceback
            log.exception("background work failed")

    def shutdown(self, timeout: float | None = None) -> int:
        """Finish what was accepted (graceful shutdown on SIGTERM), then stop. With a
        timeout, work still queued then is dropped and work still running is left behind;
        both are logged. Returns how many were not finished."""
        with self._lock:
            pending = set(self._futures)
        _, not_done = wait(pending, timeout=timeout)
        queued = sum(1 for f in not_done if f.cancel())
        running = len(not_done) - queued
        if not_done:
            log.warning(
                "shutdown: %d piece(s) of work after an ack not finished in time "
                "(%d dropped before starting, %d still running); those users got no reply",
                len(not_done),
                queued,
                running,
            )
        self._pool.shutdown(wait=timeout is None, cancel_futures=True)
        return len(not_done)
