"""Typed data access. Every function takes the session as a keyword and never commits:
the caller owns the transaction (one per request or job)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, case, delete, func, insert, select, update
from sqlalchemy.orm import Session

from storage import merges
from storage.models import (
    IMPORT_AUTHOR,
    ChannelConference,
    SearchChange,
    SlackEventClaim,
    Takeaway,
    TakeawayTag,
    Workspace,
)
from storage.numbers import by_ref, by_refs, reserve
from storage.sql import insert_if_absent

# Versions of change log kept per workspace; a search index further behind rebuilds.
CHANGE_LOG_VERSIONS = 10_000
PRUNE_EVERY = 500
# Rows per round trip when reading many takeaways for the search index.
INDEX_BATCH = 5_000


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
        # The first requests of a new workspace arrive together: insert idempotently.
        insert_if_absent(
            session,
            Workspace,
            {
                "team_id": team_id,
                "enterprise_id": enterprise_id,
                "created_at": now,
                "content_version": 0,
            },
        )
        workspace = session.get(Workspace, team_id, populate_existing=True)
        assert workspace is not None
    return workspace


def enterprise_of(*, session: Session, team_id: str) -> str | None:
    """The Enterprise Grid org a workspace belongs to, as its requests said; None if unknown."""
    return session.scalar(select(Workspace.enterprise_id).where(Workspace.team_id == team_id))


def record_change(*, session: Session, team_id: str, takeaway_ids: Iterable[int]) -> int:
    """Bump the workspace's content version and log which takeaways changed; returns the
    new version. The UPDATE locks the workspace row until commit, so writers of one
    workspace take turns and versions become visible in order."""
    session.execute(
        update(Workspace)
        .where(Workspace.team_id == team_id)
        .values(content_version=Workspace.content_version + 1)
        .execution_options(synchronize_session=False)
    )
    version = content_version(session=session, team_id=team_id)
    rows = [
        {"team_id": team_id, "seq": version, "takeaway_id": takeaway_id}
        for takeaway_id in sorted(set(takeaway_ids))
    ]
    if rows:
        session.execute(insert(SearchChange), rows)
    if version % PRUNE_EVERY == 0 and version > CHANGE_LOG_VERSIONS:
        session.execute(
            delete(SearchChange).where(
                SearchChange.team_id == team_id,
                SearchChange.seq <= version - CHANGE_LOG_VERSIONS,
            )
        )
    return version


def changes_since(
    *, session: Session, team_id: str, after: int, upto: int
) -> list[tuple[int, int]]:
    """(version, takeaway id) logged after version `after` up to `upto`, oldest first."""
    rows = session.execute(
        select(SearchChange.seq, SearchChange.takeaway_id)
        .where(
            SearchChange.team_id == team_id,
            SearchChange.seq > after,
            SearchChange.seq <= upto,
        )
        .order_by(SearchChange.seq, SearchChange.takeaway_id)
    )
    return [(int(seq), int(takeaway_id)) for seq, takeaway_id in rows]


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
        number=reserve(session=session, team_id=team_id, kind="takeaway"),
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
        # Loaded with every takeaway read; a new one starts with none.
        plus_one_rows=[],
        coauthors=[],
        superseded_by=None,
    )
    set_tags(session=session, takeaway=takeaway, tags=tags)
    session.add(takeaway)
    session.flush()
    return takeaway


def get_takeaway(*, session: Session, team_id: str, ref: int) -> Takeaway | None:
    """The workspace's takeaway #ref (its number), or the one #ref was merged into; other
    workspaces' look like missing ones."""
    found = session.scalar(
        select(Takeaway).where(Takeaway.team_id == team_id, by_ref(Takeaway, ref))
    )
    if found is None:
        found = merges.alias_target(session=session, team_id=team_id, ref=ref)
    return found


