"""The pre-conference brief: for the talks someone starred, what the team already learned
on those topics, who to ask, what nobody has covered yet, and the follow-ups still open
from the previous edition. No Slack, no SQL."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.search.live import IndexedSearch
from bot.services.clock import Clock
from bot.services.reports import ReportService, followup_state
from bot.transfer.serialize import iso
from storage import briefs as brief_repo
from storage import experts as experts_repo
from storage import reports as report_repo
from storage import schedules as schedule_repo
from storage import talks as talk_repo
from storage.models import IMPORT_AUTHOR, Talk
from storage.reports import FollowupFact
from storage.schedules import FAILED, SENT
from storage.takeaways import TakeawayFilter

HITS_PER_TALK = 3
# A hit scoring under this share of the talk's best one is noise next to it (as for ask).
RELATIVE_CUT = 0.4
EXPERTS_SHOWN = 5
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")


@dataclass(frozen=True)
class Known:
    """A takeaway the team already has on a starred talk's topic."""

    number: int
    text: str
    author: str
    author_name: str
    conference: str | None


@dataclass(frozen=True)
class BriefTalk:
    number: int
    title: str
    speakers: tuple[str, ...]
    starts_at: datetime | None
    room: str | None
    url: str | None
    known: list[Known]


@dataclass(frozen=True)
class Brief:
    team_id: str
    user_id: str
    conference: str
    starts_at: datetime | None
    talks: list[BriefTalk]
    previous_edition: str | None = None
    open_followups: list[FollowupFact] = field(default_factory=list)
    # (user, name, how many of the takeaways above are theirs), most first.
    who_to_ask: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def uncovered(self) -> list[BriefTalk]:
        """Starred talks on which the team has nothing yet: worth taking notes at."""
        return [t for t in self.talks if not t.known]


def previous_edition(conference: str, known: list[str]) -> str | None:
    """ "KubeCon EU 2024" for "KubeCon EU 2025": the same name with the latest earlier year."""
    match = _YEAR.search(conference)
    if match is None:
        return None
    year = int(match.group(1))
    base = _YEAR.sub("", conference).casefold().split()
    best: tuple[int, str] | None = None
    for name in known:
        other = _YEAR.search(name)
        if other is None or _YEAR.sub("", name).casefold().split() != base:
            continue
        other_year = int(other.group(1))
        if other_year < year and (best is None or other_year > best[0]):
            best = (other_year, name)
    return best[1] if best else None


def brief_json(brief: Brief) -> dict[str, Any]:
    """`takeaways brief --json`."""
    return {
        "conference": brief.conference,
        "user": brief.user_id,
        "starts_at": iso(brief.starts_at),
        "talks": [
            {
                "id": t.number,
                "title": t.title,
                "speakers": list(t.speakers),
                "starts_at": iso(t.starts_at),
                "room": t.room,
                "url": t.url,
                "known": [
                    {
                        "id": k.number,
                        "text": k.text,
                        "author": k.author,
                        "author_name": k.author_name,
                        "conference": k.conference,
                    }
                    for k in t.known
                ],
            }
            for t in brief.talks
        ],
        "uncovered": [t.number for t in brief.uncovered],
        "previous_edition": brief.previous_edition,
        "open_followups": [
            {
                "id": f.number,
                "text": f.text,
                "owner": f.owner,
                "owner_name": f.owner_name,
                "due": f.due.isoformat() if f.due else None,
                "takeaway_id": f.takeaway_number,
            }
            for f in brief.open_followups
        ],
        "who_to_ask": [{"user": u, "name": n, "takeaways": c} for u, n, c in brief.who_to_ask],
    }


