"""Conferences as events: their schedule, who goes, and who means to attend which talk."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot import grammar as c
from bot.errors import InvalidInput, NotFound
from bot.grammar import CONFERENCE_LIMIT
from bot.services.actor import Actor
from bot.services.clock import Clock
from bot.services.transactions import transaction
from bot.transfer.schedules import ParsedTalk, talk_uid
from storage import reports as report_repo
from storage import takeaways as takeaway_repo
from storage import talks as repo
from storage.models import Talk


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


@dataclass(frozen=True)
class HomeTalk:
    """A talk on someone's Home tab: of a conference they go to, with their star."""

    number: int
    title: str
    conference: str
    starts_at: datetime | None
    room: str | None
    starred: bool


# Notes come during a talk and just after it; a talk without an end lasts this long.
AFTER_TALK = timedelta(minutes=15)
TALK_WITHOUT_END = timedelta(minutes=45)


def running(talks: Sequence[Talk], now: datetime) -> Talk | None:
    """The talk going on now (or just over) among these, the latest started if several."""
    found = [
        t
        for t in talks
        if t.starts_at is not None
        and t.starts_at <= now <= (t.ends_at or t.starts_at + TALK_WITHOUT_END) + AFTER_TALK
    ]
    return max(found, key=lambda t: t.starts_at or now, default=None)


class AttendanceService:
    """Who goes where and who stars which talk. Entity service: takes the caller's session."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def _known_spelling(self, session: Session, team_id: str, name: str) -> str:
        """The conference as the workspace already spells it, else as typed."""
        name = conference_name(name)
        known = report_repo.conference_names(session=session, team_id=team_id)
        return next((k for k in known if k.casefold() == name.casefold()), name)

    def going(self, session: Session, actor: Actor, name: str) -> tuple[str, bool, int]:
        """Record that the requester goes; (conference, newly recorded, talks known)."""
        conference = self._known_spelling(session, actor.team_id, name)
        takeaway_repo.ensure_workspace(
            session=session,
            team_id=actor.team_id,
            enterprise_id=actor.enterprise_id,
            now=self._clock(),
        )
        new = repo.attend(
            session=session,
            team_id=actor.team_id,
            conference=conference,
            user_id=actor.user_id,
            user_name=actor.user_name,
            now=self._clock(),
        )
        talks = repo.talks_of(session=session, team_id=actor.team_id, conference=conference)
        return conference, new, len(talks)

    def star(
        self, session: Session, actor: Actor, number: int, starred: bool | None
    ) -> tuple[Talk, bool, bool]:
        """Star (True), unstar (False) or flip (None) a talk; (talk, starred now, changed).
        Starring a talk also records that the requester goes to its conference."""
        talk = repo.get_talk(session=session, team_id=actor.team_id, number=number)
        if talk is None:
            raise NotFound(
                f'There is no talk #{number} here. `/takeaway talks "<conference>"` lists them.'
            )
        mine = {
            t.id
            for t in repo.starred_talks(
                session=session, team_id=actor.team_id, user_id=actor.user_id
            )
        }
        want = (talk.id not in mine) if starred is None else starred
        if want:
            changed = repo.star(
                session=session, talk=talk, user_id=actor.user_id, now=self._clock()
            )
            repo.attend(
                session=session,
                team_id=actor.team_id,
                conference=talk.conference,
                user_id=actor.user_id,
                user_name=actor.user_name,
                now=self._clock(),
            )
        else:
            changed = talk.id in mine
            repo.unstar(session=session, talk=talk, user_id=actor.user_id)
        return talk, want, changed

    def talks(
        self, session: Session, actor: Actor, name: str, words: str = ""
    ) -> tuple[str, list[Talk], set[int]]:
        """A conference's talks (those whose title, speakers or room hold every word),
        and which of them the requester starred."""
        conference = self._known_spelling(session, actor.team_id, name)
        talks = repo.talks_of(session=session, team_id=actor.team_id, conference=conference)
        wanted = words.casefold().split()
        if wanted:
            talks = [
                t
                for t in talks
                if all(
                    w in " ".join([t.title, *(t.speakers or []), t.room or ""]).casefold()
                    for w in wanted
                )
            ]
        starred = {
            t.id
            for t in repo.starred_talks(
                session=session, team_id=actor.team_id, user_id=actor.user_id, conference=conference
            )
        }
        return conference, talks, starred

    def talk_now(self, session: Session, actor: Actor) -> Talk | None:
        """The starred talk the requester is in now, if any."""
        starred = repo.starred_talks(session=session, team_id=actor.team_id, user_id=actor.user_id)
        return running(starred, self._clock())

    def prefill(self, session: Session, actor: Actor, draft: c.Draft) -> c.Draft:
        """A takeaway typed during a talk one starred gets that talk, its conference and
        its link, unless it names another conference or talk (`conf:""` means none)."""
        if draft.talk is not None or draft.conference == "":
            return draft
        talk = self.talk_now(session, actor)
        if talk is None:
            return draft
        if (
            draft.conference is not None
            and draft.conference.casefold() != talk.conference.casefold()
        ):
            return draft
        links = draft.links
        if talk.url and talk.url not in links and len(links) < c.MAX_LINKS:
            links = (*links, talk.url)
        return dataclasses.replace(draft, conference=talk.conference, talk=talk.title, links=links)

    def home_talks(self, session: Session, actor: Actor, *, limit: int) -> list[HomeTalk]:
        """The coming talks of the conferences the requester goes to, earliest first."""
        going = {
            row.conference
            for row in repo.attendees(session=session, team_id=actor.team_id)
            if row.user_id == actor.user_id
        }
        now = self._clock()
        starred = {
            t.id
            for t in repo.starred_talks(
                session=session, team_id=actor.team_id, user_id=actor.user_id
            )
        }
        found: list[HomeTalk] = []
        for conference in sorted(going):
            for t in repo.talks_of(session=session, team_id=actor.team_id, conference=conference):
                if t.ends_at is not None and t.ends_at < now:
                    continue
                found.append(
                    HomeTalk(t.number, t.title, conference, t.starts_at, t.room, t.id in starred)
                )
        found.sort(key=lambda h: (h.starts_at is None, h.starts_at or now, h.number))
        return found[:limit]
