"""Stopping within Kubernetes' grace period: every step of the drain shares one budget.

On SIGTERM uvicorn stops accepting requests and finishes the in-flight ones (bounded by
its own graceful timeout); then these steps run in order: no new Socket Mode events, the
replies already accepted, the scheduler. Whatever is not done when the budget runs out
is logged and left: the process exits before the kubelet's SIGKILL would cut it anyway.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

log = logging.getLogger(__name__)

# Kubernetes' default terminationGracePeriodSeconds is 30: leave room for the exit.
DEFAULT_SHUTDOWN_SECONDS = 25
# Of the budget, what uvicorn may spend finishing in-flight HTTP requests (they ack
# within 3 s; the slow part of their work is in the work pool, drained after).
HTTP_DRAIN_SECONDS = 5
# Each step is told to give up this much before its share ends, so that its own report
# of what it left (which work, which users) is logged before the drain moves on and the
# process exits under it.
REPORT_SECONDS = 0.5


def drain(steps: Sequence[tuple[str, Callable[[float], object]]], budget_s: float) -> list[str]:
    """Run each step with the time left (it gets its timeout in seconds); return the names
    of the steps that did not finish in time."""
    deadline = time.monotonic() + budget_s
    unfinished = []
    for name, step in steps:
        remaining = max(0.0, deadline - time.monotonic())
        timeout = max(0.0, remaining - REPORT_SECONDS)
        runner = threading.Thread(target=step, args=(timeout,), name=f"stop-{name}", daemon=True)
        runner.start()
        runner.join(remaining)
        if runner.is_alive():
            unfinished.append(name)
            log.warning("shutdown: %s did not finish within the %.0f s budget", name, budget_s)
    return unfinished
