"""App Home: published when a person opens the Home tab, and after they add from it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.services.actor import Actor
from bot.services.container import Services
from bot.slack.background import BackgroundWork
from bot.slack.blocks.home import ADD_ACTION, home_view
from bot.slack.blocks.modal import ModalOrigin, ModalPrefill
from bot.slack.listeners.context import actor_from_interaction
from bot.slack.listeners.events import first_delivery
from bot.slack.listeners.notify import Notifier, errors_notified
from bot.slack.users import UserDirectory


def publish_home(client: WebClient, services: Services, actor: Actor) -> None:
    """views.publish the actor's Home tab. Follow-up handlers call this after a change."""
    client.views_publish(user_id=actor.user_id, view=home_view(services.home.snapshot(actor)))


def register(app: App, services: Services, users: UserDirectory, work: BackgroundWork) -> None:
    # Imported here: the modal module needs publish_home from this one.
    from bot.slack.listeners.modal import open_takeaway_modal, prefill_conference

    @app.event("app_home_opened")
    def home_opened(
        event: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        if event.get("tab") != "home" or not event.get("user"):
            return  # the Messages tab also sends this event
        actor = Actor(
            team_id=str(context.team_id),
            user_id=str(event["user"]),
            enterprise_id=context.enterprise_id,
        )

        def publish_once() -> None:
            if first_delivery(services, body):
                publish_home(client, services, actor)

        work.submit(publish_once)

    @app.action(ADD_ACTION)
    def add_from_home(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        actor = actor_from_interaction(body, context, client, users)
        notify = Notifier(client, user_id=actor.user_id, response_url=None)
        with errors_notified(notify, team_id=actor.team_id):
            open_takeaway_modal(
                client,
                services,
                trigger_id=body["trigger_id"],
                origin=ModalOrigin("home"),
                prefill=ModalPrefill(conference=prefill_conference(services, actor)),
            )
