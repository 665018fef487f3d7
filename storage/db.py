"""Engine and session factory: SQLite (WAL + busy timeout) or Postgres (pre-ping)."""

from __future__ import annotations

import functools
import importlib.util
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

# How long a writer waits for another process (the CLI, another thread) to finish.
SQLITE_BUSY_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT_S = 5
# Postgres cancels a statement running longer than this (0: never). A stuck lock or a
# runaway query then fails one request clearly instead of holding a thread forever.
STATEMENT_TIMEOUT_S = 30


class DatabaseUrlError(ValueError):
    """DATABASE_URL cannot be used; the message says why."""


def normalize_url(raw: str) -> URL:
    """Parse a database URL, mapping postgres:// and postgresql:// to the psycopg 3 driver."""
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise DatabaseUrlError(f"DATABASE_URL is not a database URL: {raw!r}") from exc
    backend = url.get_backend_name()
    if backend in {"postgres", "postgresql"}:
        if url.drivername in {"postgres", "postgresql"}:
            url = url.set(drivername="postgresql+psycopg")
        if importlib.util.find_spec("psycopg") is None:
            raise DatabaseUrlError(
                "Postgres needs the psycopg driver: pip install 'takeaways[postgres]'"
            )
    elif backend != "sqlite":
        raise DatabaseUrlError(
            f"unsupported database {backend!r}: use sqlite:///path.db or postgresql://..."
        )
    return url


def _sqlite_pragmas(busy_timeout_ms: int, dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets the server and the CLI read while one of them writes.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def make_engine(
    raw_url: str,
    *,
    busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
    connect_timeout_s: int = CONNECT_TIMEOUT_S,
    statement_timeout_s: int = STATEMENT_TIMEOUT_S,
    **kwargs: Any,
) -> Engine:
    """Create an engine tuned for the backend named by the URL. `busy_timeout_ms`: how long
    a SQLite writer waits for another one before giving up ("database is locked");
    `connect_timeout_s` and `statement_timeout_s` bound a Postgres connection attempt
    (and a wait for a pooled connection) and a statement."""
    url = normalize_url(raw_url)
    if url.get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
            **kwargs,
        )
        event.listen(engine, "connect", functools.partial(_sqlite_pragmas, busy_timeout_ms))
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        pool_timeout=connect_timeout_s,
        connect_args=postgres_connect_args(connect_timeout_s, statement_timeout_s),
        **kwargs,
    )


def postgres_connect_args(connect_timeout_s: int, statement_timeout_s: int) -> dict[str, Any]:
    # libpq's connect_timeout covers the TCP connect and the start-up exchange (a stalled
    # server that accepts but never answers); its minimum is 2 s. tcp_user_timeout drops
    # a connection whose sent data goes unacknowledged that long (a network black hole),
    # and keepalives find dead peers of idle pooled connections.
    return {
        "connect_timeout": max(2, connect_timeout_s),
        "options": f"-c statement_timeout={statement_timeout_s * 1000}",
        "tcp_user_timeout": max(2, connect_timeout_s) * 1000,
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
    }


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    # Objects stay readable after commit: replies are rendered after the transaction ends.
    return sessionmaker(engine, expire_on_commit=False)


def ping(engine: Engine) -> bool:
    """True when the database answers a trivial query."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # any failure means "not healthy"
        return False
    return True


def make_probe_engine(engine: Engine, timeout_s: int) -> Engine:
    """An engine for health checks: a fresh connection each time (never a pooled one that
    may hang on a stalled server), with short connect and statement timeouts."""
    if engine.dialect.name != "postgresql":
        return engine
    return create_engine(
        engine.url,
        poolclass=NullPool,
        connect_args=postgres_connect_args(timeout_s, timeout_s),
    )
