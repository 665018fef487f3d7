"""The reminder pass: DM each owner of overdue or soon-due follow-ups, once per local day.

Every replica may run it: an owner's reminder for a local day is claimed (a unique key)
and committed before the DM is sent. One owner's failure never stops the others.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.metrics import REMINDERS
from bot.services.clock import Clock
from bot.services.daily_dm import send_once
from bot.services.database import Database
from bot.services.delivery import Delivery, DeliveryFailed
from bot.services.digest_runs import failure_text
from bot.services.reminders import ReminderBatch, ReminderService
from bot.services.transactions import transaction

log = logging.getLogger(__name__)


@dataclass
class ReminderReport:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)


class ReminderRuns:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        reminders: ReminderService,
        database: Database,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._reminders = reminders
        self._database = database

    def run(
        self,
        delivery: Delivery,
        now: datetime | None = None,
        *,
        force: bool = False,
        team_id: str | None = None,
    ) -> ReminderReport:
        """DM each owner whose local reminder hour it is (any hour when forced), once a day.
        Scheduled passes run on one replica at a time; a forced one (the CLI) always runs."""
        with self._database.job_lock("reminder-pass") as mine:
            if not mine and not force:
                log.debug("reminder pass: another replica is doing it")
                return ReminderReport()
            return self._run(delivery, now or self._clock(), force=force, team_id=team_id)

    def _run(
        self, delivery: Delivery, now: datetime, *, force: bool, team_id: str | None
    ) -> ReminderReport:
        report = ReminderReport()
        with transaction(self._sessions) as session:
            owners = self._reminders.owners_to_check(session, now)
        for team, owner in owners:
            if team_id is not None and team != team_id:
                continue
            key = f"{team}/{owner}"
            try:
                timezone = self._owner_timezone(delivery, team, owner, now)
                with transaction(self._sessions) as session:
                    batch = self._reminders.batch_for(
                        session, team, owner, timezone, now, force=force
                    )
                if batch is None:
                    continue
                if self._send(delivery, batch):
                    report.sent.append(key)
                    REMINDERS.labels("sent").inc()
                else:
                    report.already_sent.append(key)
                    REMINDERS.labels("already_sent").inc()
            except DeliveryFailed as exc:
                report.failed.append(key)
                REMINDERS.labels("failed").inc()
                log.warning("reminder to %s failed: %s", key, failure_text(exc))
            except Exception:  # one owner's failure never stops the others
                report.failed.append(key)
                REMINDERS.labels("failed").inc()
                log.exception("reminder to %s failed", key)
        return report

    def timezone_of(self, delivery: Delivery, team_id: str, user: str, now: datetime) -> str:
        """A person's time zone as reminders read it (remembered a day, else Slack's)."""
        return self._owner_timezone(delivery, team_id, user, now)

    def _owner_timezone(self, delivery: Delivery, team_id: str, owner: str, now: datetime) -> str:
        with transaction(self._sessions) as session:
            known = self._reminders.known_timezone(session, team_id, owner, now)
        if known is not None:
            return known
        timezone = delivery.user_timezone(team_id, owner)
        if timezone is None:
            return "UTC"  # Slack could not say: not remembered, asked again next pass
        with transaction(self._sessions) as session:
            self._reminders.remember_timezone(session, team_id, owner, timezone, now)
        return timezone

    def _send(self, delivery: Delivery, batch: ReminderBatch) -> bool:
        return send_once(
            self._sessions,
            claim=functools.partial(self._reminders.claim, batch=batch),
            send=functools.partial(delivery.send_reminder, batch),
            finish=functools.partial(self._reminders.finish, batch=batch),
        )
