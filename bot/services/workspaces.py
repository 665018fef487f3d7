"""What the command line asks of the database as a whole: its workspaces, and a
workspace's follow-ups in full."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker

from bot.services.transactions import transaction
from storage import followups as followup_repo
from storage import takeaways as takeaway_repo
from storage.models import Followup

OPEN_ONLY = (followup_repo.OPEN,)
EVERY_STATUS = (followup_repo.OPEN, followup_repo.DONE, followup_repo.DROPPED)


class Workspaces:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def team_ids(self) -> list[str]:
        with transaction(self._sessions) as session:
            return takeaway_repo.team_ids(session=session)

    def enterprise_of(self, team_id: str) -> str | None:
        """The Enterprise Grid org a workspace belongs to, as its takeaways recorded it."""
        with transaction(self._sessions) as session:
            return takeaway_repo.enterprise_of(session=session, team_id=team_id)

    def followups(self, team_id: str, *, statuses: Sequence[str] = OPEN_ONLY) -> list[Followup]:
        """Every follow-up of the workspace with one of these statuses, soonest due first."""
        with transaction(self._sessions) as session:
            return followup_repo.list_followups(session=session, team_id=team_id, statuses=statuses)
