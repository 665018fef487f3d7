"""How jobs reach people: the one seam between the job use cases and Slack.

The digest and reminder runs decide what is sent and record that it was (exactly once,
claimed in the database); sending is the Slack adapter's (bot.slack.delivery). A send
that fails for a reason outside our code (Slack refused, no installation, network)
raises DeliveryFailed with the reason, which is recorded and logged in one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from bot.errors import TakeawaysError
from bot.services.digest import DigestContent
from bot.services.reminders import ReminderBatch

if TYPE_CHECKING:  # revisits send through a Delivery: only the type here
    from bot.services.revisits import RevisitBatch


class DeliveryFailed(TakeawaysError):
    """Slack (or the way to it) refused a send; `message` says why, in a word or two."""


class Delivery(Protocol):
    def post_digest(self, channel_id: str, content: DigestContent) -> str:
        """Post the digest in the channel; return the message ts."""
        ...

    def send_reminder(self, batch: ReminderBatch) -> tuple[str, str]:
        """DM the person their daily message (follow-ups due, briefs); return the DM channel
        and the message ts."""
        ...

    def send_revisit(self, batch: RevisitBatch) -> tuple[str, str]:
        """DM the author the takeaways to revisit; return the DM channel and message ts."""
        ...

    def user_timezone(self, team_id: str, user_id: str) -> str | None:
        """The person's IANA timezone, or None when Slack could not say (not remembered).
        Raises DeliveryFailed when the workspace cannot be reached at all."""
        ...
