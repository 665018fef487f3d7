"""What a conference's report reads: counts and columns, never whole ORM rows, so a
10k-takeaway conference is a handful of indexed queries (see benchmarks/report.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from storage.models import (
    IMPORT_AUTHOR,
    ConferenceAttendee,
    Followup,
    Takeaway,
    TakeawayPlusOne,
    TakeawayTag,
    Talk,
)


@dataclass(frozen=True)
class FollowupFact:
    """One follow-up of the conference, as the report needs it."""

    number: int
    text: str
    owner: str
    owner_name: str
    status: str
    due: date | None
    created_at: datetime
    closed_at: datetime | None
    takeaway_number: int | None


@dataclass(frozen=True)
class TakeawayLine:
    number: int
    text: str
    talk: str | None
    author: str
    author_name: str
    created_at: datetime
    followups: int
    source_author_name: str | None = None  # an imported write-up's author
    plus_ones: int = 0  # people who learned it too ("Me too")
    status: str = "current"  # or outdated, superseded (revisits)
    # Who added their angle or whose takeaway was merged in: [{"user", "name"}].
    coauthors: list[dict[str, str]] = field(default_factory=list)


def conference_names(*, session: Session, team_id: str) -> list[str]:
    """Every conference the workspace knows of: named by takeaways, talks or attendance."""
    names = union(
        select(Takeaway.conference.label("name")).where(
            Takeaway.team_id == team_id, Takeaway.conference.is_not(None)
        ),
        select(Talk.conference.label("name")).where(Talk.team_id == team_id),
        select(ConferenceAttendee.conference.label("name")).where(
            ConferenceAttendee.team_id == team_id
        ),
    ).subquery()
    return sorted(str(n) for n in session.scalars(select(names.c.name)) if n)


def count_takeaways(*, session: Session, team_id: str, conference: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Takeaway)
            .where(Takeaway.team_id == team_id, Takeaway.conference == conference)
        )
        or 0
    )


def followup_facts(*, session: Session, team_id: str, conference: str) -> list[FollowupFact]:
    """The follow-ups that came out of the conference's takeaways, oldest first."""
    rows = session.execute(
        select(
            func.coalesce(Followup.number, Followup.id),
            Followup.text,
            Followup.owner,
            Followup.owner_name,
            Followup.status,
            Followup.due,
            Followup.created_at,
            Followup.closed_at,
            func.coalesce(Takeaway.number, Takeaway.id),
        )
        .join(Takeaway, Followup.takeaway_id == Takeaway.id)
        .where(Takeaway.team_id == team_id, Takeaway.conference == conference)
        .order_by(Followup.created_at, Followup.id)
    )
    return [
        FollowupFact(
            number=int(r[0]),
            text=r[1],
            owner=r[2],
            owner_name=r[3] or "",
            status=r[4],
            due=r[5],
            created_at=r[6],
            closed_at=r[7],
            takeaway_number=int(r[8]),
        )
        for r in rows
    ]


def tag_counts(
    *, session: Session, team_id: str, conference: str, limit: int
) -> list[tuple[str, int]]:
    count = func.count().label("n")
    rows = session.execute(
        select(TakeawayTag.tag, count)
        .join(Takeaway, TakeawayTag.takeaway_id == Takeaway.id)
        .where(Takeaway.team_id == team_id, Takeaway.conference == conference)
        .group_by(TakeawayTag.tag)
        .order_by(count.desc(), TakeawayTag.tag)
        .limit(limit)
    )
    return [(str(tag), int(n)) for tag, n in rows]


def takeaway_lines(
    *, session: Session, team_id: str, conference: str, followups: dict[int, int]
) -> list[TakeawayLine]:
    """The conference's takeaways, oldest first; `followups` counts each one's follow-ups
    by takeaway number (from followup_facts, which the report reads anyway)."""
    rows = session.execute(
        select(
            func.coalesce(Takeaway.number, Takeaway.id),
            Takeaway.text,
            Takeaway.talk,
            Takeaway.author,
            Takeaway.author_name,
            Takeaway.created_at,
            Takeaway.source_author_name,
            Takeaway.status,
            Takeaway.coauthors,
            select(func.count())
            .where(TakeawayPlusOne.takeaway_id == Takeaway.id)
            .correlate(Takeaway)
            .scalar_subquery(),
        )
        .where(Takeaway.team_id == team_id, Takeaway.conference == conference)
        .order_by(Takeaway.created_at, Takeaway.id)
    )
    return [
        TakeawayLine(
            number=int(r[0]),
            text=r[1],
            talk=r[2],
            author=r[3],
            author_name=r[4] or "",
            created_at=r[5],
            followups=followups.get(int(r[0]), 0),
            source_author_name=r[6],
            status=r[7] or "current",
            coauthors=list(r[8] or []),
            plus_ones=int(r[9] or 0),
        )
        for r in rows
    ]


def authors(*, session: Session, team_id: str, conference: str) -> list[tuple[str, str]]:
    """(user, name) of the people who recorded the conference's takeaways (not imports)."""
    rows = session.execute(
        select(Takeaway.author, func.max(Takeaway.author_name))
        .where(
            Takeaway.team_id == team_id,
            Takeaway.conference == conference,
            Takeaway.author != IMPORT_AUTHOR,
        )
        .group_by(Takeaway.author)
    )
    return [(str(user), str(name or "")) for user, name in rows]


def recent_conferences(
    *, session: Session, team_id: str, since: datetime, until: datetime
) -> list[str]:
    """Conferences with a takeaway recorded, or a talk held, in [since, until)."""
    names = union(
        select(Takeaway.conference.label("name")).where(
            Takeaway.team_id == team_id,
            Takeaway.conference.is_not(None),
            Takeaway.created_at >= since,
            Takeaway.created_at < until,
        ),
        select(Talk.conference.label("name")).where(
            Talk.team_id == team_id, Talk.starts_at >= since, Talk.starts_at < until
        ),
    ).subquery()
    return sorted(str(n) for n in session.scalars(select(names.c.name)) if n)
