"""One session per request or job, committed at the edge; database trouble becomes a clear error."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc
from sqlalchemy.orm import Session, sessionmaker

from bot.errors import Unavailable
from bot.metrics import DATABASE_ERRORS

UNAVAILABLE = (
    "The takeaways database is not answering right now, so nothing was saved. "
    "Please try again in a minute."
)


@contextmanager
def transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """Commit when the block succeeds, roll back when it raises."""
    try:
        with sessions.begin() as session:
            yield session
    except (exc.OperationalError, exc.InterfaceError, exc.TimeoutError) as error:
        # A locked SQLite file, a Postgres restart, an exhausted pool: nothing was stored.
        DATABASE_ERRORS.labels(error.__class__.__name__).inc()
        raise Unavailable(UNAVAILABLE) from error
