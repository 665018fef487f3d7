"""Database trouble: commands say "nothing was saved", /healthz says 503, and the bot
recovers by itself when the database is back (no restart)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import make_url

from bot.config import Settings
from bot.services.container import build_services
from bot.slack.app import build_app, make_web_client
from bot.slack.background import BackgroundWork
from bot.slack.web import build_asgi
from storage.db import make_engine
from tests.conftest import SIGNING_SECRET
from tests.support.blocks import visible_text
from tests.support.clock import FrozenClock
from tests.support.fake_slack import FakeSlack
from tests.support.server import AppServer
from tests.support.slack_driver import SlackDriver
from tests.support.tcp_proxy import TcpProxy


class Outage:
    """Postgres behind a proxy that can be cut; SQLite held by another writer's lock."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.proxy: TcpProxy | None = None
        self.blocker: sqlite3.Connection | None = None
        self.active = False
        if db_url.startswith("postgresql"):
            url = make_url(db_url)
            self.proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
            self.app_url = url.set(host="127.0.0.1", port=self.proxy.port).render_as_string(
                hide_password=False
            )
        else:
            self.app_url = db_url

    def begin(self) -> None:
        self.active = True
        if self.proxy is not None:
            self.proxy.cut()
        else:
            path = make_url(self.db_url).database
            self.blocker = sqlite3.connect(str(path), timeout=0.1, isolation_level=None)
            self.blocker.execute("BEGIN EXCLUSIVE")

    def end(self) -> None:
        if not self.active:
            return
        self.active = False
        if self.proxy is not None:
            self.proxy.start()
        elif self.blocker is not None:
            self.blocker.execute("ROLLBACK")
            self.blocker.close()


@pytest.fixture
def outage_slack(
    db_url: str, settings: Settings, fake_slack: FakeSlack
) -> Iterator[tuple[SlackDriver, Outage]]:
    outage = Outage(db_url)
    engine = make_engine(outage.app_url, busy_timeout_ms=300)
    services = build_services(engine, clock=FrozenClock())
    work = BackgroundWork(4)
    app = build_app(settings, services, client=make_web_client(settings), work=work)
    server = AppServer(build_asgi(app, services, signing_secret=SIGNING_SECRET)).start()
    driver = SlackDriver(server.url, SIGNING_SECRET, fake_slack)
    try:
        yield driver, outage
    finally:
        outage.end()
        driver.close()
        server.stop()
        work.shutdown()
        engine.dispose()


def test_outage_then_recovery_without_restart(outage_slack: tuple[SlackDriver, Outage]) -> None:
    slack, outage = outage_slack
    assert "Saved as takeaway" in visible_text(slack.command_reply("add Before the outage"))
    assert slack.http.get("/healthz").status_code == 200

    outage.begin()
    failed = visible_text(slack.command_reply("add During the outage"))
    assert "not answering right now, so nothing was saved" in failed
    if outage.proxy is not None:  # a locked SQLite file still answers reads
        assert slack.http.get("/healthz").status_code == 503

    outage.end()
    assert slack.http.get("/healthz").status_code == 200
    assert "Saved as takeaway" in visible_text(slack.command_reply("add After the outage"))
    listed = visible_text(slack.command_reply("list"))
    assert "Before the outage" in listed and "After the outage" in listed
    assert "During the outage" not in listed


@pytest.mark.slow
def test_healthz_says_503_within_two_seconds_when_the_database_stalls(
    outage_slack: tuple[SlackDriver, Outage],
) -> None:
    slack, outage = outage_slack
    assert slack.http.get("/healthz").status_code == 200
    if outage.proxy is None:
        # SQLite is a file on this machine: a writer holding it does not stop reads.
        outage.begin()
        assert slack.http.get("/healthz").status_code == 200
        return
    outage.proxy.stall()  # accepts connections, never answers (not refusing)
    try:
        started = time.monotonic()
        answer = slack.http.get("/healthz")
        elapsed = time.monotonic() - started
        assert answer.status_code == 503
        assert answer.json()["database"] is False
        assert elapsed < 3, f"/healthz took {elapsed:.1f} s"
    finally:
        outage.proxy.resume()
    assert slack.http.get("/healthz").status_code == 200
