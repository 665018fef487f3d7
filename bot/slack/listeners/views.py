"""The views several listeners open or publish: the add modal and the App Home tab."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import TakeawaysError, Unavailable
from bot.services.actor import Actor
from bot.services.container import Services
from bot.slack.blocks.home import home_view
from bot.slack.blocks.modal import ModalOrigin, ModalPrefill, takeaway_modal

log = logging.getLogger(__name__)


def prefill_form(services: Services, actor: Actor, **given: Any) -> ModalPrefill:
    """What the form starts with (the starred talk going on now, else a conference to
    suggest); a database hiccup only costs the suggestion. `given` wins (a message's text
    and link)."""
    try:
        found = services.submissions.prefill(actor)
    except Unavailable as error:
        log.warning("no conference prefill (team %s): %s", actor.team_id, error.__cause__)
        return ModalPrefill(**given)
    suggested = {"conference": found.conference, "talk": found.talk, "link": found.link}
    return ModalPrefill(**{**suggested, **{k: v for k, v in given.items() if v is not None}})


def open_takeaway_modal(
    client: WebClient, *, trigger_id: str, origin: ModalOrigin, prefill: ModalPrefill
) -> None:
    """views.open; a trigger_id is only good for 3 seconds, so call this right after ack."""
    open_view(client, trigger_id=trigger_id, view=takeaway_modal(prefill, origin))


def open_view(client: WebClient, *, trigger_id: str, view: dict[str, Any]) -> None:
    """views.open, right after the ack; Slack's refusal becomes a clear reply."""
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as exc:
        reason = exc.response.get("error") if exc.response is not None else "no answer"
        raise TakeawaysError(
            f"Slack could not open the form ({reason}). Please try again.",
            hint='Or add it in one line: `/takeaway add <text> #tag conf:"..."`',
        ) from exc


def publish_home(client: WebClient, services: Services, actor: Actor) -> None:
    """views.publish the actor's Home tab; also after a change it lists (a Done click)."""
    client.views_publish(user_id=actor.user_id, view=home_view(services.home.snapshot(actor)))
