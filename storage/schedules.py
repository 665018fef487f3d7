"""Digest settings and runs, reminder sends, user settings.

Claims (a digest run, a reminder for an owner's local day) are inserts that at most one
replica can win: INSERT .. ON CONFLICT DO NOTHING on both SQLite and Postgres, then the
row count says who won. Callers commit the claim before they talk to Slack.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from storage.models import (
    BriefSend,
    DigestRun,
    ReminderSend,
    UserSettings,
    WorkspaceDigest,
)
from storage.sql import insert_if_absent

CLAIMED = "claimed"
POSTED = "posted"
SENT = "sent"
FAILED = "failed"


# --- digest settings ------------------------------------------------------------------


def get_digest_settings(*, session: Session, team_id: str) -> WorkspaceDigest | None:
    return session.get(WorkspaceDigest, team_id)


def all_digest_settings(*, session: Session) -> list[WorkspaceDigest]:
    return list(session.scalars(select(WorkspaceDigest).order_by(WorkspaceDigest.team_id)))


def save_digest_settings(
    *,
    session: Session,
    team_id: str,
    channel_id: str,
    cron: str,
    timezone: str,
    enabled: bool,
    user_id: str,
    now: datetime,
) -> WorkspaceDigest:
    values = {
        "team_id": team_id,
        "channel_id": channel_id,
        "cron": cron,
        "timezone": timezone,
        "enabled": enabled,
        "updated_at": now,
        "updated_by": user_id,
    }
    # Two admins (or replicas) setting up a new workspace's digest at once: no
    # IntegrityError, the later write wins.
    insert_if_absent(session, WorkspaceDigest, values)
    row = session.get(WorkspaceDigest, team_id, populate_existing=True)
    assert row is not None
    row.channel_id = channel_id
    row.cron = cron
    row.timezone = timezone
    row.enabled = enabled
    row.updated_at = now
    row.updated_by = user_id
    session.flush()
    return row


# --- digest runs ---------------------------------------------------------------------


def _retryable(
    status: InstrumentedAttribute[str],
    claimed_at: InstrumentedAttribute[datetime],
    stale_before: datetime,
) -> ColumnElement[bool]:
    """Failed, or claimed so long ago that the claimer must have died."""
    return or_(status == FAILED, and_(status == CLAIMED, claimed_at < stale_before))


def claim_digest_run(
    *,
    session: Session,
    team_id: str,
    run_key: str,
    window_start: datetime,
    window_end: datetime,
    now: datetime,
    stale_before: datetime,
) -> DigestRun | None:
    """Claim a run; None when another replica has it. A failed run is claimed again, and
    so is a claim older than `stale_before` with no outcome (its replica died)."""
    inserted = insert_if_absent(
        session,
        DigestRun,
        {
            "team_id": team_id,
            "run_key": run_key,
            "window_start": window_start,
            "window_end": window_end,
            "status": CLAIMED,
            "claimed_at": now,
            "new_count": 0,
            "open_count": 0,
        },
    )
    if not inserted:
        retried = session.execute(
            update(DigestRun)
            .where(
                DigestRun.team_id == team_id,
                DigestRun.run_key == run_key,
                _retryable(DigestRun.status, DigestRun.claimed_at, stale_before),
            )
            .values(status=CLAIMED, claimed_at=now, error=None)
        )
        if retried.rowcount != 1:  # type: ignore[attr-defined]
            return None
    return session.scalar(
        select(DigestRun).where(DigestRun.team_id == team_id, DigestRun.run_key == run_key)
    )


def digest_run_pending(
    *, session: Session, team_id: str, run_key: str, stale_before: datetime
) -> bool:
    """True unless the run was posted or a live replica is posting it."""
    taken = session.scalar(
        select(DigestRun.id).where(
            DigestRun.team_id == team_id,
            DigestRun.run_key == run_key,
            ~_retryable(DigestRun.status, DigestRun.claimed_at, stale_before),
        )
    )
    return taken is None


def get_digest_run(*, session: Session, team_id: str, run_key: str) -> DigestRun | None:
    return session.scalar(
        select(DigestRun).where(DigestRun.team_id == team_id, DigestRun.run_key == run_key)
    )


def last_posted_run(*, session: Session, team_id: str) -> DigestRun | None:
    return session.scalar(
        select(DigestRun)
        .where(DigestRun.team_id == team_id, DigestRun.status == POSTED)
        .order_by(DigestRun.window_end.desc())
        .limit(1)
    )


def finish_digest_run(
    *,
    session: Session,
    run_id: int,
    status: str,
    now: datetime,
    channel_id: str | None = None,
    message_ts: str | None = None,
    error: str | None = None,
    new_count: int = 0,
    open_count: int = 0,
) -> None:
    session.execute(
        update(DigestRun)
        .where(DigestRun.id == run_id)
        .values(
            status=status,
            finished_at=now,
            channel_id=channel_id,
            message_ts=message_ts,
            error=(error or "")[:200] or None,
            new_count=new_count,
            open_count=open_count,
        )
    )


# --- reminders ------------------------------------------------------------------------


def claim_send(
    *,
    session: Session,
    model: type[ReminderSend] | type[BriefSend],
    key: Mapping[str, object],
    now: datetime,
    stale_before: datetime,
) -> bool:
    """Claim one message to one person (a row keyed by `key`): the first claim inserts it;
    a failed attempt, or a claim older than `stale_before` with no outcome (its replica
    died), may be claimed again. True for the one caller that wins."""
    if insert_if_absent(
        session, model, {**key, "status": CLAIMED, "claimed_at": now, "attempts": 1}
    ):
        return True
    retried = session.execute(
        update(model)
        .where(
            *(getattr(model, column) == value for column, value in key.items()),
            _retryable(model.status, model.claimed_at, stale_before),
        )
        .values(status=CLAIMED, claimed_at=now, attempts=model.attempts + 1)
    )
    return bool(retried.rowcount == 1)  # type: ignore[attr-defined]


def claim_reminder(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    local_date: date,
    now: datetime,
    stale_before: datetime,
    first_only: bool = False,
) -> bool:
    """Claim a person's one bot DM of a local day (see claim_send): the reminders and
    briefs of the day, or else a revisit DM. `first_only`: only a day nobody claimed yet
    (a day whose reminders failed stays theirs, to be retried)."""
    key = {"team_id": team_id, "user_id": user_id, "local_date": local_date}
    if first_only:
        values = {**key, "status": CLAIMED, "claimed_at": now, "attempts": 1}
        return insert_if_absent(session, ReminderSend, values)
    return claim_send(
        session=session, model=ReminderSend, key=key, now=now, stale_before=stale_before
    )


def finish_reminder(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    local_date: date,
    status: str,
    now: datetime,
    channel_id: str | None = None,
    message_ts: str | None = None,
) -> None:
    session.execute(
        update(ReminderSend)
        .where(
            ReminderSend.team_id == team_id,
            ReminderSend.user_id == user_id,
            ReminderSend.local_date == local_date,
        )
        .values(
            status=status,
            sent_at=now if status == SENT else None,
            channel_id=channel_id,
            message_ts=message_ts,
        )
    )


# --- user settings --------------------------------------------------------------------


def get_user_settings(*, session: Session, team_id: str, user_id: str) -> UserSettings | None:
    return session.get(UserSettings, (team_id, user_id))


def user_settings_for(*, session: Session, team_id: str, user_id: str) -> UserSettings:
    row = session.get(UserSettings, (team_id, user_id))
    if row is None:
        insert_if_absent(
            session,
            UserSettings,
            {"team_id": team_id, "user_id": user_id, "reminders_enabled": True},
        )
        row = session.get(UserSettings, (team_id, user_id), populate_existing=True)
        assert row is not None
    return row


def digest_muted(*, session: Session, team_id: str) -> list[str]:
    """The people of a workspace who muted the digest (never mentioned in it)."""
    return list(
        session.scalars(
            select(UserSettings.user_id).where(
                UserSettings.team_id == team_id, UserSettings.mute_digest.is_(True)
            )
        )
    )


def people_with_preferences(*, session: Session, team_id: str) -> list[UserSettings]:
    """Everyone of a workspace who set something themselves (not just Slack's timezone)."""
    return list(
        session.scalars(
            select(UserSettings)
            .where(
                UserSettings.team_id == team_id,
                or_(
                    UserSettings.timezone_set.is_not(None),
                    UserSettings.work_start.is_not(None),
                    UserSettings.mute_digest.is_(True),
                    UserSettings.mute_briefs.is_(True),
                    UserSettings.reminders_enabled.is_(False),
                    UserSettings.who_hidden.is_(True),
                ),
            )
            .order_by(UserSettings.user_id)
        )
    )


def restore_preferences(
    *, session: Session, team_id: str, user_id: str, values: Mapping[str, object]
) -> bool:
    """A person's settings from a backup, unless the workspace has a row for them (never
    overwritten); True when they were added."""
    return insert_if_absent(
        session, UserSettings, {"team_id": team_id, "user_id": user_id, **values}
    )
