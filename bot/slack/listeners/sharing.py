"""The "Share in channel" button under ask results."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.services.container import Services
from bot.slack.background import BackgroundWork
from bot.slack.blocks.sharing import SHARE_ACTION, parse_share_value, shared_answer
from bot.slack.listeners.context import actor_from_interaction, display_name
from bot.slack.listeners.errors import errors_replied
from bot.slack.users import UserDirectory


def register(app: App, services: Services, users: UserDirectory, work: BackgroundWork) -> None:
    @app.action(SHARE_ACTION)
    def share_answer(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        ack()
        work.submit(lambda: share(body, action, respond, client, context))

    def share(
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        with errors_replied(respond, team_id=context.team_id):
            ids, query = parse_share_value(str(action.get("value") or ""))
            actor = actor_from_interaction(body, context, client, users)
            # Re-read: the button only carries ids, and only this workspace's count.
            items = services.sharing.takeaways(actor, ids)
            name = display_name(
                client, users, actor.team_id, actor.user_id, fallback=actor.user_name
            )
            respond(
                response_type="in_channel",
                replace_original=False,
                **shared_answer(items, query=query, shared_by=name),
            )
