"""The weekly digest: where and when it goes, and what it says. No Slack, no SQL."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from bot import grammar as c
from bot.config import DigestSettings as DigestDefaults
from bot.crontab import Schedule, parse_schedule
from bot.errors import InvalidInput, NotAllowed
from bot.services.actor import Actor
from bot.services.clock import Clock
from bot.services.followups import local_today
from bot.services.reports import ConferenceLine, ReportService
from storage import followups as followup_repo
from storage import schedules as repo
from storage import takeaways as takeaway_repo
from storage.models import DigestRun, Followup, Takeaway, WorkspaceDigest

FIRST_DIGEST_LOOKBACK = timedelta(days=7)
# Far more than one message can show; the rest is counted, never dropped silently.
MAX_ITEMS_LOADED = 1000
NO_CONFERENCE = "Other takeaways"


@dataclass(frozen=True)
class DigestPlan:
    """A workspace's effective digest settings (its own, or the config file's defaults)."""

    team_id: str
    channel_id: str
    schedule: Schedule
    enabled: bool
    configured_at: datetime | None
    source: str  # "workspace" (set from Slack) or "config"


@dataclass(frozen=True)
class OwnerGroup:
    owner: str
    owner_name: str
    items: list[Followup]
    overdue: int


@dataclass(frozen=True)
class DigestContent:
    team_id: str
    window_start: datetime
    window_end: datetime
    today: date
    new_by_conference: list[tuple[str, list[Takeaway]]]
    new_total: int  # recorded by people; imports are counted apart, below
    imported: list[tuple[str, int]]  # notes imported in the window, per conference
    open_by_owner: list[OwnerGroup]
    open_total: int
    overdue_total: int
    mention_owners: bool
    # One line per recent conference: what was learned there and what came of it.
    conferences: list[ConferenceLine] = field(default_factory=list)
    # Owners who muted the digest (`/takeaway me mute digest`): named, never mentioned.
    unmentioned: frozenset[str] = frozenset()
    # Summary in the channel, details in its thread ([digest] thread).
    thread: bool = False


class DigestService:
    def __init__(
        self,
        clock: Clock,
        defaults: DigestDefaults,
        *,
        lease: timedelta,
        reports: ReportService | None = None,
    ) -> None:
        self._clock = clock
        self._defaults = defaults
        self._lease = lease  # how long a claim without an outcome holds (config)
        self._reports = reports

    # --- settings -------------------------------------------------------------------
    def plan(self, session: Session, team_id: str) -> DigestPlan | None:
        return self._plan(team_id, repo.get_digest_settings(session=session, team_id=team_id))

    def _plan(self, team_id: str, row: WorkspaceDigest | None) -> DigestPlan | None:
        if row is not None:
            return DigestPlan(
                team_id=team_id,
                channel_id=row.channel_id,
                schedule=parse_schedule(row.cron, row.timezone),
                enabled=row.enabled,
                configured_at=row.updated_at,
                source="workspace",
            )
        if self._defaults.channel:
            return DigestPlan(
                team_id=team_id,
                channel_id=self._defaults.channel,
                schedule=parse_schedule(self._defaults.cron, self._defaults.timezone),
                enabled=True,
                configured_at=None,
                source="config",
            )
        return None

    def plans(self, session: Session) -> list[DigestPlan]:
        """Every workspace's digest plan, for the scheduler (every minute, on every replica:
        two queries, whatever the number of workspaces)."""
        rows = {row.team_id: row for row in repo.all_digest_settings(session=session)}
        plans = []
        for team_id in takeaway_repo.team_ids(session=session):
            plan = self._plan(team_id, rows.get(team_id))
            if plan is not None:
                plans.append(plan)
        return plans

    def configure(self, session: Session, actor: Actor, command: c.ConfigureDigest) -> DigestPlan:
        if not actor.is_admin():
            raise NotAllowed("Only a workspace admin can change where and when the digest goes.")
        now = self._clock()
        current = self.plan(session, actor.team_id)
        if command.action == "off":
            if current is None or not current.enabled:
                raise InvalidInput("The digest is already off.")
            channel, cron, tz = current.channel_id, current.schedule.cron, current.schedule.timezone
            enabled = False
        else:
            if not actor.channel_id:
                raise InvalidInput(
                    "Run `/takeaway digest here` in the channel the digest should go to."
                )
            channel = actor.channel_id
            cron = command.cron or (current.schedule.cron if current else self._defaults.cron)
            tz = command.timezone or (
                current.schedule.timezone if current else self._defaults.timezone
            )
            parse_schedule(cron, tz)  # a clear error before anything is stored
            enabled = True
        takeaway_repo.ensure_workspace(
            session=session, team_id=actor.team_id, enterprise_id=actor.enterprise_id, now=now
        )
        repo.save_digest_settings(
            session=session,
            team_id=actor.team_id,
            channel_id=channel,
            cron=cron,
            timezone=tz,
            enabled=enabled,
            user_id=actor.user_id,
            now=now,
        )
        plan = self.plan(session, actor.team_id)
        assert plan is not None
        return plan

    # --- runs (each claimed once, across replicas) -------------------------------
    def claim_run(
        self,
        session: Session,
        team_id: str,
        run_key: str,
        *,
        window_start: datetime,
        window_end: datetime,
    ) -> DigestRun | None:
        """Claim a run; None when another replica already has it (a failed run is re-claimed)."""
        return repo.claim_digest_run(
            session=session,
            team_id=team_id,
            run_key=run_key,
            window_start=window_start,
            window_end=window_end,
            now=self._clock(),
            stale_before=self._clock() - self._lease,
        )

    def needs_run(self, session: Session, team_id: str, run_key: str) -> bool:
        """True unless the run was posted or a live replica is posting it."""
        return repo.digest_run_pending(
            session=session,
            team_id=team_id,
            run_key=run_key,
            stale_before=self._clock() - self._lease,
        )

    def finish_run(
        self,
        session: Session,
        run_id: int,
        *,
        posted: bool,
        channel_id: str,
        message_ts: str | None,
        error: str | None,
        new_count: int,
        open_count: int,
    ) -> None:
        repo.finish_digest_run(
            session=session,
            run_id=run_id,
            status=repo.POSTED if posted else repo.FAILED,
            now=self._clock(),
            channel_id=channel_id,
            message_ts=message_ts,
            error=error,
            new_count=new_count,
            open_count=open_count,
        )

    # --- timing ---------------------------------------------------------------------
    def due_fire_time(self, plan: DigestPlan, now: datetime) -> datetime | None:
        """The scheduled time that should have a digest by now: the latest fire time within
        the catch-up window, and never one from before the digest was configured."""
        if not plan.enabled:
            return None
        start = now - timedelta(hours=self._defaults.catch_up_hours) - timedelta(minutes=1)
        if plan.configured_at is not None and plan.configured_at > start:
            start = plan.configured_at
        return plan.schedule.latest_between(start, now)

    def window_start(self, session: Session, team_id: str, window_end: datetime) -> datetime:
        """New takeaways are counted since the previous posted digest (or a week)."""
        previous = repo.last_posted_run(session=session, team_id=team_id)
        if previous is not None and previous.window_end < window_end:
            return previous.window_end
        return window_end - FIRST_DIGEST_LOOKBACK

    # --- content --------------------------------------------------------------------
    def compose(
        self,
        session: Session,
        team_id: str,
        *,
        window_start: datetime,
        window_end: datetime,
        timezone: str,
    ) -> DigestContent:
        new = takeaway_repo.takeaways_created_between(
            session=session,
            team_id=team_id,
            start=window_start,
            end=window_end,
            limit=MAX_ITEMS_LOADED,
        )
        new_total = takeaway_repo.count_created_between(
            session=session, team_id=team_id, start=window_start, end=window_end
        )
        imported = [
            (conference or NO_CONFERENCE, count)
            for conference, count in takeaway_repo.imported_between(
                session=session, team_id=team_id, start=window_start, end=window_end
            )
        ]
        by_conf: dict[str, list[Takeaway]] = defaultdict(list)
        for t in new:
            by_conf[t.conference or NO_CONFERENCE].append(t)
        # Biggest conference first; "other" last.
        conferences = sorted(
            by_conf.items(), key=lambda kv: (kv[0] == NO_CONFERENCE, -len(kv[1]), kv[0].lower())
        )

        today = local_today(window_end, timezone)
        open_items = followup_repo.list_followups(
            session=session, team_id=team_id, limit=MAX_ITEMS_LOADED
        )
        open_total = followup_repo.count_followups(session=session, team_id=team_id)
        by_owner: dict[str, list[Followup]] = defaultdict(list)
        for f in open_items:
            by_owner[f.owner].append(f)
        groups = [
            OwnerGroup(
                owner=owner,
                owner_name=items[0].owner_name or owner,
                items=items,
                overdue=sum(1 for f in items if f.due is not None and f.due < today),
            )
            for owner, items in by_owner.items()
        ]
        # Owners with overdue items first (most overdue first), then by earliest due date.
        groups.sort(
            key=lambda g: (
                -g.overdue,
                min((f.due for f in g.items if f.due), default=date.max),
                g.owner_name.lower(),
            )
        )
        return DigestContent(
            team_id=team_id,
            window_start=window_start,
            window_end=window_end,
            today=today,
            new_by_conference=conferences,
            new_total=new_total,
            imported=imported,
            open_by_owner=groups,
            open_total=open_total,
            overdue_total=sum(g.overdue for g in groups),
            mention_owners=self._defaults.mention_owners,
            unmentioned=frozenset(
                repo.digest_muted(session=session, team_id=team_id)
                if self._defaults.mention_owners
                else ()
            ),
            thread=self._defaults.thread,
            conferences=(
                self._reports.digest_lines(session, team_id, window_end) if self._reports else []
            ),
        )


def run_key_for(fire_time: datetime) -> str:
    return "scheduled:" + fire_time.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def manual_run_key(now: datetime) -> str:
    return "manual:" + now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
