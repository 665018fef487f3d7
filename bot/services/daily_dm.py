"""A person's one bot DM of a local day, sent exactly once across replicas: the day's
claim is committed before the send, the outcome after it. Reminders and briefs share it,
and revisit DMs take it on a day with neither."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from bot.services.clock import Clock
from bot.services.transactions import transaction
from storage import schedules


class DailyClaim:
    """Entity service: the day's claim on a person's one bot DM (takes the caller's
    session). A claim older than the lease with no outcome (its replica died) and a
    failed send may be claimed again."""

    def __init__(self, clock: Clock, lease: timedelta) -> None:
        self._clock = clock
        self._lease = lease  # how long a claim without an outcome holds (config)

    def claim(
        self, session: Session, team_id: str, user_id: str, day: date, *, first_only: bool = False
    ) -> bool:
        """`first_only`: only a day no pass claimed yet (see storage.schedules)."""
        now = self._clock()
        return schedules.claim_reminder(
            session=session,
            team_id=team_id,
            user_id=user_id,
            local_date=day,
            now=now,
            stale_before=now - self._lease,
            first_only=first_only,
        )

    def finish(
        self,
        session: Session,
        team_id: str,
        user_id: str,
        day: date,
        *,
        sent: bool,
        channel_id: str | None = None,
        message_ts: str | None = None,
    ) -> None:
        schedules.finish_reminder(
            session=session,
            team_id=team_id,
            user_id=user_id,
            local_date=day,
            status=schedules.SENT if sent else schedules.FAILED,
            now=self._clock(),
            channel_id=channel_id,
            message_ts=message_ts,
        )


class Finish(Protocol):
    def __call__(
        self,
        session: Session,
        *,
        sent: bool,
        channel_id: str | None = None,
        message_ts: str | None = None,
    ) -> None: ...


def send_once(
    sessions: sessionmaker[Session],
    *,
    claim: Callable[[Session], bool],
    send: Callable[[], tuple[str, str]],
    finish: Finish,
) -> bool:
    """Claim, send, record; False when another pass (or replica) holds the claim. A send
    that raises is recorded as failed (the next pass claims it again) and re-raised."""
    with transaction(sessions) as session:
        if not claim(session):
            return False
    try:
        channel, ts = send()
    except Exception:
        with transaction(sessions) as session:
            finish(session, sent=False)
        raise
    with transaction(sessions) as session:
        finish(session, sent=True, channel_id=channel, message_ts=ts)
    return True
