"""Run the bot under uvicorn (HTTP mode) or over Socket Mode with a health endpoint."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn
from slack_bolt.error import BoltError

from bot.config import ConfigError, Settings
from bot.services.container import Services
from bot.slack.app import DEFAULT_SLACK_API_URL, build_app, make_slack_clients
from bot.slack.background import BackgroundWork
from bot.slack.scheduler import build_scheduler
from bot.slack.shutdown import HTTP_DRAIN_SECONDS, drain
from bot.slack.web import build_asgi

log = logging.getLogger(__name__)


def _warm_search(services: Services) -> None:
    try:
        services.search.warm(services.sessions)
    except Exception:
        # Not fatal: each workspace's index is built by its first query instead.
        log.exception("could not build the search indexes at start-up")


@contextmanager
def _start_up_checks_quiet() -> Iterator[None]:
    """While Bolt checks the token at start-up, slack_sdk logs an ERROR for every failed
    attempt; when all fail, the one line below says why, so those only add noise before
    it. (Later, in service, its lines stay: they are the only trace of a retried call.)"""
    client_log = logging.getLogger("slack_sdk.web.base_client")
    level = client_log.level
    client_log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        client_log.setLevel(level)


def run_server(
    settings: Settings, services: Services, *, port: int, host: str, socket_mode: bool
) -> None:
    log.info(
        "database %s at revision %s",
        services.database.where,
        services.database.revision(),
    )
    work = BackgroundWork(settings.server.work_threads)
    try:
        with _start_up_checks_quiet():
            app = build_app(settings, services, work=work)
    except BoltError as exc:
        if settings.slack.oauth:
            raise ConfigError(f"cannot set up the OAuth installation flow: {exc}") from exc
        raise ConfigError(f"Slack refused SLACK_BOT_TOKEN: {exc}") from exc
    except OSError as exc:
        # Bolt checks the token with auth.test at start (after the client's own retries):
        # no DNS, no egress or a proxy in the way ends here, not in a traceback.
        raise ConfigError(
            f"cannot reach Slack at {settings.slack.api_url or DEFAULT_SLACK_API_URL} to "
            f"check SLACK_BOT_TOKEN ({getattr(exc, 'reason', None) or exc}); check the "
            "network egress, proxy settings (HTTPS_PROXY) or SLACK_API_URL"
        ) from exc
    if settings.slack.oauth:
        log.info(
            "OAuth mode: workspaces install the app from %s",
            settings.slack.install_url or "/slack/install",
        )
        if settings.slack.bot_token:
            log.warning(
                "SLACK_BOT_TOKEN is ignored in OAuth mode: every workspace, including the one "
                "that token belongs to, uses the token of its own installation"
            )
    # Stopped in this order on SIGTERM, once uvicorn has finished in-flight requests:
    # no new Socket Mode events, then the replies already queued, then the scheduler
    # (a digest or reminder being sent was claimed in the database; let it finish, or
    # its claim's lease lets another replica send it). One budget for all of it.
    steps: list[tuple[str, Callable[[float], object]]] = []
    scheduler = None
    if settings.scheduler.enabled:
        scheduler = build_scheduler(
            services, make_slack_clients(settings, services, client=app.client)
        )
        scheduler.start()
        log.info("scheduler started: digest tick every minute, reminder pass every 15 minutes")
    # Index every workspace in the background: the first `ask` after a restart stays fast.
    threading.Thread(
        target=_warm_search, args=(services,), name="search-warm-up", daemon=True
    ).start()
    if socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        handler = SocketModeHandler(app, settings.slack.app_token)
        handler.connect()  # type: ignore[no-untyped-call]
        steps.append(("socket mode", lambda _: handler.close()))  # type: ignore[no-untyped-call]
        log.info("connected to Slack over Socket Mode; health on http://%s:%d/healthz", host, port)
    else:
        log.info("serving Slack on http://%s:%d/slack/events", host, port)
    steps.append(("work after acks", work.shutdown))
    if scheduler is not None:
        steps.append(("scheduler", lambda _: scheduler.shutdown(wait=True)))
    budget = settings.server.shutdown_seconds
    asgi = build_asgi(
        None if socket_mode else app,
        services,
        signing_secret=settings.slack.signing_secret,
        on_shutdown=[lambda: drain(steps, budget - HTTP_DRAIN_SECONDS)],
    )
    uvicorn.run(
        asgi,
        host=host,
        port=port,
        log_config=None,
        timeout_graceful_shutdown=HTTP_DRAIN_SECONDS,
    )
