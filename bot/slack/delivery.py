"""Jobs' messages, sent with Slack: the digest to its channel, reminders to owners' DMs.

Everything Slack (or the way to it) can refuse becomes DeliveryFailed, with Slack's own
error word when it gave one, so the job use cases record and log it in one line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.services.delivery import DeliveryFailed
from bot.services.digest import DigestContent
from bot.services.reminders import ReminderBatch
from bot.services.revisits import RevisitBatch
from bot.slack.blocks.digest import digest_thread
from bot.slack.blocks.followups import reminder as reminder_message
from bot.slack.blocks.kit import Message
from bot.slack.blocks.revisits import revisit_message
from bot.slack.clients import NotInstalled, SlackClients

log = logging.getLogger(__name__)
# NotInstalled (OAuth mode): the workspace's installation is gone.
SLACK_ERRORS = (SlackApiError, SlackClientError, OSError, NotInstalled)


def _reason(error: BaseException) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error") or error)
    if isinstance(error, NotInstalled):
        return error.message
    return f"{error.__class__.__name__}: {error}"


@contextmanager
def _delivering() -> Iterator[None]:
    try:
        yield
    except SLACK_ERRORS as exc:
        raise DeliveryFailed(_reason(exc)) from exc


class SlackDelivery:
    def __init__(self, clients: SlackClients) -> None:
        self._clients = clients

    def _client(self, team_id: str) -> WebClient:
        with _delivering():
            return self._clients.for_team(team_id)

    def post_digest(self, channel_id: str, content: DigestContent) -> str:
        summary, details = digest_thread(content)
        client = self._client(content.team_id)
        with _delivering():
            response = client.chat_postMessage(
                channel=channel_id,
                text=summary["text"],
                blocks=summary["blocks"],
                unfurl_links=False,
                unfurl_media=False,
            )
            ts = str(response.get("ts") or "")
        if details is not None:
            try:
                client.chat_postMessage(
                    channel=channel_id,
                    thread_ts=ts,
                    text=details["text"],
                    blocks=details["blocks"],
                    unfurl_links=False,
                    unfurl_media=False,
                )
            except SLACK_ERRORS as exc:
                # The summary is in the channel: failing the run would post it again on
                # the next tick (and mention its owners twice). The thread is lost once.
                log.warning(
                    "digest details thread in %s failed (%s); the summary was posted",
                    channel_id,
                    _reason(exc),
                )
        return ts

    def send_reminder(self, batch: ReminderBatch) -> tuple[str, str]:
        return self._direct_message(batch.team_id, batch.owner, reminder_message(batch))

    def _direct_message(self, team_id: str, user_id: str, message: Message) -> tuple[str, str]:
        """Open the DM with a person and post there; the DM channel and message ts."""
        client = self._client(team_id)
        with _delivering():
            channel = client.conversations_open(users=user_id)["channel"]["id"]
            response = client.chat_postMessage(
                channel=channel, text=message["text"], blocks=message["blocks"], unfurl_links=False
            )
        return str(channel), str(response.get("ts"))

    def send_revisit(self, batch: RevisitBatch) -> tuple[str, str]:
        return self._direct_message(batch.team_id, batch.author, revisit_message(batch.items))

    def user_timezone(self, team_id: str, user_id: str) -> str | None:
        # Outside the try below: a workspace without an installation fails the reminder,
        # clearly, rather than silently falling back to UTC.
        client = self._client(team_id)
        try:
            user = client.users_info(user=user_id)["user"]
        except SLACK_ERRORS as exc:
            log.warning("no timezone for %s in %s (%s); using UTC", user_id, team_id, _reason(exc))
            return None
        return str(user.get("tz") or "UTC")
