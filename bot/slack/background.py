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
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
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

    def submit(self, work: Callable[[], Any]) -> None:
        self._pool.submit(self._run, work)

    def _run(self, work: Callable[[], Any]) -> None:
        try:
            work()
        except Exception:  # the last line of defence: never lose a traceback
            log.exception("background work failed")

    def shutdown(self) -> None:
        """Finish what was accepted (graceful shutdown on SIGTERM), then stop."""
        self._pool.shutdown(wait=True)
