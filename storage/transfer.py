"""Bulk reads and writes for import and export: many rows a statement, keyed by uid.

Import inserts with ON CONFLICT (team_id, uid) DO NOTHING, so a file imported twice, or
an export imported back into the database it came from, adds nothing the second time.
Export reads a workspace in id order, a batch at a time, so memory stays flat at 100k.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage import merges
from storage.models import DuplicateDismissal, Followup, Takeaway, TakeawayTag, Workspace
from storage.numbers import reserve

# Rows per SELECT when exporting, and uids per IN (...) list.
READ_BATCH = 1_000
_IN_CHUNK = 500


@dataclass(frozen=True)
class NewFollowup:
    uid: str
    text: str
    owner: str
    owner_name: str
    creator: str
    created_at: datetime
    updated_at: datetime
    due: date | None = None
    status: str = "open"
    closed_at: datetime | None = None
    closed_by: str | None = None


@dataclass(frozen=True)
class NewTakeaway:
    uid: str
    text: str
    author: str
    created_at: datetime
    updated_at: datetime
    tags: tuple[str, ...] = ()
    conference: str | None = None
    talk: str | None = None
    links: tuple[str, ...] = ()
    author_name: str = ""
    source_author: str | None = None
    source_author_name: str | None = None
    source_url: str | None = None
    event_date: date | None = None
    coauthors: tuple[tuple[str, str], ...] = ()  # (user id, name)
    plus_ones: tuple[str, ...] = ()  # user ids
    merged_from: tuple[str, ...] = ()  # uids of takeaways merged into this one
    separate_from: tuple[str, ...] = ()  # uids of takeaways it was kept apart from
    status: str = "current"
    revisit_on: date | None = None
    verified_at: datetime | None = None
    superseded_by: str | None = None  # the uid of the takeaway replacing it


@dataclass(frozen=True)
class ImportItem:
    """One record of an import file: a takeaway with its follow-ups, or (takeaway None) a
    follow-up that belongs to no takeaway."""

    team_id: str
    enterprise_id: str | None
    takeaway: NewTakeaway | None
    followups: tuple[NewFollowup, ...] = ()


@dataclass
class Stored:
    takeaway_ids: list[int] = field(default_factory=list)
    takeaways_skipped: int = 0
    followups_created: int = 0
    followups_skipped: int = 0
    # (takeaway id, uid) superseded by a takeaway not imported yet: link_superseded, later.
    superseded_later: list[tuple[int, str]] = field(default_factory=list)


def _insert_absent(session: Session, table: Table) -> Any:
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return module.insert(table).on_conflict_do_nothing(index_elements=["team_id", "uid"])


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start : start + _IN_CHUNK]


def takeaway_ids_by_uid(*, session: Session, team_id: str, uids: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(uids):
        for uid, takeaway_id in session.execute(
            select(Takeaway.uid, Takeaway.id).where(
                Takeaway.team_id == team_id, Takeaway.uid.in_(chunk)
            )
        ):
            found[str(uid)] = int(takeaway_id)
    return found


def existing_uids(
    *, session: Session, team_id: str, takeaway_uids: Sequence[str], followup_uids: Sequence[str]
) -> tuple[set[str], set[str]]:
    """Which of these uids the workspace already holds (what a dry run would skip)."""
    takeaways = set(takeaway_ids_by_uid(session=session, team_id=team_id, uids=takeaway_uids))
    followups: set[str] = set()
    for chunk in _chunks(followup_uids):
        followups.update(
            str(uid)
            for uid in session.scalars(
                select(Followup.uid).where(Followup.team_id == team_id, Followup.uid.in_(chunk))
            )
        )
    return takeaways, followups


def store(*, session: Session, team_id: str, items: Sequence[ImportItem]) -> Stored:
    """Insert what is not there yet; the caller owns the transaction."""
    result = Stored()
    takeaways: dict[str, ImportItem] = {}
    for item in items:
        if item.takeaway is not None:
            if item.takeaway.uid in takeaways:
                result.takeaways_skipped += 1
            takeaways[item.takeaway.uid] = item
    # A takeaway merged into another since the backup was made stays merged.
    for uid in merges.known_alias_uids(session=session, team_id=team_id, uids=list(takeaways)):
        del takeaways[uid]
        result.takeaways_skipped += 1
    inserted: list[tuple[int, str]] = []
    if takeaways:
        # Numbers for all; a row already there (skipped) leaves a gap, which is harmless.
        first = reserve(session=session, team_id=team_id, kind="takeaway", count=len(takeaways))
        rows = session.execute(
            _insert_absent(session, Takeaway.__table__).returning(  # type: ignore[arg-type]
                Takeaway.__table__.c.id, Takeaway.__table__.c.uid
            ),
            [
                {
                    "team_id": team_id,
                    "number": first + n,
                    # Each record keeps its own; the workspace row takes the first one seen.
                    "enterprise_id": item.enterprise_id,
                    "uid": t.uid,
                    "text": t.text,
                    "conference": t.conference,
                    "talk": t.talk,
                    "links": list(t.links),
                    "author": t.author,
                    "author_name": t.author_name,
                    "source_author": t.source_author,
                    "source_author_name": t.source_author_name,
                    "source_url": t.source_url,
                    "event_date": t.event_date,
                    "coauthors": [{"user": u, "name": n} for u, n in t.coauthors],
                    "status": t.status,
                    "revisit_on": t.revisit_on,
                    "verified_at": t.verified_at,
                    "created_at": t.created_at,
                    "updated_at": t.updated_at,
                }
                for n, item in enumerate(takeaways.values())
                if (t := item.takeaway) is not None
            ],
        )
        inserted = [(int(i), str(u)) for i, u in rows]
        result.takeaway_ids = sorted(i for i, _ in inserted)
        result.takeaways_skipped += len(takeaways) - len(inserted)
        tag_rows = [
            {"takeaway_id": takeaway_id, "tag": tag, "team_id": team_id, "position": position}
            for takeaway_id, uid in inserted
            for position, tag in enumerate(_tags_of(takeaways[uid]))
        ]
        if tag_rows:
            session.execute(insert(TakeawayTag), tag_rows)
        _store_links(session, team_id, inserted, takeaways, result)
    _store_followups(session, team_id, items, {u: i for i, u in inserted}, result)
    return result


def _store_links(
    session: Session,
    team_id: str,
    inserted: list[tuple[int, str]],
    items: dict[str, ImportItem],
    result: Stored,
) -> None:
    """+1s, merged uids, pairs kept separate and what supersedes what, for the takeaways
    just inserted. A pair names a takeaway exported before this one (lower id): imported
    earlier, or now. The takeaway replacing one may come later: `superseded_later`."""
    wanted: set[str] = set()
    for _, uid in inserted:
        t = items[uid].takeaway
        if t is not None:
            wanted.update(t.separate_from)
            if t.superseded_by:
                wanted.add(t.superseded_by)
    known = takeaway_ids_by_uid(session=session, team_id=team_id, uids=sorted(wanted))
    for takeaway_id, uid in inserted:
        t = items[uid].takeaway
        if t is None:
            continue
        merges.set_plus_ones(
            session=session,
            team_id=team_id,
            takeaway_id=takeaway_id,
            users=t.plus_ones,
            now=t.updated_at,
        )
        merges.add_aliases(
            session=session, team_id=team_id, takeaway_id=takeaway_id, uids=t.merged_from
        )
        for other in t.separate_from:
            if other in known:
                merges.dismiss(session=session, team_id=team_id, a=takeaway_id, b=known[other])
        if t.superseded_by:
            result.superseded_later.append((takeaway_id, t.superseded_by))
    link_superseded(session=session, team_id=team_id, pending=result.superseded_later)


def link_superseded(*, session: Session, team_id: str, pending: list[tuple[int, str]]) -> None:
    """Point each takeaway at the one superseding it, for those (takeaway id, uid) whose
    uid is in the workspace now; the others stay in `pending`."""
    known = takeaway_ids_by_uid(
        session=session, team_id=team_id, uids=sorted({u for _, u in pending})
    )
    for takeaway_id, uid in list(pending):
        if uid in known:
            session.execute(
                update(Takeaway)
                .where(Takeaway.id == takeaway_id)
                .values(superseded_by_id=known[uid])
                .execution_options(synchronize_session=False)
            )
            pending.remove((takeaway_id, uid))


def _tags_of(item: ImportItem) -> tuple[str, ...]:
    return item.takeaway.tags if item.takeaway is not None else ()


def _store_followups(
    session: Session,
    team_id: str,
    items: Sequence[ImportItem],
    inserted: dict[str, int],
    result: Stored,
) -> None:
    pending = [(item, f) for item in items for f in item.followups]
    if not pending:
        return
    parents = inserted
    # A follow-up of a takeaway imported earlier is linked to that takeaway.
    missing = sorted(
        {i.takeaway.uid for i, _ in pending if i.takeaway and i.takeaway.uid not in parents}
    )
    if missing:
        parents = parents | takeaway_ids_by_uid(session=session, team_id=team_id, uids=missing)
    rows: dict[str, dict[str, Any]] = {}
    for item, f in pending:
        if f.uid in rows:
            result.followups_skipped += 1
        rows[f.uid] = {
            "team_id": team_id,
            "uid": f.uid,
            "takeaway_id": parents.get(item.takeaway.uid) if item.takeaway else None,
            "text": f.text,
            "owner": f.owner,
            "owner_name": f.owner_name,
            "creator": f.creator,
            "due": f.due,
            "status": f.status,
            "created_at": f.created_at,
            "updated_at": f.updated_at,
            "closed_at": f.closed_at,
            "closed_by": f.closed_by,
        }
    first = reserve(session=session, team_id=team_id, kind="followup", count=len(rows))
    for n, row in enumerate(rows.values()):
        row["number"] = first + n
    created = session.execute(
        _insert_absent(session, Followup.__table__).returning(  # type: ignore[arg-type]
            Followup.__table__.c.id
        ),
        list(rows.values()),
    ).all()
    result.followups_created += len(created)
    result.followups_skipped += len(rows) - len(created)


@dataclass(frozen=True)
class ExportedTakeaway:
    takeaway: Takeaway
    followups: tuple[Followup, ...]
    merged_from: tuple[str, ...] = ()  # uids of the takeaways merged into it
    separate_from: tuple[str, ...] = ()  # uids of earlier takeaways it was kept apart from


def teams(*, session: Session, team_id: str | None) -> list[Workspace]:
    stmt = select(Workspace).order_by(Workspace.team_id)
    if team_id is not None:
        stmt = stmt.where(Workspace.team_id == team_id)
    return list(session.scalars(stmt))


def export_takeaways(
    *, session: Session, team_id: str, since: datetime | None = None
) -> Iterator[ExportedTakeaway]:
    """Every takeaway of the workspace (created at or after `since`) with its follow-ups,
    in id order. Objects of a batch are detached from the session once yielded."""
    after = 0
    while True:
        stmt = (
            select(Takeaway)
            .where(Takeaway.team_id == team_id, Takeaway.id > after)
            .order_by(Takeaway.id)
            .limit(READ_BATCH)
        )
        if since is not None:
            stmt = stmt.where(Takeaway.created_at >= since)
        batch = list(session.scalars(stmt))
        if not batch:
            return
        by_takeaway: dict[int, list[Followup]] = {}
        for f in session.scalars(
            select(Followup)
            .where(Followup.takeaway_id.in_([t.id for t in batch]))
            .order_by(Followup.id)
        ):
            by_takeaway.setdefault(int(f.takeaway_id or 0), []).append(f)
        ids = [t.id for t in batch]
        aliases = merges.aliases_of(session=session, takeaway_ids=ids)
        apart = _kept_apart(session, ids)
        for t in batch:
            yield ExportedTakeaway(
                t,
                tuple(by_takeaway.get(t.id, ())),
                tuple(aliases.get(t.id, ())),
                tuple(apart.get(t.id, ())),
            )
        after = batch[-1].id
        session.expunge_all()


def _kept_apart(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    """For each of these takeaways, the uids of the earlier ones it was kept apart from."""
    found: dict[int, list[str]] = {}
    for second, uid in session.execute(
        select(DuplicateDismissal.second_id, Takeaway.uid)
        .join(Takeaway, Takeaway.id == DuplicateDismissal.first_id)
        .where(DuplicateDismissal.second_id.in_(list(ids)))
        .order_by(DuplicateDismissal.second_id, DuplicateDismissal.first_id)
    ):
        if uid is not None:
            found.setdefault(int(second), []).append(str(uid))
    return found


def unlinked_followups(
    *, session: Session, team_id: str, since: datetime | None = None
) -> list[Followup]:
    """Follow-ups with no takeaway (never linked, or their takeaway was deleted)."""
    stmt = (
        select(Followup)
        .where(Followup.team_id == team_id, Followup.takeaway_id.is_(None))
        .order_by(Followup.id)
    )
    if since is not None:
        stmt = stmt.where(Followup.created_at >= since)
    return list(session.scalars(stmt))
