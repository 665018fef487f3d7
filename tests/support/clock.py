"""A clock tests can freeze and move."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class FrozenClock:
    """Each reading moves time on by `tick` (default one second), so records made in a
    row get distinct, ordered timestamps, the same on every run."""

    def __init__(
        self, start: datetime | None = None, tick: timedelta = timedelta(seconds=1)
    ) -> None:
        self._now = start or datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
        self._tick = tick
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            now = self._now
            self._now += self._tick
            return now

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._now += delta
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment
