"""Posting digests: the scheduled tick, catch-up after downtime, and `takeaways digest --now`.

Every replica may run the tick (APScheduler 3 cannot share a job store between
processes). Exactly-once comes from the database: a run is claimed (a unique key) and
committed before anything is posted. One workspace's failure never stops the others.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.errors import InvalidInput
from bot.metrics import DIGESTS
from bot.services.clock import Clock
from bot.services.database import Database
from bot.services.delivery import Delivery, DeliveryFailed
from bot.services.digest import (
    DigestContent,
    DigestPlan,
    DigestService,
    manual_run_key,
    run_key_for,
)
from bot.services.transactions import transaction

log = logging.getLogger(__name__)


@dataclass
class DigestOutcome:
    team_id: str
    run_key: str
    status: str  # posted, failed, skipped (another replica has it), dry-run
    content: DigestContent | None = None
    error: str | None = None


def failure_text(error: BaseException) -> str:
    """What a failed send is recorded and logged as."""
    if isinstance(error, DeliveryFailed):
        return error.message
    return f"{error.__class__.__name__}: {error}"


class DigestRuns:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        digest: DigestService,
        database: Database,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._digest = digest
        self._database = database

    def compose(
        self,
        team_id: str,
        *,
        window_end: datetime,
        timezone: str,
        window_start: datetime | None = None,
    ) -> DigestContent:
        """The digest for (window_start, window_end]; by default since the last one."""
        with transaction(self._sessions) as session:
            if window_start is None:
                window_start = self._digest.window_start(session, team_id, window_end)
            return self._digest.compose(
                session,
                team_id,
                window_start=window_start,
                window_end=window_end,
                timezone=timezone,
            )

    def post(
        self, delivery: Delivery, plan: DigestPlan, *, run_key: str, window_end: datetime
    ) -> DigestOutcome:
        """Claim the run, then compose and post it; record how it went."""
        with transaction(self._sessions) as session:
            window_start = self._digest.window_start(session, plan.team_id, window_end)
            run = self._digest.claim_run(
                session,
                plan.team_id,
                run_key,
                window_start=window_start,
                window_end=window_end,
            )
            claimed = (run.id, run.window_start) if run is not None else None
        if claimed is None:
            DIGESTS.labels("skipped").inc()
            return DigestOutcome(plan.team_id, run_key, "skipped")
        run_id, run_start = claimed

        posted, ts, error = False, None, None
        content: DigestContent | None = None
        try:
            content = self.compose(
                plan.team_id,
                window_start=run_start,
                window_end=window_end,
                timezone=plan.schedule.timezone,
            )
            ts = delivery.post_digest(plan.channel_id, content)
            posted = True
        except DeliveryFailed as exc:
            error = failure_text(exc)
            log.warning("digest for %s (%s) failed: %s", plan.team_id, run_key, error)
        except Exception as exc:  # recorded as failed, so a later tick can retry it
            error = failure_text(exc)
            log.exception("digest for %s (%s) failed", plan.team_id, run_key)
        with transaction(self._sessions) as session:
            self._digest.finish_run(
                session,
                run_id,
                posted=posted,
                channel_id=plan.channel_id,
                message_ts=ts,
                error=error,
                new_count=content.new_total if content else 0,
                open_count=content.open_total if content else 0,
            )
        status = "posted" if posted else "failed"
        DIGESTS.labels(status).inc()
        return DigestOutcome(plan.team_id, run_key, status, content, error)

    def tick(self, delivery: Delivery, now: datetime | None = None) -> list[DigestOutcome]:
        """Post every digest whose scheduled time has come (and catch up recent missed ones).
        One replica at a time does it (the others find the lock taken and skip the tick)."""
        with self._database.job_lock("digest-tick") as mine:
            if not mine:
                log.debug("digest tick: another replica is doing it")
                return []
            return self._tick(delivery, now or self._clock())

    def _tick(self, delivery: Delivery, now: datetime) -> list[DigestOutcome]:
        with transaction(self._sessions) as session:
            plans = self._digest.plans(session)
        outcomes = []
        for plan in plans:
            fire = self._digest.due_fire_time(plan, now)
            if fire is None:
                continue
            with transaction(self._sessions) as session:
                if not self._digest.needs_run(session, plan.team_id, run_key_for(fire)):
                    continue
            try:
                outcomes.append(
                    self.post(delivery, plan, run_key=run_key_for(fire), window_end=fire)
                )
            except Exception:  # one workspace never stops the others
                log.exception("digest tick failed for %s", plan.team_id)
        return outcomes

    def post_now(self, delivery: Delivery | None, team_id: str, *, dry_run: bool) -> DigestOutcome:
        """`takeaways digest --now`: post (or, dry, only compose) a digest at once."""
        now = self._clock()
        with transaction(self._sessions) as session:
            plan = self._digest.plan(session, team_id)
        timezone = plan.schedule.timezone if plan else "UTC"
        if dry_run:
            content = self.compose(team_id, window_end=now, timezone=timezone)
            return DigestOutcome(team_id, "dry-run", "dry-run", content)
        if plan is None or not plan.enabled:
            raise InvalidInput(
                f"workspace {team_id} has no digest channel: run `/takeaway digest here` in "
                "Slack or set [digest] channel in the config file (or use --dry-run)"
            )
        if delivery is None:
            raise InvalidInput(
                "posting a digest needs SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET in OAuth mode (or use --dry-run)"
            )
        return self.post(delivery, plan, run_key=manual_run_key(now), window_end=now)
