"""The add modal: opening it (right after the ack, while the trigger_id is valid) and its
submission (validated before the ack; stored after it)."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.services.actor import Actor
from bot.services.submissions import TakeawayForm
from bot.slack.blocks.modal import (
    CALLBACK_ID,
    ModalOrigin,
    not_saved_message,
    saved_from_form,
)
from bot.slack.forms import FormErrors, read_takeaway_form
from bot.slack.listeners.context import actor_from_interaction, display_name
from bot.slack.listeners.deps import Deps, deps_of
from bot.slack.listeners.errors import error_reply
from bot.slack.listeners.events import first_trigger
from bot.slack.listeners.notify import Notifier
from bot.slack.listeners.views import publish_home

log = logging.getLogger(__name__)


def takeaway_submitted(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    deps = deps_of(context)
    view = body["view"]
    try:
        form = read_takeaway_form(
            (view.get("state") or {}).get("values") or {}, today=deps.services.clock().date()
        )
    except FormErrors as invalid:
        ack(response_action="errors", errors=invalid.errors)
        return
    origin = ModalOrigin.from_metadata(view.get("private_metadata"))
    actor = actor_from_interaction(body, context, client, deps.users, channel_id=origin.channel_id)
    ack()  # closes the modal; storing happens after, off the listener thread
    # Not after_ack: a failure here is told in a DM or the origin's thread, with the text
    # handed back, since the modal that held it is gone.
    trigger_id = body.get("trigger_id")

    def store_once() -> None:
        if first_trigger(deps.services, trigger_id, actor.team_id):
            store(deps, form, actor, origin, client)

    deps.work.submit(store_once)


def store(
    deps: Deps, form: TakeawayForm, actor: Actor, origin: ModalOrigin, client: WebClient
) -> None:
    notify = Notifier(client, user_id=actor.user_id, response_url=origin.response_url)
    try:
        if form.source_author:
            name = display_name(
                client, deps.users, actor.team_id, form.source_author, fallback=form.source_author
            )
            form = dataclasses.replace(form, source_author_name=name)
        if form.followup is not None and form.followup.owner:
            owner_name = display_name(
                client, deps.users, actor.team_id, form.followup.owner, fallback=form.followup.owner
            )
            form = dataclasses.replace(
                form, followup=dataclasses.replace(form.followup, owner_name=owner_name)
            )
        result = deps.services.submissions.submit(actor, form)
    except Exception as error:
        notify(not_saved_message(error_reply(error, team_id=actor.team_id), form.draft.text))
        return
    saved = saved_from_form(result.takeaway, form.followup, result.similar, result.related)
    # A near-duplicate needs the choice put to the person, even from the Home tab.
    if origin.kind != "home" or result.similar:
        notify(saved)
        return
    try:
        # The new takeaway shows up under "Your recent takeaways": that is the answer.
        publish_home(client, deps.services, actor)
    except Exception:
        # Saved all the same: say so in the DM instead, and keep the trace.
        log.exception("could not refresh App Home after a save (team %s)", actor.team_id)
        notify(saved)


def register(app: App) -> None:
    app.view(CALLBACK_ID)(takeaway_submitted)
