"""Who gets a reminder DM, when, and with what. No Slack, no SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from bot.config import ReminderSettings
from bot.services.actor import Actor
from bot.services.briefs import Brief
from bot.services.clock import Clock
from bot.services.daily_dm import DailyClaim
from bot.services.followups import local_today
from bot.services.preferences import is_send_time
from storage import followups as followup_repo
from storage import schedules as repo
from storage.models import Followup

# How long a timezone read from Slack is trusted before asking again.
TIMEZONE_TTL = timedelta(days=1)


@dataclass(frozen=True)
class ReminderBatch:
    team_id: str
    owner: str
    local_date: date
    items: list[Followup]  # each with its takeaway loaded (shown under it)
    # Pre-conference briefs due the same day: one DM a day, whatever it carries.
    briefs: tuple[Brief, ...] = ()


class ReminderService:
    def __init__(self, clock: Clock, settings: ReminderSettings, *, lease: timedelta) -> None:
        self._clock = clock
        self._settings = settings
        self._daily = DailyClaim(clock, lease)  # the person's one bot DM of the day

    def owners_to_check(self, session: Session, now: datetime) -> list[tuple[str, str]]:
        # Local dates run at most a day ahead of UTC, so this covers every timezone.
        due_by = now.date() + timedelta(days=self._settings.due_within_days + 1)
        return followup_repo.owners_with_due_items(session=session, due_by=due_by)

    def known_timezone(
        self, session: Session, team_id: str, user_id: str, now: datetime
    ) -> str | None:
        """The owner's timezone if we read it from Slack recently, else None (ask Slack)."""
        row = repo.get_user_settings(session=session, team_id=team_id, user_id=user_id)
        if row is not None and row.timezone_set:
            return row.timezone_set  # their own choice (`/takeaway me tz`) wins over Slack's
        if row is None or row.timezone is None or row.timezone_checked_at is None:
            return None
        if now - row.timezone_checked_at > TIMEZONE_TTL:
            return None
        return row.timezone

    def remember_timezone(
        self, session: Session, team_id: str, user_id: str, timezone: str, now: datetime
    ) -> None:
        row = repo.user_settings_for(session=session, team_id=team_id, user_id=user_id)
        row.timezone = timezone
        row.timezone_checked_at = now

    def send_time(
        self, session: Session, team_id: str, user_id: str, timezone: str, now: datetime
    ) -> bool:
        """Whether this is the hour the person's daily DM goes (their working hours' start,
        else the configured reminder hour), in their timezone."""
        settings = repo.get_user_settings(session=session, team_id=team_id, user_id=user_id)
        return is_send_time(settings, self._settings.hour, now, timezone)

    def batch_for(
        self,
        session: Session,
        team_id: str,
        owner: str,
        timezone: str,
        now: datetime,
        *,
        force: bool,
        briefs: Sequence[Brief] = (),
    ) -> ReminderBatch | None:
        """The person's DM if one is due now: at their hour (any hour when forced), with
        what is overdue or due soon (unless they turned reminders off) and the briefs."""
        if not force and not self.send_time(session, team_id, owner, timezone, now):
            return None
        settings = repo.get_user_settings(session=session, team_id=team_id, user_id=owner)
        local_day = local_today(now, timezone)
        items: list[Followup] = []
        if settings is None or settings.reminders_enabled:
            items = followup_repo.due_items(
                session=session,
                team_id=team_id,
                owner=owner,
                due_by=local_day + timedelta(days=self._settings.due_within_days),
            )
        if not items and not briefs:
            return None
        return ReminderBatch(
            team_id=team_id, owner=owner, local_date=local_day, items=items, briefs=tuple(briefs)
        )

    def claim(self, session: Session, batch: ReminderBatch) -> bool:
        return self._daily.claim(session, batch.team_id, batch.owner, batch.local_date)

    def finish(
        self,
        session: Session,
        batch: ReminderBatch,
        *,
        sent: bool,
        channel_id: str | None = None,
        message_ts: str | None = None,
    ) -> None:
        self._daily.finish(
            session,
            batch.team_id,
            batch.owner,
            batch.local_date,
            sent=sent,
            channel_id=channel_id,
            message_ts=message_ts,
        )

    def set_enabled(self, session: Session, actor: Actor, enabled: bool | None) -> bool:
        """Turn the requester's reminders on or off (None: just report); returns the state."""
        row = repo.user_settings_for(session=session, team_id=actor.team_id, user_id=actor.user_id)
        if enabled is not None:
            row.reminders_enabled = enabled
        return row.reminders_enabled
