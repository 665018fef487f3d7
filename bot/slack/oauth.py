"""OAuth mode: many workspaces install the app, and each one's bot token comes from its
installation instead of SLACK_BOT_TOKEN.

Bolt runs the install flow (GET /slack/install, GET /slack/oauth_redirect) and, for every
request, finds the workspace's bot token and rotates it when it is about to expire.
slack_sdk's SQLAlchemy stores keep installations and single-use OAuth states in the bot's
own database, in tables that migration 0006_oauth creates: nothing here ever calls their
create_tables().

Only bot tokens are used (the app asks for no user scopes), so everything reads the
`slack_bots` table (`find_bot`): that is the table Bolt's tokens_revoked listener clears,
so a revoked token stops being used by requests and jobs alike.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import Engine

from bot.config import OAUTH_INSTALL_PATH, OAUTH_REDIRECT_PATH, Settings
from bot.slack.clients import NotInstalled
from storage.oauth_tables import BOTS_TABLE, INSTALLATIONS_TABLE, OAUTH_STATES_TABLE

log = logging.getLogger(__name__)

# The bot scopes the app asks for when a workspace installs it. manifest.yml lists the
# same ones (tests/test_manifest.py keeps them equal).
BOT_SCOPES: tuple[str, ...] = (
    "commands",
    "chat:write",
    "users:read",
    "im:write",
    "im:history",
    "app_mentions:read",
    "files:write",
    "reactions:read",
)
# An installer has this long between /slack/install and coming back from Slack.
STATE_EXPIRATION_S = 600
# Jobs refresh a rotating token that expires within this many minutes. A digest or a
# reminder pass takes seconds; requests use Bolt's own margin (two hours).
JOB_REFRESH_WITHIN_MINUTES = 10


def not_installed_reply(settings: Settings) -> str:
    """What a person sees when their workspace's installation is gone."""
    where = f" from {settings.slack.install_url}" if settings.slack.install_url else ""
    return (
        ":warning: Takeaways is no longer installed in this workspace (it was removed or its "
        f"token was revoked). A workspace admin can install it again{where}."
    )


def installation_store(settings: Settings, engine: Engine) -> SQLAlchemyInstallationStore:
    """Installations (and their bot tokens) in the bot's database. Tables come from Alembic."""
    return SQLAlchemyInstallationStore(
        client_id=settings.slack.client_id,
        engine=engine,
        installations_table_name=INSTALLATIONS_TABLE,
        bots_table_name=BOTS_TABLE,
        logger=logging.getLogger("bot.slack.oauth.installations"),
    )


class PrunedOAuthStateStore(SQLAlchemyOAuthStateStore):
    """Single-use states. Expired ones are deleted whenever a new one is issued, so link
    checkers and crawlers hitting /slack/install cannot grow the table forever."""

    def issue(self, *args: Any, **kwargs: Any) -> str:
        # The column is naive UTC, as the store writes it.
        now = datetime.now(UTC).replace(tzinfo=None)
        with self.engine.begin() as conn:
            conn.execute(self.oauth_states.delete().where(self.oauth_states.c.expire_at < now))
        state: str = super().issue(*args, **kwargs)
        return state


def state_store(engine: Engine) -> PrunedOAuthStateStore:
    """OAuth states in the bot's database (so any replica can finish an install)."""
    return PrunedOAuthStateStore(
        expiration_seconds=STATE_EXPIRATION_S,
        engine=engine,
        table_name=OAUTH_STATES_TABLE,
        logger=logging.getLogger("bot.slack.oauth.states"),
    )


def _installed(args: SuccessArgs) -> BoltResponse:
    found = args.installation
    log.info(
        "installed in workspace %s (%s)%s by %s",
        found.team_id,
        found.team_name,
        f" of enterprise {found.enterprise_id}" if found.enterprise_id else "",
        found.user_id,
    )
    return args.default.success(args)


