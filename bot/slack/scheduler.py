"""The scheduler: when the digest tick and the reminder pass run. What they do is in
bot.services.digest_runs and bot.services.reminder_runs; here they get Slack to send with.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.logs import new_request_id, request_id
from bot.services.container import Services
from bot.services.digest_runs import DigestOutcome
from bot.services.reminder_runs import ReminderReport
from bot.services.revisits import RevisitReport
from bot.services.schedule import REMINDER_MINUTES
from bot.slack.clients import SlackClients
from bot.slack.delivery import SlackDelivery


def digest_tick(
    services: Services, clients: SlackClients, now: datetime | None = None
) -> list[DigestOutcome]:
    """Post every digest that is due (one scheduler tick)."""
    return services.digest_runs.tick(SlackDelivery(clients), now)


def reminder_pass(
    services: Services,
    clients: SlackClients,
    now: datetime | None = None,
    *,
    force: bool = False,
    team_id: str | None = None,
) -> ReminderReport:
    """DM every owner whose reminder is due (one scheduler pass)."""
    return services.reminder_runs.run(SlackDelivery(clients), now, force=force, team_id=team_id)


def daily_dm_pass(services: Services, clients: SlackClients, now: datetime | None = None) -> None:
    """The day's one bot DM per person: reminders and briefs first, then, for whoever got
    none today, the takeaways due for review (they share the day's claim); a review that
    waited a week goes first (bot.services.revisits.RevisitRuns.daily)."""
    services.revisit_runs.daily(SlackDelivery(clients), now)


def revisit_pass(
    services: Services, clients: SlackClients, now: datetime | None = None, *, force: bool = False
) -> RevisitReport:
    """DM every author whose takeaways are due for review (one scheduler pass)."""
    return services.revisit_runs.run(SlackDelivery(clients), now, force=force)


def _as_job(name: str, job: Callable[..., Any]) -> Callable[..., Any]:
    """A scheduled run gets its own id in the logs, like a request."""

    def run(*args: Any) -> Any:
        request_id.set(new_request_id(f"{name}-"))
        return job(*args)

    run.__name__ = job.__name__
    return run


def build_scheduler(services: Services, clients: SlackClients) -> BackgroundScheduler:
    """A background scheduler: a digest tick every minute and the daily DM pass (reminders
    and pre-conference briefs, else takeaways due for review: one DM a day) every quarter
    hour, both also run at start-up (the digest tick then catches up missed digests)."""
    scheduler = BackgroundScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 120},
    )
    start = datetime.now(UTC) + timedelta(seconds=2)
    scheduler.add_job(
        _as_job("digest", digest_tick),
        IntervalTrigger(minutes=1, timezone=UTC),
        args=[services, clients],
        id="digest-tick",
        name="digest tick",
        next_run_time=start,
    )
    scheduler.add_job(
        _as_job("reminders", daily_dm_pass),
        CronTrigger(minute=REMINDER_MINUTES, timezone=UTC),
        args=[services, clients],
        id="reminders",
        name="reminder pass",
        next_run_time=start,
    )
    return scheduler
