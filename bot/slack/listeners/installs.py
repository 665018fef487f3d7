"""The app was uninstalled or its token revoked. In OAuth mode Bolt's own listeners delete
the installation (bot/slack/app.py); in token mode there is nothing to delete, but the operator
must learn that SLACK_BOT_TOKEN no longer works."""

from __future__ import annotations

import logging

from slack_bolt import App, BoltContext

log = logging.getLogger(__name__)


def register_token_mode(app: App) -> None:
    @app.event("app_uninstalled")
    def uninstalled(context: BoltContext) -> None:
        log.error(
            "Slack says the app was uninstalled from workspace %s: SLACK_BOT_TOKEN no longer "
            "works. Reinstall the app and set its new token.",
            context.team_id,
        )

    @app.event("tokens_revoked")
    def revoked(event: dict[str, object], context: BoltContext) -> None:
        tokens = event.get("tokens")
        if isinstance(tokens, dict) and tokens.get("bot"):
            log.error(
                "Slack says the bot token of workspace %s was revoked: SLACK_BOT_TOKEN no "
                "longer works. Reinstall the app and set its new token.",
                context.team_id,
            )