def get_takeaways_by_ref(
    *, session: Session, team_id: str, refs: Sequence[int]
) -> dict[int, Takeaway]:
    """The workspace's takeaways with these numbers, by number (a merged number gives the
    takeaway it was merged into)."""
    if not refs:
        return {}
    wanted = sorted(set(refs))
    rows = session.scalars(
        select(Takeaway).where(Takeaway.team_id == team_id, by_refs(Takeaway, wanted))
    )
    found = {row.ref: row for row in rows}
    missing = [ref for ref in wanted if ref not in found]
    found.update(merges.alias_targets(session=session, team_id=team_id, refs=missing))
    return found


def get_takeaways(*, session: Session, team_id: str, ids: Sequence[int]) -> dict[int, Takeaway]:
    if not ids:
        return {}
    # By primary key only: with `team_id = ?` in the query, SQLite's planner prefers the
    # team index and reads every takeaway of the workspace (25 ms at 100k instead of 0.3).
    rows = session.scalars(select(Takeaway).where(Takeaway.id.in_(list(ids))))
    return {row.id: row for row in rows if row.team_id == team_id}


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


def _like_escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def quick_search(
    *,
    session: Session,
    team_id: str,
    words: Sequence[str],
    tags: Sequence[str],
    flt: TakeawayFilter,
    limit: int,
) -> list[tuple[Takeaway, int]]:
    """Takeaways naming the most of these words (as substrings of the text, talk or
    conference) or tags, newest first among equals, with how many they name. A plain scan,
    for the moments the search index is not built yet: no typos, no ranking by rarity."""
    haystack = func.lower(
        Takeaway.text
        + " "
        + func.coalesce(Takeaway.talk, "")
        + " "
        + func.coalesce(Takeaway.conference, "")
    )
    parts: list[ColumnElement[int]] = [
        case((haystack.like(f"%{_like_escaped(word.lower())}%", escape="\\"), 1), else_=0)
        for word in words
    ]
    parts += [
        case(
            (
                select(TakeawayTag.takeaway_id)
                .where(TakeawayTag.takeaway_id == Takeaway.id, TakeawayTag.tag == tag)
                .exists(),
                1,
            ),
            else_=0,
        )
        for tag in tags
    ]
    if not parts:
        return []
    score = sum(parts[1:], parts[0]).label("score")
    stmt = (
        _filtered(team_id, flt)
        .add_columns(score)
        .where(score > 0)
        .order_by(score.desc(), Takeaway.created_at.desc(), Takeaway.id.desc())
        .limit(limit)
    )
    return [(row[0], int(row[1])) for row in session.execute(stmt)]


@dataclass(frozen=True)
class IndexRow:
    """The fields search indexes, read without building ORM objects (100k at a time)."""

    id: int
    text: str
    tags: tuple[str, ...]
    conference: str | None
    talk: str | None
    author: str
    created_at: datetime


_INDEX_COLUMNS = (
    Takeaway.id,
    Takeaway.text,
    Takeaway.conference,
    Takeaway.talk,
    Takeaway.author,
    Takeaway.created_at,
)


def _with_tags(session: Session, rows: Sequence[Any], *, scattered: bool = False) -> list[IndexRow]:
    """Rows with their tags, read by primary key (see get_takeaways on why not `team_id = ?`):
    a range for a run of consecutive ids, the ids themselves when they are `scattered`
    (changed notes: ids 2 and 99,999 would otherwise read every tag between them)."""
    if not rows:
        return []
    wanted = {int(r.id) for r in rows}
    tags: dict[int, list[str]] = {}
    by_key = (
        TakeawayTag.takeaway_id.in_(sorted(wanted))
        if scattered
        else TakeawayTag.takeaway_id.between(min(wanted), max(wanted))
    )
    for takeaway_id, tag in session.execute(
        select(TakeawayTag.takeaway_id, TakeawayTag.tag)
        .where(by_key)
        .order_by(TakeawayTag.takeaway_id, TakeawayTag.position)
    ):
        if takeaway_id in wanted:
            tags.setdefault(int(takeaway_id), []).append(str(tag))
    return [
        IndexRow(
            id=int(r.id),
            text=str(r.text),
            tags=tuple(tags.get(int(r.id), ())),
            conference=r.conference,
            talk=r.talk,
            author=str(r.author),
            created_at=r.created_at,
        )
        for r in rows
    ]


