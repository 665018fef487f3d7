"""Engine and session factory: SQLite (WAL + busy timeout) or Postgres (pre-ping)."""

from __future__ import annotations

import functools
import importlib.util
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

# How long a writer waits for another process (the CLI, another thread) to finish.
SQLITE_BUSY_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT_S = 5


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
    raw_url: str, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS, **kwargs: Any
) -> Engine:
    """Create an engine tuned for the backend named by the URL. `busy_timeout_ms`: how long
    a SQLite writer waits for another one before giving up ("database is locked")."""
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
        pool_timeout=CONNECT_TIMEOUT_S,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
        **kwargs,
    )


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
