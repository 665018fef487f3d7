"""+1: the "Me too" button beside answers, and 👍 reactions on a message that was saved
as a takeaway."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.errors import InvalidInput
from bot.services.actor import Actor
from bot.services.plus_ones import means_me_too
from bot.slack.blocks.plus_ones import plus_one_noted
from bot.slack.blocks.takeaways import ME_TOO_ACTION
from bot.slack.listeners.buttons import Press, on_button
from bot.slack.listeners.deps import Deps, deps_of
from bot.slack.listeners.events import first_delivery


def _me_too(deps: Deps, press: Press) -> dict[str, Any]:
    if not press.value.isdigit():
        raise InvalidInput("That button is out of date; ask again.")
    takeaway, added = deps.services.plus_ones.me_too(press.actor, int(press.value))
    # Only the person who pressed sees it; a shared answer stays as it was.
    return {
        "response_type": "ephemeral",
        "replace_original": False,
        **plus_one_noted(takeaway, added),
    }


me_too = on_button(_me_too)


def _reaction(
    event: dict[str, Any], body: dict[str, Any], context: BoltContext, *, added: bool
) -> None:
    item = event.get("item") or {}
    if item.get("type") != "message" or not event.get("user"):
        return
    if not means_me_too(str(event.get("reaction"))):
        return  # most reactions in a workspace: no job, no delivery claim
    deps = deps_of(context)

    def job() -> None:
        if not first_delivery(deps.services, body):
            return
        actor = Actor(team_id=str(context.team_id), user_id=str(event["user"]))
        deps.services.plus_ones.reaction(
            actor,
            str(item.get("channel")),
            str(item.get("ts")),
            str(event.get("reaction")),
            added=added,
        )

    deps.work.submit(job)


def reaction_added(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
    _reaction(event, body, context, added=True)


def reaction_removed(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
    _reaction(event, body, context, added=False)


def register(app: App) -> None:
    app.action(ME_TOO_ACTION)(me_too)
    app.event("reaction_added")(reaction_added)
    app.event("reaction_removed")(reaction_removed)
