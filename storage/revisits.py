"""What is due for review: repositories that take the session and never commit. (The
revisit DMs' claims are storage.schedules' daily claims: one bot DM a day per person.)"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import IMPORT_AUTHOR, Takeaway

CURRENT = "current"
OUTDATED = "outdated"
SUPERSEDED = "superseded"
STATUSES = (CURRENT, OUTDATED, SUPERSEDED)


def _due(day: date) -> list[object]:
    return [
        Takeaway.status == CURRENT,
        Takeaway.revisit_on.is_not(None),
        Takeaway.revisit_on <= day,
    ]


def authors_due(*, session: Session, day: date) -> list[tuple[str, str]]:
    """(team_id, author) with a current takeaway to revisit on or before `day`; imported
    notes have nobody to ask."""
    stmt = (
        select(Takeaway.team_id, Takeaway.author)
        .where(*_due(day), Takeaway.author != IMPORT_AUTHOR)  # type: ignore[arg-type]
        .group_by(Takeaway.team_id, Takeaway.author)
        .order_by(Takeaway.team_id, Takeaway.author)
    )
    return [(team, author) for team, author in session.execute(stmt)]


def due_for(
    *, session: Session, team_id: str, author: str, day: date, limit: int
) -> list[Takeaway]:
    """The author's takeaways due for review on `day`, longest waiting first."""
    return list(
        session.scalars(
            select(Takeaway)
            .where(Takeaway.team_id == team_id, Takeaway.author == author, *_due(day))  # type: ignore[arg-type]
            .order_by(Takeaway.revisit_on, Takeaway.id)
            .limit(limit)
        )
    )


def stale(*, session: Session, team_id: str, day: date) -> list[Takeaway]:
    """Every takeaway of the workspace due or overdue for review on `day`, oldest due first."""
    return list(
        session.scalars(
            select(Takeaway)
            .where(Takeaway.team_id == team_id, *_due(day))  # type: ignore[arg-type]
            .order_by(Takeaway.revisit_on, Takeaway.id)
        )
    )
