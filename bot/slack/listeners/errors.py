"""Errors become clear ephemeral replies in one place; unexpected ones are logged in full.

Errors raised after ack() are handled inside the listener (`errors_replied`) rather than
left to Bolt: when a listener raises within a few milliseconds of ack(), Bolt's thread
runner resets the recorded ack (slack_bolt/listener/thread_runner.py, 1.30) and the
request ends as a 404 "didn't call ack()" after three seconds.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_bolt import App, Respond

from bot.errors import TakeawaysError, Unavailable
from bot.slack.blocks.errors import error_message, internal_error_message
from bot.slack.blocks.kit import Message

log = logging.getLogger(__name__)


def error_reply(error: Exception, *, team_id: str | None) -> Message:
    """The message telling the user what went wrong; unexpected errors are logged in full."""
    if isinstance(error, Unavailable):
        log.warning("database unavailable (team %s): %s", team_id, error.__cause__ or error)
        return error_message(error)
    if isinstance(error, TakeawaysError):
        return error_message(error)
    log.error("unhandled error in a listener (team %s)", team_id, exc_info=error)
    return internal_error_message()


def reply_with_error(error: Exception, respond: Respond | None, *, team_id: str | None) -> None:
    reply = error_reply(error, team_id=team_id)
    if respond is not None:
        respond(response_type="ephemeral", replace_original=False, **reply)


@contextmanager
def errors_replied(respond: Respond | None, *, team_id: str | None) -> Iterator[None]:
    """Run work that follows ack(); any error becomes a reply to the user."""
    try:
        yield
    except Exception as error:  # reported in full and answered, never swallowed
        reply_with_error(error, respond, team_id=team_id)


def _team_of(body: dict[str, Any]) -> str | None:
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    return str(team) if team else None


def register(app: App) -> None:
    @app.error
    def handle_error(error: Exception, body: dict[str, Any], respond: Respond) -> None:
        has_url = bool(body.get("response_url") or body.get("response_urls"))
        reply_with_error(error, respond if has_url else None, team_id=_team_of(body))
