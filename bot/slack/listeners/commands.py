"""The /takeaway slash command."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.grammar import ALIASES, Export, Help, parse
from bot.metrics import counting_command
from bot.services.container import Services
from bot.slack.background import BackgroundWork
from bot.slack.blocks import render_reply
from bot.slack.blocks.help import help_message
from bot.slack.blocks.modal import ModalOrigin, ModalPrefill
from bot.slack.listeners.context import actor_from_command
from bot.slack.listeners.errors import errors_replied
from bot.slack.listeners.exports import send_export
from bot.slack.listeners.modal import open_takeaway_modal, prefill_conference
from bot.slack.users import UserDirectory

COMMAND = "/takeaway"


def register(app: App, services: Services, users: UserDirectory, work: BackgroundWork) -> None:
    @app.command(COMMAND)
    def takeaway_command(
        ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        text = command.get("text") or ""
        if _subcommand(text) in {None, "help"}:
            # Help needs no database: answer in the ack itself.
            help_command = parse(text)
            assert isinstance(help_command, Help)
            ack(response_type="ephemeral", **help_message(help_command.topic))
            return
        ack()
        if _subcommand(text) == "add" and len(text.split()) == 1:
            # `/takeaway add` alone opens the form, here: the trigger_id only lasts 3 s.
            with errors_replied(respond, team_id=command.get("team_id")):
                actor = actor_from_command(command, client, users)
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
        work.submit(lambda: run(command, respond, client))

    def run(command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        text = command.get("text") or ""
        with (
            errors_replied(respond, team_id=command.get("team_id")),
            counting_command(_subcommand(text) or "help"),
        ):
            actor = actor_from_command(command, client, users)
            parsed = parse(text)
            if isinstance(parsed, Export):
                send_export(client, services, actor, respond)
                return
            reply = services.dispatcher.execute(actor, parsed)
            respond(
                response_type="ephemeral",
                replace_original=False,
                **render_reply(reply, shareable=True),
            )


def _subcommand(text: str) -> str | None:
    words = text.split()
    # Unknown words are counted as "unknown", not as themselves: labels stay few.
    return ALIASES.get(words[0].lower(), "unknown") if words else None
