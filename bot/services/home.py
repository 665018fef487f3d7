"""What App Home shows a person: their open follow-ups, their recent takeaways, the
workspace's newest takeaways and its most used tags."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from bot.services.actor import Actor
from bot.services.conferences import AttendanceService, HomeTalk
from bot.services.followups import FollowupService
from bot.services.preferences import Preferences, PreferenceService
from bot.services.reports import ConferenceLine, ReportService
from bot.services.transactions import transaction
from storage import takeaways as repo
from storage.models import Followup, Takeaway

MINE_LIMIT = 5
NEWEST_LIMIT = 5
TAG_LIMIT = 12
FOLLOWUP_LIMIT = 10
TALK_LIMIT = 10


@dataclass(frozen=True)
class HomeData:
    mine: list[Takeaway]
    newest: list[Takeaway]
    top_tags: list[tuple[str, int]]
    followups: Sequence[Followup]
    # Coming talks of the conferences the person goes to (bot.services.conferences).
    talks: list[HomeTalk] = field(default_factory=list)
    # What came of the workspace's recent conferences (bot.services.reports).
    conferences: list[ConferenceLine] = field(default_factory=list)
    # The person's notification settings (`/takeaway me`), with buttons to change them.
    preferences: Preferences | None = None


class HomeService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        followups: FollowupService,
        attendance: AttendanceService | None = None,
        reports: ReportService | None = None,
        preferences: PreferenceService | None = None,
    ) -> None:
        self._reports = reports
        self._preferences = preferences
        self._sessions = sessions
        self._followups = followups
        self._attendance = attendance

    def snapshot(self, actor: Actor) -> HomeData:
        with transaction(self._sessions) as session:
            mine = repo.list_takeaways(
                session=session,
                team_id=actor.team_id,
                flt=repo.TakeawayFilter(author=actor.user_id),
                limit=MINE_LIMIT,
            )
            newest = repo.list_takeaways(
                session=session,
                team_id=actor.team_id,
                flt=repo.TakeawayFilter(),
                limit=NEWEST_LIMIT,
            )
            tags = repo.top_tags(session=session, team_id=actor.team_id, limit=TAG_LIMIT)
            followups = self._followups.open_for(session, actor, limit=FOLLOWUP_LIMIT)
            talks = (
                self._attendance.home_talks(session, actor, limit=TALK_LIMIT)
                if self._attendance
                else []
            )
            conferences = (
                self._reports.digest_lines(session, actor.team_id, self._reports.now())
                if self._reports
                else []
            )
            prefs = self._preferences.show(session, actor) if self._preferences else None
        return HomeData(
            preferences=prefs,
            mine=mine,
            newest=newest,
            top_tags=tags,
            followups=followups,
            talks=talks,
            conferences=conferences,
        )