def index_rows(
    *, session: Session, team_id: str, ids: Sequence[int] | None = None
) -> Iterator[IndexRow]:
    """Takeaways of a workspace for the search index, by id; all of them when ids is None.

    Given ids are read by primary key and the workspace checked here (with `team_id = ?`
    SQLite may prefer the (team_id, created_at) index and read the whole workspace). A
    whole workspace is read in id order through the (team_id, id) index, so its cost is
    the workspace's size, not the size of every workspace in the database.
    """
    columns = (*_INDEX_COLUMNS, Takeaway.team_id)
    if ids is not None:
        wanted = sorted(set(ids))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = session.execute(
                select(*columns).where(Takeaway.id.in_(chunk)).order_by(Takeaway.id)
            ).all()
            yield from _with_tags(
                session, [r for r in rows if r.team_id == team_id], scattered=True
            )
        return
    after = 0
    while True:
        rows = session.execute(
            select(*columns)
            .where(Takeaway.team_id == team_id, Takeaway.id > after)
            .order_by(Takeaway.id)
            .limit(INDEX_BATCH)
        ).all()
        if not rows:
            return
        yield from _with_tags(session, rows)
        after = int(rows[-1].id)


def takeaways_created_between(
    *, session: Session, team_id: str, start: datetime, end: datetime, limit: int
) -> list[Takeaway]:
    """Takeaways people recorded in (start, end], oldest first (imports are counted apart:
    imported_between)."""
    return list(
        session.scalars(
            select(Takeaway)
            .where(*_recorded_between(team_id, start, end))
            .order_by(Takeaway.created_at, Takeaway.id)
            .limit(limit)
        )
    )


def count_created_between(*, session: Session, team_id: str, start: datetime, end: datetime) -> int:
    """How many takeaways people recorded in (start, end], imports not included."""
    stmt = select(func.count(Takeaway.id)).where(*_recorded_between(team_id, start, end))
    return int(session.scalar(stmt) or 0)


def imported_between(
    *, session: Session, team_id: str, start: datetime, end: datetime
) -> list[tuple[str | None, int]]:
    """Imported notes stored in (start, end], counted by conference, biggest first."""
    stmt = (
        select(Takeaway.conference, func.count(Takeaway.id))
        .where(
            Takeaway.team_id == team_id,
            Takeaway.created_at > start,
            Takeaway.created_at <= end,
            Takeaway.author == IMPORT_AUTHOR,
        )
        .group_by(Takeaway.conference)
        .order_by(func.count(Takeaway.id).desc(), Takeaway.conference)
    )
    return [(conference, int(count)) for conference, count in session.execute(stmt)]


def _recorded_between(team_id: str, start: datetime, end: datetime) -> list[ColumnElement[bool]]:
    return [
        Takeaway.team_id == team_id,
        Takeaway.created_at > start,
        Takeaway.created_at <= end,
        Takeaway.author != IMPORT_AUTHOR,
    ]


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
    insert_if_absent(
        session,
        ChannelConference,
        {
            "team_id": team_id,
            "channel_id": channel_id,
            "conference": conference,
            "set_by": set_by,
            "updated_at": now,
        },
    )
    row = session.get(ChannelConference, (team_id, channel_id), populate_existing=True)
    assert row is not None
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
    """Record an Events API delivery; False when some replica already claimed it."""
    return insert_if_absent(
        session, SlackEventClaim, {"event_id": event_id, "team_id": team_id, "claimed_at": now}
    )


def prune_event_claims(*, session: Session, before: datetime) -> None:
    """Forget claims older than any retry Slack would still send."""
    session.execute(delete(SlackEventClaim).where(SlackEventClaim.claimed_at < before))
