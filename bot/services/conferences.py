"""Conferences as events: their schedule, who goes, and who means to attend which talk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from bot.errors import InvalidInput
from bot.grammar import CONFERENCE_LIMIT
from bot.services.clock import Clock
from bot.services.transactions import transaction
from bot.transfer.schedules import ParsedTalk, talk_uid
from storage import takeaways as takeaway_repo
from storage import talks as repo


@dataclass(frozen=True)
class ScheduleImported:
    team_id: str
    conference: str
    created: int
    updated: int
    unchanged: int


def conference_name(value: str) -> str:
    """A conference name as typed on the command line or in Slack, checked."""
    name = " ".join(value.split())
    if not name:
        raise InvalidInput('Which conference? Give its name, like "KubeCon EU 2025".')
    if len(name) > CONFERENCE_LIMIT:
        raise InvalidInput(
            f"The conference name is too long (at most {CONFERENCE_LIMIT} characters)."
        )
    return name


class ScheduleImports:
    """`takeaways schedule import`: one schedule file, one transaction."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def store(self, team_id: str, conference: str, talks: Sequence[ParsedTalk]) -> ScheduleImported:
        """Add the schedule's new talks and update the known ones (a schedule changes
        until the event): importing the same file twice changes nothing."""
        conference = conference_name(conference)
        now = self._clock()
        rows: dict[str, repo.NewTalk] = {}
        for talk in talks:
            uid = talk_uid(conference, talk.source_id)
            rows[uid] = repo.NewTalk(uid, conference, talk.details)
        with transaction(self._sessions) as session:
            takeaway_repo.ensure_workspace(
                session=session, team_id=team_id, enterprise_id=None, now=now
            )
            done = repo.upsert_talks(
                session=session, team_id=team_id, talks=list(rows.values()), now=now
            )
        return ScheduleImported(team_id, conference, done.created, done.updated, done.unchanged)
