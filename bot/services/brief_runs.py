"""The brief pass: DM each attendee of a conference its brief, `[briefs] days_before`
days before its first talk, at their reminder hour in their timezone, once.

Every replica may run it: each brief is claimed (a unique key) and committed before it
is sent; a failed one is claimed again by a later pass. One attendee's failure never
stops the others.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.config import BriefSettings, ReminderSettings
from bot.services.briefs import BriefService
from bot.services.clock import Clock
from bot.services.database import Database
from bot.services.delivery import Delivery, DeliveryFailed
from bot.services.digest_runs import failure_text
from bot.services.followups import local_now
from bot.services.reminder_runs import ReminderReport, ReminderRuns
from bot.services.transactions import transaction
from storage import briefs as repo
from storage import talks as talk_repo
from storage.schedules import FAILED, SENT

log = logging.getLogger(__name__)


# Who got one, whose failed, who had one already: as for reminders.
BriefReport = ReminderReport


class BriefRuns:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        briefs: BriefService,
        reminder_runs: ReminderRuns,
        database: Database,
        *,
        settings: BriefSettings,
        reminders: ReminderSettings,
        lease: timedelta,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._briefs = briefs
        self._reminder_runs = reminder_runs  # knows people's timezones
        self._database = database
        self._settings = settings
        self._hour = reminders.hour
        self._lease = lease

    def run(
        self, delivery: Delivery, now: datetime | None = None, *, force: bool = False
    ) -> BriefReport:
        """Send the briefs that are due. Scheduled passes run on one replica at a time (on
        Postgres); `force` sends whatever the attendees' local hour."""
        with self._database.job_lock("brief-pass") as mine:
            if not mine and not force:
                return BriefReport()
            return self._run(delivery, now or self._clock(), force=force)

    def _run(self, delivery: Delivery, now: datetime, *, force: bool) -> BriefReport:
        report = BriefReport()
        with transaction(self._sessions) as session:
            # Counted in days: 7 days before a Wednesday 08:15 keynote is the Wednesday
            # before, from its first pass at the reminder hour.
            days = self._settings.days_before
            coming = [
                (team, conference, start)
                for team, conference, start in repo.upcoming_conferences(
                    session=session, after=now, until=now + timedelta(days=days + 1)
                )
                if (start.date() - now.date()).days <= days
            ]
            people = {
                (team, conference): [
                    a.user_id
                    for a in talk_repo.attendees(
                        session=session, team_id=team, conference=conference
                    )
                ]
                for team, conference, _ in coming
            }
        for (team, conference), users in people.items():
            for user in users:
                key = f"{team}/{conference}/{user}"
                try:
                    self._one(delivery, team, conference, user, now, force, key, report)
                except DeliveryFailed as exc:
                    report.failed.append(key)
                    log.warning("brief to %s failed: %s", key, failure_text(exc))
                except Exception:  # one attendee's failure never stops the others
                    report.failed.append(key)
                    log.exception("brief to %s failed", key)
        return report

    def _one(
        self,
        delivery: Delivery,
        team: str,
        conference: str,
        user: str,
        now: datetime,
        force: bool,
        key: str,
        report: BriefReport,
    ) -> None:
        if not force:
            timezone = self._reminder_runs.timezone_of(delivery, team, user, now)
            if local_now(now, timezone).hour != self._hour:
                return
        with transaction(self._sessions) as session:
            claimed = repo.claim_brief(
                session=session,
                team_id=team,
                conference=conference,
                user_id=user,
                now=self._clock(),
                stale_before=self._clock() - self._lease,
            )
        if not claimed:
            report.already_sent.append(key)
            return
        try:
            with transaction(self._sessions) as session:
                brief = self._briefs.brief(session, team, user, conference, now=now)
            channel, ts = delivery.send_brief(brief)
        except Exception:
            self._finish(team, conference, user, FAILED)  # claimed again by a later pass
            raise
        self._finish(team, conference, user, SENT, channel, ts)
        report.sent.append(key)

    def _finish(
        self,
        team: str,
        conference: str,
        user: str,
        status: str,
        channel: str | None = None,
        ts: str | None = None,
    ) -> None:
        with transaction(self._sessions) as session:
            repo.finish_brief(
                session=session,
                team_id=team,
                conference=conference,
                user_id=user,
                status=status,
                now=self._clock(),
                channel_id=channel,
                message_ts=ts,
            )
