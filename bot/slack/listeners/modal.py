"""The add modal: opening it (right after the ack, while the trigger_id is valid) and its
submission (validated before the ack; stored after it)."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import TakeawaysError, Unavailable
from bot.services.actor import Actor
from bot.services.container import Services
from bot.services.submissions import TakeawayForm
from bot.slack.background import BackgroundWork
from bot.slack.blocks.modal import (
    CALLBACK_ID,
    ModalOrigin,
    ModalPrefill,
    not_saved_message,
    saved_from_form,
    takeaway_modal,
)
from bot.slack.forms import FormErrors, read_takeaway_form
from bot.slack.listeners.context import actor_from_interaction, display_name
from bot.slack.listeners.errors import error_reply
from bot.slack.listeners.home import publish_home
from bot.slack.listeners.notify import Notifier
from bot.slack.users import UserDirectory

log = logging.getLogger(__name__)


def prefill_conference(services: Services, actor: Actor) -> str | None:
    """The conference to suggest; a database hiccup only costs the suggestion."""
    try:
        return services.submissions.prefill_conference(actor)
    except Unavailable as error:
        log.warning("no conference prefill (team %s): %s", actor.team_id, error.__cause__)
        return None


def open_takeaway_modal(
    client: WebClient,
    services: Services,
    *,
    trigger_id: str,
    origin: ModalOrigin,
    prefill: ModalPrefill,
) -> None:
    """views.open; a trigger_id is only good for 3 seconds, so call this right after ack."""
    view = takeaway_modal(prefill, origin, with_followup=services.submissions.followups_enabled)
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as exc:
        reason = exc.response.get("error") if exc.response is not None else "no answer"
        raise TakeawaysError(
            f"Slack could not open the form ({reason}). Please try again.",
            hint='Or add it in one line: `/takeaway add <text> #tag conf:"..."`',
        ) from exc


def register(app: App, services: Services, users: UserDirectory, work: BackgroundWork) -> None:
    @app.view(CALLBACK_ID)
    def takeaway_submitted(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        view = body["view"]
        try:
            form = read_takeaway_form(
                (view.get("state") or {}).get("values") or {},
                today=services.clock().date(),
                followups_enabled=services.submissions.followups_enabled,
            )
        except FormErrors as invalid:
            ack(response_action="errors", errors=invalid.errors)
            return
        origin = ModalOrigin.from_metadata(view.get("private_metadata"))
        actor = actor_from_interaction(body, context, client, users, channel_id=origin.channel_id)
        ack()  # closes the modal; storing happens after, off the listener thread
        work.submit(lambda: store(form, actor, origin, client))

    def store(form: TakeawayForm, actor: Actor, origin: ModalOrigin, client: WebClient) -> None:
        notify = Notifier(client, user_id=actor.user_id, response_url=origin.response_url)
        try:
            if form.source_author:
                name = display_name(
                    client, users, actor.team_id, form.source_author, fallback=form.source_author
                )
                form = dataclasses.replace(form, source_author_name=name)
            if form.followup is not None and form.followup.owner:
                owner_name = display_name(
                    client, users, actor.team_id, form.followup.owner, fallback=form.followup.owner
                )
                form = dataclasses.replace(
                    form, followup=dataclasses.replace(form.followup, owner_name=owner_name)
                )
            submitted = services.submissions.submit(actor, form)
        except Exception as error:
            notify(not_saved_message(error_reply(error, team_id=actor.team_id), form.draft.text))
            return
        saved = saved_from_form(submitted.takeaway, form.followup)
        if origin.kind != "home":
            notify(saved)
            return
        try:
            # The new takeaway shows up under "Your recent takeaways": that is the answer.
            publish_home(client, services, actor)
        except Exception:
            # Saved all the same: say so in the DM instead, and keep the trace.
            log.exception("could not refresh App Home after a save (team %s)", actor.team_id)
            notify(saved)
