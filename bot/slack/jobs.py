"""Scheduled jobs as plain functions taking an injected `now`, and the scheduler that runs them.

Every replica may run the scheduler (APScheduler 3 cannot share a job store between
processes). Exactly-once comes from the database: a digest run and an owner's reminder
for a local day are claimed (a unique key) and committed before anything is sent.
One workspace's or one owner's failure never stops the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.config import Settings
from bot.errors import InvalidInput, TakeawaysError
from bot.logs import new_request_id, request_id
from bot.metrics import DIGESTS, REMINDERS
from bot.services.container import Services
from bot.services.digest import DigestPlan, manual_run_key, run_key_for
from bot.services.reminders import ReminderBatch
from bot.services.transactions import transaction
from bot.slack.blocks.digest import digest as digest_message
from bot.slack.blocks.followups import reminder as reminder_message
from bot.slack.blocks.kit import Message
from bot.slack.clients import NotInstalled, SlackClients
from storage import schedules as schedule_repo
from storage import takeaways as takeaway_repo

log = logging.getLogger(__name__)

# Reminder passes: four chances within the configured local hour, whatever the offset.
REMINDER_MINUTES = "*/15"
# NotInstalled (OAuth mode): the workspace's installation is gone; logged in one line like
# a Slack error, and the other workspaces go on.
SLACK_ERRORS = (SlackApiError, SlackClientError, OSError, NotInstalled)


@dataclass
class DigestOutcome:
    team_id: str
    run_key: str
    status: str  # posted, failed, skipped (another replica has it), dry-run
    message: Message | None = None
    error: str | None = None


@dataclass
class ReminderReport:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)


def _error_text(error: BaseException) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error") or error)
    if isinstance(error, TakeawaysError):
        return error.message
    return f"{error.__class__.__name__}: {error}"


# --- digests -----------------------------------------------------------------------------


def compose_digest(
    services: Services,
    team_id: str,
    *,
    window_end: datetime,
    timezone: str,
    window_start: datetime | None = None,
) -> tuple[Message, int, int]:
    """The digest message for (window_start, window_end]; by default since the last one."""
    with transaction(services.sessions) as session:
        if window_start is None:
            window_start = services.digest.window_start(session, team_id, window_end)
        content = services.digest.compose(
            session, team_id, window_start=window_start, window_end=window_end, timezone=timezone
        )
    return digest_message(content), content.new_total, content.open_total


def post_digest(
    services: Services,
    clients: SlackClients,
    plan: DigestPlan,
    *,
    run_key: str,
    window_end: datetime,
) -> DigestOutcome:
    """Claim the run, then compose and post it; record how it went."""
    now = services.clock()
    with transaction(services.sessions) as session:
        window_start = services.digest.window_start(session, plan.team_id, window_end)
        run = schedule_repo.claim_digest_run(
            session=session,
            team_id=plan.team_id,
            run_key=run_key,
            window_start=window_start,
            window_end=window_end,
            now=now,
        )
        run_id = run.id if run is not None else None
    if run is None or run_id is None:
        DIGESTS.labels("skipped").inc()
        return DigestOutcome(plan.team_id, run_key, "skipped")

    status, ts, error = schedule_repo.FAILED, None, None
    message: Message | None = None
    new_count = open_count = 0
    try:
        message, new_count, open_count = compose_digest(
            services,
            plan.team_id,
            window_start=run.window_start,
            window_end=window_end,
            timezone=plan.schedule.timezone,
        )
        response = clients.for_team(plan.team_id).chat_postMessage(
            channel=plan.channel_id,
            text=message["text"],
            blocks=message["blocks"],
            unfurl_links=False,
            unfurl_media=False,
        )
        status, ts = schedule_repo.POSTED, str(response.get("ts") or "")
    except SLACK_ERRORS as exc:
        error = _error_text(exc)
        log.warning("digest for %s (%s) failed: %s", plan.team_id, run_key, error)
    except Exception as exc:  # recorded as failed, so a later tick can retry it
        error = _error_text(exc)
        log.exception("digest for %s (%s) failed", plan.team_id, run_key)
    with transaction(services.sessions) as session:
        schedule_repo.finish_digest_run(
            session=session,
            run_id=run_id,
            status=status,
            now=services.clock(),
            channel_id=plan.channel_id,
            message_ts=ts,
            error=error,
            new_count=new_count,
            open_count=open_count,
        )
    DIGESTS.labels(status).inc()
    return DigestOutcome(plan.team_id, run_key, status, message, error)


def digest_tick(
    services: Services, clients: SlackClients, now: datetime | None = None
) -> list[DigestOutcome]:
    """Post every digest whose scheduled time has come (and catch up recent missed ones)."""
    now = now or services.clock()
    with transaction(services.sessions) as session:
        plans = services.digest.plans(session)
    outcomes = []
    for plan in plans:
        fire = services.digest.due_fire_time(plan, now)
        if fire is None:
            continue
        with transaction(services.sessions) as session:
            existing = schedule_repo.get_digest_run(
                session=session, team_id=plan.team_id, run_key=run_key_for(fire)
            )
        if existing is not None and existing.status != schedule_repo.FAILED:
            continue
        try:
            outcomes.append(
                post_digest(services, clients, plan, run_key=run_key_for(fire), window_end=fire)
            )
        except Exception:  # one workspace never stops the others
            log.exception("digest tick failed for %s", plan.team_id)
    return outcomes


def digest_now(
    services: Services, clients: SlackClients | None, team_id: str, *, dry_run: bool
) -> DigestOutcome:
    """`takeaways digest --now`: post (or, dry, only build) a digest at once."""
    now = services.clock()
    with transaction(services.sessions) as session:
        plan = services.digest.plan(session, team_id)
    timezone = plan.schedule.timezone if plan else "UTC"
    if dry_run:
        message, _, _ = compose_digest(services, team_id, window_end=now, timezone=timezone)
        return DigestOutcome(team_id, "dry-run", "dry-run", message)
    if plan is None or not plan.enabled:
        raise InvalidInput(
            f"workspace {team_id} has no digest channel: run `/takeaway digest here` in Slack "
            "or set [digest] channel in the config file (or use --dry-run)"
        )
    if clients is None:
        raise InvalidInput(
            "posting a digest needs SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
            "in OAuth mode (or use --dry-run)"
        )
    return post_digest(services, clients, plan, run_key=manual_run_key(now), window_end=now)


# --- reminders ---------------------------------------------------------------------------


def _owner_timezone(
    services: Services, clients: SlackClients, team_id: str, owner: str, now: datetime
) -> str:
    with transaction(services.sessions) as session:
        known = services.reminders.known_timezone(session, team_id, owner, now)
    if known is not None:
        return known
    # Outside the try: a workspace without an installation fails the reminder, clearly,
    # rather than silently falling back to UTC.
    client = clients.for_team(team_id)
    try:
        user = client.users_info(user=owner)["user"]
        timezone = str(user.get("tz") or "UTC")
    except SLACK_ERRORS as exc:
        log.warning("no timezone for %s in %s (%s); using UTC", owner, team_id, _error_text(exc))
        return "UTC"
    with transaction(services.sessions) as session:
        services.reminders.remember_timezone(session, team_id, owner, timezone, now)
    return timezone


def _send_reminder(services: Services, clients: SlackClients, batch: ReminderBatch) -> bool:
    with transaction(services.sessions) as session:
        if not services.reminders.claim(session, batch):
            return False
        linked = [f.takeaway_id for f in batch.items if f.takeaway_id]
        texts = {
            tid: t.text
            for tid, t in takeaway_repo.get_takeaways(
                session=session, team_id=batch.team_id, ids=linked
            ).items()
        }
    message = reminder_message(batch.items, batch.local_date, texts)
    try:
        # Inside the try: when there is no token (NotInstalled, a failed refresh) the claim
        # is released too, and a later pass tries again.
        client = clients.for_team(batch.team_id)
        channel = client.conversations_open(users=batch.owner)["channel"]["id"]
        response = client.chat_postMessage(
            channel=channel, text=message["text"], blocks=message["blocks"], unfurl_links=False
        )
    except Exception:
        # Released as failed: the next pass claims it again.
        with transaction(services.sessions) as session:
            services.reminders.finish(session, batch, sent=False)
        raise
    with transaction(services.sessions) as session:
        services.reminders.finish(
            session, batch, sent=True, channel_id=channel, message_ts=str(response.get("ts"))
        )
    return True


def reminder_pass(
    services: Services,
    clients: SlackClients,
    now: datetime | None = None,
    *,
    force: bool = False,
    team_id: str | None = None,
) -> ReminderReport:
    """DM each owner whose local reminder hour it is (any hour when forced), once a day."""
    now = now or services.clock()
    report = ReminderReport()
    with transaction(services.sessions) as session:
        owners = services.reminders.owners_to_check(session, now)
    for team, owner in owners:
        if team_id is not None and team != team_id:
            continue
        key = f"{team}/{owner}"
        try:
            timezone = _owner_timezone(services, clients, team, owner, now)
            with transaction(services.sessions) as session:
                batch = services.reminders.batch_for(
                    session, team, owner, timezone, now, force=force
                )
            if batch is None:
                continue
            if _send_reminder(services, clients, batch):
                report.sent.append(key)
                REMINDERS.labels("sent").inc()
            else:
                report.already_sent.append(key)
                REMINDERS.labels("already_sent").inc()
        except SLACK_ERRORS as exc:
            report.failed.append(key)
            REMINDERS.labels("failed").inc()
            log.warning("reminder to %s failed: %s", key, _error_text(exc))
        except Exception:  # one owner's failure never stops the others
            report.failed.append(key)
            REMINDERS.labels("failed").inc()
            log.exception("reminder to %s failed", key)
    return report


# --- the scheduler -----------------------------------------------------------------------


def next_reminder_pass(now: datetime) -> datetime:
    trigger = CronTrigger(minute=REMINDER_MINUTES, timezone=UTC)
    fire: datetime = trigger.get_next_fire_time(None, now + timedelta(microseconds=1))
    return fire


def schedule_overview(services: Services, settings: Settings) -> list[dict[str, Any]]:
    """What `takeaways schedule --json` prints: each job's next run per workspace."""
    now = services.clock()
    rows: list[dict[str, Any]] = []
    with transaction(services.sessions) as session:
        plans = {p.team_id: p for p in services.digest.plans(session)}
        teams = takeaway_repo.team_ids(session=session)
    for team in teams:
        plan = plans.get(team)
        next_digest = plan.schedule.next_after(now) if plan and plan.enabled else None
        rows.append(
            {
                "team_id": team,
                "job": "digest",
                "next_run": next_digest.astimezone(UTC).isoformat().replace("+00:00", "Z")
                if next_digest
                else None,
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
                "next_run": next_reminder_pass(now).isoformat().replace("+00:00", "Z"),
                "hour": settings.reminders.hour,
                "due_within_days": settings.reminders.due_within_days,
                "enabled": settings.scheduler.enabled,
            }
        )
    return rows


def _as_job(name: str, job: Callable[..., Any]) -> Callable[..., Any]:
    """A scheduled run gets its own id in the logs, like a request."""

    def run(*args: Any) -> Any:
        request_id.set(new_request_id(f"{name}-"))
        return job(*args)

    run.__name__ = job.__name__
    return run


def build_scheduler(services: Services, clients: SlackClients) -> BackgroundScheduler:
    """A background scheduler: a digest tick every minute and a reminder pass every quarter
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
        _as_job("reminders", reminder_pass),
        CronTrigger(minute=REMINDER_MINUTES, timezone=UTC),
        args=[services, clients],
        id="reminders",
        name="reminder pass",
        next_run_time=start,
    )
    return scheduler
