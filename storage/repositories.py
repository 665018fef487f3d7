"""Typed data access. Every function takes the session as a keyword and never commits:
the caller owns the transaction (one per request or job)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import ChannelConference, SlackEventClaim, Takeaway, TakeawayTag, Workspace


@dataclass(frozen=True)
class TakeawayFilter:
    author: str | None = None
    tags: tuple[str, ...] = ()
    conference: str | None = None


def ensure_workspace(
    *, session: Session, team_id: str, enterprise_id: str | None, now: datetime
) -> Workspace:
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        workspace = Workspace(
            team_id=team_id, enterprise_id=enterprise_id, created_at=now, content_version=0
        )
        session.add(workspace)
        session.flush()
    return workspace


def enterprise_of(*, session: Session, team_id: str) -> str | None:
    """The Enterprise Grid org a workspace belongs to, as its requests said; None if unknown."""
    return session.scalar(select(Workspace.enterprise_id).where(Workspace.team_id == team_id))


def bump_content_version(*, session: Session, team_id: str) -> None:
    session.execute(
        update(Workspace)
        .where(Workspace.team_id == team_id)
        .values(content_version=Workspace.content_version + 1)
    )


def content_version(*, session: Session, team_id: str) -> int:
    value = session.scalar(select(Workspace.content_version).where(Workspace.team_id == team_id))
    return int(value or 0)


def team_ids(*, session: Session) -> list[str]:
    return list(session.scalars(select(Workspace.team_id).order_by(Workspace.team_id)))


def set_tags(*, session: Session, takeaway: Takeaway, tags: Sequence[str]) -> None:
    takeaway.tag_rows = [
        TakeawayTag(tag=tag, team_id=takeaway.team_id, position=i) for i, tag in enumerate(tags)
    ]


def add_takeaway(
    *,
    session: Session,
    team_id: str,
    enterprise_id: str | None,
    text: str,
    tags: Sequence[str],
    conference: str | None,
    talk: str | None,
    links: Sequence[str],
    author: str,
    author_name: str,
    now: datetime,
    source_author: str | None = None,
    source_author_name: str | None = None,
) -> Takeaway:
    takeaway = Takeaway(
        team_id=team_id,
        enterprise_id=enterprise_id,
        text=text,
        conference=conference,
        talk=talk,
        links=list(links),
        author=author,
        author_name=author_name,
        source_author=source_author,
        source_author_name=source_author_name,
        created_at=now,
        updated_at=now,
    )
    set_tags(session=session, takeaway=takeaway, tags=tags)
    session.add(takeaway)
    session.flush()
    return takeaway


def get_takeaway(*, session: Session, team_id: str, takeaway_id: int) -> Takeaway | None:
    """A takeaway of this workspace only: ids from other workspaces look like missing ones."""
    return session.scalar(
        select(Takeaway).where(Takeaway.id == takeaway_id, Takeaway.team_id == team_id)
    )


def get_takeaways(*, session: Session, team_id: str, ids: Sequence[int]) -> dict[int, Takeaway]:
    if not ids:
        return {}
    rows = session.scalars(
        select(Takeaway).where(Takeaway.team_id == team_id, Takeaway.id.in_(list(ids)))
    )
    return {row.id: row for row in rows}


def delete_takeaway(*, session: Session, takeaway: Takeaway) -> None:
    session.delete(takeaway)  # tags go with it (ORM cascade, and ON DELETE CASCADE)
    session.flush()


def _filtered(team_id: str, flt: TakeawayFilter) -> Select[Takeaway]:
    stmt = select(Takeaway).where(Takeaway.team_id == team_id)
    if flt.author:
        stmt = stmt.where(Takeaway.author == flt.author)
    if flt.conference:
        stmt = stmt.where(func.lower(Takeaway.conference) == flt.conference.lower())
    for tag in flt.tags:
        stmt = stmt.where(
            select(TakeawayTag.takeaway_id)
            .where(
                TakeawayTag.team_id == team_id,
                TakeawayTag.tag == tag,
                TakeawayTag.takeaway_id == Takeaway.id,
            )
            .exists()
        )
    return stmt


def list_takeaways(
    *, session: Session, team_id: str, flt: TakeawayFilter, limit: int, offset: int = 0
) -> list[Takeaway]:
    stmt = (
        _filtered(team_id, flt)
        .order_by(Takeaway.created_at.desc(), Takeaway.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(stmt))


def count_takeaways(*, session: Session, team_id: str, flt: TakeawayFilter) -> int:
    sub = _filtered(team_id, flt).with_only_columns(Takeaway.id).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def iter_team_takeaways(*, session: Session, team_id: str) -> list[Takeaway]:
    """Every takeaway of a workspace, oldest first (search index builds)."""
    return list(
        session.scalars(select(Takeaway).where(Takeaway.team_id == team_id).order_by(Takeaway.id))
    )


def takeaways_created_between(
    *, session: Session, team_id: str, start: datetime, end: datetime, limit: int
) -> list[Takeaway]:
    """Takeaways created in (start, end], oldest first."""
    return list(
        session.scalars(
            select(Takeaway)
            .where(
                Takeaway.team_id == team_id,
                Takeaway.created_at > start,
                Takeaway.created_at <= end,
            )
            .order_by(Takeaway.created_at, Takeaway.id)
            .limit(limit)
        )
    )


def count_created_between(*, session: Session, team_id: str, start: datetime, end: datetime) -> int:
    return int(
        session.scalar(
            select(func.count(Takeaway.id)).where(
                Takeaway.team_id == team_id,
                Takeaway.created_at > start,
                Takeaway.created_at <= end,
            )
        )
        or 0
    )


def last_conference_of(*, session: Session, team_id: str, author: str) -> str | None:
    """The conference of the author's newest takeaway that has one."""
    return session.scalar(
        select(Takeaway.conference)
        .where(
            Takeaway.team_id == team_id,
            Takeaway.author == author,
            Takeaway.conference.is_not(None),
        )
        .order_by(Takeaway.created_at.desc(), Takeaway.id.desc())
        .limit(1)
    )


