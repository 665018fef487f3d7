"""When the jobs run next: `takeaways schedule` and the scheduler's reminder cadence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.services.clock import Clock
from bot.services.digest import DigestService
from bot.services.transactions import transaction
from storage import takeaways as takeaway_repo

# Reminder passes: four chances within the configured local hour, whatever the offset.
REMINDER_MINUTES = "*/15"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def next_reminder_pass(now: datetime) -> datetime:
    trigger = CronTrigger(minute=REMINDER_MINUTES, timezone=UTC)
    fire: datetime = trigger.get_next_fire_time(None, now + timedelta(microseconds=1))
    return fire


class ScheduleOverview:
    def __init__(
        self, sessions: sessionmaker[Session], clock: Clock, digest: DigestService
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._digest = digest

    def rows(self, settings: Settings) -> list[dict[str, Any]]:
        """What `takeaways schedule --json` prints: each job's next run per workspace."""
        now = self._clock()
        rows: list[dict[str, Any]] = []
        with transaction(self._sessions) as session:
            plans = {p.team_id: p for p in self._digest.plans(session)}
            teams = takeaway_repo.team_ids(session=session)
        for team in teams:
            plan = plans.get(team)
            next_digest = plan.schedule.next_after(now) if plan and plan.enabled else None
            rows.append(
                {
                    "team_id": team,
                    "job": "digest",
                    "next_run": _utc(next_digest) if next_digest else None,
                    "next_run_local": next_digest.isoformat() if next_digest else None,
                    "channel": plan.channel_id if plan else None,
                    "cron": plan.schedule.cron if plan else None,
                    "timezone": plan.schedule.timezone if plan else None,
                    "enabled": bool(plan and plan.enabled),
                    "source": plan.source if plan else None,
                }
            )
            rows.append(
                {
                    "team_id": team,
                    "job": "reminders",
                    "next_run": _utc(next_reminder_pass(now)),
                    "hour": settings.reminders.hour,
                    "due_within_days": settings.reminders.due_within_days,
                    "enabled": settings.scheduler.enabled,
                }
            )
        return rows
