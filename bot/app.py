"""build_app: the only place a Bolt App is made."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.background import BackgroundWork, ContextExecutor
from bot.config import Settings
from bot.listeners import register_all
from bot.metrics import CountingRetryHandler
from bot.services.container import Services

DEFAULT_SLACK_API_URL = "https://slack.com/api/"


class _DropClientTokenWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that the client's token wins; it is the
    same token, and the warning only confuses operators."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("As you gave `client` as well")


def make_web_client(settings: Settings, token: str | None = None) -> WebClient:
    """A WebClient that retries rate limits (after Retry-After), 5xx and connection resets."""
    base_url = settings.slack.api_url or DEFAULT_SLACK_API_URL
    if not base_url.endswith("/"):
        base_url += "/"
    return WebClient(
        token=token if token is not None else settings.slack.bot_token or None,
        base_url=base_url,
        retry_handlers=[
            CountingRetryHandler(),  # first: it sees every answer, retries nothing
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def build_app(
    settings: Settings,
    services: Services,
    *,
    client: WebClient | None = None,
    work: BackgroundWork | None = None,
) -> App:
    """The Bolt app with every listener registered. Bolt copies this client's base_url and
    retry handlers into each request's client. `work` runs what follows each ack; whoever
    passes it shuts it down (the server does, on SIGTERM, after the last request)."""
    client = client or make_web_client(settings)
    bolt_logger = logging.getLogger("bot.bolt")
    if not any(isinstance(f, _DropClientTokenWarning) for f in bolt_logger.filters):
        bolt_logger.addFilter(_DropClientTokenWarning())
    app = App(
        client=client,
        signing_secret=settings.slack.signing_secret,
        logger=bolt_logger,
        # Sized on purpose: Bolt's default of 5 threads lets slow listeners starve acks.
        listener_executor=ContextExecutor(
            max_workers=settings.server.listener_threads, thread_name_prefix="listener"
        ),
    )
    register_all(app, services, work or BackgroundWork(settings.server.work_threads))
    return app
