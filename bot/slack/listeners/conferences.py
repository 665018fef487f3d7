"""The Attend button (talk lists and the Home tab): star a talk, or take the star back;
and the Home tab's Mute/Unmute buttons (`/takeaway me mute ...`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.errors import InvalidInput
from bot.grammar import ME_MUTABLE, Attend, Me
from bot.slack.blocks import render_result
from bot.slack.blocks.conferences import ATTEND_ACTION
from bot.slack.blocks.preferences import MUTE_ACTION
from bot.slack.listeners.context import actor_from_interaction
from bot.slack.listeners.deps import Deps, after_ack
from bot.slack.listeners.views import publish_home


def attend_clicked(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond,
) -> None:
    ack()

    def job(deps: Deps) -> None:
        value = str(action.get("value") or "")
        if not value.isdigit():
            raise InvalidInput("That button is out of date; run `/takeaway talks` again.")
        actor = actor_from_interaction(body, context, client, deps.users)
        result = deps.services.dispatcher.execute(actor, Attend(int(value), star=None))
        if (body.get("container") or {}).get("type") == "view":
            publish_home(client, deps.services, actor)  # the Home tab shows the stars
        else:
            respond(response_type="ephemeral", replace_original=False, **render_result(result))

    # Home tab clicks carry no response_url: their errors are only logged.
    after_ack(
        context,
        respond if body.get("response_url") else None,
        job,
        trigger_id=body.get("trigger_id"),
    )


def mute_clicked(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """A Mute/Unmute button of the Home tab: change the setting, show the new Home."""
    ack()

    def job(deps: Deps) -> None:
        verb, _, what = str(action.get("value") or "").partition(":")
        if verb not in {"mute", "unmute"} or what not in ME_MUTABLE:
            raise InvalidInput("That button is out of date; use `/takeaway me` instead.")
        actor = actor_from_interaction(body, context, client, deps.users)
        deps.services.dispatcher.execute(actor, Me(verb, (what,)))
        publish_home(client, deps.services, actor)

    # Home tab clicks carry no response_url: their errors are only logged.
    after_ack(context, None, job, trigger_id=body.get("trigger_id"))


def register(app: App) -> None:
    app.action(ATTEND_ACTION)(attend_clicked)
    app.action(MUTE_ACTION)(mute_clicked)