def top_tags(*, session: Session, team_id: str, limit: int) -> list[tuple[str, int]]:
    """The workspace's most used tags with their counts, most used first."""
    count = func.count().label("uses")
    rows = session.execute(
        select(TakeawayTag.tag, count)
        .where(TakeawayTag.team_id == team_id)
        .group_by(TakeawayTag.tag)
        .order_by(count.desc(), TakeawayTag.tag)
        .limit(limit)
    )
    return [(tag, int(uses)) for tag, uses in rows]


def get_channel_conference(
    *, session: Session, team_id: str, channel_id: str
) -> ChannelConference | None:
    return session.get(ChannelConference, (team_id, channel_id))


def set_channel_conference(
    *, session: Session, team_id: str, channel_id: str, conference: str, set_by: str, now: datetime
) -> ChannelConference:
    row = session.get(ChannelConference, (team_id, channel_id))
    if row is None:
        row = ChannelConference(team_id=team_id, channel_id=channel_id)
        session.add(row)
    row.conference = conference
    row.set_by = set_by
    row.updated_at = now
    session.flush()
    return row


def clear_channel_conference(*, session: Session, team_id: str, channel_id: str) -> bool:
    """Remove the channel's default; False when it had none."""
    removed = session.scalar(
        delete(ChannelConference)
        .where(ChannelConference.team_id == team_id, ChannelConference.channel_id == channel_id)
        .returning(ChannelConference.channel_id)
    )
    return removed is not None


def claim_event(*, session: Session, event_id: str, team_id: str, now: datetime) -> bool:
    """Record an Events API delivery; False when some replica already claimed it.

    INSERT .. ON CONFLICT DO NOTHING RETURNING: no IntegrityError to catch (on Postgres it
    would poison the transaction), and RETURNING rather than rowcount, which psycopg
    reports as -1 here.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(SlackEventClaim)
        .values(event_id=event_id, team_id=team_id, claimed_at=now)
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(SlackEventClaim.event_id)
    )
    return session.scalar(stmt) is not None


def prune_event_claims(*, session: Session, before: datetime) -> None:
    """Forget claims older than any retry Slack would still send."""
    session.execute(delete(SlackEventClaim).where(SlackEventClaim.claimed_at < before))
