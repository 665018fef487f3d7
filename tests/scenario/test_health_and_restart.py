"""/healthz answers for the database, /livez for the process alone; data survives a restart
of the server."""

from __future__ import annotations

import httpx

from bot.config import Settings
from bot.services.container import build_services
from bot.slack.app import build_app, make_web_client
from bot.slack.web import build_asgi
from storage.db import make_engine
from tests.conftest import SIGNING_SECRET
from tests.support.server import AppServer
from tests.support.slack_driver import SlackDriver


def test_healthz_ok_when_the_database_answers(slack_http: SlackDriver) -> None:
    response = slack_http.http.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


def test_livez_ok_while_the_process_serves(slack_http: SlackDriver) -> None:
    response = slack_http.http.get("/livez")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_503_when_the_database_is_gone(db_url: str) -> None:
    bad = (
        "sqlite:////nonexistent-dir/takeaways.db"
        if db_url.startswith("sqlite")
        else "postgresql://postgres@127.0.0.1:1/none"
    )
    engine = make_engine(bad)
    server = AppServer(build_asgi(None, build_services(engine))).start()
    try:
        response = httpx.get(f"{server.url}/healthz", timeout=15)
        assert response.status_code == 503
        assert response.json()["database"] is False
        # Liveness does not look at the database: a database outage restarts no pod.
        live = httpx.get(f"{server.url}/livez", timeout=15)
        assert live.status_code == 200
        assert live.json() == {"status": "ok"}
    finally:
        server.stop()
        engine.dispose()


def test_takeaways_survive_a_restart(slack: SlackDriver, settings: Settings) -> None:
    slack.command_reply("add Karpenter consolidates nodes #karpenter")
    # A second server process on the same database: new engine, app and index.
    engine = make_engine(settings.database.url)
    services = build_services(engine)
    app = build_app(settings, services, client=make_web_client(settings))
    server = AppServer(build_asgi(app, services, signing_secret=SIGNING_SECRET)).start()
    try:
        again = SlackDriver(server.url, slack.secret, slack.fake)
        message = again.command_reply("ask karpenter")
        assert "Karpenter consolidates nodes" in str(message["blocks"])
        again.close()
    finally:
        server.stop()
        engine.dispose()
