"""The /takeaway slash command."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.grammar import ALIASES, Export, Help, parse
from bot.metrics import counting_command
from bot.results import Answer
from bot.slack.blocks import render_result
from bot.slack.blocks.help import help_message
from bot.slack.blocks.modal import ModalOrigin
from bot.slack.blocks.sharing import shareable_answer
from bot.slack.listeners.context import actor_from_command
from bot.slack.listeners.deps import Deps, after_ack, deps_of
from bot.slack.listeners.errors import errors_replied
from bot.slack.listeners.exports import send_export
from bot.slack.listeners.views import open_takeaway_modal, prefill_form

COMMAND = "/takeaway"


def takeaway_command(
    ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
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
        deps = deps_of(context)
        with errors_replied(respond, team_id=command.get("team_id")):
            actor = actor_from_command(command, client, deps.users)
            open_takeaway_modal(
                client,
                trigger_id=command["trigger_id"],
                origin=ModalOrigin(
                    "command", actor.channel_id, command.get("response_url") or None
                ),
                prefill=prefill_form(deps.services, actor),
            )
        return
    after_ack(
        context,
        respond,
        lambda deps: run_command(deps, command, respond, client),
        trigger_id=command.get("trigger_id"),
    )


def run_command(deps: Deps, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
    """Parse, run and answer one command (after the ack)."""
    text = command.get("text") or ""
    with counting_command(_subcommand(text) or "help"):
        actor = actor_from_command(command, client, deps.users)
        parsed = parse(text)
        if isinstance(parsed, Export):
            send_export(client, deps.services, actor, respond)
            return
        result = deps.services.dispatcher.execute(actor, parsed)
        # Replies are ephemeral: an answer offers to share itself in the channel.
        reply = shareable_answer(result) if isinstance(result, Answer) else render_result(result)
        respond(response_type="ephemeral", replace_original=False, **reply)


def _subcommand(text: str) -> str | None:
    words = text.split()
    # Unknown words are counted as "unknown", not as themselves: labels stay few.
    return ALIASES.get(words[0].lower(), "unknown") if words else None


def register(app: App) -> None:
    app.command(COMMAND)(takeaway_command)
