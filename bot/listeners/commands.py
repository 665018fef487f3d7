"""The /takeaway slash command."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks import render_reply
from bot.blocks.help import help_message
from bot.blocks.modal import ModalOrigin, ModalPrefill
from bot.commands import Add, Help, parse
from bot.listeners.context import actor_from_command
from bot.listeners.errors import errors_replied
from bot.listeners.modal import open_takeaway_modal, prefill_conference
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
            parsed = parse(text)
            actor = actor_from_command(command, client, users)
            if isinstance(parsed, Add) and parsed.draft is None:
                # `/takeaway add` alone: the form, while the trigger_id is still valid.
                open_takeaway_modal(
                    client,
                    services,
                    trigger_id=command["trigger_id"],
                    origin=ModalOrigin(
                        "command", actor.channel_id, command.get("response_url") or None
                    ),
                    prefill=ModalPrefill(conference=prefill_conference(services, actor)),
                )
                return
            reply = services.dispatcher.execute(actor, parsed)
            respond(
                response_type="ephemeral",
                replace_original=False,
                **render_reply(reply, shareable=True),
            )


def _is_help(text: str) -> bool:
    words = text.split()
    return not words or words[0].lower() in {"help", "?"}
