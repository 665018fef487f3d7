"""Revisit and verify: on a takeaway's revisit date its author gets a DM asking whether
it still holds: Still true, Outdated, or Superseded by another takeaway. No Slack, no SQL.

It is the person's one bot DM of the day: it shares the daily claim of the reminders and
briefs (bot.services.reminder_runs), and its pass runs right after theirs at the same
time of day (the start of the person's working hours, in their time zone). A day that
already brought reminders or a brief leaves the revisit for the next quiet day; a
revisit is never urgent. Every replica may run it: the claim is committed before the send.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from bot import periods
from bot.errors import InvalidInput, NotAllowed, NotFound
from bot.services.actor import Actor
from bot.services.clock import Clock
from bot.services.daily_dm import DailyClaim, send_once
from bot.services.database import Database
from bot.services.delivery import Delivery, DeliveryFailed
from bot.services.digest_runs import failure_text
from bot.services.duplicates import DuplicateService
from bot.services.followups import local_today
from bot.services.reminder_runs import DAILY_DM_LOCK, ReminderReport, ReminderRuns
from bot.services.takeaways import TakeawayService
from bot.services.transactions import transaction
from storage import revisits as repo
from storage import schedules
from storage.models import Takeaway

log = logging.getLogger(__name__)


class SendTime(Protocol):
    def __call__(
        self, session: Session, team_id: str, user_id: str, timezone: str, now: datetime
    ) -> bool: ...


# Every this many days that a review has waited for a day without reminders or a brief,
# it takes the day before them (they come a day later): calm, and nobody's reviews wait
# for ever behind follow-ups that stay overdue.
LONGEST_WAIT = timedelta(days=7)

# Takeaways one DM asks about; the rest come on the following days.
PER_DM = 5


@dataclass(frozen=True)
class RevisitBatch:
    team_id: str
    author: str
    local_date: date
    items: list[Takeaway]


# Who was sent a revisit DM, who was not (and why), as reminder passes report it.
RevisitReport = ReminderReport


def _waited_a_whole(t: Takeaway, day: date, period: timedelta) -> bool:
    """Whether `day` closes one more whole `period` of waiting since the takeaway fell due
    (7, 14, 21... days on): a review's turn comes once a period, not every day after."""
    if t.revisit_on is None:
        return False
    waited = (day - t.revisit_on).days
    return waited >= period.days and waited % period.days == 0


class RevisitService:
    """Entity service: takes the caller's session."""

    def __init__(
        self,
        clock: Clock,
        takeaways: TakeawayService,
        *,
        send_time: SendTime,
        after: str,
        lease: timedelta,
    ) -> None:
        self._clock = clock
        self._takeaways = takeaways
        # When a person's daily DM goes (ReminderService.send_time): the same calm hour.
        self._send_time = send_time
        self._after = after  # [revisit] after: the next review after "Still true"
        # The person's one bot DM of the day, which reminders and briefs take first.
        self._daily = DailyClaim(clock, lease)

    def authors_to_check(self, session: Session, now: datetime) -> list[tuple[str, str]]:
        # Local dates run at most a day ahead of UTC, so this covers every time zone.
        return repo.authors_due(session=session, day=now.date() + timedelta(days=1))

    def batch_for(
        self,
        session: Session,
        team_id: str,
        author: str,
        timezone: str,
        now: datetime,
        *,
        force: bool,
        waited: timedelta | None = None,
    ) -> RevisitBatch | None:
        """The author's DM if one is due now: at their daily DM's time (any hour when
        forced), reminders on, and something to revisit by their local today (with
        `waited`: only when one of them has waited that long)."""
        settings = schedules.get_user_settings(session=session, team_id=team_id, user_id=author)
        if settings is not None and not settings.reminders_enabled:
            return None
        if not force and not self._send_time(session, team_id, author, timezone, now):
            return None
        day = local_today(now, timezone)
        items = repo.due_for(session=session, team_id=team_id, author=author, day=day, limit=PER_DM)
        if not items:
            return None
        if waited is not None and not any(_waited_a_whole(t, day, waited) for t in items):
            return None
        return RevisitBatch(team_id=team_id, author=author, local_date=day, items=items)

    def claim(self, session: Session, batch: RevisitBatch) -> bool:
        # Only a day nobody claimed: a day whose reminders or brief failed stays theirs,
        # so the next pass retries them instead of sending this.
        return self._daily.claim(
            session, batch.team_id, batch.author, batch.local_date, first_only=True
        )

    def finish(
        self,
        session: Session,
        batch: RevisitBatch,
        *,
        sent: bool,
        channel_id: str | None = None,
        message_ts: str | None = None,
    ) -> None:
        self._daily.finish(
            session,
            batch.team_id,
            batch.author,
            batch.local_date,
            sent=sent,
            channel_id=channel_id,
            message_ts=message_ts,
        )

    def mark(
        self,
        session: Session,
        actor: Actor,
        ref: int,
        status: str,
        *,
        superseded_by: int | None = None,
    ) -> Takeaway:
        """The author's (a co-author's, an admin's) answer: still true, outdated, or
        superseded by takeaway #superseded_by."""
        takeaway = self._takeaways.get(session, actor, ref)
        if actor.user_id not in {takeaway.author, *takeaway.coauthor_ids} and not actor.is_admin():
            raise NotAllowed(
                f"Only the authors of takeaway #{takeaway.ref} can say whether it holds."
            )
        now = self._clock()
        takeaway.superseded_by = None
        if status == repo.CURRENT:
            takeaway.status = repo.CURRENT
            takeaway.verified_at = now
            takeaway.revisit_on = periods.default_revisit(now.date(), self._after)
            return takeaway
        if status == repo.SUPERSEDED:
            if superseded_by is None:
                raise InvalidInput("Superseded by which takeaway? Give its number.")
            newer = self._takeaways.get(session, actor, superseded_by)
            if newer.id == takeaway.id:
                raise InvalidInput(f"Takeaway #{takeaway.ref} cannot supersede itself.")
            takeaway.superseded_by = newer
        takeaway.status = status
        takeaway.revisit_on = None  # no longer asked about
        return takeaway

    def stale(self, session: Session, team_id: str) -> list[Takeaway]:
        return repo.stale(session=session, team_id=team_id, day=self._clock().date())


