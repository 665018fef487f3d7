"""The database as the command line and the server see it: open, migrate, check."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine

from bot.config import ConfigError, DatabaseSettings
from storage import migrate
from storage.db import DatabaseUrlError, make_engine, make_probe_engine, ping
from storage.locks import try_job_lock

# /healthz answers within this long, whatever the database does (Kubernetes probes
# default to a 1 s timeout; a few seconds is the usual setting for a database check).
HEALTH_TIMEOUT_S = 2


def open_engine(settings: DatabaseSettings) -> Engine:
    """An engine for DATABASE_URL; a malformed URL is a configuration error."""
    try:
        return make_engine(
            settings.url,
            connect_timeout_s=settings.connect_timeout_seconds,
            statement_timeout_s=settings.statement_timeout_seconds,
        )
    except DatabaseUrlError as exc:
        raise ConfigError(str(exc)) from exc


class Database:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._probe = make_probe_engine(engine, HEALTH_TIMEOUT_S)

    @property
    def where(self) -> str:
        """The URL, without its password (for logs and error messages)."""
        return self._engine.url.render_as_string(hide_password=True)

    def upgrade(self, revision: str = "head") -> None:
        """Apply migrations (under a lock, so replicas starting together take turns)."""
        migrate.upgrade(self._engine, revision)

    def revision(self) -> str | None:
        return migrate.current_revision(self._engine)

    def ping(self) -> bool:
        """True when the database answers; on Postgres a fresh connection each time, so a
        stalled server makes this fail within about HEALTH_TIMEOUT_S, never hang."""
        return ping(self._probe)

    @contextmanager
    def job_lock(self, name: str) -> Iterator[bool]:
        """Whether this replica does the job's tick now (Postgres advisory lock; always
        True on SQLite). The claims stay the safety net for exactly-once."""
        with try_job_lock(self._engine, name) as held:
            yield held
