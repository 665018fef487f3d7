"""The answers in a revisit DM: Still true, Outdated, and Superseded by… (a small form
asking which takeaway replaces it)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.errors import InvalidInput, Unavailable
from bot.slack.blocks.revisits import (
    OUTDATED_ACTION,
    SUPERSEDED_ACTION,
    SUPERSEDED_INPUT,
    SUPERSEDED_MODAL,
    VERIFIED_ACTION,
    SupersededForm,
    read_superseded_form,
    revisit_message,
    revisit_refs_in,
    superseded_form,
)
from bot.slack.listeners.buttons import Press, on_button
from bot.slack.listeners.context import actor_from_interaction
from bot.slack.listeners.deps import Deps, deps_of
from bot.slack.listeners.errors import error_reply, errors_replied
from bot.slack.listeners.events import first_trigger
from bot.slack.listeners.views import open_view

log = logging.getLogger(__name__)


def _answered(deps: Deps, press: Press, status: str) -> dict[str, Any]:
    if not press.value.isdigit():
        raise InvalidInput("That button is out of date.")
    revisits = deps.services.revisits
    revisits.answer(press.actor, int(press.value), status)
    # Redraw the DM from the database: the answered one shows its answer, the rest
    # keep their buttons.
    refs = revisit_refs_in((press.body.get("message") or {}).get("blocks") or [])
    return {"replace_original": True, **revisit_message(revisits.takeaways(press.actor, refs))}


def _still_true(deps: Deps, press: Press) -> dict[str, Any]:
    return _answered(deps, press, "current")


def _outdated(deps: Deps, press: Press) -> dict[str, Any]:
    return _answered(deps, press, "outdated")


still_true = on_button(_still_true)
outdated = on_button(_outdated)


def superseded_by(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
) -> None:
    # Opens the form at once, on the listener thread: the trigger_id lasts 3 seconds.
    ack()
    with errors_replied(respond, team_id=context.team_id):
        value = str(action.get("value") or "")
        if not value.isdigit():
            raise InvalidInput("That button is out of date.")
        container = body.get("container") or {}
        message = body.get("message") or {}
        form = SupersededForm(
            ref=int(value),
            newer=0,
            channel_id=container.get("channel_id") or (body.get("channel") or {}).get("id"),
            message_ts=container.get("message_ts") or message.get("ts"),
            shown=tuple(revisit_refs_in(message.get("blocks") or [])),
        )
        actor = actor_from_interaction(body, context, client, deps_of(context).users)
        # Its related takeaways to pick from: one indexed read, well within the trigger's
        # 3 seconds; without them (no database) the form asks for a number.
        try:
            suggestions = deps_of(context).services.revisits.replacements(actor, form.ref)
        except Unavailable:
            suggestions = []  # the form still opens: the number will do
        open_view(client, trigger_id=body["trigger_id"], view=superseded_form(form, suggestions))


def superseded_submitted(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    deps = deps_of(context)
    view = body["view"]
    try:
        form = read_superseded_form(
            (view.get("state") or {}).get("values") or {}, view.get("private_metadata")
        )
    except InvalidInput as invalid:
        ack(response_action="errors", errors={SUPERSEDED_INPUT: invalid.message})
        return
    channel, ts = form.channel_id, form.message_ts
    actor = actor_from_interaction(body, context, client, deps.users, channel_id=channel)
    ack()
    trigger_id = body.get("trigger_id")

    def store() -> None:
        if not first_trigger(deps.services, trigger_id, actor.team_id):
            return
        try:
            revisits = deps.services.revisits
            revisits.answer(actor, form.ref, "superseded", superseded_by=form.newer)
            if channel and ts:
                redrawn = revisit_message(revisits.takeaways(actor, list(form.shown)))
                client.chat_update(
                    channel=channel, ts=ts, text=redrawn["text"], blocks=redrawn["blocks"]
                )
        except Exception as error:
            # The form is closed: say it in the DM where the question was.
            log.info("superseded answer failed (team %s): %s", actor.team_id, error)
            if channel:
                client.chat_postMessage(
                    channel=channel, **error_reply(error, team_id=actor.team_id)
                )

    deps.work.submit(store)


def register(app: App) -> None:
    app.action(VERIFIED_ACTION)(still_true)
    app.action(OUTDATED_ACTION)(outdated)
    app.action(SUPERSEDED_ACTION)(superseded_by)
    app.view(SUPERSEDED_MODAL)(superseded_submitted)
