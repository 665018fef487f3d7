"""The "Share in channel" button under ask results."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack.blocks.sharing import SHARE_ACTION, parse_share_value, shared_answer
from bot.slack.listeners.context import actor_from_interaction, display_name
from bot.slack.listeners.deps import Deps, after_ack


def share_answer(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
) -> None:
    ack()

    def share(deps: Deps) -> None:
        ids, query = parse_share_value(str(action.get("value") or ""))
        actor = actor_from_interaction(body, context, client, deps.users)
        # Re-read: the button only carries ids, and only this workspace's count.
        items = deps.services.sharing.takeaways(actor, ids)
        name = display_name(
            client, deps.users, actor.team_id, actor.user_id, fallback=actor.user_name
        )
        respond(
            response_type="in_channel",
            replace_original=False,
            **shared_answer(items, query=query, shared_by=name),
        )

    after_ack(context, respond, share, trigger_id=body.get("trigger_id"))


def register(app: App) -> None:
    app.action(SHARE_ACTION)(share_answer)
