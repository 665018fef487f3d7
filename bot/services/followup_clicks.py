"""The Done and Snooze buttons on follow-ups (reminder DMs, App Home): a use case with
its own transaction, so the listener neither reads nor writes the database itself."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from sqlalchemy.orm import Session, sessionmaker

from bot.services.actor import Actor
from bot.services.followups import FollowupService
from bot.services.reminders import ReminderBatch
from bot.services.transactions import transaction
from storage import followups as repo

# What the Snooze button of a reminder does: the same as `/takeaway snooze <id> 1w`
# (the DM also has "Snooze 1 day" and a date picker).
SNOOZE_BUTTON = "1w"


class FollowupClicks:
    def __init__(self, sessions: sessionmaker[Session], followups: FollowupService) -> None:
        self._sessions = sessions
        self._followups = followups

    def click(
        self,
        actor: Actor,
        followup_id: int,
        verb: Literal["done", "snooze"],
        *,
        until: str = SNOOZE_BUTTON,
    ) -> None:
        """Close or snooze the follow-up. Clicked twice or on two devices: the second
        click changes nothing (and raises nothing): the message is refreshed all the same."""
        with transaction(self._sessions) as session:
            followup = self._followups.get(session, actor, followup_id)
            if followup.status != repo.OPEN:
                return
            if verb == "snooze":
                self._followups.snooze(session, actor, followup_id, until)
            else:
                self._followups.close(session, actor, followup_id, repo.DONE)

    def reminder(self, actor: Actor, refs: Sequence[int]) -> ReminderBatch:
        """The follow-ups a reminder DM shows, as they are now (to re-render it)."""
        with transaction(self._sessions) as session:
            items = repo.get_followups(session=session, team_id=actor.team_id, refs=refs)
        return ReminderBatch(
            team_id=actor.team_id,
            owner=actor.user_id,
            local_date=self._followups.today_for(actor),
            items=items,
        )
