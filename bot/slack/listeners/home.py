"""App Home: published when a person opens the Home tab, and after they add from it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.services.actor import Actor
from bot.slack.blocks.home import ADD_ACTION
from bot.slack.blocks.modal import ModalOrigin
from bot.slack.listeners.context import actor_from_interaction
from bot.slack.listeners.deps import deps_of
from bot.slack.listeners.events import first_delivery
from bot.slack.listeners.notify import Notifier, errors_notified
from bot.slack.listeners.views import open_takeaway_modal, prefill_form, publish_home


def home_opened(
    event: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    if event.get("tab") != "home" or not event.get("user"):
        return  # the Messages tab also sends this event
    deps = deps_of(context)
    actor = Actor(
        team_id=str(context.team_id),
        user_id=str(event["user"]),
        enterprise_id=context.enterprise_id,
    )

    def publish_once() -> None:
        if first_delivery(deps.services, body):
            publish_home(client, deps.services, actor)

    deps.work.submit(publish_once)


def add_from_home(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    actor = actor_from_interaction(body, context, client, deps.users)
    notify = Notifier(client, user_id=actor.user_id, response_url=None)
    with errors_notified(notify, team_id=actor.team_id):
        open_takeaway_modal(
            client,
            trigger_id=body["trigger_id"],
            origin=ModalOrigin("home"),
            prefill=prefill_form(deps.services, actor),
        )


def register(app: App) -> None:
    app.event("app_home_opened")(home_opened)
    app.action(ADD_ACTION)(add_from_home)
