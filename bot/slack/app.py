"""build_app: the only place a Bolt App is made."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings
from bot.services.container import Services
from bot.slack import oauth
from bot.slack.background import BackgroundWork, ContextExecutor
from bot.slack.clients import SingleWorkspaceClients, SlackClients
from bot.slack.listeners import installs, register_all
from bot.slack.listeners.deps import Deps
from bot.slack.retries import CountingRetryHandler
from bot.slack.users import UserDirectory

DEFAULT_SLACK_API_URL = "https://slack.com/api/"


class _DropClientTokenWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that the client's token wins; it is the
    same token, and the warning only confuses operators."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("As you gave `client` as well")


def make_web_client(settings: Settings, token: str | None = None) -> WebClient:
    """A WebClient that retries rate limits (after Retry-After), 5xx and connection resets.
    Without `token`: SLACK_BOT_TOKEN in token mode, none in OAuth mode (each request and
    job gets its workspace's token)."""
    base_url = settings.slack.api_url or DEFAULT_SLACK_API_URL
    if not base_url.endswith("/"):
        base_url += "/"
    if token is None and not settings.slack.oauth:
        token = settings.slack.bot_token
    return WebClient(
        token=token or None,
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
    multi_workspace: dict[str, Any] = {}
    if settings.slack.oauth:
        # Each request's token comes from its workspace's installation; nothing calls
        # auth.test at start (there is no one token to check).
        install = oauth.oauth_settings(settings, services.engine, logger=bolt_logger)
        multi_workspace = {
            "oauth_settings": install,
            "authorize": oauth.request_authorize(
                settings, install.installation_store, client, logger=bolt_logger
            ),
            "user_facing_authorize_error_message": oauth.not_installed_reply(settings),
        }
    app = App(
        # Named, so Bolt does not walk the call stack to guess a name (inspect.stack()
        # reads every frame's source: ~80 ms per app, most of an app's start-up).
        name="takeaways",
        client=client,
        signing_secret=settings.slack.signing_secret,
        logger=bolt_logger,
        # Sized on purpose: Bolt's default of 5 threads lets slow listeners starve acks.
        listener_executor=ContextExecutor(
            max_workers=settings.server.listener_threads, thread_name_prefix="listener"
        ),
        **multi_workspace,
    )
    deps = Deps(services, UserDirectory(), work or BackgroundWork(settings.server.work_threads))
    register_all(app, deps)
    if settings.slack.oauth:
        # app_uninstalled and tokens_revoked delete the installation (Bolt's listeners),
        # so neither requests nor jobs go on using a dead token.
        app.enable_token_revocation_listeners()
    else:
        installs.register_token_mode(app)
    return app


def make_slack_clients(
    settings: Settings, services: Services, *, client: WebClient | None = None
) -> SlackClients:
    """What jobs use outside requests: the one bot token (token mode), or each workspace's
    installation, refreshed when it is about to expire (OAuth mode)."""
    if not settings.slack.oauth:
        return SingleWorkspaceClients(client or make_web_client(settings))
    return oauth.installation_clients(
        settings,
        services.engine,
        enterprise_of=services.workspaces.enterprise_of,
        client_for=lambda token: make_web_client(settings, token),
        rotation_client=make_web_client(settings),
    )
