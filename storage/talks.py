"""Conference schedules (talks), who stars which talk and who goes to which conference.

Repositories: they take the session and never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from storage.models import ConferenceAttendee, Talk, TalkStar, Workspace
from storage.sql import insert_if_absent


@dataclass(frozen=True)
class TalkDetails:
    """What a schedule says of a talk."""

    title: str
    speakers: tuple[str, ...] = ()
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    room: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class NewTalk:
    uid: str
    conference: str
    details: TalkDetails


@dataclass(frozen=True)
class Upserted:
    created: int
    updated: int
    unchanged: int


def _fields(talk: NewTalk) -> dict[str, object]:
    details = talk.details
    return {
        "conference": talk.conference,
        "title": details.title,
        "speakers": list(details.speakers),
        "starts_at": details.starts_at,
        "ends_at": details.ends_at,
        "room": details.room,
        "url": details.url,
    }


def _next_numbers(session: Session, team_id: str) -> int:
    """The first free talk number of the workspace. The no-op UPDATE takes the workspace
    row's lock first, so two imports into one workspace take turns instead of racing for
    the same numbers (the row must exist: storage.takeaways.ensure_workspace)."""
    session.execute(
        update(Workspace)
        .where(Workspace.team_id == team_id)
        .values(takeaway_seq=Workspace.takeaway_seq)
        .execution_options(synchronize_session=False)
    )
    last = session.scalar(select(func.max(Talk.number)).where(Talk.team_id == team_id))
    return int(last or 0) + 1


def upsert_talks(
    *, session: Session, team_id: str, talks: Sequence[NewTalk], now: datetime
) -> Upserted:
    """Add new talks and bring known ones (same uid) up to date with the schedule."""
    known = {
        t.uid: t
        for t in session.scalars(
            select(Talk).where(Talk.team_id == team_id, Talk.uid.in_([t.uid for t in talks]))
        )
    }
    created = updated = unchanged = 0
    number = _next_numbers(session, team_id)
    for talk in talks:
        row = known.get(talk.uid)
        values = _fields(talk)
        if row is None:
            row = Talk(team_id=team_id, uid=talk.uid, number=number, created_at=now, updated_at=now)
            for key, value in values.items():
                setattr(row, key, value)
            session.add(row)
            known[talk.uid] = row
            number += 1
            created += 1
        elif any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            row.updated_at = now
            updated += 1
        else:
            unchanged += 1
    session.flush()
    return Upserted(created, updated, unchanged)


def restore_talk(
    *,
    session: Session,
    team_id: str,
    talk: NewTalk,
    created_at: datetime,
    updated_at: datetime,
    stars: Sequence[tuple[str, datetime]],
) -> bool:
    """An exported talk, as it was (import of a backup); True when it was not there yet.
    Its stars are added either way (one already there is kept)."""
    row = session.scalar(select(Talk).where(Talk.team_id == team_id, Talk.uid == talk.uid))
    created = row is None
    if row is None:
        row = Talk(
            team_id=team_id,
            uid=talk.uid,
            number=_next_numbers(session, team_id),
            created_at=created_at,
            updated_at=updated_at,
            **_fields(talk),
        )
        session.add(row)
        session.flush()
    for user_id, starred_at in stars:
        insert_if_absent(
            session,
            TalkStar,
            {"talk_id": row.id, "user_id": user_id, "team_id": team_id, "created_at": starred_at},
        )
    return created


def talks_of(*, session: Session, team_id: str, conference: str) -> list[Talk]:
    """A conference's talks, earliest first (talks without a time last)."""
    return list(
        session.scalars(
            select(Talk)
            .where(Talk.team_id == team_id, Talk.conference == conference)
            .order_by(Talk.starts_at.is_(None), Talk.starts_at, Talk.number)
        )
    )


def all_talks(*, session: Session, team_id: str) -> list[Talk]:
    return list(session.scalars(select(Talk).where(Talk.team_id == team_id).order_by(Talk.number)))


def get_talk(*, session: Session, team_id: str, number: int) -> Talk | None:
    return session.scalar(select(Talk).where(Talk.team_id == team_id, Talk.number == number))


def star(*, session: Session, talk: Talk, user_id: str, now: datetime) -> bool:
    """True when the user had not starred it yet."""
    return insert_if_absent(
        session,
        TalkStar,
        {"talk_id": talk.id, "user_id": user_id, "team_id": talk.team_id, "created_at": now},
    )


def unstar(*, session: Session, talk: Talk, user_id: str) -> None:
    session.execute(
        delete(TalkStar).where(TalkStar.talk_id == talk.id, TalkStar.user_id == user_id)
    )


def stars_by_talk(*, session: Session, talk_ids: Sequence[int]) -> dict[int, list[TalkStar]]:
    found: dict[int, list[TalkStar]] = {}
    if not talk_ids:
        return found
    for row in session.scalars(
        select(TalkStar)
        .where(TalkStar.talk_id.in_(list(talk_ids)))
        .order_by(TalkStar.created_at, TalkStar.user_id)
    ):
        found.setdefault(row.talk_id, []).append(row)
    return found


def starred_talks(
    *, session: Session, team_id: str, user_id: str, conference: str | None = None
) -> list[Talk]:
    """The talks a user starred (of one conference), earliest first."""
    stmt = (
        select(Talk)
        .join(TalkStar, TalkStar.talk_id == Talk.id)
        .where(TalkStar.team_id == team_id, TalkStar.user_id == user_id)
        .order_by(Talk.starts_at.is_(None), Talk.starts_at, Talk.number)
    )
    if conference is not None:
        stmt = stmt.where(Talk.conference == conference)
    return list(session.scalars(stmt))


def attend(
    *, session: Session, team_id: str, conference: str, user_id: str, user_name: str, now: datetime
) -> bool:
    """True when the user was not down as going yet."""
    return insert_if_absent(
        session,
        ConferenceAttendee,
        {
            "team_id": team_id,
            "conference": conference,
            "user_id": user_id,
            "user_name": user_name,
            "created_at": now,
        },
    )


def attendees(
    *, session: Session, team_id: str, conference: str | None = None
) -> list[ConferenceAttendee]:
    stmt = (
        select(ConferenceAttendee)
        .where(ConferenceAttendee.team_id == team_id)
        .order_by(ConferenceAttendee.conference, ConferenceAttendee.created_at)
    )
    if conference is not None:
        stmt = stmt.where(ConferenceAttendee.conference == conference)
    return list(session.scalars(stmt))
