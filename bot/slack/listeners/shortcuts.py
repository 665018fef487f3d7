"""The "Save as takeaway" message shortcut: the add modal, prefilled from the message."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import mrkdwn
from bot.grammar import TEXT_LIMIT
from bot.slack.blocks.modal import ModalOrigin
from bot.slack.listeners.context import actor_from_interaction
from bot.slack.listeners.deps import deps_of
from bot.slack.listeners.errors import errors_replied
from bot.slack.listeners.views import open_takeaway_modal, prefill_form

SAVE_SHORTCUT = "save_takeaway"
log = logging.getLogger(__name__)


def _permalink(client: WebClient, channel_id: str, ts: str) -> str | None:
    """The message's link; without it (say, a private channel the bot is not in) the
    form still opens."""
    try:
        link = client.chat_getPermalink(channel=channel_id, message_ts=ts).get("permalink")
    except SlackApiError as exc:
        log.info("no permalink for %s/%s: %s", channel_id, ts, exc.response.get("error"))
        return None
    return str(link) if link else None


def save_as_takeaway(
    ack: Ack,
    shortcut: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
) -> None:
    # The whole listener opens the modal, so it stays on the listener thread (trigger_id).
    ack()
    deps = deps_of(context)
    with errors_replied(respond, team_id=context.team_id):
        message = shortcut.get("message") or {}
        channel_id = (shortcut.get("channel") or {}).get("id")
        actor = actor_from_interaction(shortcut, context, client, deps.users)
        link = _permalink(client, channel_id, message["ts"]) if channel_id else None
        # Message text is Slack-encoded like slash-command text: store what people meant.
        text = mrkdwn.truncate(mrkdwn.decode(message.get("text") or ""), TEXT_LIMIT)
        prefill = prefill_form(
            deps.services,
            actor,
            text=text,
            link=link,
            from_message=True,
            source_author=None if message.get("bot_id") else message.get("user"),
        )
        open_takeaway_modal(
            client,
            trigger_id=shortcut["trigger_id"],
            origin=ModalOrigin("shortcut", channel_id, shortcut.get("response_url") or None),
            prefill=prefill,
        )


def register(app: App) -> None:
    app.shortcut(SAVE_SHORTCUT)(save_as_takeaway)
