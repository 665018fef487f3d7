"""What `/takeaway who` reads besides the takeaways themselves: follow-ups closed and who
hides. Repositories that take the session and never commit."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.followups import DONE
from storage.models import Followup, UserSettings
from storage.schedules import get_user_settings, user_settings_for


def followups_closed_by(*, session: Session, takeaway_ids: Sequence[int]) -> dict[str, int]:
    """How many follow-ups of these takeaways each person marked done."""
    if not takeaway_ids:
        return {}
    rows = session.execute(
        select(Followup.closed_by, func.count(Followup.id))
        .where(
            Followup.takeaway_id.in_(list(takeaway_ids)),
            Followup.status == DONE,
            Followup.closed_by.is_not(None),
        )
        .group_by(Followup.closed_by)
    )
    return {str(user): int(count) for user, count in rows}


def hidden_users(*, session: Session, team_id: str) -> set[str]:
    """Who asked not to be named by `/takeaway who` (`/takeaway me hide`)."""
    return set(
        session.scalars(
            select(UserSettings.user_id).where(
                UserSettings.team_id == team_id, UserSettings.who_hidden.is_(True)
            )
        )
    )


def set_hidden(*, session: Session, team_id: str, user_id: str, hidden: bool | None) -> bool:
    """Hide (or show) a person in `/takeaway who`; None just reads it (writing nothing).
    Returns the state."""
    if hidden is None:
        row = get_user_settings(session=session, team_id=team_id, user_id=user_id)
        return bool(row and row.who_hidden)
    row = user_settings_for(session=session, team_id=team_id, user_id=user_id)
    row.who_hidden = hidden
    return row.who_hidden
