"""A stuck lock fails one request clearly, within the configured timeout, on both
databases: Postgres cancels the statement (statement_timeout), SQLite stops waiting
(busy timeout). Nothing is half-stored, and the next request works."""

from __future__ import annotations

import sqlite3
import time

import pytest
from sqlalchemy import make_url, text

from bot.errors import Unavailable
from bot.grammar import parse
from bot.services.actor import Actor
from bot.services.container import build_services
from storage.db import make_engine

ALICE = Actor(team_id="T1", user_id="U1", user_name="alice")


def test_a_stuck_lock_fails_the_request_within_the_timeout(db_url: str) -> None:
    engine = make_engine(db_url, busy_timeout_ms=1000, statement_timeout_s=1)
    services = build_services(engine)
    services.dispatcher.execute(ALICE, parse("add First, so the workspace exists"))
    holder = None
    sqlite_holder = None
    try:
        if engine.dialect.name == "postgresql":
            holder = make_engine(db_url).connect()
            holder.execute(text("SELECT 1 FROM workspaces WHERE team_id = 'T1' FOR UPDATE"))
        else:
            sqlite_holder = sqlite3.connect(str(make_url(db_url).database), isolation_level=None)
            sqlite_holder.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        with pytest.raises(Unavailable, match="nothing was saved"):
            services.dispatcher.execute(ALICE, parse("add Blocked behind a stuck lock"))
        assert time.monotonic() - started < 5
    finally:
        if holder is not None:
            holder.rollback()
            holder.close()
        if sqlite_holder is not None:
            sqlite_holder.execute("ROLLBACK")
            sqlite_holder.close()
    services.dispatcher.execute(ALICE, parse("add After the lock is gone"))
    listing = services.dispatcher.execute(ALICE, parse("list"))
    texts = [t.text for t in listing.takeaways]  # type: ignore[attr-defined]
    assert texts == ["After the lock is gone", "First, so the workspace exists"]
    engine.dispose()