class BriefService:
    """Entity service: each call takes the caller's session."""

    def __init__(
        self,
        search: IndexedSearch,
        reports: ReportService,
        *,
        clock: Clock,
        days_before: int,
        lease: timedelta,
    ) -> None:
        self._search = search
        self._reports = reports
        self._clock = clock
        self._days_before = days_before
        self._lease = lease  # how long a claim without an outcome holds (config)

    def due(self, session: Session, now: datetime) -> dict[tuple[str, str], list[str]]:
        """Whose briefs are due, (team, user) -> conferences: the attendees of every
        conference whose first talk is `days_before` days away or less (counted in days:
        7 days before a Wednesday keynote is the Wednesday before), but those who muted
        briefs or already got that one."""
        days = self._days_before
        due: dict[tuple[str, str], list[str]] = {}
        for team, conference, start in brief_repo.upcoming_conferences(
            session=session, after=now, until=now + timedelta(days=days + 1)
        ):
            if (start.date() - now.date()).days > days:
                continue
            sent = {
                row.user_id
                for row in brief_repo.sent_briefs(
                    session=session, team_id=team, conference=conference
                )
                if row.status == SENT
            }
            for person in talk_repo.attendees(session=session, team_id=team, conference=conference):
                settings = schedule_repo.get_user_settings(
                    session=session, team_id=team, user_id=person.user_id
                )
                if person.user_id in sent or (settings is not None and settings.mute_briefs):
                    continue
                due.setdefault((team, person.user_id), []).append(conference)
        return due

    def claim(self, session: Session, brief: Brief) -> bool:
        """Claim one attendee's brief before it is sent: once, whatever the replicas."""
        return brief_repo.claim_brief(
            session=session,
            team_id=brief.team_id,
            conference=brief.conference,
            user_id=brief.user_id,
            now=self._clock(),
            stale_before=self._clock() - self._lease,
        )

    def finish(
        self,
        session: Session,
        brief: Brief,
        *,
        sent: bool,
        channel_id: str | None = None,
        message_ts: str | None = None,
    ) -> None:
        brief_repo.finish_brief(
            session=session,
            team_id=brief.team_id,
            conference=brief.conference,
            user_id=brief.user_id,
            status=SENT if sent else FAILED,
            now=self._clock(),
            channel_id=channel_id,
            message_ts=message_ts,
        )

    def brief(
        self, session: Session, team_id: str, user_id: str, name: str, *, now: datetime
    ) -> Brief:
        conference = self._reports.resolve(session, team_id, name)
        starred = talk_repo.starred_talks(
            session=session, team_id=team_id, user_id=user_id, conference=conference
        )
        talks = [self._talk(session, team_id, conference, t) for t in starred]
        counts: dict[str, tuple[str, int]] = {}
        for talk in talks:
            for k in talk.known:
                if k.author != IMPORT_AUTHOR:
                    name_, n = counts.get(k.author, (k.author_name, 0))
                    counts[k.author] = (name_ or k.author_name, n + 1)
        # Who to ask: never the reader, nor anyone who asked not to be named (`me hide`).
        hidden = experts_repo.hidden_users(session=session, team_id=team_id)
        experts = sorted(
            ((u, n, c) for u, (n, c) in counts.items() if u != user_id and u not in hidden),
            key=lambda e: (-e[2], e[1].casefold()),
        )
        before = previous_edition(
            conference, report_repo.conference_names(session=session, team_id=team_id)
        )
        waiting: list[FollowupFact] = []
        if before is not None:
            today = now.date()
            waiting = [
                f
                for f in report_repo.followup_facts(
                    session=session, team_id=team_id, conference=before
                )
                if followup_state(f, today) in ("open", "overdue")
            ]
        return Brief(
            team_id=team_id,
            user_id=user_id,
            conference=conference,
            starts_at=brief_repo.first_talk(
                session=session, team_id=team_id, conference=conference
            ),
            talks=talks,
            previous_edition=before,
            open_followups=waiting,
            who_to_ask=experts[:EXPERTS_SHOWN],
        )

    def _talk(self, session: Session, team_id: str, conference: str, talk: Talk) -> BriefTalk:
        result = self._search.search(
            session, team_id=team_id, text=talk.title, flt=TakeawayFilter(), limit=10
        )
        # What the team knew before: notes of this very conference are not "already".
        hits = (
            [] if result.loose else [h for h in result.hits if h.takeaway.conference != conference]
        )
        best = max((h.score for h in hits), default=0.0)
        known = [
            Known(
                number=h.takeaway.ref,
                text=h.takeaway.text,
                author=h.takeaway.author,
                author_name=h.takeaway.author_name or h.takeaway.author,
                conference=h.takeaway.conference,
            )
            for h in hits
            if h.score >= best * RELATIVE_CUT
        ][:HITS_PER_TALK]
        return BriefTalk(
            number=talk.number,
            title=talk.title,
            speakers=tuple(talk.speakers or ()),
            starts_at=talk.starts_at,
            room=talk.room,
            url=talk.url,
            known=known,
        )
