"""A small in-memory rate limit for pages anyone can load without signing anything
(GET /slack/install writes a single-use OAuth state row per visit)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimit:
    """At most `per_client` hits per client and `overall` hits in all per `window_s`.

    Behind an ingress every client may share one address (the ingress's): the overall
    cap is what bounds the writes then. Installs are rare; a person is never near it."""

    def __init__(
        self,
        *,
        per_client: int,
        overall: int,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._per_client = per_client
        self._overall = overall
        self._window = window_s
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = self._clock()
        cutoff = now - self._window
        with self._lock:
            while self._all and self._all[0] <= cutoff:
                self._all.popleft()
            mine = self._hits.setdefault(client, deque())
            while mine and mine[0] <= cutoff:
                mine.popleft()
            if len(mine) >= self._per_client or len(self._all) >= self._overall:
                return False
            mine.append(now)
            self._all.append(now)
            if len(self._hits) > 10_000:  # forget idle clients, so memory stays flat
                self._hits = {k: v for k, v in self._hits.items() if v}
            return True
