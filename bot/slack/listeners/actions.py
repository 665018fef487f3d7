"""Buttons: Done and Snooze on follow-ups (reminder DMs, and anywhere else they appear)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.errors import InvalidInput
from bot.services.actor import Actor
from bot.services.container import Services
from bot.services.transactions import transaction
from bot.slack.background import BackgroundWork
from bot.slack.blocks.followups import DONE_ACTION, SNOOZE_ACTION, followup_ids_in, reminder
from bot.slack.listeners.context import actor_from_interaction, team_of
from bot.slack.listeners.errors import errors_replied
from bot.slack.listeners.home import publish_home
from bot.slack.users import UserDirectory
from storage import followups as followup_repo
from storage import takeaways as takeaway_repo

log = logging.getLogger(__name__)
SNOOZE_BUTTON = "1w"


def _followup_id(action: dict[str, Any]) -> int:
    value = str(action.get("value") or "")
    if not value.isdigit():
        raise InvalidInput("That button is out of date; run `/takeaway followups` instead.")
    return int(value)


def register(app: App, services: Services, users: UserDirectory, work: BackgroundWork) -> None:
    def handle(
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
        verb: str,
    ) -> None:
        has_url = bool(body.get("response_url"))
        with errors_replied(respond if has_url else None, team_id=team_of(body)):
            actor = actor_from_interaction(body, context, client, users)
            followup_id = _followup_id(action)
            with transaction(services.sessions) as session:
                followup = services.followups.get(session, actor, followup_id)
                if followup.status == followup_repo.OPEN:
                    if verb == "snooze":
                        services.followups.snooze(session, actor, followup_id, SNOOZE_BUTTON)
                    else:
                        services.followups.close(session, actor, followup_id, followup_repo.DONE)
                # Clicked twice or on two devices: nothing to change, just refresh the message.
            container = body.get("container") or {}
            if container.get("type") == "message":
                _refresh_reminder(services, actor, body, client)
            elif container.get("type") == "view":
                publish_home(client, services, actor)  # the Home tab lists open follow-ups

    def button(verb: str) -> Callable[..., None]:
        def clicked(
            ack: Ack,
            body: dict[str, Any],
            action: dict[str, Any],
            client: WebClient,
            context: BoltContext,
            respond: Respond,
        ) -> None:
            ack()
            work.submit(lambda: handle(body, action, client, context, respond, verb))

        clicked.__name__ = f"followup_{verb}"  # Bolt names listeners in its logs
        return clicked

    app.action(DONE_ACTION)(button("done"))
    app.action(SNOOZE_ACTION)(button("snooze"))


def _refresh_reminder(
    services: Services, actor: Actor, body: dict[str, Any], client: WebClient
) -> None:
    """Re-render the reminder DM from the database (chat.update), so it shows what is done."""
    message = body.get("message") or {}
    ids = followup_ids_in(message.get("blocks") or [])
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or message.get("ts")
    if not ids or not channel or not ts:
        return
    with transaction(services.sessions) as session:
        items = followup_repo.get_followups(session=session, team_id=actor.team_id, ids=ids)
        linked = [f.takeaway_id for f in items if f.takeaway_id]
        texts = {
            tid: t.text
            for tid, t in takeaway_repo.get_takeaways(
                session=session, team_id=actor.team_id, ids=linked
            ).items()
        }
    updated = reminder(items, services.followups.today_for(actor), texts)
    client.chat_update(channel=channel, ts=ts, text=updated["text"], blocks=updated["blocks"])
