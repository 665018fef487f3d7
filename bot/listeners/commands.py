"""The /takeaway slash command."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks import render_reply
from bot.blocks.help import help_message
from bot.commands import Help, parse
from bot.listeners.context import actor_from_command
from bot.listeners.errors import errors_replied
from bot.services.container import Services
from bot.slack_users import UserDirectory

COMMAND = "/takeaway"


def register(app: App, services: Services, users: UserDirectory) -> None:
    @app.command(COMMAND)
    def takeaway_command(
        ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        text = command.get("text") or ""
        if _is_help(text):
            # Help needs no database: answer in the ack itself.
            help_command = parse(text)
            assert isinstance(help_command, Help)
            ack(response_type="ephemeral", **help_message(help_command.topic))
            return
        ack()
        with errors_replied(respond, team_id=command.get("team_id")):
            actor = actor_from_command(command, client, users)
            reply = services.dispatcher.execute(actor, parse(text))
            respond(response_type="ephemeral", replace_original=False, **render_reply(reply))


def _is_help(text: str) -> bool:
    words = text.split()
    return not words or words[0].lower() in {"help", "?"}
