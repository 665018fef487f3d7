"""Pre-conference briefs: which conferences are coming up, and the once-per-attendee claim
on each brief DM. Repositories: they take the session and never commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.orm import Session

from storage.models import BriefSend, Talk
from storage.schedules import SENT, claim_send


def upcoming_conferences(
    *, session: Session, after: datetime, until: datetime
) -> list[tuple[str, str, datetime]]:
    """(team, conference, first talk) of every conference whose first talk starts in
    (after, until], from the imported schedules."""
    first = func.min(Talk.starts_at)
    rows = session.execute(
        select(Talk.team_id, Talk.conference, first)
        .where(Talk.starts_at.is_not(None))
        .group_by(Talk.team_id, Talk.conference)
        .having(first > after, first <= until)
        .order_by(first)
    )
    return [(str(team), str(conference), start) for team, conference, start in rows if start]


def first_talk(*, session: Session, team_id: str, conference: str) -> datetime | None:
    return session.scalar(
        select(func.min(Talk.starts_at)).where(
            Talk.team_id == team_id, Talk.conference == conference
        )
    )


def _key(team_id: str, conference: str, user_id: str) -> ColumnElement[bool]:
    return and_(
        BriefSend.team_id == team_id,
        BriefSend.conference == conference,
        BriefSend.user_id == user_id,
    )


def claim_brief(
    *,
    session: Session,
    team_id: str,
    conference: str,
    user_id: str,
    now: datetime,
    stale_before: datetime,
) -> bool:
    """Claim one attendee's brief (see storage.schedules.claim_send)."""
    key = {"team_id": team_id, "conference": conference, "user_id": user_id}
    return claim_send(session=session, model=BriefSend, key=key, now=now, stale_before=stale_before)


def finish_brief(
    *,
    session: Session,
    team_id: str,
    conference: str,
    user_id: str,
    status: str,
    now: datetime,
    channel_id: str | None = None,
    message_ts: str | None = None,
) -> None:
    session.execute(
        update(BriefSend)
        .where(_key(team_id, conference, user_id))
        .values(
            status=status,
            sent_at=now if status == SENT else None,
            channel_id=channel_id,
            message_ts=message_ts,
        )
    )


def sent_briefs(*, session: Session, team_id: str, conference: str) -> list[BriefSend]:
    return list(
        session.scalars(
            select(BriefSend)
            .where(BriefSend.team_id == team_id, BriefSend.conference == conference)
            .order_by(BriefSend.user_id)
        )
    )