def _not_installed(args: FailureArgs) -> BoltResponse:
    log.warning(
        "an installation failed: %s%s", args.reason, f" ({args.error})" if args.error else ""
    )
    return args.default.failure(args)


def oauth_settings(settings: Settings, engine: Engine, *, logger: logging.Logger) -> OAuthSettings:
    """Bolt's install flow: GET /slack/install redirects to Slack's consent page with a
    single-use state; GET /slack/oauth_redirect exchanges the code and saves the install."""
    return OAuthSettings(
        client_id=settings.slack.client_id,
        client_secret=settings.slack.client_secret,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=settings.slack.oauth_redirect_url,
        install_path=OAUTH_INSTALL_PATH,
        redirect_uri_path=OAUTH_REDIRECT_PATH,
        # Straight to Slack's consent page: the install link is what admins are sent.
        install_page_rendering_enabled=False,
        callback_options=CallbackOptions(success=_installed, failure=_not_installed),
        installation_store=installation_store(settings, engine),
        installation_store_bot_only=True,
        state_store=state_store(engine),
        state_expiration_seconds=STATE_EXPIRATION_S,
        logger=logger,
    )


def request_authorize(
    settings: Settings,
    store: InstallationStore,
    client: WebClient,
    *,
    logger: logging.Logger,
) -> InstallationStoreAuthorize:
    """Bolt's per-request authorize (bot tokens only). Built here rather than by
    OAuthSettings so token rotation goes through `client`, which honours SLACK_API_URL and
    retries; OAuthSettings would use a bare WebClient on slack.com."""
    return InstallationStoreAuthorize(
        logger=logger,
        installation_store=store,
        client_id=settings.slack.client_id,
        client_secret=settings.slack.client_secret,
        bot_only=True,
        client=client,
    )


class InstallationClients:
    """OAuth mode, outside requests (digests, reminders, the CLI): a WebClient with the
    workspace's bot token from its installation, refreshed first when it is about to expire.
    """

    def __init__(
        self,
        store: SQLAlchemyInstallationStore,
        rotator: TokenRotator,
        *,
        client_for: Callable[[str], WebClient],
        enterprise_of: Callable[[str], str | None],
        install_url: str | None = None,
        refresh_within_minutes: int = JOB_REFRESH_WITHIN_MINUTES,
    ) -> None:
        self._store = store
        self._rotator = rotator
        self._client_for = client_for
        self._enterprise_of = enterprise_of
        self._install_url = install_url
        self._refresh_within = refresh_within_minutes
        # The digest tick and the reminder pass run in parallel threads: one refresh each.
        self._lock = threading.Lock()

    def for_team(self, team_id: str) -> WebClient:
        """A client for this workspace; NotInstalled when it has no installation."""
        # Enterprise Grid: installations are keyed by (enterprise, team).
        enterprise_id = self._enterprise_of(team_id)
        with self._lock:
            bot = self._store.find_bot(enterprise_id=enterprise_id, team_id=team_id)
            if bot is None or not bot.bot_token:
                raise NotInstalled(team_id, self._install_url)
            if bot.bot_refresh_token:
                rotated = self._rotator.perform_bot_token_rotation(
                    bot=bot, minutes_before_expiration=self._refresh_within
                )
                if rotated is not None:
                    self._store.save_bot(rotated)
                    log.info("refreshed the bot token of workspace %s", team_id)
                    bot = rotated
        return self._client_for(bot.bot_token)


def installation_clients(
    settings: Settings,
    engine: Engine,
    *,
    enterprise_of: Callable[[str], str | None],
    client_for: Callable[[str], WebClient],
    rotation_client: WebClient,
) -> InstallationClients:
    """InstallationClients on the bot's database; `client_for(token)` makes the clients."""
    return InstallationClients(
        installation_store(settings, engine),
        TokenRotator(
            client_id=settings.slack.client_id,
            client_secret=settings.slack.client_secret,
            client=rotation_client,
        ),
        client_for=client_for,
        enterprise_of=enterprise_of,
        install_url=settings.slack.install_url,
    )
