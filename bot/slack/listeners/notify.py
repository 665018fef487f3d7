"""Tell a person something outside a request's reply: through the response_url of the
command or shortcut they started from, or else in their DM with the app."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from slack_sdk import WebClient

from bot.slack.blocks.kit import Message
from bot.slack.listeners.errors import error_reply
from bot.slack.respond import ReliableRespond

log = logging.getLogger(__name__)


class Notifier:
    def __init__(self, client: WebClient, *, user_id: str, response_url: str | None) -> None:
        self._client = client
        self._user_id = user_id
        self._respond = ReliableRespond(response_url=response_url) if response_url else None

    def __call__(self, message: Message) -> None:
        try:
            if self._respond is not None:
                self._respond(response_type="ephemeral", replace_original=False, **message)
            else:
                # A user id as channel posts in the person's DM with the app.
                self._client.chat_postMessage(
                    channel=self._user_id, unfurl_links=False, unfurl_media=False, **message
                )
        except Exception:
            # Nothing else can reach the person; keep the full story for the operator.
            log.exception("could not tell user %s: %s", self._user_id, message["text"])


@contextmanager
def errors_notified(notify: Notifier, *, team_id: str | None) -> Iterator[None]:
    """Like errors_replied, for work whose request had no response_url."""
    try:
        yield
    except Exception as error:
        notify(error_reply(error, team_id=team_id))
