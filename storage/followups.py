"""Follow-up data access. Functions take the session as a keyword and never commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from storage.models import Followup, Takeaway
from storage.numbers import by_ref, by_refs, reserve

OPEN = "open"
DONE = "done"
DROPPED = "dropped"


def add_followup(
    *,
    session: Session,
    team_id: str,
    text: str,
    owner: str,
    owner_name: str,
    creator: str,
    due: date | None,
    takeaway: Takeaway | None,
    now: datetime,
) -> Followup:
    followup = Followup(
        team_id=team_id,
        number=reserve(session=session, team_id=team_id, kind="followup"),
        text=text,
        owner=owner,
        owner_name=owner_name,
        creator=creator,
        due=due,
        takeaway=takeaway,
        status=OPEN,
        created_at=now,
        updated_at=now,
    )
    session.add(followup)
    session.flush()
    return followup


def get_followup(*, session: Session, team_id: str, ref: int) -> Followup | None:
    """The workspace's follow-up #ref (its number); other workspaces' look like missing ones."""
    return session.scalar(
        select(Followup).where(Followup.team_id == team_id, by_ref(Followup, ref))
    )


def get_followups(*, session: Session, team_id: str, refs: Sequence[int]) -> list[Followup]:
    """The workspace's follow-ups with these numbers, in the order given."""
    if not refs:
        return []
    wanted = sorted(set(refs))
    rows = session.scalars(
        select(Followup).where(Followup.team_id == team_id, by_refs(Followup, wanted))
    )
    found = {row.ref: row for row in rows}
    return [found[r] for r in refs if r in found]


def _due_order() -> tuple[ColumnElement[Any] | InstrumentedAttribute[Any], ...]:
    # Dated items first, earliest due first; undated ones last, oldest first.
    return (case((Followup.due.is_(None), 1), else_=0), Followup.due, Followup.id)


def list_followups(
    *,
    session: Session,
    team_id: str,
    owner: str | None = None,
    statuses: Sequence[str] = (OPEN,),
    limit: int | None = None,
) -> list[Followup]:
    stmt = select(Followup).where(Followup.team_id == team_id, Followup.status.in_(statuses))
    if owner is not None:
        stmt = stmt.where(Followup.owner == owner)
    stmt = stmt.order_by(*_due_order())
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def count_followups(
    *, session: Session, team_id: str, owner: str | None = None, statuses: Sequence[str] = (OPEN,)
) -> int:
    stmt = select(func.count(Followup.id)).where(
        Followup.team_id == team_id, Followup.status.in_(statuses)
    )
    if owner is not None:
        stmt = stmt.where(Followup.owner == owner)
    return int(session.scalar(stmt) or 0)


def owners_with_due_items(*, session: Session, due_by: date) -> list[tuple[str, str]]:
    """(team_id, owner) pairs with an open follow-up due on or before `due_by`."""
    stmt = (
        select(Followup.team_id, Followup.owner)
        .where(Followup.status == OPEN, Followup.due.is_not(None), Followup.due <= due_by)
        .group_by(Followup.team_id, Followup.owner)
        .order_by(Followup.team_id, Followup.owner)
    )
    return [(team, owner) for team, owner in session.execute(stmt)]


def due_items(*, session: Session, team_id: str, owner: str, due_by: date) -> list[Followup]:
    stmt = (
        select(Followup)
        .where(
            Followup.team_id == team_id,
            Followup.owner == owner,
            Followup.status == OPEN,
            Followup.due.is_not(None),
            Followup.due <= due_by,
        )
        .order_by(Followup.due, Followup.id)
    )
    return list(session.scalars(stmt))
