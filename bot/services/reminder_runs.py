"""The reminder pass: one DM per person and local day, at the start of their working day,
with their overdue or soon-due follow-ups and the pre-conference briefs due for them.

Every replica may run it: a person's DM for a local day is claimed (a unique key), and
each brief in it too, and committed before the DM is sent. One person's failure never
stops the others.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.metrics import REMINDERS
from bot.services.briefs import Brief, BriefService
from bot.services.clock import Clock
from bot.services.database import Database
from bot.services.delivery import Delivery, DeliveryFailed
from bot.services.digest_runs import failure_text
from bot.services.reminders import ReminderBatch, ReminderService
from bot.services.transactions import transaction

log = logging.getLogger(__name__)

# One job lock for the day's DM passes (reminders and briefs, then revisits), so that no
# replica runs the revisit pass while another is still in the reminder pass.
DAILY_DM_LOCK = "reminder-pass"


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
        briefs: BriefService | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._reminders = reminders
        self._database = database
        self._briefs = briefs  # briefs due go in the same DM: one a day per person

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
        with self._database.job_lock(DAILY_DM_LOCK) as mine:
            if not mine and not force:
                log.debug("reminder pass: another replica is doing it")
                return ReminderReport()
            return self.send_due(delivery, now or self._clock(), force=force, team_id=team_id)

    def send_due(
        self, delivery: Delivery, now: datetime, *, force: bool, team_id: str | None
    ) -> ReminderReport:
        """The pass itself, for a caller that holds the job lock (or does not need it)."""
        report = ReminderReport()
        with transaction(self._sessions) as session:
            owners = self._reminders.owners_to_check(session, now)
            briefs_due = self._briefs.due(session, now) if self._briefs else {}
        for team, owner in sorted({*owners, *briefs_due}):
            if team_id is not None and team != team_id:
                continue
            key = f"{team}/{owner}"
            try:
                timezone = self._owner_timezone(delivery, team, owner, now)
                with transaction(self._sessions) as session:
                    batch = self._batch(
                        session, team, owner, timezone, now, force, briefs_due.get((team, owner))
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

    def _batch(
        self,
        session: Session,
        team: str,
        owner: str,
        timezone: str,
        now: datetime,
        force: bool,
        conferences: list[str] | None,
    ) -> ReminderBatch | None:
        if not force and not self._reminders.send_time(session, team, owner, timezone, now):
            return None  # before composing briefs: a brief costs searches
        briefs = [
            self._briefs.brief(session, team, owner, conference, now=now)
            for conference in conferences or ()
            if self._briefs is not None
        ]
        return self._reminders.batch_for(
            session, team, owner, timezone, now, force=force, briefs=briefs
        )

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
        try:
            with transaction(self._sessions) as session:
                if not self._reminders.claim(session, batch):
                    return False
                briefs = self._claimed_briefs(session, batch)
                if not batch.items and not briefs:
                    raise _NothingLeft  # rolls the day's claim back: nothing to send
        except _NothingLeft:
            return False
        batch = replace(batch, briefs=briefs)
        try:
            channel, ts = delivery.send_reminder(batch)
        except Exception:
            # Released as failed: the next pass claims it again.
            with transaction(self._sessions) as session:
                self._reminders.finish(session, batch, sent=False)
                for brief in batch.briefs:
                    self._finished_brief(session, brief, sent=False)
            raise
        with transaction(self._sessions) as session:
            self._reminders.finish(session, batch, sent=True, channel_id=channel, message_ts=ts)
            for brief in batch.briefs:
                self._finished_brief(session, brief, sent=True, channel_id=channel, message_ts=ts)
        return True

    def _claimed_briefs(self, session: Session, batch: ReminderBatch) -> tuple[Brief, ...]:
        """The batch's briefs this pass may send (each claimed once, across replicas)."""
        if self._briefs is None:
            return ()
        return tuple(b for b in batch.briefs if self._briefs.claim(session, b))

    def _finished_brief(self, session: Session, brief: Brief, **outcome: Any) -> None:
        if self._briefs is not None:
            self._briefs.finish(session, brief, **outcome)


class _NothingLeft(Exception):
    """Every brief of the batch was sent by another pass, and it had nothing else."""