class RevisitRuns:
    """Use case: the revisit pass (a job), one transaction per step."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        revisits: RevisitService,
        reminder_runs: ReminderRuns,
        database: Database,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._revisits = revisits
        self._reminder_runs = reminder_runs  # whose time zone lookup revisits share
        self._database = database

    def run(
        self,
        delivery: Delivery,
        now: datetime | None = None,
        *,
        force: bool = False,
        team_id: str | None = None,
    ) -> RevisitReport:
        """DM each author whose revisit is due at their local reminder hour (any hour when
        forced), once a day. Scheduled passes run on one replica at a time; a forced one
        (the CLI) always runs."""
        # The reminder pass's lock: a replica never sends revisits while another is still
        # sending the day's reminders and briefs, which come first.
        with self._database.job_lock(DAILY_DM_LOCK) as mine:
            if not mine and not force:
                return RevisitReport()
            return self._run(delivery, now or self._clock(), force=force, team_id=team_id)

    def daily(self, delivery: Delivery, now: datetime | None = None) -> None:
        """The scheduled daily DM pass, under one job lock: revisits that waited
        LONGEST_WAIT take their day first, then reminders and briefs, then revisits for
        whoever got no DM today."""
        with self._database.job_lock(DAILY_DM_LOCK) as mine:
            if not mine:
                return
            now = now or self._clock()
            self._run(delivery, now, force=False, team_id=None, waited=LONGEST_WAIT)
            self._reminder_runs.send_due(delivery, now, force=False, team_id=None)
            self._run(delivery, now, force=False, team_id=None)

    def _run(
        self,
        delivery: Delivery,
        now: datetime,
        *,
        force: bool,
        team_id: str | None,
        waited: timedelta | None = None,
    ) -> RevisitReport:
        report = RevisitReport()
        with transaction(self._sessions) as session:
            authors = self._revisits.authors_to_check(session, now)
        for team, author in authors:
            if team_id is not None and team != team_id:
                continue
            key = f"{team}/{author}"
            try:
                timezone = self._reminder_runs.timezone_of(delivery, team, author, now)
                with transaction(self._sessions) as session:
                    batch = self._revisits.batch_for(
                        session, team, author, timezone, now, force=force, waited=waited
                    )
                if batch is None:
                    continue
                if self._send(delivery, batch):
                    report.sent.append(key)
                else:
                    report.already_sent.append(key)
            except DeliveryFailed as exc:
                report.failed.append(key)
                log.warning("revisit DM to %s failed: %s", key, failure_text(exc))
            except Exception:  # one author's failure never stops the others
                report.failed.append(key)
                log.exception("revisit DM to %s failed", key)
        return report

    def _send(self, delivery: Delivery, batch: RevisitBatch) -> bool:
        return send_once(
            self._sessions,
            claim=functools.partial(self._revisits.claim, batch=batch),
            send=functools.partial(delivery.send_revisit, batch),
            finish=functools.partial(self._revisits.finish, batch=batch),
        )


class Revisits:
    """Use cases: the answers in a revisit DM and `takeaways stale`."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        revisits: RevisitService,
        takeaways: TakeawayService,
        duplicates: DuplicateService,
    ) -> None:
        self._sessions = sessions
        self._revisits = revisits
        self._takeaways = takeaways
        self._duplicates = duplicates

    def replacements(self, actor: Actor, ref: int) -> list[Takeaway]:
        """Takeaways that may replace #ref, to pick from: its related ones, newest first."""
        with transaction(self._sessions) as session:
            takeaway = self._takeaways.get(session, actor, ref)
            found = self._duplicates.related_to(session, actor.team_id, [takeaway])
            return sorted(found.get(takeaway.id, []), key=lambda t: t.created_at, reverse=True)

    def answer(
        self, actor: Actor, ref: int, status: str, *, superseded_by: int | None = None
    ) -> Takeaway:
        with transaction(self._sessions) as session:
            return self._revisits.mark(session, actor, ref, status, superseded_by=superseded_by)

    def takeaways(self, actor: Actor, refs: list[int]) -> list[Takeaway]:
        """The DM's takeaways as they stand now (to redraw it), those still there."""
        with transaction(self._sessions) as session:
            found = []
            for ref in refs:
                try:
                    found.append(self._takeaways.get(session, actor, ref))
                except NotFound:  # deleted since: left out of the redrawn DM
                    continue
            return found

    def stale(self, team_id: str) -> list[Takeaway]:
        with transaction(self._sessions) as session:
            return self._revisits.stale(session, team_id)
