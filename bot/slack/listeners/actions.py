"""Buttons: Done and Snooze on follow-ups (reminder DMs, and anywhere else they appear)."""

from __future__ import annotations

from typing import Any, Literal

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.errors import InvalidInput
from bot.services.actor import Actor
from bot.services.followup_clicks import SNOOZE_BUTTON
from bot.slack.blocks.conferences import BRIEF_BLOCK_PREFIX
from bot.slack.blocks.followups import (
    ACTIONS_BLOCK_PREFIX,
    DONE_ACTION,
    SNOOZE_ACTION,
    SNOOZE_DATE_ACTION,
    SNOOZE_DAY_ACTION,
    followup_ids_in,
    reminder,
)
from bot.slack.blocks.kit import MESSAGE_BLOCK_LIMIT
from bot.slack.listeners.context import actor_from_interaction
from bot.slack.listeners.deps import Deps, after_ack
from bot.slack.listeners.views import publish_home


def _followup_id(action: dict[str, Any]) -> int:
    value = str(action.get("value") or "")
    if action.get("type") == "datepicker":  # no value: its block says which follow-up
        value = str(action.get("block_id") or "").removeprefix(ACTIONS_BLOCK_PREFIX)
    if not value.isdigit():
        raise InvalidInput("That button is out of date; run `/takeaway followups` instead.")
    return int(value)


def followup_done(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond,
) -> None:
    ack()
    _after_click(body, action, client, context, respond, "done")


def followup_snooze(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond,
) -> None:
    ack()
    _after_click(body, action, client, context, respond, "snooze")


def followup_snooze_until(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond,
) -> None:
    """Snooze 1 day, or until the date picked in the reminder's date picker."""
    ack()
    picked = action.get("type") == "datepicker"
    until = str(action.get("selected_date") or "") if picked else "1d"
    _after_click(body, action, client, context, respond, "snooze", until=until)


def _after_click(
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond,
    verb: Literal["done", "snooze"],
    *,
    until: str = SNOOZE_BUTTON,
) -> None:
    def job(deps: Deps) -> None:
        actor = actor_from_interaction(body, context, client, deps.users)
        deps.services.followup_clicks.click(actor, _followup_id(action), verb, until=until)
        container = body.get("container") or {}
        if container.get("type") == "message":
            _refresh_reminder(deps, actor, body, client)
        elif container.get("type") == "view":
            publish_home(client, deps.services, actor)  # the Home tab lists open follow-ups

    # Home tab clicks carry no response_url: their errors are only logged.
    after_ack(
        context,
        respond if body.get("response_url") else None,
        job,
        trigger_id=body.get("trigger_id"),
    )


def _refresh_reminder(deps: Deps, actor: Actor, body: dict[str, Any], client: WebClient) -> None:
    """Re-render the reminder DM from the database (chat.update), so it shows what is done."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    ids = followup_ids_in(message.get("blocks") or [])
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or message.get("ts")
    if not ids or not channel or not ts:
        return
    updated = reminder(deps.services.followup_clicks.reminder(actor, ids))
    # A brief in the same DM stays as it was sent (before the footer, like at first).
    kept = [
        b
        for b in message.get("blocks") or []
        if str(b.get("block_id") or "").startswith(BRIEF_BLOCK_PREFIX)
    ]
    blocks = [*updated["blocks"][:-1], *kept, updated["blocks"][-1]][:MESSAGE_BLOCK_LIMIT]
    client.chat_update(channel=channel, ts=ts, text=updated["text"], blocks=blocks)


def register(app: App) -> None:
    app.action(DONE_ACTION)(followup_done)
    app.action(SNOOZE_ACTION)(followup_snooze)
    app.action(SNOOZE_DAY_ACTION)(followup_snooze_until)
    app.action(SNOOZE_DATE_ACTION)(followup_snooze_until)
