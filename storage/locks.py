"""Postgres advisory locks for scheduled jobs: one replica does each tick's work.

The claims (a unique key per digest run and per owner's day) keep every send
exactly-once on their own; the lock only saves the other replicas the work (and the
users.info calls) of a tick someone is already doing. SQLite has one writer anyway: there
every caller gets the lock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a job name (pg advisory locks take a bigint)."""
    return int.from_bytes(
        hashlib.sha256(f"takeaways:{name}".encode()).digest()[:8], "big", signed=True
    )


@contextmanager
def try_job_lock(engine: Engine, name: str) -> Iterator[bool]:
    """True inside the block when this process holds the job's lock (released at the end
    of the block, with its transaction); False when another replica holds it."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    with engine.connect() as conn, conn.begin():
        held = conn.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": lock_key(name)})
        yield bool(held)
