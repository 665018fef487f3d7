"""Numbers within a workspace: takeaway #1, #2... and follow-up #1, #2..., so a new
workspace starts at #1 and its numbers say nothing of the other workspaces.

Each workspace row counts its own (`takeaway_seq`, `followup_seq`). Taking numbers is an
UPDATE ... RETURNING on that row, which holds the row's lock until commit: writers of one
workspace take turns (they already do, for the search change log), and two never get the
same number. A rolled-back transaction gives its numbers back.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import ColumnElement, and_, or_, update
from sqlalchemy.orm import Session

from storage.models import Followup, Takeaway, Workspace

Kind = Literal["takeaway", "followup"]


def reserve(*, session: Session, team_id: str, kind: Kind, count: int = 1) -> int:
    """The first of `count` new consecutive numbers for this workspace's takeaways or
    follow-ups. The workspace row must exist (storage.takeaways.ensure_workspace)."""
    column = Workspace.takeaway_seq if kind == "takeaway" else Workspace.followup_seq
    last = session.execute(
        update(Workspace)
        .where(Workspace.team_id == team_id)
        .values({column: column + count})
        .returning(column)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return int(last) - count + 1


def by_ref(model: type[Takeaway] | type[Followup], ref: int) -> ColumnElement[bool]:
    """The row people call #ref: its number, or for a row a previous release wrote
    without one during a rolling update, its id (what that release showed)."""
    return by_refs(model, [ref])


def by_refs(model: type[Takeaway] | type[Followup], refs: list[int]) -> ColumnElement[bool]:
    """The rows people call by any of these numbers (see by_ref)."""
    return or_(model.number.in_(refs), and_(model.number.is_(None), model.id.in_(refs)))
